"""The URLs of tests/training_site/waits_settings.py: views that use the database as slow
pages, streamed exports and reports do (tests/training_site/test_database_waits.py)."""

import time

from django.db import connection
from django.http import HttpResponse, StreamingHttpResponse
from django.urls import path

from machinery.database_work import report_work
from training_site.urls import handler500  # noqa: F401 - the site's fault pages

STREAMED_ROWS = 40
STREAMED_ROW_BYTES = 512 * 1024


def _one(sql: str):
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()[0]


def session() -> str:
    """The connection's server process and its statement timeout."""
    return f"{_one('SELECT pg_backend_pid()')} {_one('SHOW statement_timeout')}"


def pause_between_queries(request):
    """A page that spends 5 s away from the database (a PDF to render, say) between two
    statements."""
    first = session()
    time.sleep(5)
    return HttpResponse(f"{first} {session()}")


def streamed_rows(request):
    """A streamed export: its rows fetched from a server-side cursor in chunks of one, as
    fast as the reader takes them; each line says when its row was fetched."""

    def lines():
        started = time.monotonic()
        with connection.chunked_cursor() as cursor:
            cursor.execute(f"SELECT generate_series(1, {STREAMED_ROWS})")
            while rows := cursor.fetchmany(1):
                line = f"row {rows[0][0]} fetched at {time.monotonic() - started:.1f}"
                yield line.ljust(STREAMED_ROW_BYTES - 1) + "\n"

    return StreamingHttpResponse(lines(), content_type="text/plain")


def page_session(request):
    return HttpResponse(session())


def page_sleeps(request, seconds: int):
    _one(f"SELECT pg_sleep({seconds})")
    return HttpResponse("slept")


@report_work
def report_session(request):
    """A report streamed in two lines: the session in the view, then while its response is
    sent."""
    in_view = session()

    def lines():
        yield f"{in_view}\n"
        yield session()

    return StreamingHttpResponse(lines(), content_type="text/plain")


@report_work
def report_sleeps(request, seconds: int):
    _one(f"SELECT pg_sleep({seconds})")
    return HttpResponse(session())


urlpatterns = [
    path("pause-between-queries/", pause_between_queries),
    path("streamed-rows/", streamed_rows),
    path("page-session/", page_session),
    path("page-sleeps/<int:seconds>/", page_sleeps),
    path("report-session/", report_session),
    path("report-sleeps/<int:seconds>/", report_sleeps),
]
