"""A real `db_worker` killed with SIGKILL in the middle of an import: the job is reported
failed once its lease expires, by the worker started in its place (as systemd does) and on
the page its starter watches, and the task's row says failed too.

The worker is another process, so it needs the test's database: PostgreSQL (the SQLite test
database lives in this process's memory). `manage.py drill_dead_task` does the same with
the production lease, on either database.
"""

import time
from pathlib import Path

import pytest
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from django.db import connection
from django.urls import reverse
from django.utils import translation

from benchmarks.management.commands.benchmark_roster import build_places, roster_file
from benchmarks.worker import kill_outright, shared_cache, stop, wait_for, worker_start
from machinery.imports.records import IMPORTS, ImportStatus
from tests.trainees.admin_cast import user_in
from trainees import roles
from trainees.models import County
from trainees.tasks import roster_import_start

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LEASE = {"JOB_HEARTBEAT_SECONDS": 0.5, "JOB_LEASE_SECONDS": 3, "JOB_SWEEP_SECONDS": 0.5}


@pytest.fixture
def shared(settings, tmp_path: Path) -> Path:
    """Tasks queued in the test's database, a cache the worker shares, and a short lease."""
    if connection.vendor != "postgresql":
        pytest.skip("a worker in another process needs PostgreSQL (DATABASE_URL)")
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.CACHES = shared_cache(tmp_path)
    for name, value in LEASE.items():
        setattr(settings, name, value)
    return tmp_path


def test_a_worker_killed_mid_import_is_reported_within_its_lease(client, shared):
    county = County.objects.get(code="513334")
    text = roster_file(rows=20_000, county=county, cohort_name=build_places(county))
    coordinator = user_in(roles.COUNTY_COORDINATORS, county)
    with translation.override("zh-hans"):
        import_id = roster_import_start(
            user=coordinator, county=county, filename="roster.csv", text=text
        )
    database = dict(connection.settings_dict)
    worker = worker_start(database=database, folder=shared, lease=LEASE, log_name="1.log")
    replacement = None
    try:
        wait_for(lambda: IMPORTS.progress(import_id)[0] > 0, seconds=120, what="checking")
        kill_outright(worker)
        killed = time.monotonic()
        # Still "checking" until the lease expires: nobody can tell yet.
        assert IMPORTS.get(import_id)["status"] == ImportStatus.CHECKING
        replacement = worker_start(database=database, folder=shared, lease=LEASE, log_name="2.log")
        reported = wait_for(
            lambda: IMPORTS.get(import_id)["status"] == ImportStatus.FAILED,
            seconds=60,
            what="reported failed",
        )
    finally:
        stop(worker)
        if replacement is not None:
            stop(replacement)

    # The lease (3 s) counts from the last heartbeat, up to 0.5 s before the kill; then a
    # sweep (every 0.5 s), and the replacement's start-up.
    earliest = LEASE["JOB_LEASE_SECONDS"] - LEASE["JOB_HEARTBEAT_SECONDS"]
    assert earliest <= reported - killed < 30
    task_row = DBTaskResult.objects.get(args_kwargs__args=[import_id])
    assert task_row.status == TaskResultStatus.FAILED
    assert task_row.exception_class_path == "machinery.jobs.WorkerStopped"
    client.force_login(coordinator)
    notice = client.get(reverse("wagtailadmin_home")).content.decode()
    page = client.get(reverse("roster_import:detail", args=[import_id])).content.decode()
    for html in (notice, page):
        assert "服务器在检查此文件时停止了，当时已检查" in html
        assert "没有写入任何数据。请重新上传。" in html
    assert 'http-equiv="refresh"' not in page


def test_the_page_alone_reports_a_killed_worker_once_the_lease_expired(client, shared):
    """No worker left to sweep: the page its starter keeps open says so by itself."""
    county = County.objects.get(code="513334")
    text = roster_file(rows=20_000, county=county, cohort_name=build_places(county))
    coordinator = user_in(roles.COUNTY_COORDINATORS, county)
    import_id = roster_import_start(
        user=coordinator, county=county, filename="roster.csv", text=text
    )
    worker = worker_start(
        database=dict(connection.settings_dict), folder=shared, lease=LEASE, log_name="1.log"
    )
    try:
        wait_for(lambda: IMPORTS.progress(import_id)[0] > 0, seconds=120, what="checking")
        kill_outright(worker)
    finally:
        stop(worker)
    killed = time.monotonic()
    client.force_login(coordinator)
    page = reverse("roster_import:detail", args=[import_id])

    reported = wait_for(
        lambda: "导入失败" in client.get(page).content.decode(), seconds=20, what="the page"
    )

    assert LEASE["JOB_LEASE_SECONDS"] - 0.5 <= reported - killed <= LEASE["JOB_LEASE_SECONDS"] + 2
