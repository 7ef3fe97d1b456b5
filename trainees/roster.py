"""Roster import: a county's trainees, their households and their cohort from one CSV file.

The file is a CSV with a header row, saved as UTF-8 (with or without a byte
order mark) or GBK/GB18030 (what Excel saves in China). Headers may be in
Chinese or English, in any order:

| header | English | required | value |
| --- | --- | --- | --- |
| 姓名 | name | yes | the trainee's name |
| 性别 | gender | yes | 男 or 女 (male, female) |
| 民族 | ethnicity | no | e.g. 藏族 |
| 出生年份 | birth_year | no | four digits; taken from the identity number when empty |
| 文化程度 | education | no | 未上学 小学 初中 高中 中专 大专 (or the English names) |
| 手机号 | phone | no | a mainland mobile number, read as at sign-up (trainees/phones.py) |
| 身份证号 | id_number | yes | 18 characters with a correct check digit |
| 县 | county | yes | the county's name or 6-digit code |
| 乡镇 | township | no | the township's code or name, in that county |
| 村 | village | with a household | the village's code or name, in that township or county |
| 户编号 | registry_number | no | the household's registry number |
| 家庭人口 | members | no | people in the household (1 when empty) |
| 户状态 | household_status | no | 建档立卡贫困户 脱贫户 监测对象 无 |
| 状态起始日期 | status_from | with a status | YYYY-MM-DD |
| 班级 | cohort | yes | the name of a cohort of that county |
| 入学日期 | enrolled_on | no | YYYY-MM-DD; the day of the import when empty |

Nothing is written unless every row is clean. Applying is idempotent: a
trainee is found again by identity number, a household by registry number,
an enrolment by trainee and course; what is already there is updated or
left alone, never duplicated. Existing enrolments are left as they are.
Each trainee is enrolled in every course of their cohort (source "import").
A household status is written only when it is not already the household's on
that day (a household has none before its first change, so 无 on a new one
writes nothing); the preview counts the changes by the same rule
(`_status_rows_to_write`), so it announces what is written.

Each check declares above itself the rules it enforces (`RULES`), which the upload page
lists; `roster_template` gives the file to start from (headers and two made-up rows that
import as they are). The preview lists each row's person, masked, with what happens to
them or why their row is refused (`RosterCheck.preview`).

`roster_check` reads and checks a file and says what applying it would do;
`roster_apply` checks again and writes it, in one transaction. Reading the file
and the import's record, tasks and pages are machinery.imports'; the rules of
the rows are here.
"""

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from machinery.imports.chunks import LOOKUP_CHUNK, chunks
from machinery.imports.errors import ImportInvalid, RowError
from machinery.imports.rules import Rules
from machinery.imports.tables import Rows, control_character_errors, csv_table_read
from machinery.jobs import Progress
from trainees import derived, learning, training_summary
from trainees.choices import Education, EnrolmentSource, Gender, HouseholdStatus
from trainees.identity import (
    id_check_character,
    mask_id_number,
    normalise_id_number,
    validate_id_number,
)
from trainees.models import (
    Cohort,
    County,
    Enrolment,
    Household,
    HouseholdStatusChange,
    Township,
    Trainee,
    Village,
    status_on,
)
from trainees.phones import normalise_phone

# Field key -> the headers accepted for it (compared after `_header_key`).
COLUMNS = {
    "name": ("姓名", "name"),
    "gender": ("性别", "gender"),
    "ethnicity": ("民族", "ethnicity"),
    "birth_year": ("出生年份", "birth_year", "year_of_birth"),
    "education": ("文化程度", "education"),
    "phone": ("手机号", "手机号码", "phone"),
    "id_number": ("身份证号", "身份证号码", "id_number"),
    "county": ("县", "county"),
    "township": ("乡镇", "township"),
    "village": ("村", "village"),
    "registry_number": ("户编号", "registry_number", "household", "household_registry_number"),
    "members": ("家庭人口", "members", "household_members"),
    "household_status": ("户状态", "household_status", "status"),
    "status_from": ("状态起始日期", "status_from", "status_valid_from", "valid_from"),
    "cohort": ("班级", "cohort"),
    "enrolled_on": ("入学日期", "enrolled_on", "enrolment_date"),
}
REQUIRED_COLUMNS = ("name", "gender", "id_number", "county", "cohort")

GENDERS = {"男": Gender.MALE, "女": Gender.FEMALE, "male": Gender.MALE, "female": Gender.FEMALE}
HOUSEHOLD_STATUSES = {
    "建档立卡贫困户": HouseholdStatus.REGISTERED_POOR,
    "脱贫户": HouseholdStatus.LIFTED_OUT,
    "监测对象": HouseholdStatus.MONITORED,
    "无": HouseholdStatus.NONE,
    **{status.value: status for status in HouseholdStatus},
}
EDUCATIONS = {
    "未上学": Education.NONE,
    "无": Education.NONE,
    "小学": Education.PRIMARY,
    "初中": Education.JUNIOR,
    "高中": Education.SENIOR,
    "中专": Education.VOCATIONAL,
    "职高": Education.VOCATIONAL,
    "技校": Education.VOCATIONAL,
    "大专": Education.COLLEGE,
    "本科": Education.COLLEGE,
    "大学": Education.COLLEGE,
    **{education.value: education for education in Education},
}
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

