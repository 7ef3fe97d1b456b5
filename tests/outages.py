"""Real network faults for the outage tests: a port nothing listens on, a server that
accepts connections and never answers, and a proxy in front of a real server that can be
told to fall silent; and the site under gunicorn, as in production, to point at them."""

import http.client
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest

from django.conf import settings

STARTUP_SECONDS = 30


def closed_port() -> int:
    """A port on 127.0.0.1 that was free a moment ago and that nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SilentListener:
    """Accepts every connection, reads nothing and never answers: a database or a cache
    whose process hangs, while the machine's network stack still accepts connections."""

    def __init__(self):
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.accepted: list[socket.socket] = []
        self._thread = threading.Thread(target=self._accept, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self.server.close()
        for conn in self.accepted:
            conn.close()

    def _accept(self) -> None:
        with suppress(OSError):
            while True:
                conn, _ = self.server.accept()
                self.accepted.append(conn)


class SwitchableProxy:
    """Forwards TCP connections to `target` until `fall_silent()`: from then on it keeps
    every connection open and forwards nothing either way, as a database server that
    stopped answering in the middle of its connections."""

    def __init__(self, target: tuple[str, int]):
        self.target = target
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.silent = threading.Event()
        self._sockets: list[socket.socket] = []
        self._thread = threading.Thread(target=self._accept, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self.server.close()
        for sock in self._sockets:
            with suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)  # the server ends its sessions at once
            sock.close()

    def fall_silent(self) -> None:
        self.silent.set()

    def _accept(self) -> None:
        with suppress(OSError):
            while True:
                client, _ = self.server.accept()
                self._sockets.append(client)
                if self.silent.is_set():
                    continue
                upstream = socket.create_connection(self.target)
                self._sockets.append(upstream)
                for source, sink in ((client, upstream), (upstream, client)):
                    threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    def _pipe(self, source: socket.socket, sink: socket.socket) -> None:
        with suppress(OSError):
            while data := source.recv(65536):
                if self.silent.is_set():
                    return  # swallowed: the other side waits for an answer forever
                sink.sendall(data)


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
    the test settings (no static manifest to collect). Skips when gunicorn cannot start."""
    port = closed_port()
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": settings_module,
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
