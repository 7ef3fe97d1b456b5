"""Production: PostgreSQL from DATABASE_URL, Redis cache, HTTPS only.

Every value comes from the environment; see .env.example and docs/deploy.md.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is not set. Production needs a long random secret key "
        "from the environment; see .env.example."
    )

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Rate limits count per client address: behind this many proxies, allauth reads it from
# X-Forwarded-For (otherwise every client would share the proxy's address and its limits).
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("ALLAUTH_TRUSTED_PROXY_COUNT", "1"))
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "true") == "true"
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# Nothing frames the site; Wagtail's editor preview sets SAMEORIGIN on its own views.
X_FRAME_OPTIONS = "DENY"

# A copy of the base's storages, not the base's own dict changed: a process that imports this
# module beside other settings (a test reading production's) keeps its own storages.
STORAGES = {  # noqa: F405
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    # Media on S3-compatible storage; credentials come from the AWS_* variables.
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}  # noqa: F405
    AWS_S3_FILE_OVERWRITE = False
    AWS_DEFAULT_ACL = None
if os.environ.get("PRIVATE_STORAGE_BUCKET_NAME"):
    # Certificate batches in a bucket of their own that nobody reads publicly; the
    # application streams them to the person who made them.
    STORAGES["private"] = {  # noqa: F405
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["PRIVATE_STORAGE_BUCKET_NAME"],
            "default_acl": "private",
            "file_overwrite": False,
        },
    }

# Imports and certificate batches wait in the database for `python manage.py db_worker`
# (docs/deploy.md), never run inside a web request; `check --deploy` warns
# (machinery.W001) if TASKS_BACKEND names the immediate backend.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND") or "django_tasks_db.DatabaseBackend",
    }
}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "eagle@localhost")
