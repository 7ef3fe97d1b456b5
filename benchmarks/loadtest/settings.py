"""The load test's server: the benchmark's production settings, with every app's static
files collected (the admin pages need Wagtail's)."""

from benchmarks.settings import *  # noqa: F403

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
