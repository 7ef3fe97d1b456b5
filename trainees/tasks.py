"""Background work of the trainees app: roster imports and certificate batches.

A roster import lives in the cache (Redis in production, shared by the web
and the task workers) rather than in a model: the uploaded text, and a small
record of who started it, its status, its progress, its errors and counts
(trainees/jobs.py). It expires after IMPORT_TIMEOUT; the file is never stored
under MEDIA_ROOT.

A certificate batch has the same kind of record, holding the certificates
chosen when it was started; its ZIP file goes to the "private" storage, which
nothing serves publicly. Both expire after BATCH_TIMEOUT: each new batch
deletes the ZIP files of expired ones, so no scheduled job is needed.
"""

import dataclasses
import datetime
import tempfile

from django_tasks import task

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import storages
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from trainees import scoping
from trainees.certificate_batches import (
    batch_certificates,
    certificate_batch_selection,
    certificate_batch_zip,
)
from trainees.jobs import JobRecords
from trainees.models import Certificate, County
from trainees.roster import RosterFileError, RosterInvalid, roster_apply, roster_check
from training_site.storage import is_disk_full

ROSTER_KIND = "roster"
IMPORT_TIMEOUT = 6 * 60 * 60
# Errors kept for the preview: enough to fix a file, not a whole bad file twice over.
MAX_ERRORS_KEPT = 1000


class ImportStatus:
    CHECKING = "checking"
    READY = "ready"
    INVALID = "invalid"
    APPLYING = "applying"
    APPLIED = "applied"
    FAILED = "failed"

    RUNNING = frozenset({CHECKING, APPLYING})


ROSTER_IMPORTS = JobRecords("roster-import", timeout=IMPORT_TIMEOUT)


def _file_key(import_id: str) -> str:
    return ROSTER_IMPORTS.key(import_id, "file")


def roster_import_get(import_id: str) -> dict | None:
    return ROSTER_IMPORTS.get(import_id)


# A job whose progress has not moved for this long was killed: no step takes nearly as long.
STALLED_AFTER = 10 * 60


def import_get_own(import_id: str, user: AbstractBaseUser) -> dict | None:
    """The import if `user` started it; one whose task was killed is then marked failed."""
    record = ROSTER_IMPORTS.get_own(import_id, user)
    if (
        record is not None
        and record["status"] in ImportStatus.RUNNING
        and ROSTER_IMPORTS.is_stalled(import_id, after=STALLED_AFTER)
    ):
        record = ROSTER_IMPORTS.update(
            import_id,
            status=ImportStatus.FAILED,
            message=_(
                "The import stopped before it finished. Upload the file again: "
                "the rows already imported are left as they are, none is added twice."
            ),
        )
    return record


def roster_import_progress(import_id: str) -> tuple[int, int]:
    return ROSTER_IMPORTS.progress(import_id)


def import_start(
    *,
    user: AbstractBaseUser,
    kind: str,
    county_id: int | None,
    filename: str,
    text: str,
    check_task,
) -> str:
    """Keep an uploaded file of `kind` and check it in the background with `check_task`; the
    id names the import. The roster, area and sales imports all start so."""
    record = ROSTER_IMPORTS.create(
        user=user,
        kind=kind,
        county_id=county_id,
        filename=filename,
        status=ImportStatus.CHECKING,
        errors=[],
        error_count=0,
        message="",
        summary=None,
    )
    import_id = record["id"]
    cache.set(_file_key(import_id), text, IMPORT_TIMEOUT)
    check_task.enqueue(import_id)
    return import_id


def import_confirm(*, import_id: str, kind: str, apply_task) -> bool:
    """Apply a checked import of `kind` in the background; False if it is not one ready to
    apply."""
    record = ROSTER_IMPORTS.get(import_id)
    if record is None or record.get("kind") != kind or record["status"] != ImportStatus.READY:
        return False
    ROSTER_IMPORTS.update(import_id, status=ImportStatus.APPLYING)
    ROSTER_IMPORTS.progress_setter(import_id)(0, 0)
    apply_task.enqueue(import_id)
    return True


