import datetime

import pytest

from django.utils import translation

from machinery.imports.decoding import text_decode
from machinery.imports.errors import ImportFileError, ImportInvalid, RowError
from trainees import roster
from trainees.choices import EnrolmentSource, Gender, HouseholdStatus
from trainees.factories import TownshipFactory, TraineeFactory, VillageFactory, valid_id_number
from trainees.models import Enrolment, Household, HouseholdStatusChange, Trainee
from trainees.phones import normalise_phone
from trainees.roster import roster_apply, roster_check

from .roster_files import HEADER, make_places, roster_row, roster_text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def places():
    return make_places()


def nothing_written():
    return (
        Trainee.objects.count(),
        Household.objects.count(),
        HouseholdStatusChange.objects.count(),
        Enrolment.objects.count(),
    ) == (0, 0, 0, 0)


def three_rows() -> str:
    # Two sisters of one household, and a trainee without a household.
    return roster_text(
        [
            roster_row(1),
            roster_row(2, 户编号="LT-0001"),
            roster_row(3, 户编号="", 家庭人口="", 户状态="", 状态起始日期=""),
        ]
    )


def test_a_clean_file_says_what_it_would_change_and_writes_nothing(places):
    check = roster_check(text=three_rows(), county=None)

    assert check.errors == []
    assert check.summary() == {
        "rows": 3,
        "trainees_new": 3,
        "trainees_updated": 0,
        "trainees_unchanged": 0,
        "households_new": 1,
        "households_updated": 0,
        "status_changes": 1,
        "enrolments": [{"cohort": "理塘电商一期", "cohort_id": places.cohort.pk, "count": 6}],
        "prerequisites_ahead": [],
    }
    assert nothing_written()


def test_applying_creates_trainees_households_statuses_and_enrolments(places):
    roster_apply(text=three_rows(), county=places.litang)

    zhuoma = Trainee.objects.get(id_number=valid_id_number(1))
    assert (zhuoma.name, zhuoma.gender, zhuoma.ethnicity, zhuoma.birth_year) == (
        "卓玛1",
        Gender.FEMALE,
        "藏族",
        1990,
    )
    assert (zhuoma.education, zhuoma.phone, zhuoma.county, zhuoma.village) == (
        "junior",
        "+8613800130001",
        places.litang,
        places.village,
    )
    household = Household.objects.get(registry_number="LT-0001")
    assert (household.village, household.members) == (places.village, 5)
    assert set(household.trainees.values_list("name", flat=True)) == {"卓玛1", "卓玛2"}
    assert household.status_on(datetime.date(2021, 1, 1)) == HouseholdStatus.LIFTED_OUT
    assert household.status_on(datetime.date(2020, 12, 31)) == HouseholdStatus.NONE
    assert Trainee.objects.get(name="卓玛3").household is None

    enrolments = Enrolment.objects.filter(trainee=zhuoma)
    assert set(enrolments.values_list("course", flat=True)) == set(
        places.cohort.courses.values_list("pk", flat=True)
    )
    assert {(e.cohort, e.source) for e in enrolments} == {(places.cohort, EnrolmentSource.IMPORT)}
    assert {e.enrolled_at.date() for e in enrolments} == {datetime.date(2025, 3, 1)}
    assert Enrolment.objects.count() == 6


def test_importing_the_same_file_again_duplicates_nothing(places):
    roster_apply(text=three_rows(), county=places.litang)
    counts = (
        Trainee.objects.count(),
        Household.objects.count(),
        HouseholdStatusChange.objects.count(),
        Enrolment.objects.count(),
    )

    again = roster_apply(text=three_rows(), county=places.litang)

    assert again.summary()["trainees_new"] == 0
    assert again.summary()["trainees_unchanged"] == 3
    assert again.summary()["households_new"] == again.summary()["status_changes"] == 0
    assert again.summary()["enrolments"] == []
    assert counts == (
        Trainee.objects.count(),
        Household.objects.count(),
        HouseholdStatusChange.objects.count(),
        Enrolment.objects.count(),
    )


def test_a_second_file_updates_what_changed(places):
    roster_apply(text=three_rows(), county=places.litang)
    changed = roster_text(
        [
            roster_row(
                1, 手机号="13900000000", 家庭人口="6", 户状态="监测对象", 状态起始日期="2024-05-01"
            )
        ]
    )

    check = roster_apply(text=changed, county=places.litang)

    assert check.summary()["trainees_updated"] == 1
    assert check.summary()["households_updated"] == 1
    assert check.summary()["status_changes"] == 1
    assert Trainee.objects.get(name="卓玛1").phone == "+8613900000000"
    household = Household.objects.get(registry_number="LT-0001")
    assert household.members == 6
    assert household.status_on(datetime.date(2024, 5, 1)) == HouseholdStatus.MONITORED
    assert household.status_on(datetime.date(2023, 1, 1)) == HouseholdStatus.LIFTED_OUT


