"""The site under gunicorn on 127.0.0.1, with production settings and the throwaway database."""

import http.client
import json
import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

SETTINGS_MODULE = "benchmarks.settings"
WORKERS = 2
THREADS_PER_WORKER = 2
STARTUP_SECONDS = 60


@dataclass(frozen=True)
class Server:
    host: str
    port: int
    description: str

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"


def free_port() -> int:
    """A port on 127.0.0.1 that was free a moment ago and that nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_environment(
    *,
    database: dict,
    folder: Path,
    secret_key: str,
    settings_module: str = SETTINGS_MODULE,
    extra: dict[str, str] | None = None,
) -> dict[str, str]:
    environment = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    cache = str(settings.CACHES["default"].get("LOCATION", ""))
    if os.environ.get("REDIS_URL") and cache.startswith("redis"):
        # The Redis this process uses: a test worker's is a database of its own
        # (training_site/settings/test.py), which the server must share.
        environment["REDIS_URL"] = cache
    environment.update(extra or {})
    environment.update(
        DJANGO_SETTINGS_MODULE=settings_module,
        DJANGO_SECRET_KEY=secret_key,
        SECURE_SSL_REDIRECT="false",
        EAGLE_BENCHMARK_DATABASE=json.dumps(database),
        EAGLE_BENCHMARK_STATIC_ROOT=str(folder / "static"),
        EAGLE_BENCHMARK_SAME_BYTES=str(folder / "lesson.html"),
        MEDIA_ROOT=str(settings.MEDIA_ROOT),
        PYTHONPATH=str(settings.BASE_DIR),
    )
    return environment


class GunicornDidNotStart(RuntimeError):
    pass


def _wait_until_up(
    host: str, port: int, process: subprocess.Popen, log: Path, up: Callable[[int], bool]
) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise GunicornDidNotStart(f"gunicorn stopped at start-up: {log.read_text()[-2000:]}")
        try:
            connection = http.client.HTTPConnection(host, port, timeout=STARTUP_SECONDS)
            connection.request("GET", "/health/")
            if up(connection.getresponse().status):
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise GunicornDidNotStart(f"gunicorn did not answer in {STARTUP_SECONDS} s; see {log}")


@contextmanager
def gunicorn_process(
    *,
    port: int,
    environment: dict[str, str],
    log: Path,
    workers: int = WORKERS,
    threads: int = THREADS_PER_WORKER,
    up: Callable[[int], bool] = lambda status: status == 200,
) -> Iterator[subprocess.Popen]:
    """gunicorn with the production configuration on 127.0.0.1:`port`, its output in `log`,
    stopped (by its own pid) when the block ends. It is up once /health/ answers a status
    that `up` accepts; GunicornDidNotStart otherwise."""
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
                str(workers),
                "--threads",
                str(threads),
                "--no-control-socket",
            ],  # fmt: skip
            cwd=settings.BASE_DIR,
            env=environment,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_until_up("127.0.0.1", port, process, log, up)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def gunicorn_server(
    *,
    database: dict,
    folder: Path,
    workers: int = WORKERS,
    threads: int = THREADS_PER_WORKER,
    secret_key: str = "",
    settings_module: str = SETTINGS_MODULE,
    extra_environment: dict[str, str] | None = None,
) -> Iterator[Server]:
    """Collect the static files, start gunicorn, and stop it afterwards.
    Sessions made beforehand need the server's `secret_key`; a random one otherwise.
    `extra_environment` adds to (or replaces) the variables the server inherits."""
    environment = server_environment(
        database=database,
        folder=folder,
        secret_key=secret_key or secrets.token_urlsafe(50),
        settings_module=settings_module,
        extra=extra_environment,
    )
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "--verbosity", "0"],
        cwd=settings.BASE_DIR,
        env=environment,
        check=True,
    )
    server = Server(
        host="127.0.0.1",
        port=free_port(),
        description=(
            f"gunicorn {workers} gthread workers x {threads} threads, "
            f"{settings_module} (production, DEBUG off, whitenoise "
            "CompressedManifestStaticFilesStorage, no HTML compression)"
        ),
    )
    with gunicorn_process(
        port=server.port,
        environment=environment,
        log=folder / "gunicorn.log",
        workers=workers,
        threads=threads,
    ):
        yield server