# What importing does with a row's person, as the preview says it.
NEW, UPDATED, UNCHANGED, REFUSED = "new", "updated", "unchanged", "refused"

# The rules the checks below enforce, each declared above its check: the upload page lists
# them (trainees/roster_views.py).
RULES = Rules()


def _header(key: str) -> str:
    """A column's Chinese header, as the upload page, the template and the messages name it."""
    return COLUMNS[key][0]


def _chinese(names) -> str:
    return "、".join(name for name in names if not name.isascii())


def _max_length(model, name: str) -> int:
    return model._meta.get_field(name).max_length


@dataclass
class RosterRow:
    row: int
    name: str
    gender: str
    ethnicity: str
    birth_year: int
    education: str
    phone: str
    id_number: str
    county: County
    village: Village | None
    registry_number: str
    members: int
    household_status: str
    status_from: datetime.date | None
    cohort: Cohort
    enrolled_on: datetime.date | None


@dataclass
class RosterCheck:
    """What a file holds and what applying it would change."""

    errors: list[RowError] = field(default_factory=list)
    rows: list[RosterRow] = field(default_factory=list)
    trainees_new: int = 0
    trainees_updated: int = 0
    trainees_unchanged: int = 0
    households_new: int = 0
    households_updated: int = 0
    status_changes: int = 0
    # New enrolments by cohort: {cohort's pk: (its name, how many)}.
    enrolments_by_cohort: dict[int, tuple[str, int]] = field(default_factory=dict)
    # Courses whose prerequisites some of the people have not completed (`_prerequisites_ahead`).
    prerequisites_ahead: list[dict] = field(default_factory=list)
    # For roster_apply: what is already in the database.
    existing_trainees: dict[str, Trainee] = field(default_factory=dict, repr=False)
    existing_households: dict[str, Household] = field(default_factory=dict, repr=False)
    existing_statuses: dict[int, list[HouseholdStatusChange]] = field(
        default_factory=dict, repr=False
    )
    existing_enrolments: set[tuple[int, int]] = field(default_factory=set, repr=False)

    # Each row of the file as the preview lists it (`roster_check`), in the file's order.
    people: list[dict] = field(default_factory=list)
    # The row's trainee: new, updated or unchanged (`_count_trainee`), by row number.
    actions: dict[int, str] = field(default_factory=dict, repr=False)

    @property
    def is_valid(self) -> bool:
        return not self.errors

    def preview(self) -> list[dict]:
        """Each person of the file, what importing does with them or why they are refused."""
        return self.people

    def summary(self) -> dict:
        """The counts a person reads before and after applying, as plain data."""
        return {
            "rows": len(self.rows),
            "trainees_new": self.trainees_new,
            "trainees_updated": self.trainees_updated,
            "trainees_unchanged": self.trainees_unchanged,
            "households_new": self.households_new,
            "households_updated": self.households_updated,
            "status_changes": self.status_changes,
            "enrolments": [
                {"cohort": name, "cohort_id": pk, "count": count}
                for pk, (name, count) in sorted(
                    self.enrolments_by_cohort.items(), key=lambda item: item[1]
                )
            ],
            "prerequisites_ahead": self.prerequisites_ahead,
        }


def _example_id_number(county: County, born: str, sequence: str) -> str:
    """An identity number of the county's area code that passes every check; the sequence
    "000" is one no person is given."""
    first_17 = f"{county.code}{born}{sequence}"
    return first_17 + id_check_character(first_17)


def roster_template(county: County | None) -> tuple[list[str], list[list[str]]]:
    """The roster's headers and two example rows, made up (示例学员, a sequence number no one
    is given), that import as they are into `county`, or for a manager the county of the
    newest cohort: its newest cohort, and for the first row's household one of its villages
    (no household where it has none). With no cohort yet, the cohort cell says so."""
    if county is None:
        newest = Cohort.objects.select_related("county").order_by("-starts_on", "-pk").first()
        county = newest.county if newest else County.objects.order_by("code").first()
    cohort = county.cohorts.order_by("-starts_on", "-pk").first()
    village = (
        Village.objects.filter(township__county=county)
        .select_related("township")
        .order_by("code")
        .first()
    )
    first = {
        "name": "示例学员甲",
        "gender": "女",
        "ethnicity": "藏族",
        "birth_year": "1990",
        "education": "初中",
        "phone": "13800138000",
        "id_number": _example_id_number(county, "19900101", "000"),
        "county": county.name,
        "cohort": cohort.name if cohort else _("(the name of your cohort)"),
        "enrolled_on": cohort.starts_on.isoformat() if cohort else "",
    }
    if village is not None:
        first.update(
            township=village.township.name,
            village=village.code,
            registry_number="示例户-0001",
            members="4",
            household_status="脱贫户",
            status_from="2021-01-01",
        )
    second = {
        "name": "示例学员乙",
        "gender": "男",
        "id_number": _example_id_number(county, "19950505", "000"),
        "county": county.code,
        "cohort": first["cohort"],
    }
    header = [_header(key) for key in COLUMNS]
    rows = [[str(row.get(key, "")) for key in COLUMNS] for row in (first, second)]
    return header, rows


