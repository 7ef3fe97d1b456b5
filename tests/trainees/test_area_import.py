"""The area import's rules: every bad row and column named, nothing written until clean."""

import csv
import io

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from machinery.imports.errors import ImportFileError, ImportInvalid
from trainees.area_import import area_apply, area_check
from trainees.factories import HouseholdFactory
from trainees.models import Township, Village

from .roster_files import make_places

pytestmark = pytest.mark.django_db

HEADER = ("乡镇代码", "乡镇", "村代码", "村")


def area_text(rows, header=HEADER) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


# 理塘县's 高城镇 (513334001) with 城东村 (513334001001) exists already (make_places).
GOOD_ROWS = [
    ("513334001", "高城镇", "513334001001", "城东村"),
    ("513334001", "高城镇", "513334001002", "城西村"),
    ("513334100", "甲洼镇", "513334100001", "俄丁村"),
    ("513334100", "甲洼镇", "513334100002", "下坝村"),
    ("513334200", "禾尼乡", "", ""),
]


@pytest.fixture
def places():
    return make_places()


def snapshot() -> list[tuple]:
    return [
        *Township.objects.values_list("code", "name", "county__code"),
        *Village.objects.values_list("code", "name", "township__code"),
    ]


def errors_of(text: str, county) -> list[tuple[int, str, str]]:
    """The check's errors; and applying the file raises them and writes nothing."""
    before = snapshot()
    check = area_check(text=text, county=county)
    with pytest.raises(ImportInvalid):
        area_apply(text=text, county=county)
    assert snapshot() == before
    return [(error.row, error.column, error.message) for error in check.errors]


def test_a_clean_file_says_what_it_adds_and_adds_it(places):
    text = area_text(GOOD_ROWS)

    check = area_check(text=text, county=places.litang)
    area_apply(text=text, county=places.litang)

    assert check.errors == []
    summary = check.summary()
    assert {key: summary[key] for key in summary if key.startswith(("townships", "villages"))} == {
        "townships_new": 2,
        "townships_renamed": 0,
        "townships_unchanged": 1,
        "villages_new": 3,
        "villages_renamed": 0,
        "villages_unchanged": 1,
    }
    assert summary["new_by_county"] == [{"county": "理塘县", "townships": 2, "villages": 3}]
    jiawa = Township.objects.get(code="513334100")
    assert (jiawa.county, jiawa.name) == (places.litang, "甲洼镇")
    assert list(jiawa.villages.values_list("code", "name")) == [
        ("513334100001", "俄丁村"),
        ("513334100002", "下坝村"),
    ]
    assert Township.objects.get(code="513334200").villages.count() == 0


def test_applying_the_same_file_again_changes_nothing(places):
    text = area_text(GOOD_ROWS)
    area_apply(text=text, county=places.litang)
    after_first = snapshot()
    ids = sorted(Village.objects.values_list("pk", flat=True))

    again = area_apply(text=text, county=places.litang).summary()

    assert snapshot() == after_first
    assert sorted(Village.objects.values_list("pk", flat=True)) == ids
    assert (again["townships_new"], again["villages_new"]) == (0, 0)
    assert (again["townships_renamed"], again["villages_renamed"]) == (0, 0)
    assert (again["townships_unchanged"], again["villages_unchanged"]) == (3, 4)


def test_a_new_name_for_a_known_code_renames_it_and_keeps_its_households(places):
    household = HouseholdFactory(village=places.village)
    text = area_text([("513334001", "高城镇（新）", "513334001001", "城东一村")])

    summary = area_apply(text=text, county=places.litang).summary()

    assert summary["renames"] == [
        {"kind": "township", "code": "513334001", "old": "高城镇", "new": "高城镇（新）"},
        {"kind": "village", "code": "513334001001", "old": "城东村", "new": "城东一村"},
    ]
    places.village.refresh_from_db()
    assert places.village.name == "城东一村"
    assert places.village.township.name == "高城镇（新）"
    household.refresh_from_db()
    assert household.village == places.village


