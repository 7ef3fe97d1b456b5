"""The record of an import, in the cache (machinery/jobs.py), and its file.

An import lives in the cache (Redis in production, shared by the web and the task
workers) rather than in a model: the uploaded text, and a small record of who started
it, its kind (which import: "roster", "areas", "sales"), the county it is for, its
status, its progress, its errors and counts. It expires after IMPORT_TIMEOUT; the file
is never stored under MEDIA_ROOT.
"""

import dataclasses
from typing import Protocol

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.cache import cache
from django.utils.translation import gettext as _

from machinery import jobs
from machinery.imports.errors import RowError
from machinery.jobs import JobRecords

IMPORT_TIMEOUT = 6 * 60 * 60
# Errors kept for the preview: enough to fix a file, not a whole bad file twice over.
MAX_ERRORS_KEPT = 1000
# Rows of the file listed in the preview (`Check.preview`); the rest are counted.
MAX_PREVIEW_KEPT = 1000


class ImportStatus:
    CHECKING = "checking"
    READY = "ready"
    INVALID = "invalid"
    APPLYING = "applying"
    APPLIED = "applied"
    FAILED = jobs.FAILED

    RUNNING = frozenset({CHECKING, APPLYING})


def import_stopped_message(record: dict, done: int, total: int) -> str:
    """An import whose worker stopped. Applying is one transaction, which the database rolls
    back when the worker's connection drops; its progress counts steps, not rows."""
    if record["status"] == ImportStatus.APPLYING:
        return _(
            "The server stopped while importing this file. An import is written whole or "
            "not at all, so nothing of it was written. Upload it again: rows already "
            "imported are not added twice."
        )
    return _(
        "The server stopped while checking this file, after %(done)s of %(total)s rows; "
        "nothing was written. Upload it again."
    ) % {"done": f"{done:,}", "total": f"{total:,}"}


# "roster-import": the cache's name from when rosters were the only import, kept so that
# imports under way when a new version is deployed carry on.
IMPORTS = JobRecords(
    "roster-import",
    timeout=IMPORT_TIMEOUT,
    running=ImportStatus.RUNNING,
    stopped_message=import_stopped_message,
)


class Task(Protocol):
    """A django_tasks task taking the import's id, declared with `@IMPORTS.task`."""

    def enqueue(self, import_id: str): ...


class Check(Protocol):
    """What an app's check or apply returns: its errors, or a summary of what it does."""

    errors: list[RowError]

    @property
    def is_valid(self) -> bool: ...

    def summary(self) -> dict: ...


def preview_fields(check) -> dict:
    """The record's fields for the rows an import lists in its preview, when it lists them
    (`check.preview()`: one dict a row of the file, what importing does with it or why it is
    refused): the first ones, and how many in all."""
    preview = check.preview() if hasattr(check, "preview") else []  # None: no preview
    return {"preview": preview[:MAX_PREVIEW_KEPT], "preview_count": len(preview)}


def file_key(import_id: str) -> str:
    return IMPORTS.key(import_id, "file")


def import_get(import_id: str) -> dict | None:
    return IMPORTS.get(import_id)


def import_get_own(import_id: str, user: AbstractBaseUser) -> dict | None:
    """The import if `user` started it; one whose worker stopped is then marked failed."""
    return IMPORTS.get_own(import_id, user)


def import_progress(import_id: str) -> tuple[int, int]:
    return IMPORTS.progress(import_id)


def import_start(
    *,
    user: AbstractBaseUser,
    kind: str,
    county_id: int | None,
    filename: str,
    text: str,
    check_task: Task,
) -> str:
    """Keep an uploaded file of `kind` and check it in the background with `check_task`; the
    id names the import."""
    record = IMPORTS.create(
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
    cache.set(file_key(import_id), text, IMPORT_TIMEOUT)
    IMPORTS.enqueue(import_id, check_task)
    return import_id


def import_confirm(*, import_id: str, kind: str, apply_task: Task) -> bool:
    """Apply a checked import of `kind` in the background; False if it is not one ready to
    apply."""
    record = IMPORTS.get(import_id)
    if record is None or record.get("kind") != kind or record["status"] != ImportStatus.READY:
        return False
    IMPORTS.update(import_id, status=ImportStatus.APPLYING)
    IMPORTS.progress_setter(import_id)(0, 0)
    IMPORTS.enqueue(import_id, apply_task)
    return True


def errors_fields(errors: list[RowError]) -> dict:
    """The record's fields for a list of row errors: the first ones, and how many in all."""
    return {
        "errors": [dataclasses.asdict(error) for error in errors[:MAX_ERRORS_KEPT]],
        "error_count": len(errors),
    }


def record_checked(import_id: str, check: Check) -> None:
    """A check's outcome: ready to apply with its summary, or its errors."""
    if check.is_valid:
        IMPORTS.update(
            import_id, status=ImportStatus.READY, summary=check.summary(), **preview_fields(check)
        )
    else:
        IMPORTS.update(
            import_id,
            status=ImportStatus.INVALID,
            **errors_fields(check.errors),
            **preview_fields(check),
        )


def record_applied(import_id: str, check: Check) -> None:
    """Applied: the summary stays, the uploaded file goes."""
    IMPORTS.update(
        import_id, status=ImportStatus.APPLIED, summary=check.summary(), **preview_fields(check)
    )
    cache.delete(file_key(import_id))


def running_imports(*, county_ids: set[int] | None = None) -> list[dict]:
    """The imports being checked or applied now (their tasks queued or under way), of the
    counties `county_ids` (None: every import, those of no county too); oldest first. One
    query (the queued and running tasks), then their records from the cache at once."""
    from django_tasks_db.models import DBTaskResult

    tasks = DBTaskResult.objects.ready() | DBTaskResult.objects.running()
    job_ids = [
        (args_kwargs.get("args") or [None])[0]
        for args_kwargs in tasks.order_by("enqueued_at").values_list("args_kwargs", flat=True)
    ]
    keys = [IMPORTS.key(job_id) for job_id in job_ids if isinstance(job_id, str)]
    records = cache.get_many(keys)
    return [
        records[key]
        for key in dict.fromkeys(keys)
        if key in records
        and records[key].get("status") in ImportStatus.RUNNING
        and (county_ids is None or records[key].get("county_id") in county_ids)
    ]
