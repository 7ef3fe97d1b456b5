import importlib
import os
import subprocess
import sys

import dj_database_url
import pytest
from pytest_django.plugin import blocking_manager_key

from django.conf import settings as django_settings
from django.core.cache import caches
from django.urls import clear_url_caches
from django.utils import translation

from benchmarks.database import TEMPLATE_VARIABLE
from tests.video_files import ffmpeg, test_video_bytes  # noqa: F401 - fixtures of video tests


def _transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    kwargs = marker.kwargs if marker else {}
    fixtures = getattr(item, "fixturenames", ())
    return bool(kwargs.get("transaction") or {"live_server", "transactional_db"} & set(fixtures))


def pytest_collection_modifyitems(items):
    """A transactional test must restore the migrated data (serialized_rollback): the flush
    after one that does not makes content types anew with new ids, which Django's content
    type cache and the next serialized test's restore would then collide with."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        if _transactional(item) and not (marker and marker.kwargs.get("serialized_rollback")):
            raise pytest.UsageError(
                f"{item.nodeid}: use django_db(transaction=True, serialized_rollback=True)"
            )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a transactional test, the migrated data is put back for the tests after it.

    A transactional test empties the database when it ends; Django puts the migrated data
    back only when the next transactional test starts. One process alone runs every
    transactional test last (pytest-django orders them so), but a worker of several
    (pytest-xdist) runs whichever test file it is given next, and the other tests of that
    file would find no groups, locales or counties."""
    result = yield
    # Without a next test, the session's fixtures are gone too: the test databases with them.
    if nextitem is not None and _transactional(item) and not _transactional(nextitem):
        from django.db import connections

        # Saved raw, a workflow's name is read through its descriptor (courses/workflow_names.py):
        # with no language active, that is the stored msgid.
        with item.config.stash[blocking_manager_key].unblock(), translation.override(None):
            for connection in connections.all():
                contents = getattr(connection, "_test_serialized_contents", None)
                if contents:
                    connection.creation.deserialize_db_from_string(contents)
    return result


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


@pytest.fixture(scope="session")
def migrated_database_template(tmp_path_factory, django_db_blocker):
    """A database migrated once for the session, which the benchmark commands run by tests
    copy instead of migrating their own (benchmarks/database.py): a SQLite file, or a
    PostgreSQL database of this session on the configured server, dropped at its end."""
    configured = os.environ.get("DATABASE_URL", "")
    if configured.startswith("postgres"):
        name = f"eagle_template_{os.getpid()}"
        url = configured.rsplit("/", 1)[0] + f"/{name}"
    else:
        name = str(tmp_path_factory.mktemp("template") / "migrated.sqlite3")
        url = f"sqlite:///{name}"
    postgres = dj_database_url.parse(url)["ENGINE"].endswith("postgresql")
    if postgres:
        with django_db_blocker.unblock():
            _on_the_server(f"CREATE DATABASE {name}")
    environment = {"DJANGO_SETTINGS_MODULE": "training_site.settings.test", "DATABASE_URL": url}
    subprocess.run(  # noqa: S603 - our own manage.py, fixed arguments
        [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"],
        cwd=django_settings.BASE_DIR,
        env={**os.environ, **environment},
        check=True,
        capture_output=True,
    )
    os.environ[TEMPLATE_VARIABLE] = name
    yield name
    del os.environ[TEMPLATE_VARIABLE]
    if postgres:
        with django_db_blocker.unblock():
            _on_the_server(f"DROP DATABASE IF EXISTS {name}")


def _on_the_server(statement):
    from django.db import connection

    with connection._nodb_cursor() as cursor:
        cursor.execute(statement)
