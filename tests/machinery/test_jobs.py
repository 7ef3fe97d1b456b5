"""The record of a background job: who started it, in which language, its progress, and
its lease: a job whose worker stopped is reported failed (tests/machinery/test_dead_worker.py
kills a real worker)."""

import datetime
import threading
import time
from types import SimpleNamespace

import pytest
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from machinery import jobs
from machinery.jobs import JobRecords, dead_jobs_sweep, notices_take
from tests.outages import closed_port
from trainees.factories import UserFactory
from training_site import cache as resilient_cache

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


# The lease of a running job, and the sweep of jobs whose worker stopped ------------------

LEASED = JobRecords(
    "test-leased-job",
    timeout=60,
    running=frozenset({"running"}),
    stopped_message=lambda record, done, total: (
        _("Stopped at %(done)s of %(total)s.") % {"done": done, "total": total}
    ),
)
BEATS: list[float] = []


@LEASED.task
def leased_job(job_id: str) -> None:
    """Works for 0.3 s, noting how old its lease is every 0.05 s."""
    for _step in range(6):
        BEATS.append(LEASED.lease_age(job_id))
        time.sleep(0.05)


@pytest.fixture
def short_lease(settings):
    settings.JOB_HEARTBEAT_SECONDS = 0.02
    settings.JOB_LEASE_SECONDS = 30


def seconds_later(monkeypatch, seconds: float) -> None:
    moment = time.time() + seconds
    monkeypatch.setattr(jobs, "time", SimpleNamespace(time=lambda: moment))


def running_job(user, *, lease_age: float | None, status="running", language="bo") -> str:
    """A job of `user` whose task last wrote its lease `lease_age` seconds ago (None: never)."""
    with translation.override(language):
        job_id = LEASED.create(user=user, status=status, message="")["id"]
    LEASED.progress_setter(job_id)(120, 500)
    if lease_age is not None:
        cache.set(LEASED.key(job_id, "lease"), time.time() - lease_age)
    return job_id


def test_a_running_task_keeps_its_lease_fresh_through_a_long_step(short_lease):
    BEATS.clear()
    job_id = LEASED.create(user=UserFactory(), status="running")["id"]

    LEASED.enqueue(job_id, leased_job)

    assert len(BEATS) == 6
    assert max(BEATS) < 0.15  # written every 0.02 s by its thread while the step sleeps
    assert not any(thread.name.startswith("lease ") for thread in threading.enumerate())


@pytest.mark.parametrize(("age", "stopped"), [(None, False), (29, False), (31, True)])
def test_the_starter_sees_a_job_failed_once_its_lease_expired_in_their_language(
    settings, age, stopped
):
    settings.JOB_LEASE_SECONDS = 30
    user = UserFactory()
    job_id = running_job(user, lease_age=age)

    record = LEASED.get_own(job_id, user)

    assert record["status"] == ("failed" if stopped else "running")
    # No Tibetan for the test's own string: the point is which language was asked for.
    assert record["message"] == ("Stopped at 120 of 500." if stopped else "")


def test_a_finished_job_with_an_old_lease_is_left_as_it_is(settings):
    settings.JOB_LEASE_SECONDS = 30
    user = UserFactory()
    job_id = running_job(user, lease_age=3600, status="ready")

    assert LEASED.get_own(job_id, user)["status"] == "ready"
    assert notices_take(user.pk) == []


def task_row(job_id: str, *, started_seconds_ago: float, path=None, status=None) -> DBTaskResult:
    """The row django_tasks_db's worker keeps for a task it claimed."""
    return DBTaskResult.objects.create(
        task_path=path or leased_job.module_path,
        args_kwargs={"args": [job_id], "kwargs": {}},
        backend_name="default",
        run_after=timezone.now(),
        status=status or TaskResultStatus.RUNNING,
        started_at=timezone.now() - datetime.timedelta(seconds=started_seconds_ago),
        worker_ids=["worker-1"],
    )


