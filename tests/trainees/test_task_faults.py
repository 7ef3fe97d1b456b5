"""A roster import or a certificate batch whose worker is killed part-way: run again, it
completes, and leaves each row and each file once.

A kill is simulated by WorkerKilled, which like a real SIGKILL runs none of the task's
`except Exception` handlers (so its record still says it is running); the database
transaction it was in is rolled back, as the server does when the connection drops.
Its page then says it is running until its lease has expired (JOB_LEASE_SECONDS), and
then that it stopped, and where. tests/machinery/test_dead_worker.py kills a real worker.
"""

import time
from types import SimpleNamespace

import pytest

from django.contrib.auth import get_user_model
from django.core.files.storage import FileSystemStorage
from django.urls import reverse

from wagtail.users.models import UserProfile

from machinery import jobs
from machinery.imports.records import ImportStatus, import_get
from tests.trainees.admin_cast import cast, user_in
from tests.training_site.test_storage import half_written_then_disk_full
from trainees import roles, roster, tasks
from trainees.certificate_batches import CertificateRenderer
from trainees.models import Certificate, Enrolment, Household, HouseholdStatusChange, Trainee
from trainees.tasks import (
    BATCH_FOLDER,
    CERTIFICATE_BATCHES,
    BatchStatus,
    certificate_batch_start,
    roster_import_confirm,
    roster_import_start,
)

from .roster_files import make_places, roster_row, roster_text

pytestmark = pytest.mark.django_db


class WorkerKilled(BaseException):
    """The worker process killed (SIGKILL, an out-of-memory kill, a server timeout)."""


def killed(*args, **kwargs):
    raise WorkerKilled


# Roster imports -----------------------------------------------------------------------


@pytest.fixture
def checked_import():
    """A roster of two people, checked and ready to apply: two households, two trainees,
    their status changes, and an enrolment in each of the cohort's two courses."""
    places = make_places()
    coordinator = user_in(roles.COUNTY_COORDINATORS, places.litang)
    import_id = roster_import_start(
        user=coordinator,
        county=places.litang,
        filename="roster.csv",
        text=roster_text([roster_row(1), roster_row(2)]),
    )
    assert import_get(import_id)["status"] == ImportStatus.READY
    return import_id


def roster_rows() -> dict[str, int]:
    return {
        "households": Household.objects.count(),
        "trainees": Trainee.objects.count(),
        "status changes": HouseholdStatusChange.objects.count(),
        "enrolments": Enrolment.objects.count(),
    }


IMPORTED_ONCE = {"households": 2, "trainees": 2, "status changes": 2, "enrolments": 4}


def test_a_roster_import_killed_part_way_writes_nothing_and_its_rerun_imports_it_once(
    checked_import, monkeypatch
):
    before = roster_rows()
    # Households and trainees are written; the worker dies before the enrolments.
    monkeypatch.setattr(roster, "_apply_enrolments", killed)

    roster_import_confirm(import_id=checked_import)

    assert roster_rows() == before
    assert import_get(checked_import)["status"] == ImportStatus.APPLYING
    monkeypatch.undo()
    tasks.roster_apply_task.enqueue(checked_import)

    assert roster_rows() == IMPORTED_ONCE
    assert import_get(checked_import)["status"] == ImportStatus.APPLIED


def test_a_roster_import_killed_after_writing_and_run_again_leaves_no_duplicate(
    checked_import, monkeypatch
):
    # Written and committed; the worker dies before the record says so.
    monkeypatch.setattr(tasks, "record_applied", killed)

    roster_import_confirm(import_id=checked_import)
    assert roster_rows() == IMPORTED_ONCE
    monkeypatch.undo()
    tasks.roster_apply_task.enqueue(checked_import)

    assert roster_rows() == IMPORTED_ONCE
    record = import_get(checked_import)
    assert record["status"] == ImportStatus.APPLIED
    assert record["summary"]["trainees_new"] == 0
    assert record["summary"]["trainees_unchanged"] == 2


def test_an_applied_roster_import_run_again_stays_applied_and_writes_nothing(checked_import):
    roster_import_confirm(import_id=checked_import)
    applied = import_get(checked_import)

    tasks.roster_check_task.enqueue(checked_import)
    tasks.roster_apply_task.enqueue(checked_import)

    assert roster_rows() == IMPORTED_ONCE
    assert import_get(checked_import) == applied  # not "expired", nor ready again


def seconds_later(monkeypatch, seconds: int) -> None:
    """The clock the job records read, `seconds` from now."""
    later = time.time() + seconds
    monkeypatch.setattr(jobs, "time", SimpleNamespace(time=lambda: later))


