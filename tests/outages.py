"""Real network faults for the outage tests, from the outage drill's own parts
(benchmarks/outage_proxy.py, benchmarks/server.py): a port nothing listens on, a service
that accepts connections and never answers, a proxy in front of a real server that can be
told to fall silent, and the site under gunicorn, as in production, to point at them."""

import http.client
import os
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest

from django.conf import settings

from benchmarks.outage_proxy import SILENT, OutageProxy
from benchmarks.server import GunicornDidNotStart, free_port, gunicorn_process

closed_port = free_port


def silent_service() -> OutageProxy:
    """Accepts every connection, reads nothing and never answers: a database or a cache
    whose process hangs, while the machine's network stack still accepts connections."""
    proxy = OutageProxy(("127.0.0.1", closed_port()))
    proxy.set_mode(SILENT)
    return proxy


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
def gunicorn_site(
    database_url: str, tmp_path: Path, settings_module: str = "training_site.settings.test"
) -> Iterator[Site]:
    """The site under gunicorn with one single-threaded worker, as in production but with
    the test settings (no static manifest to collect); up once /health/ answers anything
    (the database behind it may be the fault under test). Skips when gunicorn cannot start."""
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": settings_module,
        "DATABASE_URL": database_url,
        "PYTHONPATH": str(settings.BASE_DIR),
    }
    environment.pop("REDIS_URL", None)
    environment.pop("DATABASE_WORK", None)
    site = Site(free_port(), tmp_path / "gunicorn.log")
    with ExitStack() as running:
        try:
            running.enter_context(
                gunicorn_process(
                    port=site.port,
                    environment=environment,
                    log=site.log,
                    workers=1,
                    threads=1,
                    up=lambda status: True,
                )
            )
        except GunicornDidNotStart as failure:
            pytest.skip(str(failure))
        yield site
