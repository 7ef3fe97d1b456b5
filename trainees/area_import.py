"""Area import: the townships and villages of one or more counties from one CSV file.

The file is a CSV with a header row, in UTF-8 (with or without a byte order
mark) or GBK/GB18030, read by machinery.imports like the roster (trainees/roster.py).
Headers in Chinese or English, in any order; one row a village, or a township alone:

| header | English | required | value |
| --- | --- | --- | --- |
| 乡镇代码 | township_code | yes | 9 digits, starting with the county's 6-digit code |
| 乡镇 | township | yes | the township's name |
| 村代码 | village_code | with a village | 12 digits, starting with the township's code |
| 村 | village | with a village | the village's name |

A township's county is the one whose code starts its code: a programme
manager's file may hold any county of the prefecture; a coordinator's only
their own. The rules of codes and names are trainees/area_codes.py's, the same
as the admin's forms.

Nothing is written unless every row is clean. Applying is idempotent: a
township or village is found again by its code; a new name renames it; what
is already there is left alone, never duplicated or deleted.

`area_check` reads and checks a file and says what applying it would do;
`area_apply` checks again and writes it, in one transaction.
"""

from dataclasses import dataclass, field
from types import SimpleNamespace

from django.db import transaction
from django.utils.translation import gettext as _

from machinery.imports.chunks import LOOKUP_CHUNK, chunks
from machinery.imports.errors import ImportInvalid, RowError
from machinery.imports.tables import Rows, control_character_errors, csv_table_read
from machinery.jobs import Progress
from trainees import area_codes
from trainees.models import County, Township, Village

# Field key -> the headers accepted for it; the first is the one named in messages.
COLUMNS = {
    "township_code": ("乡镇代码", "township_code"),
    "township": ("乡镇", "township", "township_name"),
    "village_code": ("村代码", "village_code"),
    "village": ("村", "village", "village_name"),
}
REQUIRED_COLUMNS = ("township_code", "township")
# Renames listed in the preview; the rest are counted.
RENAMES_KEPT = 200


@dataclass
class AreaEntry:
    """A township or village as the file names it, from the first row naming it."""

    row: int
    code: str
    name: str
    parent: str  # the county's code of a township, the township's code of a village


@dataclass
class AreaCheck:
    """What a file holds and what applying it would change."""

    errors: list[RowError] = field(default_factory=list)
    townships: list[AreaEntry] = field(default_factory=list)
    villages: list[AreaEntry] = field(default_factory=list)
    counties: dict[str, County] = field(default_factory=dict, repr=False)
    # For area_apply: what is already in the database, by code.
    existing_townships: dict[str, Township] = field(default_factory=dict, repr=False)
    existing_villages: dict[str, Village] = field(default_factory=dict, repr=False)

    @property
    def is_valid(self) -> bool:
        return not self.errors

    def _split(self, entries: list[AreaEntry], existing: dict) -> tuple[list, list, int]:
        new = [entry for entry in entries if entry.code not in existing]
        renamed = [
            entry
            for entry in entries
            if entry.code in existing and existing[entry.code].name != entry.name
        ]
        return new, renamed, len(entries) - len(new) - len(renamed)

    def summary(self) -> dict:
        """The counts a person reads before and after applying, as plain data."""
        townships_new, townships_renamed, townships_same = self._split(
            self.townships, self.existing_townships
        )
        villages_new, villages_renamed, villages_same = self._split(
            self.villages, self.existing_villages
        )
        county_of_township = {entry.code: entry.parent for entry in self.townships}
        by_county: dict[str, dict] = {}
        for entry in townships_new:
            by_county.setdefault(entry.parent, {"townships": 0, "villages": 0})["townships"] += 1
        for entry in villages_new:
            county_code = county_of_township[entry.parent]
            by_county.setdefault(county_code, {"townships": 0, "villages": 0})["villages"] += 1
        renames = [
            {"kind": kind, "code": entry.code, "old": existing[entry.code].name, "new": entry.name}
            for kind, entries, existing in (
                ("township", townships_renamed, self.existing_townships),
                ("village", villages_renamed, self.existing_villages),
            )
            for entry in entries
        ]
        return {
            "rows": len(self.townships) + len(self.villages),
            "townships_new": len(townships_new),
            "townships_renamed": len(townships_renamed),
            "townships_unchanged": townships_same,
            "villages_new": len(villages_new),
            "villages_renamed": len(villages_renamed),
            "villages_unchanged": villages_same,
            "new_by_county": [
                {"county": self.counties[code].name, **counts}
                for code, counts in sorted(by_county.items())
            ],
            "renames": renames[:RENAMES_KEPT],
            "renames_hidden": max(0, len(renames) - RENAMES_KEPT),
        }


def area_read(text: str) -> tuple[dict[str, str], Rows]:
    return csv_table_read(
        text,
        columns=COLUMNS,
        required=REQUIRED_COLUMNS,
        empty=_("The file is empty: it needs a header row and one row a village."),
    )


