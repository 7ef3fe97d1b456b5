"""Background work of the trainees app: checking and applying roster imports.

A roster import lives in the cache (Redis in production, shared by the web
and the task workers) rather than in a model: the uploaded text, and a small
record of who started it, its status, its progress, its errors and counts.
It expires after IMPORT_TIMEOUT; the file is never stored under MEDIA_ROOT.
"""

import dataclasses
import uuid

from django_tasks import task

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.cache import cache
from django.utils import translation
from django.utils.translation import gettext as _

from trainees.models import County
from trainees.roster import RosterFileError, RosterInvalid, roster_apply, roster_check

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


def _record_key(import_id: str) -> str:
    return f"roster-import:{import_id}"


def _file_key(import_id: str) -> str:
    return f"roster-import:{import_id}:file"


def _progress_key(import_id: str) -> str:
    return f"roster-import:{import_id}:progress"


def roster_import_get(import_id: str) -> dict | None:
    return cache.get(_record_key(import_id))


def roster_import_progress(import_id: str) -> tuple[int, int]:
    return cache.get(_progress_key(import_id), (0, 0))


def _save(import_id: str, record: dict) -> None:
    cache.set(_record_key(import_id), record, IMPORT_TIMEOUT)


def _update(import_id: str, **changes) -> dict:
    record = roster_import_get(import_id) or {}
    record.update(changes)
    _save(import_id, record)
    return record


def _progress_setter(import_id: str):
    def progress(done: int, total: int) -> None:
        cache.set(_progress_key(import_id), (done, total), IMPORT_TIMEOUT)

    return progress


def roster_import_start(
    *, user: AbstractBaseUser, county: County | None, filename: str, text: str
) -> str:
    """Keep the file, and check it in the background; the id names the import."""
    import_id = uuid.uuid4().hex
    cache.set(_file_key(import_id), text, IMPORT_TIMEOUT)
    _save(
        import_id,
        {
            "id": import_id,
            "started_by": user.pk,
            "county_id": county.pk if county else None,
            "filename": filename,
            "language": translation.get_language(),
            "status": ImportStatus.CHECKING,
            "errors": [],
            "error_count": 0,
            "message": "",
            "summary": None,
        },
    )
    roster_check_task.enqueue(import_id)
    return import_id


def roster_import_confirm(*, import_id: str) -> bool:
    """Apply a checked import in the background; False if it is not ready to apply."""
    record = roster_import_get(import_id)
    if record is None or record["status"] != ImportStatus.READY:
        return False
    _update(import_id, status=ImportStatus.APPLYING)
    cache.set(_progress_key(import_id), (0, 0), IMPORT_TIMEOUT)
    roster_apply_task.enqueue(import_id)
    return True


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
    with translation.override(record["language"]):
        if text is None:
            _update(
                import_id,
                status=ImportStatus.FAILED,
                message=_("The uploaded file has expired; nothing was written. Upload it again."),
            )
            return
        county = County.objects.get(pk=record["county_id"]) if record["county_id"] else None
        try:
            work(record, text, county)
        except RosterFileError as problem:
            _update(import_id, status=ImportStatus.INVALID, message=str(problem))
        except RosterInvalid as invalid:
            _update(import_id, status=ImportStatus.INVALID, **_errors_fields(invalid.errors))
        except Exception:
            _update(
                import_id,
                status=ImportStatus.FAILED,
                message=_("The import failed; nothing was written. Please try again."),
            )
            raise


@task()
def roster_check_task(import_id: str) -> None:
    def work(record, text, county):
        check = roster_check(text=text, county=county, progress=_progress_setter(import_id))
        if check.is_valid:
            _update(import_id, status=ImportStatus.READY, summary=check.summary())
        else:
            _update(import_id, status=ImportStatus.INVALID, **_errors_fields(check.errors))

    _run(import_id, work)


@task()
def roster_apply_task(import_id: str) -> None:
    def work(record, text, county):
        check = roster_apply(text=text, county=county, progress=_progress_setter(import_id))
        _update(import_id, status=ImportStatus.APPLIED, summary=check.summary())
        cache.delete(_file_key(import_id))

    _run(import_id, work)
