"""`check --deploy` warns when production would run tasks inside web requests."""

import pytest

from machinery.checks import IMMEDIATE, check_tasks_backend

DATABASE = "django_tasks_db.DatabaseBackend"


@pytest.mark.parametrize(
    ("debug", "backend", "warned"),
    [(False, IMMEDIATE, True), (False, DATABASE, False), (True, IMMEDIATE, False)],
)
def test_the_immediate_backend_with_debug_off_is_warned_of(settings, debug, backend, warned):
    settings.DEBUG = debug
    settings.TASKS = {"default": {"BACKEND": backend}}

    warnings = check_tasks_backend(None)

    assert [warning.id for warning in warnings] == (["machinery.W001"] if warned else [])


def test_production_queues_tasks_in_the_database_unless_told_otherwise(monkeypatch):
    import importlib

    monkeypatch.setenv("DJANGO_SECRET_KEY", "x" * 50)
    monkeypatch.delenv("TASKS_BACKEND", raising=False)
    import training_site.settings.production as production

    assert importlib.reload(production).TASKS["default"]["BACKEND"] == DATABASE


def test_reading_the_production_settings_leaves_this_process_settings_as_they_were(
    monkeypatch,
):
    """The test above reads production's settings in this process: they once changed the
    base's storages in place, and every page served after it asked for a manifest that a
    test run has not made (Server Error 500)."""
    import importlib

    from django.conf import settings

    monkeypatch.setenv("DJANGO_SECRET_KEY", "x" * 50)
    import training_site.settings.production as production

    importlib.reload(production)

    assert production.STORAGES["staticfiles"]["BACKEND"].endswith("ManifestStaticFilesStorage")
    plain = "django.contrib.staticfiles.storage.StaticFilesStorage"
    assert settings.STORAGES["staticfiles"]["BACKEND"] == plain
    assert importlib.import_module("training_site.settings.base").STORAGES["staticfiles"] == {
        "BACKEND": plain
    }