def area_check(*, text: str, county: County | None, progress: Progress | None = None) -> AreaCheck:
    """Check every row of an area file; say what applying it would change.

    `county` limits the import to one county (a coordinator's); None allows any.
    Raises ImportFileError when the file as a whole cannot be read.
    """
    columns, raw_rows = area_read(text)
    check = AreaCheck(counties={c.code: c for c in County.objects.all()})
    townships: dict[str, AreaEntry] = {}
    villages: dict[str, AreaEntry] = {}
    check.errors.extend(control_character_errors(columns, raw_rows))
    total = len(raw_rows)
    for index, (line, values) in enumerate(raw_rows, start=1):
        _check_row(line, values, columns, county, check, townships, villages)
        if progress and index % 500 == 0:
            progress(index, total)
    check.townships = list(townships.values())
    check.villages = list(villages.values())
    if not check.errors:
        _check_against_database(check, columns)
    if check.errors:
        check.errors.sort(key=lambda error: error.row)
        check.townships, check.villages = [], []
    if progress:
        progress(total, total)
    return check


def _township_code_problem(code: str, scope: County | None, counties: dict) -> str | None:
    """The rules of area_codes, plus: the county is one of the prefecture's, and the importer's."""
    county = counties.get(code[:6])
    reference = county or scope
    if reference is None:  # a manager's file, whose code names no county
        shape = area_codes.township_code_problem(code, SimpleNamespace(code=code[:6], name=""))
        if shape:
            return area_codes.township_code_problem(code, next(iter(counties.values())))
        return _(
            "No county of the prefecture has the code %(prefix)s that starts the township "
            "code %(code)s."
        ) % {"prefix": code[:6], "code": code}
    problem = area_codes.township_code_problem(code, reference)
    if problem is None and scope is not None and county != scope:
        return _(
            "The township code %(code)s is in %(county)s; you can import the areas of "
            "%(yours)s only."
        ) % {"code": code, "county": county.display_name, "yours": scope.display_name}
    return problem


def _check_row(line, values, columns, scope, check, townships, villages) -> None:
    problems: list[RowError] = []

    def error(key: str, message: str) -> None:
        problems.append(RowError(line, columns.get(key, COLUMNS[key][0]), message))

    township_code = values.get("township_code", "")
    township_name = values.get("township", "")
    village_code = values.get("village_code", "")
    village_name = values.get("village", "")

    code_problem = _township_code_problem(township_code, scope, check.counties)
    if code_problem:
        error("township_code", code_problem)
    earlier = townships.get(township_code)
    _check_township_name(township_code, township_name, earlier, error)
    has_village = bool(village_code or village_name)
    if has_village:
        _check_village(
            village_code,
            village_name,
            SimpleNamespace(code=township_code, name=township_name or township_code),
            code_problem=bool(code_problem),
            villages=villages,
            error=error,
        )

    check.errors.extend(problems)
    if problems:
        return
    if earlier is None:
        townships[township_code] = AreaEntry(line, township_code, township_name, township_code[:6])
    if has_village:
        villages[village_code] = AreaEntry(line, village_code, village_name, township_code)


def _check_township_name(code: str, name: str, earlier: AreaEntry | None, error) -> None:
    """The rules of area_codes, and one name for a township all through the file."""
    name_problem = area_codes.township_name_problem(name)
    if name_problem:
        error("township", name_problem)
    if earlier and name and earlier.name != name:
        error(
            "township",
            _("The township %(code)s is called “%(name)s” on row %(row)d.")
            % {"code": code, "name": earlier.name, "row": earlier.row},
        )


def _check_village(
    code: str, name: str, township, *, code_problem: bool, villages: dict, error
) -> None:
    """The rules of area_codes (its code checked against a township code that is right),
    and one row a village in the file."""
    if code_problem and not code:
        error("village_code", _("Enter the village code."))
    elif not code_problem:
        problem = area_codes.village_code_problem(code, township)
        if problem:
            error("village_code", problem)
    problem = area_codes.village_name_problem(name)
    if problem:
        error("village", problem)
    if code in villages:
        error(
            "village_code",
            _("The village %(code)s is already on row %(row)d of the file.")
            % {"code": code, "row": villages[code].row},
        )


def _check_against_database(check: AreaCheck, columns: dict[str, str]) -> None:
    """Find what the database holds; name rows whose codes or names clash with it."""
    county_ids = [check.counties[code].pk for code in {entry.parent for entry in check.townships}]
    check.existing_townships = {
        township.code: township for township in Township.objects.filter(county_id__in=county_ids)
    }
    check.existing_villages = {
        village.code: village
        for village in Village.objects.filter(township__county_id__in=county_ids).select_related(
            "township"
        )
    }

    def error(entry: AreaEntry, key: str, message: str) -> None:
        check.errors.append(RowError(entry.row, columns.get(key, COLUMNS[key][0]), message))

    _check_codes_elsewhere(check, error)
    _check_names_taken(check, error)


