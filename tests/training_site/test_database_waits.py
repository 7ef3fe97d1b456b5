"""Each wait for the database has its deadline, not the request (training_site/
database_deadline.py): the site under gunicorn, on PostgreSQL, with the views of
tests/training_site/waits_urls.py.

A page away from the database for longer than the deadline, or an export read slowly, is
served whole; a report's statements get the reports' statement timeout, and the next page
on the same persistent connection the pages' again; a statement the server cancels is the
"briefly unavailable" page, the connection kept; a stream whose database falls silent
ends within the deadline."""

import http.client
import os
import time

import pytest

from django.conf import settings
from django.db import connection

from benchmarks.outage_proxy import SILENT, OutageProxy
from tests.outages import gunicorn_site
from tests.training_site.test_database_hangs import (
    _wait_for_the_sessions_through_the_proxy_to_end,
    assert_unavailable_page,
)
from tests.training_site.waits_urls import STREAMED_ROW_BYTES, STREAMED_ROWS

ON_POSTGRES = os.environ.get("DATABASE_URL", "").split(":")[0] in {"postgres", "postgresql"}
pytestmark = pytest.mark.skipif(
    not ON_POSTGRES, reason="a deadline cuts a socket: PostgreSQL only (DATABASE_URL=...)"
)
SETTINGS = "tests.training_site.waits_settings"
PAGES = "3s"  # SHOW statement_timeout of a page (training_site/wsgi.py: DATABASE_WORK=pages)
REPORTS = "1min"  # DATABASE_REPORT_STATEMENT_TIMEOUT


def database_url(database: dict, port: int | None = None) -> str:
    """The test database's URL, or through a proxy on `port`."""
    host = "127.0.0.1" if port else database["HOST"] or "127.0.0.1"
    port = port or database["PORT"] or 5432
    return f"postgres://{database['USER']}@{host}:{port}/{database['NAME']}"


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker, tmp_path_factory):
    with gunicorn_site(
        database_url(connection.settings_dict), tmp_path_factory.mktemp("waits"), SETTINGS
    ) as site:
        yield site
    with django_db_blocker.unblock():
        _wait_for_the_sessions_through_the_proxy_to_end()


def session(site, path: str) -> tuple[str, str]:
    """(server process, statement timeout) that the view saw."""
    status, body, _ = site.get(path)
    assert status == 200, body
    pid, timeout = body.split()
    return pid, timeout


def read_slowly(site, path: str, *, bytes_per_second: int) -> tuple[str, float]:
    """The body of `path`, read at about `bytes_per_second`, and the seconds it took."""
    started = time.monotonic()
    client = http.client.HTTPConnection("127.0.0.1", site.port, timeout=20)
    try:
        client.request("GET", path)
        response = client.getresponse()
        assert response.status == 200
        chunk = bytes_per_second // 20
        parts = []
        while part := response.read(chunk):
            parts.append(part)
            time.sleep(0.05)
    finally:
        client.close()
    return b"".join(parts).decode(), time.monotonic() - started


def test_a_page_away_from_the_database_longer_than_the_deadline_is_served(site):
    status, body, seconds = site.get("/pause-between-queries/")

    assert status == 200, body
    first_pid, first_timeout, second_pid, second_timeout = body.split()
    assert seconds > 5
    assert (first_pid, first_timeout) == (second_pid, second_timeout) == (first_pid, PAGES)
    assert "gave no answer" not in site.log.read_text()


def test_a_streamed_export_read_slowly_is_sent_whole(site):
    body, seconds = read_slowly(site, "/streamed-rows/", bytes_per_second=2_500_000)

    rows = [line.split() for line in body.split("\n") if line.startswith("row ")]
    assert [int(row[1]) for row in rows] == list(range(1, STREAMED_ROWS + 1))
    assert len(body) == STREAMED_ROWS * STREAMED_ROW_BYTES
    # Its last rows were fetched well after a page's deadline (4 s) from the first.
    assert float(rows[-1][-1]) > 4
    assert "gave no answer" not in site.log.read_text()


def test_a_report_has_the_reports_statement_timeout_then_the_next_page_the_pages(site):
    pid, timeout = session(site, "/page-session/")
    assert timeout == PAGES

    status, body, _ = site.get("/report-session/")
    assert status == 200, body
    in_view, while_sent = (line.split() for line in body.split("\n"))
    assert in_view == while_sent == [pid, REPORTS]  # the same persistent connection

    assert session(site, "/page-session/") == (pid, PAGES)


def test_a_report_statement_may_outlast_a_pages_deadline(site):
    status, body, seconds = site.get("/report-sleeps/5/")

    assert status == 200, body
    assert seconds > 5
    assert body.split()[1] == REPORTS


def test_a_statement_the_server_cancels_is_the_unavailable_page_and_the_connection_kept(site):
    pid, _ = session(site, "/page-session/")

    status, body, seconds = site.get("/page-sleeps/4/")

    assert_unavailable_page(status, body)
    assert 3 <= seconds < 4  # cancelled by the server at its 3 s, before the deadline
    log = site.log.read_text()
    assert "canceling statement due to statement timeout" in log
    assert "gave no answer" not in log
    assert session(site, "/page-session/") == (pid, PAGES)


def test_a_stream_whose_database_falls_silent_ends_within_the_deadline(tmp_path, db):
    database = connection.settings_dict
    target = (database["HOST"] or "127.0.0.1", int(database["PORT"] or 5432))
    with (
        OutageProxy(target) as proxy,
        gunicorn_site(database_url(database, proxy.port), tmp_path, SETTINGS) as site,
    ):
        started = time.monotonic()
        client = http.client.HTTPConnection("127.0.0.1", site.port, timeout=20)
        client.request("GET", "/streamed-rows/")
        response = client.getresponse()
        assert response.status == 200
        response.read(STREAMED_ROW_BYTES)  # the first row: the cursor is open
        proxy.set_mode(SILENT)
        silent_at = time.monotonic()
        with pytest.raises(http.client.IncompleteRead):
            while response.read(STREAMED_ROW_BYTES):
                pass
        ended_at = time.monotonic()
        client.close()
        assert ended_at - silent_at < settings.DATABASE_WAIT_MARGIN_SECONDS + 3 + 1
        assert ended_at - started > 3  # it was cut, not refused
        assert "Database 'default' gave no answer within 4.0 s" in site.log.read_text()
    _wait_for_the_sessions_through_the_proxy_to_end()
