import pytest

from django.core.cache import caches
from django.utils import translation


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploads of a test go to its own folder, so a test can see what was stored."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _empty_caches():
    """Each test starts with empty caches: Wagtail caches renditions by image id,
    and ids come round again once a test's rows are rolled back."""
    yield
    for cache in caches.all():
        cache.clear()


@pytest.fixture(autouse=True)
def _english_outside_requests():
    """Code called directly by a test speaks English; each request still picks its own
    language from its URL. Without this, a test would hear whichever language the
    previous test's last request left active in the thread."""
    translation.activate("en")
    yield
    translation.deactivate()