def status_rows() -> set[tuple[str, datetime.date, str]]:
    return set(
        HouseholdStatusChange.objects.values_list(
            "household__registry_number", "valid_from", "status"
        )
    )


def test_the_preview_and_the_result_count_the_status_changes_written(places):
    roster_apply(text=three_rows(), county=places.litang)  # LT-0001 脱贫户 from 2021-01-01
    repeats = roster_text(
        [
            # LT-0001 again with the status it already has on that day: nothing to write.
            roster_row(1),
            # A new household said to have no status: it has none until its first change.
            roster_row(4, 户状态="无"),
            # A new household with a status: one change.
            roster_row(5, 户编号="LT-0005", 户状态="监测对象", 状态起始日期="2024-05-01"),
            # Two rows of one household with the same status: one change.
            roster_row(7, 户编号="LT-0007"),
            roster_row(8, 户编号="LT-0007"),
            # LT-0001's sister, leaving the status empty.
            roster_row(2, 户编号="LT-0001", 户状态="", 状态起始日期=""),
        ]
    )
    before = status_rows()

    preview = roster_check(text=repeats, county=places.litang)
    result = roster_apply(text=repeats, county=places.litang)

    written = status_rows() - before
    assert preview.errors == []
    assert written == {
        ("LT-0005", datetime.date(2024, 5, 1), HouseholdStatus.MONITORED),
        ("LT-0007", datetime.date(2021, 1, 1), HouseholdStatus.LIFTED_OUT),
    }
    assert preview.summary()["status_changes"] == result.summary()["status_changes"] == 2


def test_a_status_on_a_day_that_has_another_is_counted_once_and_replaces_it(places):
    roster_apply(text=three_rows(), county=places.litang)
    corrected = roster_text(
        [roster_row(1, 户状态="监测对象"), roster_row(2, 户编号="LT-0001", 户状态="监测对象")]
    )

    preview = roster_check(text=corrected, county=places.litang)
    result = roster_apply(text=corrected, county=places.litang)

    assert preview.summary()["status_changes"] == result.summary()["status_changes"] == 1
    assert status_rows() == {("LT-0001", datetime.date(2021, 1, 1), HouseholdStatus.MONITORED)}


def test_english_headers_codes_and_an_empty_birth_year_are_accepted(places):
    english = {
        "姓名": "name",
        "性别": "gender",
        "身份证号": "id_number",
        "县": "county",
        "乡镇": "township",
        "村": "village",
        "户编号": "registry_number",
        "班级": "cohort",
    }
    row = roster_row(1, 县="513334", 乡镇="513334001", 村="513334001001", 性别="female")
    english_row = {english[k]: v for k, v in row.items() if k in english}
    text = roster_text([english_row], list(english.values()))

    roster_apply(text=text, county=None)

    trainee = Trainee.objects.get()
    assert (trainee.birth_year, trainee.village, trainee.household.registry_number) == (
        1990,
        places.village,
        "LT-0001",
    )


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_utf8_with_or_without_bom_and_gbk_files_are_read(places, encoding):
    data = three_rows().encode(encoding)

    check = roster_check(text=text_decode(data), county=None)

    assert check.errors == []
    assert check.rows[0].name == "卓玛1"


def test_a_file_in_another_encoding_is_refused_with_a_clear_message():
    with pytest.raises(ImportFileError, match="Wrong file encoding"):
        text_decode(roster_text([roster_row(1)]).encode("utf-16"))


def test_a_file_without_a_required_column_names_it(places):
    header = [column for column in HEADER if column != "身份证号"]

    with pytest.raises(ImportFileError, match="lacks these columns: 身份证号"):
        roster_check(text=roster_text([roster_row(1)], header), county=None)


def test_an_empty_file_is_refused(places):
    with pytest.raises(ImportFileError, match="The file is empty"):
        roster_check(text=roster_text([]), county=None)


def wrong_check_digit(number: str) -> str:
    return number[:17] + ("1" if number[17] != "1" else "2")


