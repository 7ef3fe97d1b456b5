"""The lesson-page benchmark: queries by tree size, page weight on a phone, throughput.

Everything runs in a throwaway database and a temporary folder for media and
static files; the developer's database and media are never opened.
"""

import http.client
import logging
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.test.utils import override_settings, setup_test_environment, teardown_test_environment

from benchmarks.data import LessonTree, measured_lesson_position
from benchmarks.database import throwaway_database
from benchmarks.load import LoadResult, requests_per_second
from benchmarks.queries import page_queries
from benchmarks.server import THREADS_PER_WORKER, WORKERS, Server, gunicorn_server

SAME_BYTES_PATH = "/benchmark/same-bytes/"


@dataclass
class QueryCount:
    lessons: int
    courses: int
    queries: int


@dataclass
class Report:
    settings_module: str
    database: str
    lesson_url: str = ""
    pictures: str = ""
    query_counts: list[QueryCount] = field(default_factory=list)
    server: str = ""
    on_open: object = None  # benchmarks.browser.PageWeight
    read_through: object = None
    browser_note: str = ""
    lesson_load: LoadResult | None = None
    same_bytes_load: LoadResult | None = None
    load_note: str = ""
    lesson_bytes: int = 0

    @property
    def queries_equal(self) -> bool:
        return len({count.queries for count in self.query_counts}) <= 1


def _fetch(server: Server, path: str) -> bytes:
    client = http.client.HTTPConnection(server.host, server.port, timeout=30)
    client.request("GET", path)
    response = client.getresponse()
    body = response.read()
    if response.status != 200:
        raise RuntimeError(f"GET {path} answered {response.status}")
    return body


def _measure_browser(report: Report, server: Server) -> None:
    try:
        from playwright.sync_api import sync_playwright

        from benchmarks.browser import first_load_weight, launch_chromium
    except ImportError as error:
        report.browser_note = f"not measured: {error} (pip install -r requirements-test.txt)"
        return
    with sync_playwright() as playwright:
        try:
            browser = launch_chromium(playwright)
        except Exception as error:  # any launch failure means "not measured"
            report.browser_note = f"not measured: chromium did not start: {error}".splitlines()[0]
            return
        try:
            report.on_open, report.read_through = first_load_weight(
                browser, server.base_url + report.lesson_url
            )
        finally:
            browser.close()


def _measure_load(report: Report, server: Server, folder: Path, seconds: float) -> None:
    lesson = _fetch(server, report.lesson_url)
    report.lesson_bytes = len(lesson)
    (folder / "lesson.html").write_bytes(lesson)
    if _fetch(server, SAME_BYTES_PATH) != lesson:
        raise RuntimeError("the bare view does not return the lesson's bytes")
    connections = WORKERS * THREADS_PER_WORKER
    warm_up = min(1.0, seconds / 5)
    for path in (report.lesson_url, SAME_BYTES_PATH):
        requests_per_second(port=server.port, path=path, seconds=warm_up, connections=connections)
    report.lesson_load = requests_per_second(
        port=server.port, path=report.lesson_url, seconds=seconds, connections=connections
    )
    report.same_bytes_load = requests_per_second(
        port=server.port, path=SAME_BYTES_PATH, seconds=seconds, connections=connections
    )
    report.load_note = f"{connections} keep-alive connections from one Python process"


def run(
    *,
    sizes: list[int],
    seconds: float,
    browser: bool,
    load: bool,
    photos: bool = True,
    progress: Callable[[str], None],
) -> Report:
    report = Report(settings_module=settings.SETTINGS_MODULE, database=connection.vendor)
    setup_test_environment()
    logging.disable(logging.INFO)  # page-creation and task logs would drown the report
    try:
        with (
            tempfile.TemporaryDirectory(prefix="eagle-benchmark-") as folder_name,
            override_settings(MEDIA_ROOT=Path(folder_name) / "media"),
        ):
            folder = Path(folder_name)
            progress(f"Creating a throwaway {connection.vendor} database…")
            with throwaway_database(folder=folder) as database:
                report.database = f"{connection.vendor} {database['NAME']} (throwaway)"
                tree = LessonTree(
                    measured_position=measured_lesson_position(min(sizes)), photos=photos
                )
                report.pictures = tree.pictures_description
                for size in sizes:
                    started = time.monotonic()
                    with transaction.atomic():
                        tree.grow_to(size)
                    progress(f"Built {size} lessons in {time.monotonic() - started:.0f} s")
                    report.lesson_url = tree.measured_lesson.url
                    report.query_counts.append(
                        QueryCount(
                            lessons=size,
                            courses=tree.courses,
                            queries=page_queries(report.lesson_url),
                        )
                    )
                if browser or load:
                    progress("Starting gunicorn…")
                    with gunicorn_server(database=database, folder=folder) as server:
                        report.server = server.description
                        _fetch(server, report.lesson_url)  # renditions exist; warm the workers
                        if browser:
                            progress("Loading the lesson in chromium at 390x844…")
                            _measure_browser(report, server)
                        if load:
                            progress(f"Load test, {seconds:g} s per target…")
                            _measure_load(report, server, folder, seconds)
    finally:
        logging.disable(logging.NOTSET)
        teardown_test_environment()
    return report


