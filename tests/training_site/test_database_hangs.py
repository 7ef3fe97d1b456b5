"""A PostgreSQL server that accepts connections and then says nothing: the site under
gunicorn (training_site/gunicorn.py, training_site/wsgi.py) answers /health/ 503 within 2 s
and a page with the "briefly unavailable" page within 5 s, and logs one line per failure.

Both are real: a TCP listener that never answers stands in for PostgreSQL on any run; on
the PostgreSQL run, a proxy in front of the real server falls silent under connections the
site already holds (its persistent connection, CONN_MAX_AGE)."""

import http.client
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from django.conf import settings
from django.db import connection

from tests.outages import SilentListener, SwitchableProxy, closed_port

ON_POSTGRES = os.environ.get("DATABASE_URL", "").split(":")[0] in {"postgres", "postgresql"}
STARTUP_SECONDS = 30
UNAVAILABLE = "网站暂时无法访问"


class Site:
    def __init__(self, port: int, log: Path):
        self.port = port
        self.log = log

    def get(self, path: str, timeout: float = 10) -> tuple[int, str, float]:
        """(status, body, seconds taken)."""
        started = time.monotonic()
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            body = response.read().decode()
        finally:
            connection.close()
        return response.status, body, time.monotonic() - started

    def log_lines(self) -> list[str]:
        return self.log.read_text().splitlines()


@contextmanager
def gunicorn_site(database_url: str, tmp_path: Path) -> Iterator[Site]:
    """The site under gunicorn with one single-threaded worker, as in production but with
    the test settings (no static manifest to collect). Skips when gunicorn cannot start."""
    port = closed_port()
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "training_site.settings.test",
        "DATABASE_URL": database_url,
        "PYTHONPATH": str(settings.BASE_DIR),
    }
    environment.pop("REDIS_URL", None)
    environment.pop("DATABASE_WORK", None)
    log = tmp_path / "gunicorn.log"
    with log.open("w") as log_file:
        process = subprocess.Popen(  # noqa: S603 - fixed arguments, no shell
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--config",
                "python:training_site.gunicorn",
                "training_site.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
                "--threads",
                "1",
                "--no-control-socket",
            ],  # fmt: skip
            cwd=settings.BASE_DIR,
            env=environment,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    site = Site(port, log)
    try:
        _wait_until_it_answers(site, process)
        yield site
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_it_answers(site: Site, process: subprocess.Popen) -> None:
    """Until its worker has loaded the site and answers /health/, whatever it says."""
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.skip(f"gunicorn stopped at start-up: {site.log.read_text()[-2000:]}")
        try:
            site.get("/health/", timeout=STARTUP_SECONDS)
            return
        except OSError:
            time.sleep(0.2)
    pytest.skip(f"gunicorn did not answer in {STARTUP_SECONDS} s")


def assert_unavailable_page(status: int, body: str) -> None:
    assert status == 503
    assert UNAVAILABLE in body


def test_a_database_that_never_answers_gets_503_quickly_and_one_log_line(tmp_path, settings):
    short_circuit = settings.DATABASE_SILENT_SHORT_CIRCUIT_SECONDS
    with (
        SilentListener() as database,
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
        f"answer to a connection less than {short_circuit:g} s ago)",
        timed_out,
    ]
    assert not [line for line in site.log_lines() if "Traceback" in line]


@pytest.mark.skipif(not ON_POSTGRES, reason="a proxy in front of PostgreSQL: DATABASE_URL=...")
def test_a_database_that_falls_silent_under_a_persistent_connection(tmp_path, db):
    database = connection.settings_dict  # the test database
    with SwitchableProxy((database["HOST"] or "127.0.0.1", int(database["PORT"] or 5432))) as proxy:
        url = f"postgres://{database['USER']}@127.0.0.1:{proxy.port}/{database['NAME']}"
        with gunicorn_site(url, tmp_path) as site:
            status, _, _ = site.get("/health/")
            assert status == 200
            first_status, _, _ = site.get("/")  # the worker now holds a connection
            assert first_status < 500

            proxy.fall_silent()

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
