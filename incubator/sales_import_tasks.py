"""Background work of the sales import: checking and applying, like the roster's and the areas'.

A sales import is kept the way a roster import is (trainees/tasks.py): the
uploaded text and a small record in the cache, with the same statuses,
progress and errors; its record says `"kind": "sales"`. The rows are checked
for the person who started the import (incubator/sales_import.py asks
incubator/scoping.py which shops they may import for), when it is checked
and again when it is applied.
"""

from django_tasks import task

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.cache import cache

from incubator import scoping
from incubator.sales_import import sales_apply, sales_check
from trainees.tasks import (
    IMPORT_TIMEOUT,
    ROSTER_IMPORTS,
    ImportStatus,
    _errors_fields,
    _file_key,
    _run,
)

KIND = "sales"


def sales_import_start(*, user: AbstractBaseUser, filename: str, text: str) -> str:
    """Keep the file, and check it in the background; the id names the import."""
    record = ROSTER_IMPORTS.create(
        user=user,
        kind=KIND,
        # Shown on the pages; the rows are checked against the user's scope itself.
        county_id=None
        if scoping.is_programme_manager(user)
        else scoping.coordinated_county_id(user),
        filename=filename,
        status=ImportStatus.CHECKING,
        errors=[],
        error_count=0,
        message="",
        summary=None,
    )
    import_id = record["id"]
    cache.set(_file_key(import_id), text, IMPORT_TIMEOUT)
    sales_check_task.enqueue(import_id)
    return import_id


def sales_import_confirm(*, import_id: str) -> bool:
    """Apply a checked sales import in the background; False if it is not ready to apply."""
    record = ROSTER_IMPORTS.get(import_id)
    if record is None or record.get("kind") != KIND or record["status"] != ImportStatus.READY:
        return False
    ROSTER_IMPORTS.update(import_id, status=ImportStatus.APPLYING)
    ROSTER_IMPORTS.progress_setter(import_id)(0, 0)
    sales_apply_task.enqueue(import_id)
    return True


def _starter(record: dict) -> AbstractBaseUser:
    return get_user_model().objects.get(pk=record["started_by"])


@task()
def sales_check_task(import_id: str) -> None:
    def work(record, text, county):
        check = sales_check(
            text=text, by=_starter(record), progress=ROSTER_IMPORTS.progress_setter(import_id)
        )
        if check.is_valid:
            ROSTER_IMPORTS.update(import_id, status=ImportStatus.READY, summary=check.summary())
        else:
            ROSTER_IMPORTS.update(
                import_id, status=ImportStatus.INVALID, **_errors_fields(check.errors)
            )

    _run(import_id, work)


@task()
def sales_apply_task(import_id: str) -> None:
    def work(record, text, county):
        check = sales_apply(
            text=text,
            by=_starter(record),
            file=record["filename"],
            progress=ROSTER_IMPORTS.progress_setter(import_id),
        )
        ROSTER_IMPORTS.update(import_id, status=ImportStatus.APPLIED, summary=check.summary())
        cache.delete(_file_key(import_id))

    _run(import_id, work)