def _check_codes_elsewhere(check: AreaCheck, error) -> None:
    """Codes held elsewhere: only data that predates the rules of area_codes can do this."""
    townships = {entry.code: entry for entry in check.townships}
    missing = [code for code in townships if code not in check.existing_townships]
    for chunk in chunks(missing):
        for township in Township.objects.filter(code__in=chunk).select_related("county"):
            error(
                townships[township.code],
                "township_code",
                _("The township %(code)s is registered in %(county)s.")
                % {"code": township.code, "county": township.county.display_name},
            )
    villages = {entry.code: entry for entry in check.villages}
    elsewhere = [
        village
        for village in check.existing_villages.values()
        if village.code in villages and village.township.code != villages[village.code].parent
    ]
    missing = [code for code in villages if code not in check.existing_villages]
    for chunk in chunks(missing):
        elsewhere.extend(Village.objects.filter(code__in=chunk).select_related("township"))
    for village in elsewhere:
        error(
            villages[village.code],
            "village_code",
            _("The village %(code)s is registered in the township %(township)s (%(parent)s).")
            % {
                "code": village.code,
                "township": village.township.name,
                "parent": village.township.code,
            },
        )


def _taken_names(entries, existing, parent_of) -> dict[tuple[str, str], str]:
    """(parent, name) -> code of the records the file does not name: their names stay taken."""
    named = {entry.code for entry in entries}
    owners: dict[tuple[str, str], str] = {}
    for record in existing.values():
        if record.code not in named:
            owners[(parent_of(record), record.name)] = record.code
    return owners


def _check_names_taken(check: AreaCheck, error) -> None:
    """Names are unique within their parent once the file is applied: a name stays taken
    by a record the file does not name, or by the file's earlier row."""
    county_codes_by_id = {county.pk: code for code, county in check.counties.items()}
    owners = _taken_names(
        check.townships,
        check.existing_townships,
        lambda township: county_codes_by_id[township.county_id],
    )
    for entry in check.townships:
        owner = owners.setdefault((entry.parent, entry.name), entry.code)
        if owner != entry.code:
            error(
                entry,
                "township",
                area_codes.township_name_taken(
                    name=entry.name, county=check.counties[entry.parent], code=owner
                ),
            )
    owners = _taken_names(
        check.villages, check.existing_villages, lambda village: village.township.code
    )
    township_names = {
        **{code: township.name for code, township in check.existing_townships.items()},
        **{entry.code: entry.name for entry in check.townships},
    }
    for entry in check.villages:
        owner = owners.setdefault((entry.parent, entry.name), entry.code)
        if owner != entry.code:
            township = SimpleNamespace(code=entry.parent, name=township_names[entry.parent])
            error(
                entry,
                "village",
                area_codes.village_name_taken(name=entry.name, township=township, code=owner),
            )


@transaction.atomic
def area_apply(*, text: str, county: County | None, progress: Progress | None = None) -> AreaCheck:
    """Check the file again against the database as it is now, and write it, all or nothing.

    Raises ImportInvalid (nothing written) when a row has an error.
    """
    check = area_check(text=text, county=county)
    if not check.is_valid:
        raise ImportInvalid(check.errors)
    steps = 2
    township_ids = _apply(
        Township,
        check.townships,
        check.existing_townships,
        parent_field="county_id",
        parent_ids={code: c.pk for code, c in check.counties.items()},
    )
    if progress:
        progress(1, steps)
    _apply(
        Village,
        check.villages,
        check.existing_villages,
        parent_field="township_id",
        parent_ids=township_ids,
    )
    if progress:
        progress(2, steps)
    return check


def _apply(model, entries, existing, *, parent_field: str, parent_ids: dict) -> dict[str, int]:
    """Rename, then create, the records of `entries`; their ids by code, old and new."""
    # Fresh instances: the check's records keep their old names for its summary.
    renamed = [
        model(pk=existing[entry.code].pk, code=entry.code, name=entry.name)
        for entry in entries
        if entry.code in existing and existing[entry.code].name != entry.name
    ]
    if renamed:
        # Two steps, so that names swapped within one parent never meet the unique constraint.
        names = [record.name for record in renamed]
        for record in renamed:
            record.name = f"#{record.code}"
        model.objects.bulk_update(renamed, ["name"], batch_size=LOOKUP_CHUNK)
        for record, name in zip(renamed, names, strict=True):
            record.name = name
        model.objects.bulk_update(renamed, ["name"], batch_size=LOOKUP_CHUNK)
    created = model.objects.bulk_create(
        [
            model(code=entry.code, name=entry.name, **{parent_field: parent_ids[entry.parent]})
            for entry in entries
            if entry.code not in existing
        ],
        batch_size=LOOKUP_CHUNK,
    )
    ids = {code: record.pk for code, record in existing.items()}
    if created and created[0].pk is None:  # a database that returns no ids from bulk inserts
        codes = [record.code for record in created]
        for chunk in chunks(codes):
            ids.update(model.objects.filter(code__in=chunk).values_list("code", "pk"))
    else:
        ids.update((record.code, record.pk) for record in created)
    return ids
