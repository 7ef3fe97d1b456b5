"""Production settings for a server the benchmark starts on 127.0.0.1.

The command passes everything through the environment: the throwaway
database as JSON (EAGLE_BENCHMARK_DATABASE), MEDIA_ROOT, STATIC_ROOT, a
random DJANGO_SECRET_KEY and SECURE_SSL_REDIRECT=false (plain HTTP locally), and
for a task worker (benchmarks/worker.py) the cache's folder when there is no Redis.
"""

import json
import os

from training_site.settings.production import *  # noqa: F403

DEBUG = False
INSTALLED_APPS = [*INSTALLED_APPS, "benchmarks"]  # noqa: F405
# A throwaway server: certificates signed with a key made for each process, as in the
# tests, rather than a key the environment would have to give (trainees.E004).
CERTIFICATE_EPHEMERAL_SIGNING_KEY = True
ALLOWED_HOSTS = ["127.0.0.1"]
DATABASES = {"default": json.loads(os.environ["EAGLE_BENCHMARK_DATABASE"])}
STATIC_ROOT = os.environ["EAGLE_BENCHMARK_STATIC_ROOT"]
# Only the site's own static files: the lesson page uses no admin assets, and
# collecting (and compressing) Wagtail's admin would cost half a minute a run.
STATICFILES_FINDERS = ["django.contrib.staticfiles.finders.FileSystemFinder"]
ROOT_URLCONF = "benchmarks.urls"
# Plain HTTP on 127.0.0.1: a client keeps cookies marked secure for HTTPS only.
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
if os.environ.get("EAGLE_BENCHMARK_CACHE_DIR"):
    # Without Redis: a cache in a folder that a task worker and the command share.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ["EAGLE_BENCHMARK_CACHE_DIR"],
        }
    }
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