def test_two_villages_swap_their_names(places):
    Village.objects.create(township=places.township, code="513334001002", name="城西村")
    text = area_text(
        [
            ("513334001", "高城镇", "513334001001", "城西村"),
            ("513334001", "高城镇", "513334001002", "城东村"),
        ]
    )

    area_apply(text=text, county=places.litang)

    assert dict(places.township.villages.values_list("code", "name")) == {
        "513334001001": "城西村",
        "513334001002": "城东村",
    }


def test_a_manager_imports_several_counties_each_township_under_the_county_of_its_code(places):
    text = area_text(
        [
            ("513335100", "巴塘镇", "513335100001", "一村"),
            ("513301100", "炉城镇", "513301100001", "一村"),
        ]
    )

    summary = area_apply(text=text, county=None).summary()

    assert Township.objects.get(code="513335100").county == places.batang
    assert Township.objects.get(code="513301100").county.name == "康定市"
    assert summary["new_by_county"] == [
        {"county": "康定市", "townships": 1, "villages": 1},
        {"county": "巴塘县", "townships": 1, "villages": 1},
    ]


BAD_ROWS = [
    (
        ("51333410", "甲洼镇", "", ""),
        "乡镇代码",
        "The township code must be 9 digits, e.g. 513334100; “51333410” is not.",
    ),
    (
        ("51333410A", "甲洼镇", "", ""),
        "乡镇代码",
        "The township code must be 9 digits, e.g. 513334100; “51333410A” is not.",
    ),
    (("", "甲洼镇", "", ""), "乡镇代码", "Enter the township code."),
    (
        ("513335100", "巴塘镇", "", ""),
        "乡镇代码",
        "The township code 513335100 is in {batang}; you can import the areas of {litang} only.",
    ),
    (
        ("513399100", "某镇", "", ""),
        "乡镇代码",
        "The township code 513399100 must start with the code of {litang}, 513334.",
    ),
    (("513334100", "", "", ""), "乡镇", "Enter the township's name."),
    (("513334101", "镇" * 51, "", ""), "乡镇", "The township's name is longer than 50 characters."),
    (
        ("513334100", "甲洼镇", "51333410001", "俄丁村"),
        "村代码",
        "The village code must be 12 digits, e.g. 513334100001; “51333410001” is not.",
    ),
    (
        ("513334100", "甲洼镇", "513334101001", "俄丁村"),
        "村代码",
        "The village code 513334101001 must start with the code of 甲洼镇, 513334100.",
    ),
    (("513334100", "甲洼镇", "", "俄丁村"), "村代码", "Enter the village code."),
    (("513334100", "甲洼镇", "513334100002", ""), "村", "Enter the village's name."),
]


@pytest.mark.parametrize(("row", "column", "message"), BAD_ROWS)
def test_a_coordinators_bad_row_is_named_by_row_and_column(places, row, column, message):
    text = area_text([GOOD_ROWS[2], row])
    # The messages name counties in the reader's language, English here.
    message = message.format(litang=places.litang.name_in("en"), batang=places.batang.name_in("en"))

    assert errors_of(text, places.litang) == [(3, column, message)]


def test_a_managers_township_code_names_a_county_of_the_prefecture(places):
    text = area_text([("513399100", "某镇", "", "")])

    assert errors_of(text, None) == [
        (
            2,
            "乡镇代码",
            "No county of the prefecture has the code 513399 "
            "that starts the township code 513399100.",
        )
    ]


def test_every_bad_row_and_column_is_named(places):
    text = area_text(
        [
            ("51333410", "", "", ""),
            GOOD_ROWS[2],
            ("513334100", "甲洼镇", "513334101001", ""),
        ]
    )

    assert errors_of(text, places.litang) == [
        (2, "乡镇代码", "The township code must be 9 digits, e.g. 513334100; “51333410” is not."),
        (2, "乡镇", "Enter the township's name."),
        (
            4,
            "村代码",
            "The village code 513334101001 must start with the code of 甲洼镇, 513334100.",
        ),
        (4, "村", "Enter the village's name."),
    ]