def record_checked(import_id: str, check) -> None:
    """A check's outcome: ready to apply with its summary, or its errors."""
    if check.is_valid:
        ROSTER_IMPORTS.update(import_id, status=ImportStatus.READY, summary=check.summary())
    else:
        ROSTER_IMPORTS.update(
            import_id, status=ImportStatus.INVALID, **_errors_fields(check.errors)
        )


def record_applied(import_id: str, check) -> None:
    """Applied: the summary stays, the uploaded file goes."""
    ROSTER_IMPORTS.update(import_id, status=ImportStatus.APPLIED, summary=check.summary())
    cache.delete(_file_key(import_id))


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


def _errors_fields(errors) -> dict:
    return {
        "errors": [dataclasses.asdict(error) for error in errors[:MAX_ERRORS_KEPT]],
        "error_count": len(errors),
    }


def _run(import_id: str, work) -> None:
    record = roster_import_get(import_id)
    text = cache.get(_file_key(import_id))
    if record is None:
        return  # expired: the pages say so
    if record["status"] == ImportStatus.APPLIED:
        return  # a task run again after it was done: checking again would offer to apply again
    with translation.override(record["language"]):
        if text is None:
            ROSTER_IMPORTS.update(
                import_id,
                status=ImportStatus.FAILED,
                message=_("The uploaded file has expired; nothing was written. Upload it again."),
            )
            return
        county = County.objects.get(pk=record["county_id"]) if record["county_id"] else None
        try:
            work(record, text, county)
        except RosterFileError as problem:
            ROSTER_IMPORTS.update(import_id, status=ImportStatus.INVALID, message=str(problem))
        except RosterInvalid as invalid:
            ROSTER_IMPORTS.update(
                import_id, status=ImportStatus.INVALID, **_errors_fields(invalid.errors)
            )
        except Exception:
            ROSTER_IMPORTS.update(
                import_id,
                status=ImportStatus.FAILED,
                message=_("The import failed; nothing was written. Please try again."),
            )
            raise


@task()
def roster_check_task(import_id: str) -> None:
    def work(record, text, county):
        check = roster_check(
            text=text, county=county, progress=ROSTER_IMPORTS.progress_setter(import_id)
        )
        record_checked(import_id, check)

    _run(import_id, work)


@task()
def roster_apply_task(import_id: str) -> None:
    def work(record, text, county):
        check = roster_apply(
            text=text, county=county, progress=ROSTER_IMPORTS.progress_setter(import_id)
        )
        record_applied(import_id, check)

    _run(import_id, work)


# Certificate batches ------------------------------------------------------------------

BATCH_TIMEOUT = 24 * 60 * 60
BATCH_FOLDER = "certificate-batches"


class BatchStatus:
    RENDERING = "rendering"
    READY = "ready"
    FAILED = "failed"


CERTIFICATE_BATCHES = JobRecords("certificate-batch", timeout=BATCH_TIMEOUT)


def private_storage():
    return storages["private"]


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
    certificate_batch_task.enqueue(record["id"])
    return record["id"]


def certificate_batch_get(*, batch_id: str, user: AbstractBaseUser) -> dict | None:
    """The batch if `user` started it and still looks after its county; None otherwise."""
    record = CERTIFICATE_BATCHES.get_own(batch_id, user)
    if record is None:
        return None
    if record["status"] == BatchStatus.RENDERING and CERTIFICATE_BATCHES.is_stalled(
        batch_id, after=STALLED_AFTER
    ):
        record = CERTIFICATE_BATCHES.update(
            batch_id,
            status=BatchStatus.FAILED,
            message=_("Making the ZIP file stopped before it finished. Please try again."),
        )
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


@task()
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
