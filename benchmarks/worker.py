"""A task worker (`manage.py db_worker`, production settings) started on a given database,
and killed outright: what drill_dead_task and tests/machinery/test_dead_worker.py do."""

import os
import secrets
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from django.conf import settings

from benchmarks.server import server_environment

CACHE = "django.core.cache.backends.filebased.FileBasedCache"


def shared_cache(folder: Path) -> dict:
    """The cache the command and its worker share: Redis when REDIS_URL names one (as in
    production), otherwise a folder."""
    if os.environ.get("REDIS_URL"):
        return settings.CACHES
    return {"default": {"BACKEND": CACHE, "LOCATION": str(folder / "cache")}}


def worker_start(
    *, database: dict, folder: Path, lease: dict[str, float], log_name: str
) -> subprocess.Popen:
    """`manage.py db_worker` on `database`, with the JOB_* settings of `lease`
    (e.g. {"JOB_LEASE_SECONDS": 30}); its output goes to `folder / log_name`."""
    environment = server_environment(
        database=database, folder=folder, secret_key=secrets.token_urlsafe(50)
    )
    environment.update({name: str(value) for name, value in lease.items()})
    if not os.environ.get("REDIS_URL"):
        environment["EAGLE_BENCHMARK_CACHE_DIR"] = str(folder / "cache")
    with open(folder / log_name, "w") as log:
        return subprocess.Popen(  # noqa: S603 - fixed arguments, no shell
            [sys.executable, "manage.py", "db_worker", "--no-reload", "--interval", "0.2"],
            cwd=settings.BASE_DIR,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )


def wait_for(condition: Callable[[], bool], *, seconds: float, what: str) -> float:
    """Waits until `condition()`; returns when (time.monotonic()), or raises after `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return time.monotonic()
        time.sleep(0.1)
    raise TimeoutError(f"{what}: not after {seconds} s")


def kill_outright(worker: subprocess.Popen) -> None:
    """SIGKILL: no handler, no `finally`, no word to the database or the cache."""
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait(timeout=10)


def stop(worker: subprocess.Popen) -> None:
    if worker.poll() is None:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            kill_outright(worker)
