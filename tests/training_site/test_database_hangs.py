"""A PostgreSQL server that accepts connections and then says nothing: the site under
gunicorn (training_site/gunicorn.py, training_site/wsgi.py) answers /health/ 503 within 2 s
and a page with the "briefly unavailable" page within 5 s, and logs one line per failure.

Both are real: a TCP listener that never answers stands in for PostgreSQL on any run; on
the PostgreSQL run, a proxy in front of the real server falls silent under connections the
site already holds (its persistent connection, CONN_MAX_AGE)."""

import os
import time

import pytest

from django.db import connection

from benchmarks.outage_proxy import SILENT, OutageProxy
from tests.outages import gunicorn_site, silent_service

ON_POSTGRES = os.environ.get("DATABASE_URL", "").split(":")[0] in {"postgres", "postgresql"}
UNAVAILABLE = "网站暂时无法访问"


def assert_unavailable_page(status: int, body: str) -> None:
    assert status == 503
    assert UNAVAILABLE in body


def test_a_database_that_never_answers_gets_503_quickly_and_one_log_line(tmp_path, settings):
    short_circuit = settings.DATABASE_SILENT_SHORT_CIRCUIT_SECONDS
    with (
        silent_service() as database,
        gunicorn_site(f"postgres://eagle@127.0.0.1:{database.port}/eagle", tmp_path) as site,
    ):
        status, body, seconds = site.get("/")  # waits for connect_timeout (2 s)
        assert_unavailable_page(status, body)
        assert seconds < 5

        # The worker now knows the database is silent: it does not wait again for a while.
        status, body, seconds = site.get("/")
        assert_unavailable_page(status, body)
        assert seconds < 0.5

        time.sleep(short_circuit)  # then it asks the database again
        status, body, seconds = site.get("/")
        assert_unavailable_page(status, body)
        assert 1.5 < seconds < 5

        status, body, seconds = site.get("/health/")
        assert status == 503 and seconds < 2
        assert '"database": false' in body

    failures = [line for line in site.log_lines() if line.startswith("Service Unavailable: / ")]
    timed_out = "Service Unavailable: / (OperationalError: connection timeout expired)"
    assert failures == [
        timed_out,
        "Service Unavailable: / (OperationalError: not connecting: the database gave no "
        f"answer less than {short_circuit:g} s ago)",
        timed_out,
    ]
    assert not [line for line in site.log_lines() if "Traceback" in line]


@pytest.mark.skipif(not ON_POSTGRES, reason="a proxy in front of PostgreSQL: DATABASE_URL=...")
def test_a_database_that_falls_silent_under_a_persistent_connection(tmp_path, db):
    database = connection.settings_dict  # the test database
    with OutageProxy((database["HOST"] or "127.0.0.1", int(database["PORT"] or 5432))) as proxy:
        url = f"postgres://{database['USER']}@127.0.0.1:{proxy.port}/{database['NAME']}"
        with gunicorn_site(url, tmp_path) as site:
            status, _, _ = site.get("/health/")
            assert status == 200
            first_status, _, _ = site.get("/")  # the worker now holds a connection
            assert first_status < 500

            proxy.set_mode(SILENT)

            status, body, seconds = site.get("/")
            assert_unavailable_page(status, body)
            assert seconds < 5
            status, _, seconds = site.get("/health/")
            assert status == 503 and seconds < 2
            status, body, seconds = site.get("/")  # a new connection, as silent
            assert_unavailable_page(status, body)
            assert seconds < 5
    _wait_for_the_sessions_through_the_proxy_to_end()


def _wait_for_the_sessions_through_the_proxy_to_end() -> None:
    """So that the test database can be dropped at the end of the run."""
    deadline = time.monotonic() + 10
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                " AND pid <> pg_backend_pid()"
            )
            if cursor.fetchone()[0] == 0:
                return
            time.sleep(0.1)