def test_a_village_code_twice_in_the_file_is_an_error(places):
    text = area_text([GOOD_ROWS[2], ("513334100", "甲洼镇", "513334100001", "下坝村")])

    assert errors_of(text, places.litang) == [
        (3, "村代码", "The village 513334100001 is already on row 2 of the file.")
    ]


def test_one_township_code_with_two_names_in_the_file_is_an_error(places):
    text = area_text([GOOD_ROWS[2], ("513334100", "甲哇镇", "513334100002", "下坝村")])

    assert errors_of(text, places.litang) == [
        (3, "乡镇", "The township 513334100 is called “甲洼镇” on row 2.")
    ]


def test_a_name_that_another_known_township_has_is_an_error(places):
    # 高城镇 is 513334001 already; a new code cannot take its name.
    text = area_text([("513334100", "高城镇", "", "")])

    assert errors_of(text, places.litang) == [
        (
            2,
            "乡镇",
            f"{places.litang.name_in('en')} already has a township called “高城镇” (513334001).",
        )
    ]


def test_a_name_that_another_known_village_of_the_township_has_is_an_error(places):
    text = area_text([("513334001", "高城镇", "513334001002", "城东村")])

    assert errors_of(text, places.litang) == [
        (2, "村", "高城镇 already has a village called “城东村” (513334001001).")
    ]


def test_two_codes_with_one_name_in_the_file_are_an_error(places):
    text = area_text([("513334100", "甲洼镇", "", ""), ("513334101", "甲洼镇", "", "")])

    assert errors_of(text, places.litang) == [
        (
            3,
            "乡镇",
            f"{places.litang.name_in('en')} already has a township called “甲洼镇” (513334100).",
        )
    ]


def test_a_name_freed_by_a_rename_in_the_same_file_may_be_taken(places):
    text = area_text(
        [
            ("513334100", "高城镇", "", ""),  # takes the name that 513334001 gives up below
            ("513334001", "高城镇（旧）", "", ""),
        ]
    )

    area_apply(text=text, county=places.litang)

    assert dict(Township.objects.filter(county=places.litang).values_list("code", "name")) == {
        "513334001": "高城镇（旧）",
        "513334100": "高城镇",
    }


def test_a_village_registered_under_another_township_is_an_error(places):
    # Data from before the code rules: the village's code does not start with its township's.
    other = Township.objects.create(county=places.litang, code="513334100", name="甲洼镇")
    Village.objects.filter(pk=places.village.pk).update(township=other)

    text = area_text([("513334001", "高城镇", "513334001001", "城东村")])

    assert errors_of(text, places.litang) == [
        (
            2,
            "村代码",
            "The village 513334001001 is registered in the township 甲洼镇 (513334100).",
        )
    ]


def test_english_headers_in_any_order_are_read(places):
    text = area_text(
        [("俄丁村", "513334100001", "甲洼镇", "513334100")],
        header=("Village", "village code", "township", "Township Code"),
    )

    area_apply(text=text, county=places.litang)

    assert Village.objects.get(code="513334100001").township.name == "甲洼镇"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "The file is empty: it needs a header row and one row a village."),
        (
            "乡镇代码,乡镇,村代码,村\r\n",
            "The file is empty: it needs a header row and one row a village.",
        ),
        ("乡镇,村\r\n甲洼镇,俄丁村\r\n", "The header row lacks these columns: 乡镇代码."),
    ],
)
def test_a_file_that_cannot_be_read_says_why(places, text, message):
    with pytest.raises(ImportFileError, match=message):
        area_check(text=text, county=places.litang)


def test_checking_takes_as_many_queries_for_200_villages_as_for_20(places):
    def queries(villages: int) -> int:
        text = area_text(
            [
                (f"513334{t:03d}", f"镇{t}", f"513334{t:03d}{v:03d}", f"村{v}")
                for t in range(100, 100 + villages // 10)
                for v in range(1, 11)
            ]
        )
        with CaptureQueriesContext(connection) as captured:
            assert area_check(text=text, county=places.litang).is_valid
        return len(captured)

    assert queries(20) == queries(200)