def roster_read(text: str) -> tuple[dict[str, str], Rows]:
    """The file's columns (field key -> header as written) and its rows of values by key."""
    return csv_table_read(
        text,
        columns=COLUMNS,
        required=REQUIRED_COLUMNS,
        empty=_("The file is empty: it needs a header row and one row a trainee."),
    )


def _parse_date(value: str) -> datetime.date | None:
    if not ISO_DATE.fullmatch(value):
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


class _Places:
    """Counties, townships, villages and cohorts, looked up in memory."""

    def __init__(self):
        self.counties = list(County.objects.all())
        self.county_by_code = {county.code: county for county in self.counties}
        self.county_by_name = {county.name: county for county in self.counties}
        townships = list(Township.objects.all())
        self.township_by_code = {township.code: township for township in townships}
        self.townships_by_name = defaultdict(list)
        for township in townships:
            self.townships_by_name[(township.county_id, township.name)].append(township)
        villages = list(Village.objects.select_related("township"))
        self.village_by_code = {village.code: village for village in villages}
        # By (township, name) and by (county, name): two dicts, as a township's id may
        # equal a county's.
        self.villages_by_township_name = defaultdict(list)
        self.villages_by_county_name = defaultdict(list)
        for village in villages:
            self.villages_by_township_name[(village.township_id, village.name)].append(village)
            self.villages_by_county_name[(village.township.county_id, village.name)].append(village)
        cohorts = list(Cohort.objects.select_related("county").prefetch_related("courses"))
        self.cohorts_by_name = defaultdict(list)
        for cohort in cohorts:
            self.cohorts_by_name[cohort.name].append(cohort)

    def county(self, value: str) -> County | None:
        return self.county_by_code.get(value) or self.county_by_name.get(value)


@RULES.enforces(
    gettext_lazy("No cell may hold invisible control characters (text pasted from some programs).")
)
def roster_check(
    *, text: str, county: County | None, progress: Progress | None = None
) -> RosterCheck:
    """Check every row of a roster; say what applying it would change.

    `county` limits the import to one county (a coordinator's); None allows any.
    Raises ImportFileError when the file as a whole cannot be read.
    """
    columns, raw_rows = roster_read(text)
    places = _Places()
    check = RosterCheck()
    check.errors.extend(control_character_errors(columns, raw_rows))
    total = len(raw_rows)
    first_row_of_id: dict[str, int] = {}
    for index, (line, values) in enumerate(raw_rows, start=1):
        row = _check_row(line, values, columns, places, county, check.errors, first_row_of_id)
        if row is not None:
            check.rows.append(row)
        if progress and index % 500 == 0:
            progress(index, total)
    _check_households(check, columns)
    _check_against_database(check, columns)
    check.people = _people(raw_rows, check)
    if check.errors:
        check.rows = []
    if progress:
        progress(total, total)
    return check


def _masked(value: str) -> str:
    """An identity number as the preview shows it (masked); a short wrong one, all stars."""
    number = normalise_id_number(value)
    return mask_id_number(number) if len(number) >= 8 else "*" * len(number)


def _people(raw_rows: Rows, check: RosterCheck) -> list[dict]:
    """Each row of the file as the preview lists it: the person's name, masked identity
    number and village, and what importing does (new, updated, unchanged) or why the row is
    refused (its errors, by column). Only what the file says and the importer's own county
    decides is shown: nothing of another county's records."""
    rows = {row.row: row for row in check.rows}
    reasons: dict[int, list[str]] = defaultdict(list)
    for error in check.errors:
        reasons[error.row].append(
            f"{error.column}: {error.message}" if error.column else error.message
        )
    people = []
    for line, values in raw_rows:
        row = rows.get(line)
        action = check.actions.get(line, REFUSED)
        if reasons[line]:
            action = REFUSED
        village = row.village.name if row and row.village else values.get("village", "")
        people.append(
            {
                "row": line,
                "name": values.get("name", ""),
                "id_number": _masked(values.get("id_number", "")),
                "village": village,
                "action": action,
                "reasons": reasons[line],
            }
        )
    return people


class _Cells:
    """One row's values, and the problems found in them, each named by its column."""

    def __init__(self, line: int, values: dict[str, str], columns: dict[str, str]):
        self.line = line
        self.values = values
        self.columns = columns
        self.problems: list[RowError] = []

    def get(self, key: str) -> str:
        return self.values.get(key, "")

    def error(self, key: str, message: str) -> None:
        self.problems.append(RowError(self.line, self.columns.get(key, COLUMNS[key][0]), message))

    def required(self, key: str) -> str:
        value = self.get(key)
        if not value:
            self.error(key, _("This field is required."))
        return value


