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
| 手机号 | phone | no | an 11-digit mainland mobile number |
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

`roster_check` reads and checks a file and says what applying it would do;
`roster_apply` checks again and writes it, in one transaction.
"""

import csv
import datetime
import io
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from trainees import training_summary
from trainees.choices import Education, EnrolmentSource, Gender, HouseholdStatus
from trainees.identity import normalise_id_number, validate_id_number
from trainees.models import (
    Cohort,
    County,
    Enrolment,
    Household,
    HouseholdStatusChange,
    Township,
    Trainee,
    Village,
)

MAX_ROWS = 20_000
# Rows per query when looking up what a file names, well under SQLite's limit of variables.
LOOKUP_CHUNK = 900

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
MOBILE_NUMBER = re.compile(r"(?:\+?86)?(1[3-9]\d{9})")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class RosterFileError(Exception):
    """The file as a whole cannot be read: its encoding, its header row, its size."""


@dataclass(frozen=True)
class RosterError:
    row: int  # as a spreadsheet numbers it: the header is row 1
    column: str  # the header as written in the file; empty for the whole row
    message: str


class RosterInvalid(Exception):
    def __init__(self, errors: list[RosterError]):
        super().__init__(f"{len(errors)} errors")
        self.errors = errors


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

    errors: list[RosterError] = field(default_factory=list)
    rows: list[RosterRow] = field(default_factory=list)
    trainees_new: int = 0
    trainees_updated: int = 0
    trainees_unchanged: int = 0
    households_new: int = 0
    households_updated: int = 0
    status_changes: int = 0
    enrolments_by_cohort: dict[str, int] = field(default_factory=dict)
    # For roster_apply: what is already in the database.
    existing_trainees: dict[str, Trainee] = field(default_factory=dict, repr=False)
    existing_households: dict[str, Household] = field(default_factory=dict, repr=False)
    existing_statuses: dict[int, list[HouseholdStatusChange]] = field(
        default_factory=dict, repr=False
    )
    existing_enrolments: set[tuple[int, int]] = field(default_factory=set, repr=False)

    @property
    def is_valid(self) -> bool:
        return not self.errors

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
                {"cohort": name, "count": count}
                for name, count in sorted(self.enrolments_by_cohort.items())
            ],
        }


Progress = Callable[[int, int], None]


# How an Excel workbook (XLSX, a ZIP) and an old Excel file (XLS) begin.
WORKBOOK_STARTS = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")


def roster_decode(data: bytes) -> str:
    """The file's text: UTF-8 (with or without BOM) or GBK/GB18030, else RosterFileError.
    A workbook is refused unopened, so a ZIP bomb named .xlsx costs nothing."""
    if data.startswith(WORKBOOK_STARTS):
        raise RosterFileError(
            _(
                "This is an Excel workbook, not a CSV file: in Excel choose “Save as”, "
                "then “CSV UTF-8”, and upload that file."
            )
        )
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        # UTF-16 and binary files decode as GB18030 with NUL characters in them.
        if "\x00" not in text:
            return text
    raise RosterFileError(
        _("Wrong file encoding: save the file as CSV in UTF-8 or GBK (Excel's “CSV” format).")
    )


def _header_key(header: str) -> str:
    return re.sub(r"[\s\-]+", "_", header.strip().lower())


def csv_table_read(
    text: str, *, columns: dict[str, tuple[str, ...]], required: tuple[str, ...], empty: str
) -> tuple[dict[str, str], list[tuple[int, dict[str, str]]]]:
    """The columns found (field key -> header as written) and the rows of values by key.

    `columns` maps each field key to the headers accepted for it (the first is the
    one named in messages); `empty` is the message for a file without rows. Shared
    by the imports of this app (the roster, the areas).
    """
    header_keys = {_header_key(alias): key for key, aliases in columns.items() for alias in aliases}
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if not header or not any(cell.strip() for cell in header):
        raise RosterFileError(empty)
    found: dict[str, str] = {}
    positions: dict[str, int] = {}
    for position, cell in enumerate(header):
        key = header_keys.get(_header_key(cell))
        if key and key not in found:
            found[key] = cell.strip()
            positions[key] = position
    missing = [columns[key][0] for key in required if key not in found]
    if missing:
        raise RosterFileError(
            _("The header row lacks these columns: %(columns)s.") % {"columns": "、".join(missing)}
        )
    rows = []
    for line_number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        values = {
            key: (cells[position].strip() if position < len(cells) else "")
            for key, position in positions.items()
        }
        rows.append((line_number, values))
        if len(rows) > MAX_ROWS:
            raise RosterFileError(
                _("The file has more than %(count)d rows; split it into smaller files.")
                % {"count": MAX_ROWS}
            )
    if not rows:
        raise RosterFileError(empty)
    return found, rows


def roster_read(text: str) -> tuple[dict[str, str], list[tuple[int, dict[str, str]]]]:
    """The file's columns (field key -> header as written) and its rows of values by key."""
    return csv_table_read(
        text,
        columns=COLUMNS,
        required=REQUIRED_COLUMNS,
        empty=_("The file is empty: it needs a header row and one row a trainee."),
    )