def _kb(num_bytes: int) -> str:
    return f"{num_bytes / 1024:.1f} KB"


def _weight_lines(title: str, weight) -> list[str]:
    lines = [
        f"  {title}: {weight.requests} requests, {_kb(weight.body_bytes)} of bodies "
        f"(+ {_kb(weight.header_bytes)} of response headers)"
    ]
    for transfer in weight.transfers:
        lines.append(
            f"    {transfer.status or 'failed'} {transfer.resource_type:<10} "
            f"{_kb(transfer.body_bytes):>9} sent {_kb(transfer.decoded_bytes):>9} decoded  "
            f"encoding {transfer.encoding:<4} {transfer.path}"
        )
    return lines


def report_lines(report: Report) -> list[str]:
    from benchmarks.browser import BUDGET_BYTES, BUDGET_REQUESTS

    yes_no = {True: "yes", False: "no"}
    lines = [
        "",
        "Lesson page benchmark",
        f"  this process: {report.settings_module}; database: {report.database}",
        f"  lesson measured: {report.lesson_url} "
        "(text, a heading, two captioned images, a two-question quiz)",
        f"  pictures: {report.pictures}",
        "",
        "a. Database queries per lesson page (test client, after a warm-up request)",
    ]
    for count in report.query_counts:
        lines.append(
            f"  {count.lessons:>6} lessons in {count.courses} courses: {count.queries} queries"
        )
    lines.append(f"  equal: {yes_no[report.queries_equal]}")
    lines += ["", "b. First load on a phone (chromium 390x844, empty cache)"]
    if report.server:
        lines.append(f"  server: {report.server}")
    if report.read_through:
        lines += _weight_lines("on opening", report.on_open)
        lines += _weight_lines("after scrolling to the end", report.read_through)
        lines.append(
            f"  budget (< {_kb(BUDGET_BYTES)}, <= {BUDGET_REQUESTS} requests, video aside): "
            f"within budget: {yes_no[report.read_through.within_budget]}"
        )
    else:
        lines.append(f"  {report.browser_note or 'skipped (--skip-browser)'}")
    lines += ["", "c. Throughput under gunicorn"]
    if report.lesson_load and report.same_bytes_load:
        ratio = report.lesson_load.per_second / report.same_bytes_load.per_second
        lines += [
            f"  {report.load_note}, {report.lesson_load.seconds:.1f} s per target",
            f"  lesson page:                   {report.lesson_load.per_second:8.1f} req/s "
            f"({report.lesson_load.requests} requests, {report.lesson_load.errors} errors)",
            f"  bare Django view, same {_kb(report.lesson_bytes)}: "
            f"{report.same_bytes_load.per_second:8.1f} req/s "
            f"({report.same_bytes_load.requests} requests, {report.same_bytes_load.errors} errors)",
            f"  ratio lesson / bare:           {ratio:8.2f}",
        ]
    else:
        lines.append(f"  {report.load_note or 'skipped (--skip-load)'}")
    lines += ["", *summary_table(report)]
    return lines


def summary_table(report: Report) -> list[str]:
    from benchmarks.browser import BUDGET_BYTES, BUDGET_REQUESTS

    yes_no = {True: "yes", False: "no"}
    rows = [("measure", "value", "verdict")]
    for count in report.query_counts:
        rows.append((f"queries, {count.lessons} lessons", str(count.queries), ""))
    rows.append(("queries equal at every size", "", yes_no[report.queries_equal]))
    if report.read_through:
        weight = report.read_through
        rows.append(
            (
                "phone first load, read to the end",
                f"{weight.requests} requests, {_kb(weight.body_bytes)}",
                f"within budget (<{BUDGET_BYTES // 1024} KB, <={BUDGET_REQUESTS}): "
                f"{yes_no[weight.within_budget]}",
            )
        )
    else:
        rows.append(("phone first load", "not measured", ""))
    if report.lesson_load and report.same_bytes_load:
        ratio = report.lesson_load.per_second / report.same_bytes_load.per_second
        rows += [
            ("lesson page req/s", f"{report.lesson_load.per_second:.1f}", ""),
            ("bare view req/s", f"{report.same_bytes_load.per_second:.1f}", ""),
            ("ratio lesson / bare", f"{ratio:.2f}", ""),
        ]
    else:
        rows.append(("req/s", "not measured", ""))
    widths = [max(len(row[column]) for row in rows) for column in range(3)]
    table = []
    for number, row in enumerate(rows):
        table.append("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
        if number == 0:
            table.append("  ".join("-" * width for width in widths))
    return [line.rstrip() for line in table]
