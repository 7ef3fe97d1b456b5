"""Time, queries and weight of the outcomes pages for the whole prefecture and for a county,
on a synthetic programme: the configured database as it is (built beforehand with
build_outcomes_data), or one built at --scale in a throwaway database."""

import datetime
import logging
import statistics
import tempfile
import time
import tracemalloc
from collections import defaultdict
from pathlib import Path

from django.contrib.auth import get_user_model
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

RUNS = 5
SLOWEST = 5  # queries shown with --queries
# The targets, in milliseconds of server time for a year's dashboard.
TARGETS = {"prefecture": 300, "county": 100}


def measure_get(client: Client, url: str, params: dict, **headers) -> dict:
    """The median time of RUNS GETs (after one to warm up), their queries and bytes, and
    the time each query took (its median over the runs)."""
    warm_up = client.get(url, params, **headers)
    if warm_up.status_code != 200:
        raise CommandError(f"GET {url} {params} answered {warm_up.status_code}")
    times, query_times = [], defaultdict(list)
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url, params, **headers)
            times.append((time.perf_counter() - started) * 1000)
        for n, query in enumerate(queries.captured_queries):
            query_times[n, query["sql"]].append(float(query["time"]) * 1000)
    slowest = sorted(
        ((statistics.median(ms), sql) for (_n, sql), ms in query_times.items()), reverse=True
    )
    return {
        "ms": statistics.median(times),
        "queries": len(queries),
        "bytes": len(response.content),
        "slowest": slowest[:SLOWEST],
        "query_ms": sum(ms for ms, _sql in slowest),
    }


def xlsx_memory(client: Client, params: dict) -> float:
    """The peak of memory (MiB) Python allocates while the annual XLSX is made."""
    tracemalloc.start()
    try:
        response = client.get(reverse("outcomes_report"), {**params, "format": "xlsx"})
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    if response.status_code != 200:
        raise CommandError(f"The XLSX answered {response.status_code}")
    return peak / 2**20


def measure(year: int) -> dict:
    from outcomes.tokens import token_create
    from trainees import roles
    from trainees.models import County

    users = get_user_model().objects
    manager = users.filter(groups__name=roles.PROGRAMME_MANAGERS).order_by("pk").first()
    county = County.objects.filter(shops__isnull=False).order_by("code").first()
    if manager is None or county is None:
        raise CommandError(
            "No programme manager or no shop: build the data first "
            "(python manage.py build_outcomes_data --scale 10), or give --scale."
        )
    client = Client()
    client.force_login(manager)
    _token, plain = token_create(
        name="benchmark",
        county=None,
        expires_at=timezone.now() + datetime.timedelta(hours=1),
        by=manager,
    )
    measured = {}
    for area, code in (("prefecture", ""), ("county", county.code)):
        params = {"area": code, "period": str(year)}
        report_params = {"area": code, "year": str(year)}
        measured[area] = {
            "dashboard": measure_get(client, reverse("outcomes_dashboard"), params),
            "annual report": measure_get(client, reverse("outcomes_report"), report_params),
            "annual XLSX": measure_get(
                client, reverse("outcomes_report"), {**report_params, "format": "xlsx"}
            ),
            "API": measure_get(
                client, reverse("outcomes_api"), params, HTTP_AUTHORIZATION=f"Bearer {plain}"
            ),
        }
        measured[area]["annual XLSX"]["MiB"] = xlsx_memory(client, report_params)
    measured["county name"] = county.name
    return measured


class Command(BaseCommand):
    help = (
        "Measure the outcomes dashboard, annual report (page and XLSX) and API for the whole "
        "prefecture and for a county, for a year: median server time of 5 requests, queries, "
        "size, and the XLSX's peak memory. On the configured database (build it first with "
        "build_outcomes_data), or with --scale N on a synthetic programme built in a "
        "throwaway database. Exits with status 1 when a dashboard misses its target "
        "(300 ms for the prefecture, 100 ms for a county)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--year", type=int, default=timezone.localdate().year - 1, help="default: last year"
        )
        parser.add_argument(
            "--queries",
            action="store_true",
            help=f"show the {SLOWEST} slowest queries of each dashboard, with their time",
        )
        parser.add_argument(
            "--scale",
            type=float,
            help="build a synthetic programme at this scale in a throwaway database first",
        )

    def handle(self, *args, year, scale, queries, **options):
        setup_test_environment()
        logging.disable(logging.WARNING)
        try:
            if scale is None:
                measured = measure(year)
            else:
                from benchmarks import synthetic

                with (
                    tempfile.TemporaryDirectory(prefix="eagle-benchmark-") as folder,
                    throwaway_database(folder=Path(folder)),
                ):
                    synthetic.build(scale=scale, seed=1, report=lambda line: None)
                    measured = measure(year)
        finally:
            logging.disable(logging.NOTSET)
            teardown_test_environment()
        self.report(measured, year, queries=queries)

    def report(self, measured: dict, year: int, *, queries: bool = False) -> None:
        county_name = measured.pop("county name")
        self.stdout.write(f"database: {connection.vendor}; year {year}; county {county_name}")
        self.stdout.write(f"{'page':<28}{'ms':>9}{'in SQL':>9}{'queries':>9}{'KiB':>9}{'MiB':>7}")
        missed = []
        for area, pages in measured.items():
            for page, figures in pages.items():
                memory = f"{figures['MiB']:>7.1f}" if "MiB" in figures else ""
                self.stdout.write(
                    f"{area + ' ' + page:<28}{figures['ms']:>9.0f}{figures['query_ms']:>9.0f}"
                    f"{figures['queries']:>9}{figures['bytes'] / 1024:>9.1f}{memory}"
                )
            if queries:
                self.stdout.write(f"  the slowest queries of the {area} dashboard:")
                for ms, sql in pages["dashboard"]["slowest"]:
                    self.stdout.write(f"  {ms:>7.1f} ms  {sql[:160]}")
            if pages["dashboard"]["ms"] > TARGETS[area]:
                missed.append(f"{area} {pages['dashboard']['ms']:.0f} ms > {TARGETS[area]} ms")
        if missed:
            raise CommandError(
                f"The dashboard misses its target: {'; '.join(missed)}.", returncode=1
            )
        self.stdout.write("The dashboards are within their targets.")
