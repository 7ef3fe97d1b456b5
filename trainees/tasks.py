"""Background work of the trainees app: roster imports and certificate batches.

A roster import is kept by machinery.imports (its record and file in the cache, its
statuses, progress and errors); its record says `"kind": "roster"`. These tasks check
and apply it with trainees/roster.py.

A certificate batch has the same kind of record (machinery/jobs.py), holding the
certificates chosen when it was started; its ZIP file goes to the "private" storage,
which nothing serves publicly. Batches expire after BATCH_TIMEOUT: each new batch
deletes the ZIP files of expired ones, so no scheduled job is needed.
"""

import datetime
import tempfile

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from machinery import jobs
from machinery.imports.records import (
    IMPORTS,
    import_confirm,
    import_start,
    record_applied,
    record_checked,
)
from machinery.imports.runner import import_run
from machinery.jobs import JobRecords
from trainees import scoping
from trainees.certificate_batches import (
    batch_certificates,
    certificate_batch_selection,
    certificate_batch_zip,
)
from trainees.models import Certificate, County
from trainees.roster import roster_apply, roster_check
from training_site.storage import is_disk_full, private_storage

ROSTER_KIND = "roster"


def county_of_import(record: dict) -> County | None:
    """The county an import of townships, villages or trainees is for; None: any county."""
    return County.objects.get(pk=record["county_id"]) if record["county_id"] else None


def roster_import_start(
    *, user: AbstractBaseUser, county: County | None, filename: str, text: str
) -> str:
    return import_start(
        user=user,
        kind=ROSTER_KIND,
        county_id=county.pk if county else None,
        filename=filename,
        text=text,
        check_task=roster_check_task,
    )


def roster_import_confirm(*, import_id: str) -> bool:
    return import_confirm(import_id=import_id, kind=ROSTER_KIND, apply_task=roster_apply_task)


@IMPORTS.task
def roster_check_task(import_id: str) -> None:
    def work(record, text, county, progress):
        record_checked(import_id, roster_check(text=text, county=county, progress=progress))

    import_run(import_id, load=county_of_import, work=work)


@IMPORTS.task
def roster_apply_task(import_id: str) -> None:
    def work(record, text, county, progress):
        record_applied(import_id, roster_apply(text=text, county=county, progress=progress))

    import_run(import_id, load=county_of_import, work=work)


# Certificate batches ------------------------------------------------------------------

BATCH_TIMEOUT = 24 * 60 * 60
BATCH_FOLDER = "certificate-batches"


class BatchStatus:
    RENDERING = "rendering"
    READY = "ready"
    FAILED = jobs.FAILED


def batch_stopped_message(record: dict, done: int, total: int) -> str:
    return _(
        "The server stopped while making the ZIP file, after %(done)s of %(total)s "
        "certificates. Please try again."
    ) % {"done": f"{done:,}", "total": f"{total:,}"}


CERTIFICATE_BATCHES = JobRecords(
    "certificate-batch",
    timeout=BATCH_TIMEOUT,
    running=frozenset({BatchStatus.RENDERING}),
    stopped_message=batch_stopped_message,
)


def certificate_batch_start(
    *, user: AbstractBaseUser, certificates: QuerySet, filters: list[tuple[str, str]], query: str
) -> str:
    """Make the ZIP of the valid certificates among `certificates` in the background.

    Only those `user` may see count, whatever `certificates` holds. `filters`
    (label, value) and `query` (the listing's query string) say, on the
    batch's page, what was asked for. Raises ValidationError, starting
    nothing, when that is no certificate or too many. Returns the batch's id.
    """
    certificates = certificates.filter(pk__in=scoping.visible_certificates(user).values("pk"))
    problem = certificate_batch_selection(certificates).problem
    if problem:
        raise ValidationError(problem)
    certificate_ids = list(batch_certificates(certificates).values_list("pk", flat=True))
    now = timezone.now()
    record = CERTIFICATE_BATCHES.create(
        user=user,
        # The county the batch is confined to (None: every county, for a manager).
        county_id=None
        if scoping.is_programme_manager(user)
        else scoping.coordinated_county_id(user),
        status=BatchStatus.RENDERING,
        certificate_ids=certificate_ids,
        filters=filters,
        query=query,
        started_at=now,
        expires_at=now + datetime.timedelta(seconds=BATCH_TIMEOUT),
        file_name="",
        size=0,
        count=0,
        message="",
    )
    CERTIFICATE_BATCHES.progress_setter(record["id"])(0, len(certificate_ids))
    CERTIFICATE_BATCHES.enqueue(record["id"], certificate_batch_task)
    return record["id"]


def certificate_batch_get(*, batch_id: str, user: AbstractBaseUser) -> dict | None:
    """The batch if `user` started it and still looks after its county; None otherwise."""
    record = CERTIFICATE_BATCHES.get_own(batch_id, user)
    if record is None:
        return None
    if record["county_id"] is None:
        return record if scoping.is_programme_manager(user) else None
    return record if scoping.runs_county(user, record["county_id"]) else None


def certificate_batches_clean(*, now: datetime.datetime | None = None) -> int:
    """Deletes the ZIP files of batches older than BATCH_TIMEOUT; returns how many."""
    storage = private_storage()
    try:
        _folders, names = storage.listdir(BATCH_FOLDER)
    except FileNotFoundError:
        return 0
    expired_before = (now or timezone.now()) - datetime.timedelta(seconds=BATCH_TIMEOUT)
    deleted = 0
    for name in names:
        path = f"{BATCH_FOLDER}/{name}"
        if storage.get_modified_time(path) < expired_before:
            storage.delete(path)
            deleted += 1
    return deleted


@CERTIFICATE_BATCHES.task
def certificate_batch_task(batch_id: str) -> None:
    record = CERTIFICATE_BATCHES.get(batch_id)
    if record is None:
        return  # expired: the pages say so
    if record["status"] == BatchStatus.READY:
        return  # a task run again after it was done
    certificates = Certificate.objects.filter(pk__in=record["certificate_ids"])
    if record["county_id"] is not None:
        certificates = certificates.filter(enrolment__trainee__county=record["county_id"])
    with translation.override(record["language"]):
        try:
            certificate_batches_clean()
            with tempfile.TemporaryFile() as archive:
                count = certificate_batch_zip(
                    certificates=certificates,
                    target=archive,
                    language=record["language"],
                    progress=CERTIFICATE_BATCHES.progress_setter(batch_id),
                )
                size = archive.tell()
                name = f"{BATCH_FOLDER}/{batch_id}.zip"
                # A run killed after storing it left one: replace it rather than keep two.
                private_storage().delete(name)
                name = private_storage().save(name, File(archive))
        except Exception as error:
            CERTIFICATE_BATCHES.update(
                batch_id,
                status=BatchStatus.FAILED,
                message=_(
                    "The server has no room left to keep the ZIP file, so none was kept. "
                    "Please tell the programme's administrator, then try again."
                )
                if is_disk_full(error)
                else _("The certificates could not be put in a ZIP file. Please try again."),
            )
            raise
    CERTIFICATE_BATCHES.update(
        batch_id, status=BatchStatus.READY, file_name=name, size=size, count=count
    )