def _check_row(line, values, columns, places, scope, errors, first_row_of_id):
    """The row's trainee, household and cohort, or None when a cell has a problem (in
    `errors`). Each column is read by its own function, in the order of the file's columns."""
    cells = _Cells(line, values, columns)
    name = _check_name(cells)
    gender = _check_gender(cells)
    ethnicity = _check_ethnicity(cells)
    education = _check_education(cells)
    phone = _check_phone(cells)
    id_number = _check_id_number(cells, first_row_of_id)
    birth_year = _check_birth_year(cells, id_number)
    county = _check_county(cells, places, scope)
    township = _check_township(cells, places, county)
    village = _check_village(cells, places, county, township)
    registry_number, members = _check_household(cells)
    status, status_from = _check_status(cells, registry_number)
    cohort = _check_cohort(cells, places, county)
    enrolled_on = _check_date(cells, "enrolled_on")

    errors.extend(cells.problems)
    if cells.problems:
        return None
    return RosterRow(
        row=line,
        name=name,
        gender=gender,
        ethnicity=ethnicity,
        birth_year=birth_year,
        education=education,
        phone=phone,
        id_number=id_number,
        county=county,
        village=village,
        registry_number=registry_number,
        members=members,
        household_status=status,
        status_from=status_from,
        cohort=cohort,
        enrolled_on=enrolled_on,
    )


@RULES.enforces(
    gettext_lazy("%(column)s: required, at most %(max)d characters."),
    column=_header("name"),
    max=_max_length(Trainee, "name"),
)
def _check_name(cells: _Cells) -> str:
    name = cells.required("name")
    if len(name) > Trainee._meta.get_field("name").max_length:
        cells.error("name", _("The name is too long."))
    return name


@RULES.enforces(
    gettext_lazy("%(column)s: required; %(values)s."),
    column=_header("gender"),
    values=" / ".join(GENDERS),
)
def _check_gender(cells: _Cells) -> str:
    value = cells.required("gender")
    gender = GENDERS.get(value.lower(), "")
    if value and not gender:
        cells.error("gender", _("“%(value)s” is not a gender: write 男 or 女.") % {"value": value})
    return gender


@RULES.enforces(
    gettext_lazy("%(column)s: at most %(max)d characters."),
    column=_header("ethnicity"),
    max=_max_length(Trainee, "ethnicity"),
)
def _check_ethnicity(cells: _Cells) -> str:
    ethnicity = cells.get("ethnicity")
    if len(ethnicity) > Trainee._meta.get_field("ethnicity").max_length:
        cells.error("ethnicity", _("The ethnicity is too long."))
    return ethnicity


@RULES.enforces(
    gettext_lazy("%(column)s: one of %(values)s, or empty."),
    column=_header("education"),
    values=_chinese(EDUCATIONS),
)
def _check_education(cells: _Cells) -> str:
    value = cells.get("education")
    education = EDUCATIONS.get(value.lower(), "")
    if value and not education:
        cells.error(
            "education",
            _("“%(value)s” is not a level of education: write %(choices)s.")
            % {"value": value, "choices": "未上学 小学 初中 高中 中专 大专"},
        )
    return education


@RULES.enforces(
    gettext_lazy(
        "%(column)s: an 11-digit mainland mobile number (spaces and dashes are ignored), or empty."
    ),
    column=_header("phone"),
)
def _check_phone(cells: _Cells) -> str:
    """In E.164 form; read as at sign-up (trainees/phones.py)."""
    value = re.sub(r"[\s\-]", "", cells.get("phone"))
    if not value:
        return ""
    try:
        return normalise_phone(value)
    except ValidationError:
        cells.error("phone", _("“%(value)s” is not an 11-digit mobile number.") % {"value": value})
        return ""


@RULES.enforces(
    gettext_lazy(
        "%(column)s: required; 18 characters, 17 digits and a digit or X, with a real birth "
        "date and the right check digit."
    ),
    gettext_lazy("%(column)s: each identity number once in the file."),
    column=_header("id_number"),
)
def _check_id_number(cells: _Cells, first_row_of_id: dict[str, int]) -> str:
    """The identity number, or "" when it is wrong; a second row with it is an error."""
    id_number = normalise_id_number(cells.required("id_number"))
    if not id_number:
        return ""
    try:
        validate_id_number(id_number)
    except ValidationError as invalid:
        cells.error("id_number", invalid.messages[0])
        return ""
    if id_number in first_row_of_id:
        cells.error(
            "id_number",
            _("This identity number is already on row %(row)d of the file.")
            % {"row": first_row_of_id[id_number]},
        )
    else:
        first_row_of_id[id_number] = cells.line
    return id_number


@RULES.enforces(
    gettext_lazy(
        "%(column)s: four digits, the year inside the identity number; taken from the "
        "identity number when empty."
    ),
    column=_header("birth_year"),
)
def _check_birth_year(cells: _Cells, id_number: str) -> int:
    """The year written, which must be the identity number's; else the identity number's."""
    birth_year = int(id_number[6:10]) if id_number else 0
    value = cells.get("birth_year")
    if not value:
        return birth_year
    if not re.fullmatch(r"(19|20)\d\d", value):
        cells.error("birth_year", _("Write the year of birth as four digits, e.g. 1995."))
    elif id_number and int(value) != birth_year:
        cells.error(
            "birth_year",
            _("The year of birth %(year)s does not match the identity number (%(id_year)d).")
            % {"year": value, "id_year": birth_year},
        )
    else:
        birth_year = int(value)
    return birth_year


