"""Certificate batches: the ZIP service, the background task, its failure and its expiry."""

import datetime
import io
import os
import re
import zipfile

import pytest

from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.trainees.admin_cast import cast
from tests.trainees.test_certificate_pdf import pdf_text
from trainees import certificate_batches, tasks
from trainees.certificate_batches import (
    BatchSelection,
    certificate_batch_selection,
    certificate_batch_zip,
)
from trainees.factories import CertificateFactory, EnrolmentFactory
from trainees.models import Certificate
from trainees.tasks import (
    BATCH_FOLDER,
    CERTIFICATE_BATCHES,
    BatchStatus,
    certificate_batch_start,
    certificate_batches_clean,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return cast()


def revoke(certificate: Certificate, by) -> None:
    certificate.revoked_at = timezone.now()
    certificate.revoked_by = by
    certificate.revoke_reason = "考试作弊"
    certificate.save()


def zip_names(data: bytes) -> list[str]:
    return sorted(zipfile.ZipFile(io.BytesIO(data)).namelist())


def stored_zip(folder, record) -> zipfile.ZipFile:
    return zipfile.ZipFile(folder / record["file_name"])


def certificate_in(county, **kwargs) -> Certificate:
    return CertificateFactory(enrolment=EnrolmentFactory(trainee__county=county), **kwargs)


# The service ------------------------------------------------------------------------


def test_the_zip_holds_one_pdf_per_valid_certificate_named_by_its_number(people):
    here, there = people.records["certificate"]
    revoked = certificate_in(people.county)
    revoke(revoked, people.manager)
    target = io.BytesIO()
    calls = []

    count = certificate_batch_zip(
        certificates=Certificate.objects.all(),
        target=target,
        language="zh-hans",
        progress=lambda done, total: calls.append((done, total)),
    )

    assert count == 2
    archive = zipfile.ZipFile(target)
    assert sorted(archive.namelist()) == sorted([f"{here.number}.pdf", f"{there.number}.pdf"])
    for certificate in (here, there):
        text = re.sub(r"\s", "", pdf_text(archive.read(f"{certificate.number}.pdf")))
        assert certificate.number in text
        assert certificate.enrolment.trainee.name in text
        assert certificate.enrolment.course.title in text
    assert calls == [(0, 2), (1, 2), (2, 2)]


def test_the_selection_counts_valid_and_revoked_certificates(people):
    here, _ = people.records["certificate"]
    revoke(here, people.manager)

    assert certificate_batch_selection(Certificate.objects.all()) == BatchSelection(
        valid=1, revoked=1
    )


@pytest.mark.parametrize(
    ("valid", "revoked", "problem"),
    [
        (1, 0, ""),
        (0, 0, "These filters select no certificate; there is nothing to download."),
        (
            0,
            3,
            "These filters select 3 certificates, all revoked; there is nothing to download.",
        ),
        (2000, 5, ""),
        (
            2001,
            0,
            "These filters select 2,001 certificates; one ZIP file holds at most 2,000. "
            "Narrow them down, for example to one course, cohort or county.",
        ),
    ],
)
def test_a_selection_of_none_or_too_many_certificates_says_why(valid, revoked, problem):
    assert BatchSelection(valid=valid, revoked=revoked).problem == problem


# The task -----------------------------------------------------------------------------


def test_a_batch_renders_in_the_background_and_keeps_its_zip_in_the_private_storage(
    people, private_storage
):
    here, there = people.records["certificate"]

    batch_id = certificate_batch_start(
        user=people.manager, certificates=Certificate.objects.all(), filters=[], query=""
    )

    record = CERTIFICATE_BATCHES.get(batch_id)
    assert record["status"] == BatchStatus.READY
    assert record["count"] == 2
    assert CERTIFICATE_BATCHES.progress(batch_id) == (2, 2)
    assert record["file_name"] == f"{BATCH_FOLDER}/{batch_id}.zip"
    assert sorted(stored_zip(private_storage, record).namelist()) == sorted(
        [f"{here.number}.pdf", f"{there.number}.pdf"]
    )
    assert record["size"] == (private_storage / record["file_name"]).stat().st_size


def test_a_coordinators_batch_holds_only_their_countys_certificates(people, private_storage):
    here, _there = people.records["certificate"]

    batch_id = certificate_batch_start(
        user=people.coordinator, certificates=Certificate.objects.all(), filters=[], query=""
    )

    record = CERTIFICATE_BATCHES.get(batch_id)
    assert stored_zip(private_storage, record).namelist() == [f"{here.number}.pdf"]
    assert record["county_id"] == people.county.pk


def test_a_certificate_moved_out_of_the_coordinators_county_after_the_start_is_left_out(
    people, private_storage, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    here, _there = people.records["certificate"]
    batch_id = certificate_batch_start(
        user=people.coordinator, certificates=Certificate.objects.all(), filters=[], query=""
    )
    here.enrolment.trainee.county = people.other_county
    here.enrolment.trainee.save()

    tasks.certificate_batch_task.call(batch_id)

    assert stored_zip(private_storage, CERTIFICATE_BATCHES.get(batch_id)).namelist() == []


def test_someone_who_sees_no_certificates_starts_nothing(people, private_storage):
    with pytest.raises(ValidationError, match="select no certificate"):
        certificate_batch_start(
            user=people.instructor, certificates=Certificate.objects.all(), filters=[], query=""
        )

    assert not private_storage.exists()


def test_too_many_certificates_start_nothing(people, private_storage, monkeypatch):
    monkeypatch.setattr(certificate_batches, "MAX_CERTIFICATES", 1)

    with pytest.raises(ValidationError, match="one ZIP file holds at most 1"):
        certificate_batch_start(
            user=people.manager, certificates=Certificate.objects.all(), filters=[], query=""
        )

    assert not private_storage.exists()


def test_a_batch_that_fails_says_so_keeps_no_file_and_can_be_tried_again(
    people, private_storage, monkeypatch
):
    def broken(self, content, *, language=None):
        raise RuntimeError("Pango went away")

    with monkeypatch.context() as patch:
        patch.setattr("trainees.certificate_batches.CertificateRenderer.render", broken)
        batch_id = certificate_batch_start(
            user=people.manager, certificates=Certificate.objects.all(), filters=[], query=""
        )

    record = CERTIFICATE_BATCHES.get(batch_id)
    assert record["status"] == BatchStatus.FAILED
    assert record["message"] == (
        "The certificates could not be put in a ZIP file. Please try again."
    )
    assert not (private_storage / BATCH_FOLDER).exists() or not any(
        (private_storage / BATCH_FOLDER).iterdir()
    )

    again = certificate_batch_start(
        user=people.manager, certificates=Certificate.objects.all(), filters=[], query=""
    )
    assert CERTIFICATE_BATCHES.get(again)["status"] == BatchStatus.READY


def test_an_expired_batch_renders_nothing(people, private_storage):
    tasks.certificate_batch_task.call("0" * 32)

    assert not private_storage.exists()


def test_the_task_reads_the_database_in_as_many_queries_for_5_certificates_as_for_2(
    people, private_storage, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}

    def task_queries() -> int:
        batch_id = certificate_batch_start(
            user=people.manager, certificates=Certificate.objects.all(), filters=[], query=""
        )
        with CaptureQueriesContext(connection) as queries:
            tasks.certificate_batch_task.call(batch_id)
        assert CERTIFICATE_BATCHES.get(batch_id)["status"] == BatchStatus.READY
        return len(queries)

    two = task_queries()
    for _ in range(3):
        certificate_in(people.county)
    assert task_queries() == two


def test_zip_files_older_than_a_day_are_deleted_when_a_batch_starts(people, private_storage):
    folder = private_storage / BATCH_FOLDER
    folder.mkdir(parents=True)
    old, recent = folder / "old.zip", folder / "recent.zip"
    old.write_bytes(b"PK")
    recent.write_bytes(b"PK")
    two_days_ago = (timezone.now() - datetime.timedelta(days=2)).timestamp()
    os.utime(old, (two_days_ago, two_days_ago))

    certificate_batch_start(
        user=people.manager, certificates=Certificate.objects.all(), filters=[], query=""
    )

    assert not old.exists()
    assert recent.exists()
    assert len(list(folder.iterdir())) == 2  # the recent one and the new batch's


def test_cleaning_an_empty_storage_deletes_nothing(private_storage):
    assert certificate_batches_clean() == 0
