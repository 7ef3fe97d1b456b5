"""Local development: DEBUG on, SQLite, SMS codes written to the log."""

import os

from .base import *  # noqa: F403

DEBUG = True
# Development only; production reads DJANGO_SECRET_KEY from the environment.
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "dev-only-not-secret-eagle-key")
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# The benchmarks, the load test and the synthetic programme: tools, not shipped.
INSTALLED_APPS = [*INSTALLED_APPS, "benchmarks"]  # noqa: F405
# Certificates are signed with a key made at start-up unless CERTIFICATE_SIGNING_KEYS is set:
# a PDF downloaded before a restart then no longer verifies offline (docs/deploy.md).
CERTIFICATE_EPHEMERAL_SIGNING_KEY = True
