"""The site under gunicorn on 127.0.0.1, with production settings and the throwaway database."""

import http.client
import json
import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
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


def _wait_until_up(server: Server, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn stopped at start-up; see {log}")
        try:
            connection = http.client.HTTPConnection(server.host, server.port, timeout=2)
            connection.request("GET", "/health/")
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer in {STARTUP_SECONDS} s; see {log}")


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
    """Collect the static files, start gunicorn, and stop it (by its own pid) afterwards.
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
    log = folder / "gunicorn.log"
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
                f"{server.host}:{server.port}",
                "--workers",
                str(workers),
                "--threads",
                str(threads),
            ],  # fmt: skip
            cwd=settings.BASE_DIR,
            env=environment,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
        try:
            _wait_until_up(server, process, log)
            yield server
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
