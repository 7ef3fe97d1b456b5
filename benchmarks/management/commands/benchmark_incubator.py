"""Queries, weight and time of "My shop" and of the incubator's admin listings with few and with
many shops, in a throwaway database."""

import datetime
import logging
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import (
    CaptureQueriesContext,
    setup_test_environment,
    teardown_test_environment,
)
from django.urls import reverse
from django.utils import timezone

from benchmarks.database import throwaway_database

SHOP_COUNTS = (10, 10_000)
ADMIN_LISTINGS = (
    "application",
    "shop",
    "shopchannel",
    "product",
    "milestone",
    "salesreport",
    "job",
    "monthlock",
)
BATCH = 2_000


def grow_to(total: int, *, user) -> None:
    """Shops (two channels, three months of reports, a product, a milestone, a job, an
    application each) over every county, until there are `total`."""
    from incubator.choices import Channel, ReportStatus
    from incubator.factories import the_county
    from incubator.models import (
        Application,
        Job,
        Milestone,
        Product,
        SalesReport,
        Shop,
        ShopChannel,
        Worker,
    )
    from incubator.values import add_months, this_month
    from trainees.factories import TraineeFactory, valid_id_number
    from trainees.models import County, Trainee

    counties = list(County.objects.order_by("code")) or [the_county()]
    months = [add_months(this_month(), -n) for n in (1, 2, 3)]
    start = Shop.objects.count()
    decided = timezone.now()
    for first in range(start, total, BATCH):
        numbers = range(first, min(first + BATCH, total))
        trainees = Trainee.objects.bulk_create(
            TraineeFactory.build(
                county=counties[n % len(counties)],
                name=f"学员{n}",
                id_number=valid_id_number(n, born=f"{1970 + n // 1000}0101"),
            )
            for n in numbers
        )
        shops = Shop.objects.bulk_create(
            Shop(
                name=f"网店{n}",
                county=trainee.county,
                category="herbs_fungi",
                stage="incubating",
                applied_on=datetime.date(2025, 1, 6),
                incubating_on=datetime.date(2025, 2, 3),
            )
            for n, trainee in zip(numbers, trainees, strict=True)
        )
        Shop.owners.through.objects.bulk_create(
            Shop.owners.through(shop=shop, trainee=trainee)
            for shop, trainee in zip(shops, trainees, strict=True)
        )
        Application.objects.bulk_create(
            Application(
                trainee=trainee,
                county=trainee.county,
                shop_name=shop.name,
                category="herbs_fungi",
                plan="开店计划",
                status="accepted",
                submitted_at=decided,
                decided_at=decided,
                decided_by=user,
                shop=shop,
            )
            for shop, trainee in zip(shops, trainees, strict=True)
        )
        channels = (Channel.TAOBAO, Channel.PLATFORM_832)
        ShopChannel.objects.bulk_create(
            ShopChannel(shop=shop, channel=channel) for shop in shops for channel in channels
        )
        SalesReport.objects.bulk_create(
            SalesReport(
                shop=shop,
                channel=channel,
                month=month,
                sales=Decimal(1000 + shop.pk % 5000),
                orders=10 + shop.pk % 90,
                agricultural_share=80,
                status=ReportStatus.APPROVED if month != months[0] else ReportStatus.SUBMITTED,
                created_by=user,
            )
            for shop in shops
            for channel in channels
            for month in months
        )
        Product.objects.bulk_create(Product(shop=shop, name="松茸") for shop in shops)
        Milestone.objects.bulk_create(
            Milestone(
                shop=shop,
                kind="first_order",
                achieved_on=datetime.date(2025, 3, 1),
                evidence="incubator/evidence/benchmark.png",
                recorded_by=user,
            )
            for shop in shops
        )
        workers = Worker.objects.bulk_create(Worker(name=f"员工{n}") for n in numbers)
        Job.objects.bulk_create(
            Job(
                shop=shop,
                worker=worker,
                worker_name=worker.name,
                kind="full_time",
                starts_on=datetime.date(2025, 4, 1),
                monthly_wage=Decimal("2600"),
                created_by=user,
            )
            for shop, worker in zip(shops, workers, strict=True)
        )


