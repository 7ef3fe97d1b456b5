import importlib

import pytest

from django.conf import settings as django_settings
from django.core.cache import caches
from django.urls import clear_url_caches
from django.utils import translation

from tests.video_files import ffmpeg, test_video_bytes  # noqa: F401 - fixtures of video tests


def pytest_collection_modifyitems(items):
    """A transactional test must restore the migrated data (serialized_rollback): the flush
    after one that does not makes content types anew with new ids, which Django's content
    type cache and the next serialized test's restore would then collide with."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        kwargs = marker.kwargs if marker else {}
        fixtures = getattr(item, "fixturenames", ())
        transactional = kwargs.get("transaction") or {"live_server", "transactional_db"} & set(
            fixtures
        )
        if transactional and not kwargs.get("serialized_rollback"):
            raise pytest.UsageError(
                f"{item.nodeid}: use django_db(transaction=True, serialized_rollback=True)"
            )


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploads of a test go to its own folder, so a test can see what was stored."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    """The "private" storage (certificate batches) of a test is a folder of its own too."""
    folder = tmp_path / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "training_site.storage.CleanFileSystemStorage",
            "OPTIONS": {"location": folder},
        },
    }
    return folder


@pytest.fixture
def development_urls(settings):
    """The URL conf as `runserver` has it (DEBUG: the media served)."""
    settings.DEBUG = True
    _reload_urls()
    yield
    settings.DEBUG = False
    _reload_urls()


def _reload_urls():
    importlib.reload(importlib.import_module(django_settings.ROOT_URLCONF))
    clear_url_caches()


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
