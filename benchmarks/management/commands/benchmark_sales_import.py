"""Time the sales import on a month's file of many shops, in a throwaway database."""

import datetime
import logging
import tempfile
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from wagtail.models import ModelLogEntry

from benchmarks.database import throwaway_database
from incubator.choices import Channel, ShopCategory, Stage
from incubator.models import SalesReport, Shop, ShopChannel
from incubator.sales_import import sales_apply, sales_check
from trainees import roles
from trainees.factories import ProfileFactory, UserFactory
from trainees.models import County

HEADER = "月份,店铺编号,店铺,渠道,销售额,订单数,农产品占比"
CHANNELS = (Channel.TAOBAO, Channel.DOUYIN)
CHANNEL_NAMES = {Channel.TAOBAO: "淘宝", Channel.DOUYIN: "抖音"}


def build_shops(*, count: int, county: County) -> list[Shop]:
    """`count` incubating shops of `county`, each selling on Taobao and Douyin."""
    shops = Shop.objects.bulk_create(
        Shop(
            name=f"康巴电商{n}号店",
            county=county,
            category=ShopCategory.HERBS_FUNGI,
            stage=Stage.INCUBATING,
            applied_on=datetime.date(2025, 1, 6),
            incubating_on=datetime.date(2025, 2, 3),
        )
        for n in range(count)
    )
    if shops and shops[0].pk is None:
        shops = list(Shop.objects.filter(county=county).order_by("pk"))
    ShopChannel.objects.bulk_create(
        ShopChannel(shop=shop, channel=channel) for shop in shops for channel in CHANNELS
    )
    return shops


def sales_file(*, shops: list[Shop], rows: int, month: datetime.date) -> str:
    """`rows` rows of `month`: each shop's Taobao sales, then Douyin's."""
    lines = [HEADER]
    for n in range(rows):
        shop, channel = shops[n // len(CHANNELS)], CHANNELS[n % len(CHANNELS)]
        lines.append(
            f"{month:%Y-%m},{shop.pk},{shop.name},{CHANNEL_NAMES[channel]},"
            f"{1000 + n}.50,{n % 300},{n % 101}"
        )
    return "\r\n".join(lines) + "\r\n"


class Command(BaseCommand):
    help = (
        "Build shops with two channels each and a file of last month's sales of them "
        "(5,000 rows unless --rows) in a throwaway database, and print the seconds a county "
        "coordinator's import takes to check it, to apply it and to apply it again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=5_000, help="rows in the sales file")

    def handle(self, *args, **options):
        rows = options["rows"]
        if rows < 1:
            raise CommandError("--rows must be 1 or more.")
        logging.disable(logging.INFO)
        try:
            with (
                tempfile.TemporaryDirectory(prefix="eagle-sales-") as folder,
                throwaway_database(folder=Path(folder)) as database,
            ):
                self.stdout.write("\n".join(self.measure(rows, database)))
        finally:
            logging.disable(logging.NOTSET)

    def measure(self, rows: int, database: dict) -> list[str]:
        county = County.objects.get(code="513334")
        coordinator = UserFactory(groups=[roles.COUNTY_COORDINATORS])
        ProfileFactory(user=coordinator, county=county)
        shops = build_shops(count=-(-rows // len(CHANNELS)), county=county)
        last_month = (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).replace(
            day=1
        )
        text = sales_file(shops=shops, rows=rows, month=last_month)
        started = time.monotonic()
        check = sales_check(text=text, by=coordinator)
        checked = time.monotonic() - started
        if not check.is_valid:
            raise CommandError(f"The generated file has errors: {check.errors[:3]}")
        started = time.monotonic()
        sales_apply(text=text, by=coordinator, file="benchmark.csv")
        applied = time.monotonic() - started
        started = time.monotonic()
        again = sales_apply(text=text, by=coordinator, file="benchmark.csv").summary()
        reapplied = time.monotonic() - started
        return [
            f"database               {connection.vendor} {database['NAME']}",
            f"rows                   {rows}",
            f"check seconds          {checked:.2f}",
            f"apply seconds          {applied:.2f}",
            f"apply again seconds    {reapplied:.2f}",
            f"reports                {SalesReport.objects.count()}",
            f"audit entries          {ModelLogEntry.objects.count()}",
            f"new on the second run  {again['created'] + again['updated']}",
        ]
