"""The test suite: fast hashing, a private cache, tasks run at once.

The cache is local memory, or the Redis of REDIS_URL when it is set (CI runs the
PostgreSQL suite that way, as production shares one Redis). Give the suite a Redis
database of its own: every test empties it. Run in parallel (pytest-xdist, `make test`),
each worker takes the next database after it, so that no worker empties another's cache.
"""

import os
from urllib.parse import urlsplit

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-not-secret-eagle-key"  # noqa: S105 - used only by the test suite
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
# The benchmarks, the load test and the synthetic programme: tools, not shipped.
INSTALLED_APPS = [*INSTALLED_APPS, "benchmarks"]  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
if not os.environ.get("REDIS_URL"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
elif worker := os.environ.get("PYTEST_XDIST_WORKER"):  # gw0, gw1, ...
    redis_url = urlsplit(CACHES["default"]["LOCATION"])  # noqa: F405
    database = int(redis_url.path.strip("/") or 0) + int(worker.removeprefix("gw"))
    CACHES["default"]["LOCATION"] = redis_url._replace(path=f"/{database}").geturl()  # noqa: F405
# The replica is the test database itself (a test mirror); tests that mean to read from
# it set OUTCOMES_READ_DATABASE = "replica" and use the "replica" database too.
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
OUTCOMES_READ_DATABASE = "default"
MEDIA_ROOT = BASE_DIR / "media" / "test"  # noqa: F405
PRIVATE_STORAGE_ROOT = BASE_DIR / "private" / "test"  # noqa: F405
STORAGES["private"]["OPTIONS"]["location"] = PRIVATE_STORAGE_ROOT  # noqa: F405
# Certificates are signed with a key made for the test run (trainees/certificate_signing.py).
CERTIFICATE_EPHEMERAL_SIGNING_KEY = True
