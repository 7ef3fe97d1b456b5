"""Background work of the area import: checking and applying, like the roster's.

An area import is kept by machinery.imports, like a roster import; its record
says `"kind": "areas"`. These tasks check and apply it with trainees/area_import.py.
"""

from django.contrib.auth.base_user import AbstractBaseUser

from machinery.imports.records import (
    IMPORTS,
    import_confirm,
    import_start,
    record_applied,
    record_checked,
)
from machinery.imports.runner import import_run
from trainees.area_import import area_apply, area_check
from trainees.models import County
from trainees.tasks import county_of_import

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


@IMPORTS.task
def area_check_task(import_id: str) -> None:
    def work(record, text, county, progress):
        record_checked(import_id, area_check(text=text, county=county, progress=progress))

    import_run(import_id, load=county_of_import, work=work)


@IMPORTS.task
def area_apply_task(import_id: str) -> None:
    def work(record, text, county, progress):
        record_applied(import_id, area_apply(text=text, county=county, progress=progress))

    import_run(import_id, load=county_of_import, work=work)
