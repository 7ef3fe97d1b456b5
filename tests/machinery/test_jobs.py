"""The record of a background job: who started it, in which language, and its progress."""

import pytest

from django.utils import translation

from machinery.jobs import JobRecords
from trainees.factories import UserFactory

pytestmark = pytest.mark.django_db

JOBS = JobRecords("test-job", timeout=60)


def test_a_job_is_recorded_with_its_starter_and_language():
    user = UserFactory()

    with translation.override("bo"):
        record = JOBS.create(user=user, status="running")

    assert JOBS.get(record["id"]) == {
        "id": record["id"],
        "started_by": user.pk,
        "language": "bo",
        "status": "running",
    }


def test_only_the_starter_gets_their_job():
    starter, someone_else = UserFactory(), UserFactory()
    record = JOBS.create(user=starter)

    assert JOBS.get_own(record["id"], starter) == record
    assert JOBS.get_own(record["id"], someone_else) is None
    assert JOBS.get_own("0" * 32, starter) is None


def test_progress_starts_at_nothing_and_follows_the_task():
    record = JOBS.create(user=UserFactory())
    progress = JOBS.progress_setter(record["id"])

    assert JOBS.progress(record["id"]) == (0, 0)
    progress(3, 10)
    assert JOBS.progress(record["id"]) == (3, 10)


def test_an_update_changes_only_what_it_names():
    record = JOBS.create(user=UserFactory(), status="running", message="")

    JOBS.update(record["id"], status="done")

    assert JOBS.get(record["id"]) == {**record, "status": "done"}