def _chunks(values: list, size: int = LOOKUP_CHUNK):
    for start in range(0, len(values), size):
        yield values[start : start + size]


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


def roster_check(
    *, text: str, county: County | None, progress: Progress | None = None
) -> RosterCheck:
    """Check every row of a roster; say what applying it would change.

    `county` limits the import to one county (a coordinator's); None allows any.
    Raises RosterFileError when the file as a whole cannot be read.
    """
    columns, raw_rows = roster_read(text)
    places = _Places()
    check = RosterCheck()
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
    if check.errors:
        check.rows = []
    if progress:
        progress(total, total)
    return check


def _check_row(line, values, columns, places, scope, errors, first_row_of_id):
    problems: list[RosterError] = []

    def error(key: str, message: str) -> None:
        problems.append(RosterError(line, columns.get(key, COLUMNS[key][0]), message))

    def required(key: str) -> str:
        value = values.get(key, "")
        if not value:
            error(key, _("This field is required."))
        return value

    name = required("name")
    if len(name) > Trainee._meta.get_field("name").max_length:
        error("name", _("The name is too long."))

    gender_value = required("gender")
    gender = GENDERS.get(gender_value.lower(), "")
    if gender_value and not gender:
        error("gender", _("“%(value)s” is not a gender: write 男 or 女.") % {"value": gender_value})

    ethnicity = values.get("ethnicity", "")
    if len(ethnicity) > Trainee._meta.get_field("ethnicity").max_length:
        error("ethnicity", _("The ethnicity is too long."))

    education_value = values.get("education", "")
    education = EDUCATIONS.get(education_value.lower(), "")
    if education_value and not education:
        error(
            "education",
            _("“%(value)s” is not a level of education: write %(choices)s.")
            % {"value": education_value, "choices": "未上学 小学 初中 高中 中专 大专"},
        )

    phone = ""
    phone_value = re.sub(r"[\s\-]", "", values.get("phone", ""))
    if phone_value:
        match = MOBILE_NUMBER.fullmatch(phone_value)
        if match:
            phone = f"+86{match.group(1)}"
        else:
            error(
                "phone",
                _("“%(value)s” is not an 11-digit mobile number.") % {"value": phone_value},
            )

    id_number = normalise_id_number(required("id_number"))
    if id_number:
        try:
            validate_id_number(id_number)
        except ValidationError as invalid:
            error("id_number", invalid.messages[0])
            id_number = ""
    if id_number:
        if id_number in first_row_of_id:
            error(
                "id_number",
                _("This identity number is already on row %(row)d of the file.")
                % {"row": first_row_of_id[id_number]},
            )
        else:
            first_row_of_id[id_number] = line

    birth_year = int(id_number[6:10]) if id_number else 0
    birth_year_value = values.get("birth_year", "")
    if birth_year_value:
        if not re.fullmatch(r"(19|20)\d\d", birth_year_value):
            error("birth_year", _("Write the year of birth as four digits, e.g. 1995."))
        elif id_number and int(birth_year_value) != birth_year:
            error(
                "birth_year",
                _("The year of birth %(year)s does not match the identity number (%(id_year)d).")
                % {"year": birth_year_value, "id_year": birth_year},
            )
        else:
            birth_year = int(birth_year_value)
    elif not id_number:
        birth_year = 0

    county_value = required("county")
    county = places.county(county_value) if county_value else None
    if county_value and county is None:
        error("county", _("There is no county “%(value)s”.") % {"value": county_value})
    elif county is not None and scope is not None and county != scope:
        error(
            "county",
            _("This row is in %(county)s; you can import trainees of %(yours)s only.")
            % {"county": county.name, "yours": scope.name},
        )
        county = None

    township = None
    township_value = values.get("township", "")
    if township_value and county is not None:
        if township_value.isdigit():
            township = places.township_by_code.get(township_value)
            candidates = [township] if township else []
        else:
            candidates = places.townships_by_name.get((county.pk, township_value), [])
        if len(candidates) != 1 or candidates[0].county_id != county.pk:
            error(
                "township",
                _("There is no township “%(value)s” in %(county)s.")
                % {"value": township_value, "county": county.name},
            )
            township = None
        else:
            township = candidates[0]

    village = None
    village_value = values.get("village", "")
    if village_value and county is not None and not (township_value and township is None):
        if village_value.isdigit():
            found = places.village_by_code.get(village_value)
            candidates = [found] if found else []
        else:
            if township:
                candidates = places.villages_by_township_name.get((township.pk, village_value), [])
            else:
                candidates = places.villages_by_county_name.get((county.pk, village_value), [])
        where = township.name if township else county.name
        if len(candidates) > 1:
            error(
                "village",
                _("More than one village in %(place)s is called “%(value)s”: give its code.")
                % {"value": village_value, "place": where},
            )
        elif not candidates or (
            candidates[0].township.county_id != county.pk
            or (township and candidates[0].township_id != township.pk)
        ):
            error(
                "village",
                _("There is no village “%(value)s” in %(place)s.")
                % {"value": village_value, "place": where},
            )
        else:
            village = candidates[0]

    registry_number = values.get("registry_number", "")
    if len(registry_number) > Household._meta.get_field("registry_number").max_length:
        error("registry_number", _("The registry number is too long."))
    if registry_number and not village_value:
        error("village", _("A household needs its village."))

    members = 1
    members_value = values.get("members", "")
    if members_value:
        if members_value.isdecimal() and 1 <= int(members_value) <= 99:
            members = int(members_value)
        else:
            error("members", _("Write the number of people in the household, from 1 to 99."))

    status = ""
    status_value = values.get("household_status", "")
    if status_value:
        status = HOUSEHOLD_STATUSES.get(status_value, "")
        if not status:
            error(
                "household_status",
                _("“%(value)s” is not a household status: write %(choices)s.")
                % {"value": status_value, "choices": "建档立卡贫困户、脱贫户、监测对象 or 无"},
            )
        elif not registry_number:
            error("registry_number", _("A household status needs the household's registry number."))

    status_from = None
    status_from_value = values.get("status_from", "")
    if status_from_value:
        status_from = _parse_date(status_from_value)
        if status_from is None:
            error("status_from", _("Write the date as YYYY-MM-DD, e.g. 2024-03-01."))
    elif status:
        error("status_from", _("A household status needs the date it holds from."))

    cohort_value = required("cohort")
    cohort = None
    if cohort_value and county is not None:
        found = places.cohorts_by_name.get(cohort_value, [])
        here = [candidate for candidate in found if candidate.county_id == county.pk]
        if len(here) == 1:
            cohort = here[0]
        elif len(here) > 1:
            error(
                "cohort",
                _("%(county)s has more than one cohort called “%(value)s”.")
                % {"county": county.name, "value": cohort_value},
            )
        elif found:
            error(
                "cohort",
                _("The cohort “%(value)s” belongs to %(other)s, not %(county)s.")
                % {"value": cohort_value, "other": found[0].county.name, "county": county.name},
            )
        else:
            error(
                "cohort",
                _("There is no cohort “%(value)s” in %(county)s.")
                % {"value": cohort_value, "county": county.name},
            )

    enrolled_on = None
    enrolled_on_value = values.get("enrolled_on", "")
    if enrolled_on_value:
        enrolled_on = _parse_date(enrolled_on_value)
        if enrolled_on is None:
            error("enrolled_on", _("Write the date as YYYY-MM-DD, e.g. 2024-03-01."))

    errors.extend(problems)
    if problems:
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
                RosterError(
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
                RosterError(
                    row.row,
                    columns.get("household_status", COLUMNS["household_status"][0]),
                    _("Household %(number)s has another status on row %(row)d.")
                    % {"number": row.registry_number, "row": earlier.row},
                )
            )


