"""The record of an import and the task runner, with a tiny import of words
(fake_import.py); the test settings run tasks at once."""

import time
from types import SimpleNamespace

import pytest

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.utils import translation

from machinery import jobs
from machinery.imports import records
from machinery.imports.errors import ImportFileError
from machinery.imports.records import (
    IMPORTS,
    ImportStatus,
    file_key,
    import_get,
    import_get_own,
    import_progress,
    import_start,
)
from machinery.imports.runner import import_run

from . import fake_import
from .fake_import import KIND, LOADED, WORDS, words_check_task, words_import_confirm

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh():
    cache.clear()
    WORDS.clear()
    LOADED.clear()


@pytest.fixture
def user():
    return get_user_model().objects.create_user(username="starter", password="x")


def start(user, text: str, *, county_id=None) -> str:
    return import_start(
        user=user,
        kind=KIND,
        county_id=county_id,
        filename="words.csv",
        text=text,
        check_task=words_check_task,
    )


def test_a_clean_file_is_checked_and_ready_with_its_summary(user):
    import_id = start(user, "word,count\r\nyak,2\r\n", county_id=7)

    record = import_get(import_id)
    assert record["status"] == ImportStatus.READY
    assert record["summary"] == {"rows": 1}
    assert (record["kind"], record["county_id"], record["filename"]) == (KIND, 7, "words.csv")
    assert import_progress(import_id) == (1, 1)
    # What the work needs is loaded by the app's callable, from the record.
    assert [f"loaded for {user.pk}"] == LOADED


def test_row_errors_make_it_invalid_and_only_the_first_are_kept(user, monkeypatch):
    monkeypatch.setattr(records, "MAX_ERRORS_KEPT", 2)
    import_id = start(user, "word,数量\r\na,x\r\nb,y\r\nc,z\r\n")

    record = import_get(import_id)
    assert record["status"] == ImportStatus.INVALID
    assert record["error_count"] == 3
    assert record["errors"] == [
        {"row": 2, "column": "数量", "message": "Not a number."},
        {"row": 3, "column": "数量", "message": "Not a number."},
    ]


def test_a_file_error_makes_it_invalid_with_its_message(user):
    import_id = start(user, "word\r\nyak\r\n")

    record = import_get(import_id)
    assert record["status"] == ImportStatus.INVALID
    assert "lacks these columns: 数量" in record["message"]


def test_confirmed_it_is_applied_and_its_file_goes(user):
    import_id = start(user, "word,count\r\nyak,2\r\n")

    assert words_import_confirm(import_id=import_id) is True

    assert import_get(import_id)["status"] == ImportStatus.APPLIED
    assert WORDS == {"yak": 2}
    assert cache.get(file_key(import_id)) is None
    # Not twice.
    assert words_import_confirm(import_id=import_id) is False
    assert WORDS == {"yak": 2}


def test_an_import_of_another_kind_or_not_ready_is_not_confirmed(user):
    invalid = start(user, "word,count\r\nyak,many\r\n")
    other = IMPORTS.create(user=user, kind="other", status=ImportStatus.READY)

    assert words_import_confirm(import_id=invalid) is False
    assert words_import_confirm(import_id=other["id"]) is False
    assert words_import_confirm(import_id="0" * 32) is False


def test_only_the_starter_gets_their_import(user):
    import_id = start(user, "word,count\r\nyak,2\r\n")
    someone_else = get_user_model().objects.create_user(username="other", password="x")

    assert import_get_own(import_id, user)["id"] == import_id
    assert import_get_own(import_id, someone_else) is None


def seconds_later(monkeypatch, seconds: float) -> None:
    moment = time.time() + seconds
    monkeypatch.setattr(jobs, "time", SimpleNamespace(time=lambda: moment))


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (
            ImportStatus.CHECKING,
            "The server stopped while checking this file, after 1,200 of 5,000 rows; nothing "
            "was written. Upload it again.",
        ),
        (
            ImportStatus.APPLYING,
            "The server stopped while importing this file. An import is written whole or not "
            "at all, so nothing of it was written. Upload it again: rows already imported "
            "are not added twice.",
        ),
    ],
)
@pytest.mark.parametrize(("seconds", "stopped"), [(29, False), (31, True)])
def test_a_running_import_whose_lease_expired_has_failed_and_says_where(
    user, monkeypatch, settings, status, message, seconds, stopped
):
    settings.JOB_LEASE_SECONDS = 30
    record = IMPORTS.create(user=user, kind=KIND, status=status, message="")
    with IMPORTS.lease(record["id"]):
        IMPORTS.progress_setter(record["id"])(1200, 5000)
    seconds_later(monkeypatch, seconds)

    with translation.override("en"):
        record = import_get_own(record["id"], user)

    assert (record["status"] == ImportStatus.FAILED) is stopped
    assert record["message"] == (message if stopped else "")


def test_an_expired_file_fails_the_import_and_an_expired_record_is_left_alone(user):
    record = IMPORTS.create(user=user, kind=KIND, status=ImportStatus.CHECKING, language="en")

    import_run(record["id"], load=fake_import.loaded, work=None)
    import_run("0" * 32, load=fake_import.loaded, work=None)

    record = import_get(record["id"])
    assert record["status"] == ImportStatus.FAILED
    assert record["message"] == (
        "The uploaded file has expired; nothing was written. Upload it again."
    )


def test_an_applied_import_run_again_does_nothing(user):
    import_id = start(user, "word,count\r\nyak,2\r\n")
    words_import_confirm(import_id=import_id)
    applied = import_get(import_id)
    cache.set(file_key(import_id), "word,count\r\nyak,2\r\n")

    fake_import.words_apply_task.enqueue(import_id)

    assert import_get(import_id) == applied
    assert WORDS == {"yak": 2}


def test_work_that_raises_fails_the_import_in_the_starters_language_and_raises_again(user):
    with translation.override("en"):
        import_id = start(user, "word,count\r\nyak,2\r\n")

    def broken(record, text, thing, progress):
        assert translation.get_language() == "en"
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        import_run(import_id, load=fake_import.loaded, work=broken)

    record = import_get(import_id)
    assert record["status"] == ImportStatus.FAILED
    assert record["message"] == "The import failed; nothing was written. Please try again."


def test_a_file_error_while_applying_makes_it_invalid(user):
    import_id = start(user, "word,count\r\nyak,2\r\n")

    def refused(record, text, thing, progress):
        raise ImportFileError("Someone changed the rows.")

    import_run(import_id, load=fake_import.loaded, work=refused)

    record = import_get(import_id)
    assert (record["status"], record["message"]) == (
        ImportStatus.INVALID,
        "Someone changed the rows.",
    )