@RULES.enforces(
    gettext_lazy("%(column)s: required; the county's name or 6-digit code."),
    gettext_lazy("A county coordinator imports trainees of their own county only."),
    column=_header("county"),
)
def _check_county(cells: _Cells, places: _Places, scope: County | None) -> County | None:
    """The county by name or code; None when there is none, or it is not the importer's."""
    value = cells.required("county")
    county = places.county(value) if value else None
    if value and county is None:
        cells.error("county", _("There is no county “%(value)s”.") % {"value": value})
    elif county is not None and scope is not None and county != scope:
        cells.error(
            "county",
            _("This row is in %(county)s; you can import trainees of %(yours)s only.")
            % {"county": county.display_name, "yours": scope.display_name},
        )
        county = None
    return county


@RULES.enforces(
    gettext_lazy("%(column)s: the township's name or code, in the row's county; or empty."),
    column=_header("township"),
)
def _check_township(cells: _Cells, places: _Places, county: County | None) -> Township | None:
    value = cells.get("township")
    if not value or county is None:
        return None
    if value.isdigit():
        township = places.township_by_code.get(value)
        candidates = [township] if township else []
    else:
        candidates = places.townships_by_name.get((county.pk, value), [])
    if len(candidates) != 1 or candidates[0].county_id != county.pk:
        cells.error(
            "township",
            _("There is no township “%(value)s” in %(county)s.")
            % {"value": value, "county": county.display_name},
        )
        return None
    return candidates[0]


def _village_candidates(
    places: _Places, value: str, county: County, township: Township | None
) -> list[Village]:
    """The villages `value` may name: by code; else by name in the township, or the county."""
    if value.isdigit():
        found = places.village_by_code.get(value)
        return [found] if found else []
    if township:
        return places.villages_by_township_name.get((township.pk, value), [])
    return places.villages_by_county_name.get((county.pk, value), [])


@RULES.enforces(
    gettext_lazy(
        "%(column)s: the village's name or code, in the row's township if it gives one, else "
        "in its county; where two villages share the name, give the code."
    ),
    column=_header("village"),
)
def _check_village(
    cells: _Cells, places: _Places, county: County | None, township: Township | None
) -> Village | None:
    """The village, in the row's township if it names one, else in its county; not looked
    for when the county or the township named is wrong (already an error)."""
    value = cells.get("village")
    if not value or county is None or (cells.get("township") and township is None):
        return None
    candidates = _village_candidates(places, value, county, township)
    where = township.name if township else county.display_name
    if len(candidates) > 1:
        cells.error(
            "village",
            _("More than one village in %(place)s is called “%(value)s”: give its code.")
            % {"value": value, "place": where},
        )
        return None
    village = candidates[0] if candidates else None
    if (
        village is None
        or village.township.county_id != county.pk
        or (township and village.township_id != township.pk)
    ):
        cells.error(
            "village",
            _("There is no village “%(value)s” in %(place)s.") % {"value": value, "place": where},
        )
        return None
    return village


@RULES.enforces(
    gettext_lazy(
        "%(column)s: at most %(max)d characters; a household needs its village (%(village)s)."
    ),
    gettext_lazy("%(members)s: the number of people in the household, from 1 to 99; 1 when empty."),
    column=_header("registry_number"),
    max=_max_length(Household, "registry_number"),
    village=_header("village"),
    members=_header("members"),
)
def _check_household(cells: _Cells) -> tuple[str, int]:
    """The household's registry number and its number of people (1 when empty)."""
    registry_number = cells.get("registry_number")
    if len(registry_number) > Household._meta.get_field("registry_number").max_length:
        cells.error("registry_number", _("The registry number is too long."))
    if registry_number and not cells.get("village"):
        cells.error("village", _("A household needs its village."))
    members = 1
    value = cells.get("members")
    if value:
        if value.isdecimal() and 1 <= int(value) <= 99:
            members = int(value)
        else:
            cells.error("members", _("Write the number of people in the household, from 1 to 99."))
    return registry_number, members


@RULES.enforces(
    gettext_lazy(
        "%(column)s: one of %(values)s; a household status needs the household's registry "
        "number (%(registry)s) and the day it holds from (%(since)s)."
    ),
    column=_header("household_status"),
    values=_chinese(HOUSEHOLD_STATUSES),
    registry=_header("registry_number"),
    since=_header("status_from"),
)
def _check_status(cells: _Cells, registry_number: str) -> tuple[str, datetime.date | None]:
    """The household's status and the day it holds from: both, or neither."""
    status = ""
    value = cells.get("household_status")
    if value:
        status = HOUSEHOLD_STATUSES.get(value, "")
        if not status:
            cells.error(
                "household_status",
                _("“%(value)s” is not a household status: write %(choices)s.")
                % {"value": value, "choices": "建档立卡贫困户、脱贫户、监测对象 or 无"},
            )
        elif not registry_number:
            cells.error(
                "registry_number", _("A household status needs the household's registry number.")
            )
    status_from = _check_date(cells, "status_from")
    if status and not cells.get("status_from"):
        cells.error("status_from", _("A household status needs the date it holds from."))
    return status, status_from