def _check_against_database(check: RosterCheck, columns: dict[str, str]) -> None:
    """Find what the database already holds; name rows that clash with another county."""
    id_numbers = [row.id_number for row in check.rows]
    for chunk in _chunks(id_numbers):
        for trainee in Trainee.objects.filter(id_number__in=chunk).select_related(
            "county", "household"
        ):
            check.existing_trainees[trainee.id_number] = trainee
    registry_numbers = list({row.registry_number for row in check.rows if row.registry_number})
    for chunk in _chunks(registry_numbers):
        for household in Household.objects.filter(registry_number__in=chunk).select_related(
            "village__township__county"
        ):
            check.existing_households[household.registry_number] = household
    household_ids = [household.pk for household in check.existing_households.values()]
    for chunk in _chunks(household_ids):
        for change in HouseholdStatusChange.objects.filter(household_id__in=chunk):
            check.existing_statuses.setdefault(change.household_id, []).append(change)
    trainee_ids = [trainee.pk for trainee in check.existing_trainees.values()]
    for chunk in _chunks(trainee_ids):
        check.existing_enrolments.update(
            Enrolment.objects.filter(trainee_id__in=chunk).values_list("trainee_id", "course_id")
        )

    places_course_ids = {
        cohort.pk: [course.pk for course in cohort.courses.all()]
        for cohort in {row.cohort for row in check.rows}
    }
    households_seen: set[str] = set()
    for row in check.rows:
        trainee = check.existing_trainees.get(row.id_number)
        if trainee is not None and trainee.county_id != row.county.pk:
            check.errors.append(
                RosterError(
                    row.row,
                    columns["id_number"],
                    _(
                        "This identity number belongs to trainee no. %(id)d, "
                        "already registered in %(county)s."
                    )
                    % {"id": trainee.pk, "county": trainee.county.name},
                )
            )
            continue
        moves_household = (
            trainee is not None
            and row.registry_number
            and getattr(trainee.household, "registry_number", None) != row.registry_number
        )
        if trainee is None:
            check.trainees_new += 1
        elif moves_household or _trainee_changes(trainee, row):
            check.trainees_updated += 1
        else:
            check.trainees_unchanged += 1
        course_ids = places_course_ids[row.cohort.pk]
        new_enrolments = (
            len(course_ids)
            if trainee is None
            else sum((trainee.pk, course) not in check.existing_enrolments for course in course_ids)
        )
        if new_enrolments:
            check.enrolments_by_cohort[row.cohort.name] = (
                check.enrolments_by_cohort.get(row.cohort.name, 0) + new_enrolments
            )

        if not row.registry_number or row.registry_number in households_seen:
            continue
        households_seen.add(row.registry_number)
        household = check.existing_households.get(row.registry_number)
        if household is None:
            check.households_new += 1
            if row.household_status:
                check.status_changes += 1
            continue
        if household.village.township.county_id != row.county.pk:
            check.errors.append(
                RosterError(
                    row.row,
                    columns["registry_number"],
                    _("Household %(number)s is registered in %(county)s.")
                    % {
                        "number": row.registry_number,
                        "county": household.village.township.county.name,
                    },
                )
            )
            continue
        if (household.village_id, household.members) != (row.village.pk, row.members):
            check.households_updated += 1
        if row.household_status and _status_needs_change(
            check.existing_statuses.get(household.pk, []), row
        ):
            check.status_changes += 1


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