@pytest.mark.parametrize(
    ("lease_age", "started_seconds_ago", "stopped"),
    [
        (31, 600, True),  # its worker stopped beating
        (None, 31, True),  # claimed, then killed before its first beat
        (29, 600, False),  # alive
        (None, 29, False),  # only just claimed
    ],
)
def test_the_sweep_fails_a_task_and_its_job_once_the_lease_expired(
    settings, lease_age, started_seconds_ago, stopped
):
    settings.JOB_LEASE_SECONDS = 30
    user = UserFactory()
    job_id = running_job(user, lease_age=lease_age, language="en")
    row = task_row(job_id, started_seconds_ago=started_seconds_ago)

    assert dead_jobs_sweep() == int(stopped)

    row.refresh_from_db()
    record = LEASED.get(job_id)
    if stopped:
        assert row.status == TaskResultStatus.FAILED
        assert row.exception_class_path == "machinery.jobs.WorkerStopped"
        assert "worker-1" in row.traceback
        assert record["status"] == "failed"
        assert record["message"] == "Stopped at 120 of 500."
    else:
        assert row.status == TaskResultStatus.RUNNING
        assert record["status"] == "running"


def test_the_sweep_leaves_finished_tasks_other_tasks_and_finished_jobs(settings):
    settings.JOB_LEASE_SECONDS = 30
    user = UserFactory()
    succeeded = task_row(
        running_job(user, lease_age=3600),
        started_seconds_ago=3600,
        status=TaskResultStatus.SUCCESSFUL,
    )
    not_a_job = task_row(
        "not-a-job", started_seconds_ago=3600, path="trainees.tasks.certificate_batches_clean"
    )
    finished_job = running_job(user, lease_age=3600, status="ready")
    task_row(finished_job, started_seconds_ago=3600)

    assert dead_jobs_sweep() == 1  # the last task's row: its job had finished already

    succeeded.refresh_from_db()
    not_a_job.refresh_from_db()
    assert succeeded.status == TaskResultStatus.SUCCESSFUL
    assert not_a_job.status == TaskResultStatus.RUNNING
    assert LEASED.get(finished_job)["status"] == "ready"
    assert notices_take(user.pk) == []


def test_a_queued_job_loses_the_lease_of_its_previous_task(settings):
    settings.JOB_LEASE_SECONDS = 30
    user = UserFactory()
    job_id = running_job(user, lease_age=3600)  # its check finished an hour ago
    waiting_for_a_worker = SimpleNamespace(enqueue=lambda job_id: None)

    LEASED.enqueue(job_id, waiting_for_a_worker)

    assert LEASED.get_own(job_id, user)["status"] == "running"


def test_the_starter_who_left_the_page_is_told_on_their_next_admin_page_once(client, settings):
    settings.JOB_LEASE_SECONDS = 30
    user = UserFactory(is_superuser=True)
    job_id = running_job(user, lease_age=60, language="en")
    task_row(job_id, started_seconds_ago=60)
    dead_jobs_sweep()
    client.force_login(user)

    first = client.get(reverse("wagtailadmin_home")).content.decode()
    second = client.get(reverse("wagtailadmin_home")).content.decode()

    assert "Stopped at 120 of 500." in first
    assert "Stopped at 120 of 500." not in second


def test_the_notice_goes_once_the_starter_has_seen_the_failed_job(settings):
    settings.JOB_LEASE_SECONDS = 30
    user, someone_else = UserFactory(), UserFactory()
    job_id = running_job(user, lease_age=60)
    task_row(job_id, started_seconds_ago=60)
    dead_jobs_sweep()

    assert LEASED.get_own(job_id, someone_else) is None
    assert LEASED.get_own(job_id, user)["status"] == "failed"
    assert notices_take(user.pk) == []


def test_the_sweep_fails_nothing_while_the_cache_holding_the_leases_is_away(settings, caplog):
    settings.JOB_LEASE_SECONDS = 30
    user = UserFactory()
    job_id = running_job(user, lease_age=5, language="en")
    row = task_row(job_id, started_seconds_ago=600)
    settings.CACHES = {
        "default": {
            "BACKEND": "training_site.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
        }
    }

    try:
        assert dead_jobs_sweep() == 0
    finally:
        resilient_cache._left_alone_until.clear()

    row.refresh_from_db()
    assert row.status == TaskResultStatus.RUNNING
    assert "cache, which holds their leases, is away" in caplog.text