BAD_CELLS = [
    ({"姓名": ""}, "姓名", "This field is required."),
    ({"性别": "M"}, "性别", "“M” is not a gender: write 男 or 女."),
    ({"身份证号": wrong_check_digit(valid_id_number(2))}, "身份证号", "check digit is wrong"),
    ({"身份证号": "51333419900101"}, "身份证号", "18 characters"),
    ({"出生年份": "1991"}, "出生年份", "does not match the identity number (1990)"),
    ({"出生年份": "九〇"}, "出生年份", "four digits"),
    ({"文化程度": "博士后"}, "文化程度", "is not a level of education"),
    ({"手机号": "12345"}, "手机号", "is not an 11-digit mobile number"),
    ({"县": "成都市"}, "县", "There is no county “成都市”."),
    ({"乡镇": "夏邛镇"}, "乡镇", "There is no township “夏邛镇” in Litang County."),
    (
        {"乡镇": "", "村": "513335001001"},
        "村",
        "There is no village “513335001001” in Litang County.",
    ),
    ({"村": "河西村"}, "村", "There is no village “河西村” in 高城镇."),
    ({"村": ""}, "村", "A household needs its village."),
    ({"家庭人口": "0"}, "家庭人口", "from 1 to 99"),
    ({"户状态": "贫困"}, "户状态", "“贫困” is not a household status"),
    ({"户编号": ""}, "户编号", "needs the household's registry number"),
    ({"状态起始日期": ""}, "状态起始日期", "needs the date it holds from"),
    ({"状态起始日期": "2021/1/1"}, "状态起始日期", "Write the date as year-month-day"),
    ({"班级": ""}, "班级", "This field is required."),
    ({"班级": "甘孜二期"}, "班级", "There is no cohort “甘孜二期” in Litang County."),
    (
        {"班级": "巴塘电商一期"},
        "班级",
        "The cohort “巴塘电商一期” belongs to Batang County, not Litang County.",
    ),
    ({"入学日期": "2025-02-30"}, "入学日期", "Write the date as year-month-day"),
    ({"入学日期": "3/1/2025"}, "入学日期", "Write the date as year-month-day"),
]


@pytest.mark.parametrize(
    "typed",
    ["１３９００００００００", "0086 139 0000 0000", "(+86) 139-0000-0000", "139.0000.0000"],
)
def test_a_phone_number_taken_at_sign_up_is_taken_in_a_roster(places, typed):
    assert normalise_phone(typed) == "+8613900000000"

    roster_apply(text=roster_text([roster_row(1, 手机号=typed)]), county=places.litang)

    assert Trainee.objects.get(name="卓玛1").phone == "+8613900000000"


@pytest.mark.parametrize(
    ("typed", "shown"),
    [("12345", "12345"), ("139 0000 000", "1390000000"), ("0086-239-0000-0000", "008623900000000")],
)
def test_a_bad_phone_number_is_still_refused_with_its_message(places, typed, shown):
    check = roster_check(text=roster_text([roster_row(1, 手机号=typed)]), county=places.litang)

    assert [(e.row, e.column, e.message) for e in check.errors] == [
        (2, "手机号", f"“{shown}” is not an 11-digit mobile number.")
    ]


@pytest.mark.parametrize(("changes", "column", "message"), BAD_CELLS)
def test_each_bad_cell_is_named_by_row_and_column_and_nothing_is_written(
    places, changes, column, message
):
    text = roster_text([roster_row(1), roster_row(2, **changes)])

    check = roster_check(text=text, county=places.litang)

    assert [(e.row, e.column) for e in check.errors] == [(3, column)]
    assert message in check.errors[0].message
    with pytest.raises(ImportInvalid):
        roster_apply(text=text, county=places.litang)
    assert nothing_written()


def test_every_bad_row_and_column_is_reported_at_once(places):
    text = roster_text(
        [roster_row(1, 性别="", 县="火星"), roster_row(2), roster_row(3, 入学日期="tomorrow")]
    )

    errors = roster_check(text=text, county=None).errors

    assert [(e.row, e.column) for e in errors] == [(2, "性别"), (2, "县"), (4, "入学日期")]


def test_an_identity_number_twice_in_the_file_names_the_first_row(places):
    text = roster_text([roster_row(1), roster_row(2), roster_row(3, 身份证号=valid_id_number(1))])

    errors = roster_check(text=text, county=None).errors

    assert errors == [
        RowError(4, "身份证号", "This identity number is already on row 2 of the file.")
    ]


def test_an_identity_number_of_a_trainee_of_another_county_names_nothing_of_the_record(
    places,
):
    other = TraineeFactory(county=places.batang, id_number=valid_id_number(2))
    text = roster_text([roster_row(1), roster_row(2)])

    errors = roster_check(text=text, county=None).errors

    assert errors == [
        RowError(
            3,
            "身份证号",
            "This identity number is registered in another county: check the number, "
            "or ask a programme manager.",
        )
    ]
    with pytest.raises(ImportInvalid):
        roster_apply(text=text, county=None)
    assert Trainee.objects.get() == other


def test_a_household_of_another_county_is_not_touched(places):
    Household.objects.create(registry_number="LT-0002", village=places.batang_village, members=2)
    text = roster_text([roster_row(1), roster_row(2)])

    errors = roster_check(text=text, county=None).errors

    assert [(e.row, e.column) for e in errors] == [(3, "户编号")]
    assert errors[0].message == (
        "Household LT-0002 is registered in another county: check the registry number."
    )