@RULES.enforces(
    gettext_lazy("%(columns)s: a date written year-month-day, e.g. 2024-03-01."),
    columns=f"{_header('status_from')}、{_header('enrolled_on')}",
)
def _check_date(cells: _Cells, key: str) -> datetime.date | None:
    value = cells.get(key)
    if not value:
        return None
    day = _parse_date(value)
    if day is None:
        cells.error(key, _("Write the date as year-month-day, e.g. 2024-03-01."))
    return day


@RULES.enforces(
    gettext_lazy("%(column)s: required; the name of a cohort of the row's county."),
    column=_header("cohort"),
)
def _check_cohort(cells: _Cells, places: _Places, county: County | None) -> Cohort | None:
    """A cohort of the row's county, by its name."""
    value = cells.required("cohort")
    if not value or county is None:
        return None
    found = places.cohorts_by_name.get(value, [])
    here = [candidate for candidate in found if candidate.county_id == county.pk]
    if len(here) == 1:
        return here[0]
    if len(here) > 1:
        cells.error(
            "cohort",
            _("%(county)s has more than one cohort called “%(value)s”.")
            % {"county": county.display_name, "value": value},
        )
    elif found:
        cells.error(
            "cohort",
            _("The cohort “%(value)s” belongs to %(other)s, not %(county)s.")
            % {
                "value": value,
                "other": found[0].county.display_name,
                "county": county.display_name,
            },
        )
    else:
        cells.error(
            "cohort",
            _("There is no cohort “%(value)s” in %(county)s.")
            % {"value": value, "county": county.display_name},
        )
    return None


@RULES.enforces(
    gettext_lazy("Rows of one household agree on its village, its number of people and its status.")
)
def _check_households(check: RosterCheck, columns: dict[str, str]) -> None:
    """Rows of one household must agree on its village, size and status."""
    first: dict[str, RosterRow] = {}
    for row in check.rows:
        if not row.registry_number:
            continue
        earlier = first.setdefault(row.registry_number, row)
        if earlier is row:
            continue
        if earlier.village != row.village or earlier.members != row.members:
            check.errors.append(
                RowError(
                    row.row,
                    columns["registry_number"],
                    _("Household %(number)s has another village or size on row %(row)d.")
                    % {"number": row.registry_number, "row": earlier.row},
                )
            )
        if row.household_status and (
            (earlier.household_status, earlier.status_from)
            != (row.household_status, row.status_from)
        ):
            check.errors.append(
                RowError(
                    row.row,
                    columns.get("household_status", COLUMNS["household_status"][0]),
                    _("Household %(number)s has another status on row %(row)d.")
                    % {"number": row.registry_number, "row": earlier.row},
                )
            )


def _check_against_database(check: RosterCheck, columns: dict[str, str]) -> None:
    """Find what the database already holds; name rows that clash with another county."""
    _load_existing(check)
    course_ids = {
        cohort.pk: [course.pk for course in cohort.courses.all()]
        for cohort in {row.cohort for row in check.rows}
    }
    households_seen: set[str] = set()
    for row in check.rows:
        if not _count_trainee(check, columns, row, course_ids[row.cohort.pk]):
            continue
        if not row.registry_number or row.registry_number in households_seen:
            continue
        households_seen.add(row.registry_number)
        _count_household(check, columns, row)
    check.status_changes = len(_status_rows_to_write(check))
    _prerequisites_ahead(check, course_ids)


def _prerequisites_ahead(check: RosterCheck, course_ids: dict[int, list[int]]) -> None:
    """The courses of each cohort that come after courses some of its people have not
    completed: the import enrols them all the same, as a coordinator may (docs/learning.md),
    and the preview says so. A prerequisite the cohort teaches too is left out: its people
    take it in the same class. Each as {cohort, course, before (page ids), people, of}; the
    rule read once for the whole file (`learning.prerequisites_of_many`), not row by row."""
    rule = learning.prerequisites_of_many(
        trainee_ids={trainee.pk for trainee in check.existing_trainees.values()},
        course_ids={course for courses in course_ids.values() for course in courses},
    )
    if not rule.required:
        return
    ahead: dict[tuple[int, int], dict] = {}
    rows_of = defaultdict(int)
    for row in check.rows:
        rows_of[row.cohort.pk] += 1
        trainee = check.existing_trainees.get(row.id_number)
        taught = course_ids[row.cohort.pk]
        for course in taught:
            missing = [
                page.pk
                for page in rule.missing(trainee.pk if trainee else None, course)
                if page.pk not in taught
            ]
            if not missing:
                continue
            item = ahead.setdefault(
                (row.cohort.pk, course),
                {"cohort": row.cohort.name, "course": course, "before": [], "people": 0},
            )
            item["people"] += 1
            item["before"] += [page for page in missing if page not in item["before"]]
    check.prerequisites_ahead = [
        {**item, "of": rows_of[cohort]} for (cohort, _course), item in ahead.items()
    ]


