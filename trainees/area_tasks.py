"""Background work of the area import: checking and applying, like the roster's.

An area import is kept the way a roster import is (trainees/tasks.py): the
uploaded text and a small record in the cache, with the same statuses,
progress and errors; its record says `"kind": "areas"`.
"""

from django_tasks import task

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.cache import cache

from trainees.area_import import area_apply, area_check
from trainees.models import County
from trainees.tasks import (
    IMPORT_TIMEOUT,
    ROSTER_IMPORTS,
    ImportStatus,
    _errors_fields,
    _file_key,
    _run,
)

KIND = "areas"


def area_import_start(
    *, user: AbstractBaseUser, county: County | None, filename: str, text: str
) -> str:
    """Keep the file, and check it in the background; the id names the import."""
    record = ROSTER_IMPORTS.create(
        user=user,
        kind=KIND,
        county_id=county.pk if county else None,
        filename=filename,
        status=ImportStatus.CHECKING,
        errors=[],
        error_count=0,
        message="",
        summary=None,
    )
    import_id = record["id"]
    cache.set(_file_key(import_id), text, IMPORT_TIMEOUT)
    area_check_task.enqueue(import_id)
    return import_id


def area_import_confirm(*, import_id: str) -> bool:
    """Apply a checked area import in the background; False if it is not ready to apply."""
    record = ROSTER_IMPORTS.get(import_id)
    if record is None or record.get("kind") != KIND or record["status"] != ImportStatus.READY:
        return False
    ROSTER_IMPORTS.update(import_id, status=ImportStatus.APPLYING)
    ROSTER_IMPORTS.progress_setter(import_id)(0, 0)
    area_apply_task.enqueue(import_id)
    return True


@task()
def area_check_task(import_id: str) -> None:
    def work(record, text, county):
        check = area_check(
            text=text, county=county, progress=ROSTER_IMPORTS.progress_setter(import_id)
        )
        if check.is_valid:
            ROSTER_IMPORTS.update(import_id, status=ImportStatus.READY, summary=check.summary())
        else:
            ROSTER_IMPORTS.update(
                import_id, status=ImportStatus.INVALID, **_errors_fields(check.errors)
            )

    _run(import_id, work)


@task()
def area_apply_task(import_id: str) -> None:
    def work(record, text, county):
        check = area_apply(
            text=text, county=county, progress=ROSTER_IMPORTS.progress_setter(import_id)
        )
        ROSTER_IMPORTS.update(import_id, status=ImportStatus.APPLIED, summary=check.summary())
        cache.delete(_file_key(import_id))

    _run(import_id, work)
