"""Background work of the sales import: checking and applying, like the roster's and the areas'.

A sales import is kept by machinery.imports, like the roster and area imports;
its record says `"kind": "sales"`. The rows are checked
for the person who started the import (incubator/sales_import.py asks
incubator/scoping.py which shops they may import for), when it is checked
and again when it is applied.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser

from incubator import scoping
from incubator.sales_import import sales_apply, sales_check
from machinery.imports.records import (
    IMPORTS,
    import_confirm,
    import_start,
    record_applied,
    record_checked,
)
from machinery.imports.runner import import_run

KIND = "sales"


def sales_import_start(*, user: AbstractBaseUser, filename: str, text: str) -> str:
    # The county is shown on the pages; the rows are checked against the user's scope itself.
    county_id = None if scoping.is_programme_manager(user) else scoping.coordinated_county_id(user)
    return import_start(
        user=user,
        kind=KIND,
        county_id=county_id,
        filename=filename,
        text=text,
        check_task=sales_check_task,
    )


def sales_import_confirm(*, import_id: str) -> bool:
    return import_confirm(import_id=import_id, kind=KIND, apply_task=sales_apply_task)


def starter(record: dict) -> AbstractBaseUser:
    """Who started the import: the rows are checked for them."""
    return get_user_model().objects.get(pk=record["started_by"])


@IMPORTS.task
def sales_check_task(import_id: str) -> None:
    def work(record, text, by, progress):
        record_checked(import_id, sales_check(text=text, by=by, progress=progress))

    import_run(import_id, load=starter, work=work)


@IMPORTS.task
def sales_apply_task(import_id: str) -> None:
    def work(record, text, by, progress):
        check = sales_apply(text=text, by=by, file=record["filename"], progress=progress)
        record_applied(import_id, check)

    import_run(import_id, load=starter, work=work)