def _load_existing(check: RosterCheck) -> None:
    """The trainees and households the rows name, their status changes and enrolments."""
    id_numbers = [row.id_number for row in check.rows]
    for chunk in chunks(id_numbers):
        for trainee in Trainee.objects.filter(id_number__in=chunk).select_related(
            "county", "household"
        ):
            check.existing_trainees[trainee.id_number] = trainee
    registry_numbers = list({row.registry_number for row in check.rows if row.registry_number})
    for chunk in chunks(registry_numbers):
        for household in Household.objects.filter(registry_number__in=chunk).select_related(
            "village__township__county"
        ):
            check.existing_households[household.registry_number] = household
    household_ids = [household.pk for household in check.existing_households.values()]
    for chunk in chunks(household_ids):
        for change in HouseholdStatusChange.objects.filter(household_id__in=chunk):
            check.existing_statuses.setdefault(change.household_id, []).append(change)
    trainee_ids = [trainee.pk for trainee in check.existing_trainees.values()]
    for chunk in chunks(trainee_ids):
        check.existing_enrolments.update(
            Enrolment.objects.filter(trainee_id__in=chunk).values_list("trainee_id", "course_id")
        )


@RULES.enforces(
    gettext_lazy(
        "An identity number already registered in this county updates that trainee (an "
        "empty cell keeps what is known); one registered in another county is refused."
    ),
    gettext_lazy(
        "Each trainee is enrolled in every course of the cohort; enrolments already there "
        "are left as they are."
    ),
)
def _count_trainee(
    check: RosterCheck, columns: dict[str, str], row: RosterRow, course_ids: list[int]
) -> bool:
    """Count the row's trainee as new, updated or unchanged, and its new enrolments; False
    (an error) when the identity number is a trainee's of another county."""
    trainee = check.existing_trainees.get(row.id_number)
    if trainee is not None and trainee.county_id != row.county.pk:
        check.errors.append(
            RowError(
                row.row,
                columns["id_number"],
                # Another county's record: neither its county nor its number is named.
                _(
                    "This identity number is registered in another county: check the "
                    "number, or ask a programme manager."
                ),
            )
        )
        return False
    moves_household = (
        trainee is not None
        and row.registry_number
        and getattr(trainee.household, "registry_number", None) != row.registry_number
    )
    if trainee is None:
        check.trainees_new += 1
        check.actions[row.row] = NEW
    elif moves_household or _trainee_changes(trainee, row):
        check.trainees_updated += 1
        check.actions[row.row] = UPDATED
    else:
        check.trainees_unchanged += 1
        check.actions[row.row] = UNCHANGED
    new_enrolments = (
        len(course_ids)
        if trainee is None
        else sum((trainee.pk, course) not in check.existing_enrolments for course in course_ids)
    )
    if new_enrolments:
        _name, made = check.enrolments_by_cohort.get(row.cohort.pk, (row.cohort.name, 0))
        check.enrolments_by_cohort[row.cohort.pk] = (row.cohort.name, made + new_enrolments)
    return True


@RULES.enforces(
    gettext_lazy(
        "A registry number already registered in this county updates that household; one "
        "registered in another county is refused."
    )
)
def _count_household(check: RosterCheck, columns: dict[str, str], row: RosterRow) -> None:
    """Count the row's household as new or updated, and its status change; an error when
    it is registered in another county."""
    household = check.existing_households.get(row.registry_number)
    if household is None:
        check.households_new += 1
        return
    if household.village.township.county_id != row.county.pk:
        check.errors.append(
            RowError(
                row.row,
                columns["registry_number"],
                _(
                    "Household %(number)s is registered in another county: check the "
                    "registry number."
                )
                % {"number": row.registry_number},
            )
        )
        return
    if (household.village_id, household.members) != (row.village.pk, row.members):
        check.households_updated += 1


def _trainee_changes(trainee: Trainee, row: RosterRow) -> dict:
    wanted = {
        "name": row.name,
        "gender": row.gender,
        "ethnicity": row.ethnicity,
        "birth_year": row.birth_year,
        "education": row.education,
        "phone": row.phone,
        "village_id": row.village.pk if row.village else None,
    }
    changes = {key: value for key, value in wanted.items() if getattr(trainee, key) != value}
    # An empty cell keeps what is known, rather than erasing it.
    return {key: value for key, value in changes.items() if value not in ("", None)}


@RULES.enforces(
    gettext_lazy(
        "A household status is recorded only when it is not already the household's on that day."
    )
)
def _status_rows_to_write(check: RosterCheck) -> list[RosterRow]:
    """The rows whose household status the import writes, one rule for the preview's count
    and for roster_apply: a household's first row that names a status (rows of one
    household agree on it, or leave it empty), unless the household already has that status
    on that day; a new household has none before its first change, so 无 writes nothing."""
    seen: set[str] = set()
    rows = []
    for row in check.rows:
        if not row.household_status or row.registry_number in seen:
            continue
        seen.add(row.registry_number)
        household = check.existing_households.get(row.registry_number)
        changes = check.existing_statuses.get(household.pk, []) if household else []
        known = [(change.valid_from, change.status) for change in changes]
        if status_on(known, row.status_from) != row.household_status:
            rows.append(row)
    return rows