def test_rows_of_one_household_must_agree(places):
    text = roster_text([roster_row(1), roster_row(2, 户编号="LT-0001", 家庭人口="3")])

    errors = roster_check(text=text, county=None).errors

    assert errors == [
        RowError(3, "户编号", "Household LT-0001 has another village or size on row 2.")
    ]


def test_a_coordinator_imports_only_their_own_county(places):
    text = roster_text(
        [roster_row(1), roster_row(2, 县="巴塘县", 乡镇="夏邛镇", 班级="巴塘电商一期")]
    )

    errors = roster_check(text=text, county=places.litang).errors

    assert errors == [
        RowError(
            3, "县", "This row is in Batang County; you can import trainees of Litang County only."
        )
    ]
    with pytest.raises(ImportInvalid):
        roster_apply(text=text, county=places.litang)
    assert nothing_written()
    # A programme manager (no county limit) may import both.
    assert roster_check(text=text, county=None).errors == []


def test_a_failure_while_writing_leaves_nothing_half_written(places, monkeypatch):
    def broken(check, trainees):
        raise RuntimeError("disk full")

    monkeypatch.setattr(roster, "_apply_enrolments", broken)

    with pytest.raises(RuntimeError):
        roster_apply(text=three_rows(), county=places.litang)
    assert nothing_written()


def test_progress_is_reported_while_checking_and_applying(places):
    seen = []

    roster_apply(
        text=three_rows(), county=places.litang, progress=lambda done, total: seen.append(total)
    )

    assert seen[-1] == 4 and seen.count(4) == 4


def test_a_trainee_moving_to_another_household_counts_as_updated(places):
    roster_apply(text=three_rows(), county=places.litang)
    moved = roster_text([roster_row(3, 户编号="LT-0009")])

    check = roster_apply(text=moved, county=places.litang)

    assert check.summary()["trainees_updated"] == 1
    assert check.summary()["households_new"] == 1
    assert Trainee.objects.get(name="卓玛3").household.registry_number == "LT-0009"


def test_a_village_is_found_in_its_township_whose_id_is_also_a_countys(places):
    """Villages are looked up by township and by county; a township's id may equal a
    county's, and the villages of that county must not join the township's."""
    litang = places.litang
    namesake = TownshipFactory(pk=litang.pk, county=places.batang, code="513335002", name="措拉镇")
    VillageFactory(township=namesake, code="513335002001", name="团结村")
    VillageFactory(township=places.township, code="513334001002", name="团结村")
    row = roster_row(1, 县="巴塘县", 乡镇="措拉镇", 村="团结村", 班级="巴塘电商一期")

    check = roster_check(text=roster_text([row]), county=None)

    assert check.errors == []
    assert nothing_written()


def test_a_lower_case_x_finds_the_trainee_stored_upper_case(places):
    number = valid_id_number(7)  # ends in X
    assert number.endswith("X")
    roster_apply(text=roster_text([roster_row(7)]), county=places.litang)

    again = roster_apply(
        text=roster_text([roster_row(7, 身份证号=number.lower())]), county=places.litang
    )

    assert again.summary()["trainees_new"] == 0
    assert list(Trainee.objects.values_list("id_number", flat=True)) == [number]


def test_a_lower_case_x_in_a_new_row_is_stored_upper_case(places):
    number = valid_id_number(7)

    roster_apply(text=roster_text([roster_row(7, 身份证号=number.lower())]), county=places.litang)

    assert list(Trainee.objects.values_list("id_number", flat=True)) == [number]


@pytest.mark.parametrize(
    ("first_17", "message"),
    [
        (
            "51333420310230007",
            "The birth date inside this identity number, 2031-02-30, is not a real date; "
            "check it against the card.",
        ),
        (
            "51333420990101007",
            "The birth date inside this identity number, 2099-01-01, is in the future; "
            "check it against the card.",
        ),
        (
            "51333418800101007",
            "The birth date inside this identity number, 1880-01-01, would make its holder "
            "older than 120; check it against the card.",
        ),
        (
            "99333419900101007",
            "The first two digits of this identity number, 99, are not a province's code; "
            "check it against the card.",
        ),
    ],
)
def test_a_wrong_birth_date_or_region_names_the_row_and_writes_nothing(places, first_17, message):
    from trainees.identity import id_check_character

    number = first_17 + id_check_character(first_17)
    text = roster_text([roster_row(1), roster_row(2, 身份证号=number, 出生年份="")])

    with pytest.raises(ImportInvalid) as invalid:
        roster_apply(text=text, county=places.litang)

    assert [e for e in invalid.value.errors if e.column == "身份证号"] == [
        RowError(3, "身份证号", message)
    ]
    assert nothing_written()