def _status_on(changes: list[HouseholdStatusChange], day: datetime.date) -> str:
    return training_summary.status_on([(c.valid_from, c.status) for c in changes], day)


def _status_needs_change(changes: list[HouseholdStatusChange], row: RosterRow) -> bool:
    return _status_on(changes, row.status_from) != row.household_status


@transaction.atomic
def roster_apply(
    *, text: str, county: County | None, progress: Progress | None = None
) -> RosterCheck:
    """Check the roster again against the database as it is now, and write it, all or nothing.

    Raises RosterInvalid (nothing written) when a row has an error.
    """
    check = roster_check(text=text, county=county)
    if not check.is_valid:
        raise RosterInvalid(check.errors)
    steps = 4

    def step(done: int) -> None:
        if progress:
            progress(done, steps)

    households = _apply_households(check)
    step(1)
    trainees = _apply_trainees(check, households)
    step(2)
    _apply_status_changes(check, households)
    step(3)
    _apply_enrolments(check, trainees)
    step(4)
    # Bulk writes send no signals: the training summary of every trainee the roster names
    # or whose household it touched.
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
    done: set[str] = set()
    new, changed = [], []
    for row in check.rows:
        if not row.household_status or row.registry_number in done:
            continue
        done.add(row.registry_number)
        household = households[row.registry_number]
        changes = check.existing_statuses.get(household.pk, [])
        if not _status_needs_change(changes, row):
            continue
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
        for chunk in _chunks(pks):
            Enrolment.objects.filter(pk__in=chunk).update(enrolled_at=moment)
