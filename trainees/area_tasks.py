"""Background work of the area import: checking and applying, like the roster's.

An area import is kept the way a roster import is (trainees/tasks.py): the
uploaded text and a small record in the cache, with the same statuses,
progress and errors; its record says `"kind": "areas"`.
"""

from django_tasks import task

from django.contrib.auth.base_user import AbstractBaseUser

from trainees.area_import import area_apply, area_check
from trainees.models import County
from trainees.tasks import (
    ROSTER_IMPORTS,
    _run,
    import_confirm,
    import_start,
    record_applied,
    record_checked,
)

KIND = "areas"


def area_import_start(
    *, user: AbstractBaseUser, county: County | None, filename: str, text: str
) -> str:
    return import_start(
        user=user,
        kind=KIND,
        county_id=county.pk if county else None,
        filename=filename,
        text=text,
        check_task=area_check_task,
    )


def area_import_confirm(*, import_id: str) -> bool:
    return import_confirm(import_id=import_id, kind=KIND, apply_task=area_apply_task)


@task()
def area_check_task(import_id: str) -> None:
    def work(record, text, county):
        check = area_check(
            text=text, county=county, progress=ROSTER_IMPORTS.progress_setter(import_id)
        )
        record_checked(import_id, check)

    _run(import_id, work)


@task()
def area_apply_task(import_id: str) -> None:
    def work(record, text, county):
        check = area_apply(
            text=text, county=county, progress=ROSTER_IMPORTS.progress_setter(import_id)
        )
        record_applied(import_id, check)

    _run(import_id, work)