def measure_page(client: Client, url: str) -> tuple[int, int, float]:
    """Queries, bytes and milliseconds of a GET of `url`, after a warm-up GET."""
    warm_up = client.get(url)
    if warm_up.status_code != 200:
        raise CommandError(f"GET {url} answered {warm_up.status_code}")
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get(url)
        elapsed = (time.perf_counter() - started) * 1000
    return len(queries), len(response.content), elapsed


def measure(shop_counts=SHOP_COUNTS) -> dict[str, dict[int, tuple[int, int, float]]]:
    """{page: {shops: (queries, bytes, ms)}} for My shop (its owner) and each admin listing
    (a manager, and the coordinator of the owner's county)."""
    from incubator.models import Shop
    from trainees import roles
    from trainees.factories import ProfileFactory, UserFactory

    manager = UserFactory(groups=[roles.PROGRAMME_MANAGERS])
    grow_to(shop_counts[0], user=manager)
    # The first shop's owner signs in, and the coordinator of its county.
    shop = Shop.objects.select_related("county").order_by("pk").first()
    owner = UserFactory()
    shop.owners.update(user=owner)
    coordinator = UserFactory(groups=[roles.COUNTY_COORDINATORS])
    ProfileFactory(user=coordinator, county=shop.county)
    clients = {}
    for name, user in (("owner", owner), ("manager", manager), ("coordinator", coordinator)):
        clients[name] = Client()
        clients[name].force_login(user)
    pages = {"My shop (owner)": ("owner", reverse("my_shop", args=[shop.pk]))}
    for listing in ADMIN_LISTINGS:
        for role in ("manager", "coordinator"):
            pages[f"admin {listing} ({role})"] = (role, f"/admin/{listing}/")
    measured = {name: {} for name in pages}
    for count in shop_counts:
        grow_to(count, user=manager)
        for name, (role, url) in pages.items():
            measured[name][count] = measure_page(clients[role], url)
    return measured


class Command(BaseCommand):
    help = (
        "Count the queries, bytes and milliseconds of My shop and of every incubator admin "
        "listing with 10 and with 10,000 shops, in a throwaway database. Exits with status 1 "
        "when a page's query count grows with the shops."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--shops",
            type=int,
            nargs=2,
            default=SHOP_COUNTS,
            metavar=("FEW", "MANY"),
            help="the two numbers of shops to compare (default 10 10000)",
        )

    def handle(self, *args, **options):
        few, many = options["shops"]
        if not 1 <= few < many:
            raise CommandError("Give two numbers of shops, the first smaller, both 1 or more.")
        setup_test_environment()
        logging.disable(logging.WARNING)
        try:
            with (
                tempfile.TemporaryDirectory(prefix="eagle-benchmark-") as folder,
                throwaway_database(folder=Path(folder)),
            ):
                started = time.perf_counter()
                measured = measure((few, many))
                seconds = time.perf_counter() - started
        finally:
            logging.disable(logging.NOTSET)
            teardown_test_environment()
        self.stdout.write(f"database: {connection.vendor}; built and measured in {seconds:.0f} s")
        self.stdout.write(
            f"{'page':<34}{'queries':>16}{'KiB':>18}{'ms':>18}\n"
            f"{'':<34}{few:>7} {many:>8}{few:>8} {many:>9}{few:>8} {many:>9}"
        )
        growing = []
        for name, by_count in measured.items():
            (q1, b1, t1), (q2, b2, t2) = by_count[few], by_count[many]
            self.stdout.write(
                f"{name:<34}{q1:>7} {q2:>8}{b1 / 1024:>8.1f} {b2 / 1024:>9.1f}{t1:>8.0f} {t2:>9.0f}"
            )
            if q1 != q2:
                growing.append(name)
        if growing:
            raise CommandError(
                f"The query count grows with the shops: {', '.join(growing)}.", returncode=1
            )
        self.stdout.write("Equal: no page's query count grows with the shops.")
