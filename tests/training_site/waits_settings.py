"""The test settings with the views of tests/training_site/waits_urls.py, for the site under
gunicorn in tests/training_site/test_database_waits.py."""

from training_site.settings.test import *  # noqa: F403

ROOT_URLCONF = "tests.training_site.waits_urls"