@transaction.atomic
def roster_apply(
    *, text: str, county: County | None, progress: Progress | None = None
) -> RosterCheck:
    """Check the roster again against the database as it is now, and write it, all or nothing.

    Raises ImportInvalid (nothing written) when a row has an error.
    """
    check = roster_check(text=text, county=county)
    if not check.is_valid:
        raise ImportInvalid(check.errors, check)
    steps = 4

    def step(done: int) -> None:
        if progress:
            progress(done, steps)

    # The trainees already recorded whose household or its statuses the roster may change
    # (those it names, those of the households it names): what the apps above derive from
    # them is refreshed after the writes (trainees/derived.py).
    existing = Q(pk__in=[trainee.pk for trainee in check.existing_trainees.values()])
    existing |= Q(household__in=[household.pk for household in check.existing_households.values()])
    with derived.households_changing(
        trainee_ids=Trainee.objects.filter(existing).values_list("pk", flat=True)
    ):
        households = _apply_households(check)
        step(1)
        trainees = _apply_trainees(check, households)
        step(2)
        _apply_status_changes(check, households)
        step(3)
        _apply_enrolments(check, trainees)
        step(4)
    # The training summary of every trainee the roster names or whose household it touched.
    touched = Q(pk__in=[trainee.pk for trainee in trainees.values()])
    touched |= Q(household__in=[household.pk for household in households.values()])
    training_summary.refresh(
        trainee_ids=Trainee.objects.filter(touched).values_list("pk", flat=True)
    )
    return check


def _apply_households(check: RosterCheck) -> dict[str, Household]:
    households = dict(check.existing_households)
    new, changed = {}, []
    for row in check.rows:
        if not row.registry_number or row.registry_number in new:
            continue
        household = households.get(row.registry_number)
        if household is None:
            new[row.registry_number] = Household(
                registry_number=row.registry_number, village=row.village, members=row.members
            )
        elif (household.village_id, household.members) != (row.village.pk, row.members):
            household.village, household.members = row.village, row.members
            changed.append(household)
    Household.objects.bulk_create(new.values(), batch_size=LOOKUP_CHUNK)
    Household.objects.bulk_update(changed, ["village", "members"], batch_size=LOOKUP_CHUNK)
    households.update(new)
    return households


def _apply_trainees(check: RosterCheck, households: dict[str, Household]) -> dict[str, Trainee]:
    trainees = dict(check.existing_trainees)
    new, changed = [], []
    for row in check.rows:
        household = households.get(row.registry_number) if row.registry_number else None
        trainee = trainees.get(row.id_number)
        if trainee is None:
            trainee = Trainee(
                name=row.name,
                gender=row.gender,
                ethnicity=row.ethnicity,
                birth_year=row.birth_year,
                education=row.education,
                phone=row.phone,
                county=row.county,
                village=row.village,
                household=household,
                id_number=row.id_number,
            )
            trainees[row.id_number] = trainee
            new.append(trainee)
            continue
        changes = _trainee_changes(trainee, row)
        if household is not None and trainee.household_id != household.pk:
            changes["household_id"] = household.pk
        if changes:
            for key, value in changes.items():
                setattr(trainee, key, value)
            changed.append(trainee)
    Trainee.objects.bulk_create(new, batch_size=LOOKUP_CHUNK)
    Trainee.objects.bulk_update(
        changed,
        ["name", "gender", "ethnicity", "birth_year", "education", "phone", "village", "household"],
        batch_size=LOOKUP_CHUNK,
    )
    return trainees


def _apply_status_changes(check: RosterCheck, households: dict[str, Household]) -> None:
    new, changed = [], []
    for row in _status_rows_to_write(check):
        household = households[row.registry_number]
        changes = check.existing_statuses.get(household.pk, [])
        same_day = next((c for c in changes if c.valid_from == row.status_from), None)
        if same_day is None:
            new.append(
                HouseholdStatusChange(
                    household=household, status=row.household_status, valid_from=row.status_from
                )
            )
        else:
            same_day.status = row.household_status
            changed.append(same_day)
    HouseholdStatusChange.objects.bulk_create(new, batch_size=LOOKUP_CHUNK)
    HouseholdStatusChange.objects.bulk_update(changed, ["status"], batch_size=LOOKUP_CHUNK)


def _apply_enrolments(check: RosterCheck, trainees: dict[str, Trainee]) -> None:
    new: list[Enrolment] = []
    enrolled_on: dict[int, datetime.date] = {}
    course_ids = {
        cohort.pk: [course.pk for course in cohort.courses.all()]
        for cohort in {row.cohort for row in check.rows}
    }
    for row in check.rows:
        trainee = trainees[row.id_number]
        for course_id in course_ids[row.cohort.pk]:
            if (trainee.pk, course_id) in check.existing_enrolments:
                continue
            new.append(
                Enrolment(
                    trainee=trainee,
                    course_id=course_id,
                    cohort=row.cohort,
                    source=EnrolmentSource.IMPORT,
                )
            )
        if row.enrolled_on:
            enrolled_on[trainee.pk] = row.enrolled_on
    created = Enrolment.objects.bulk_create(new, batch_size=LOOKUP_CHUNK)
    # enrolled_at is set on creation; the roster's date goes in with an update.
    by_day: dict[datetime.date, list[int]] = defaultdict(list)
    for enrolment in created:
        day = enrolled_on.get(enrolment.trainee_id)
        if day:
            by_day[day].append(enrolment.pk)
    for day, pks in by_day.items():
        moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
        for chunk in chunks(pks):
            Enrolment.objects.filter(pk__in=chunk).update(enrolled_at=moment)