@pytest.mark.parametrize(("seconds", "stalled"), [(29, False), (31, True)])
def test_a_roster_import_whose_worker_was_killed_outright_says_so_once_its_lease_expired(
    client, checked_import, monkeypatch, settings, seconds, stalled
):
    settings.JOB_LEASE_SECONDS = 30
    monkeypatch.setattr(roster, "_apply_enrolments", killed)
    roster_import_confirm(import_id=checked_import)
    monkeypatch.undo()
    client.force_login(get_user_model().objects.get(pk=import_get(checked_import)["started_by"]))
    seconds_later(monkeypatch, seconds)

    html = client.get(reverse("roster_import:detail", args=[checked_import])).content.decode()

    assert ("正在导入…" in html) is not stalled
    # In the language it was started in (English, outside a request): as a worker says it.
    assert (
        "The server stopped while importing this file. An import is written whole or not "
        "at all, so nothing of it was written." in html
    ) is stalled
    assert ('http-equiv="refresh"' in html) is not stalled
    assert roster_rows() == {"households": 0, "trainees": 0, "status changes": 0, "enrolments": 0}


# Certificate batches ------------------------------------------------------------------


@pytest.fixture
def people():
    return cast()


def stored_files(folder) -> list[str]:
    batches = folder / BATCH_FOLDER
    return sorted(path.name for path in batches.iterdir()) if batches.exists() else []


def test_a_batch_killed_while_drawing_keeps_no_file_and_its_rerun_makes_one(
    people, private_storage, monkeypatch
):
    rendered = []
    render = CertificateRenderer.render

    def dies_at_the_second(self, content, *, language=None):
        if rendered:
            raise WorkerKilled
        rendered.append(content.number)
        return render(self, content, language=language)

    monkeypatch.setattr(CertificateRenderer, "render", dies_at_the_second)
    batch_id = certificate_batch_start(
        user=people.manager, certificates=Certificate.objects.all(), filters=[], query=""
    )

    assert CERTIFICATE_BATCHES.get(batch_id)["status"] == BatchStatus.RENDERING
    assert stored_files(private_storage) == []
    monkeypatch.undo()
    tasks.certificate_batch_task.enqueue(batch_id)

    record = CERTIFICATE_BATCHES.get(batch_id)
    assert record["status"] == BatchStatus.READY
    assert record["count"] == 2
    assert stored_files(private_storage) == [f"{batch_id}.zip"]


def test_a_batch_killed_after_storing_its_file_and_run_again_keeps_one_file(
    people, private_storage, monkeypatch
):
    # The ZIP is stored; the worker dies before the record says it is ready.
    monkeypatch.setattr(tasks.CERTIFICATE_BATCHES, "update", killed)
    first = certificate_batch_start(
        user=people.manager, certificates=Certificate.objects.all(), filters=[], query=""
    )
    assert CERTIFICATE_BATCHES.get(first)["status"] == BatchStatus.RENDERING
    assert stored_files(private_storage) == [f"{first}.zip"]
    monkeypatch.undo()

    tasks.certificate_batch_task.enqueue(first)

    record = CERTIFICATE_BATCHES.get(first)
    assert record["status"] == BatchStatus.READY
    assert stored_files(private_storage) == [f"{first}.zip"]
    assert record["size"] == (private_storage / record["file_name"]).stat().st_size


# A full disk ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("zh-hans", "服务器已没有空间存放 ZIP 文件，因此没有保存。请告知工程管理员，然后再试。"),
        (
            "en",
            "The server has no room left to keep the ZIP file, so none was kept. "
            "Please tell the programme&#x27;s administrator, then try again.",
        ),
    ],
)
def test_a_batch_on_a_full_disk_says_so_and_keeps_no_part_of_the_file(
    client, people, private_storage, monkeypatch, language, message
):
    profile = UserProfile.get_for_user(people.manager)
    profile.preferred_language = language
    profile.save()
    client.force_login(people.manager)
    monkeypatch.setattr(FileSystemStorage, "_save", half_written_then_disk_full)

    started = client.post(reverse("certificate:batch_start"))
    page = client.get(started["Location"])

    assert message in page.content.decode()
    assert stored_files(private_storage) == []
    monkeypatch.undo()
    again = client.post(reverse("certificate:batch_start"), follow=True)  # its "Try again"
    assert again.status_code == 200
    assert len(stored_files(private_storage)) == 1


@pytest.mark.parametrize(("seconds", "stalled"), [(29, False), (31, True)])
def test_a_batch_whose_worker_was_killed_outright_says_so_once_its_lease_expired(
    client, people, private_storage, monkeypatch, settings, seconds, stalled
):
    settings.JOB_LEASE_SECONDS = 30
    monkeypatch.setattr(CertificateRenderer, "render", killed)
    client.force_login(people.manager)
    started = client.post(reverse("certificate:batch_start"))
    monkeypatch.undo()
    seconds_later(monkeypatch, seconds)

    html = client.get(started["Location"]).content.decode()

    assert ("正在生成证书…" in html) is not stalled
    assert (
        "服务器在生成 ZIP 文件时停止了，当时已完成 0 张证书（共 2 张）。请重试。" in html
    ) is stalled
    assert stored_files(private_storage) == []
