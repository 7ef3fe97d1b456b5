"""Official codes and names of townships and villages, checked by the models (so the admin)."""

import pytest

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from trainees.models import County, Household, Township, Village

pytestmark = pytest.mark.django_db


@pytest.fixture
def litang():
    return County.objects.get(code="513334")


@pytest.fixture
def batang():
    return County.objects.get(code="513335")


@pytest.fixture
def gaocheng(litang):
    return Township.objects.create(county=litang, code="513334100", name="高城镇")


@pytest.fixture
def chengdong(gaocheng):
    return Village.objects.create(township=gaocheng, code="513334100001", name="城东村")


def errors_of(instance) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as raised:
        instance.full_clean()
    return raised.value.message_dict


def test_a_township_with_a_code_under_its_county_is_good(litang):
    Township(county=litang, code="513334101", name="甲洼镇").full_clean()


def test_a_village_with_a_code_under_its_township_is_good(gaocheng):
    Village(township=gaocheng, code="513334100002", name="城西村").full_clean()


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("", "This field cannot be blank."),
        ("51333410", "The township code must be 9 digits, e.g. 513334100; “51333410” is not."),
        ("51333410A", "The township code must be 9 digits, e.g. 513334100; “51333410A” is not."),
        (
            "513335100",
            "The township code 513335100 must start with the code of {litang}, 513334.",
        ),
    ],
)
def test_a_bad_township_code_is_refused_on_the_code_field(litang, code, message):
    message = message.format(litang=litang.name_in("en"))  # the tests read English

    assert errors_of(Township(county=litang, code=code, name="甲洼镇")) == {"code": [message]}


def test_an_overlong_township_code_gets_one_message(litang):
    errors = errors_of(Township(county=litang, code="5133341000", name="甲洼镇"))

    assert errors == {"code": ["Ensure this value has at most 9 characters (it has 10)."]}


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("", "This field cannot be blank."),
        (
            "51333410001",
            "The village code must be 12 digits, e.g. 513334100001; “51333410001” is not.",
        ),
        (
            "513334100x01",
            "The village code must be 12 digits, e.g. 513334100001; “513334100x01” is not.",
        ),
        (
            "513334101001",
            "The village code 513334101001 must start with the code of 高城镇, 513334100.",
        ),
    ],
)
def test_a_bad_village_code_is_refused_on_the_code_field(gaocheng, code, message):
    assert errors_of(Village(township=gaocheng, code=code, name="城西村")) == {"code": [message]}


def test_names_are_required(litang, gaocheng):
    assert errors_of(Township(county=litang, code="513334101", name="")) == {
        "name": ["This field cannot be blank."]
    }
    assert errors_of(Village(township=gaocheng, code="513334100002", name="")) == {
        "name": ["This field cannot be blank."]
    }


def test_a_township_name_is_unique_within_its_county_only(litang, batang, gaocheng):
    assert errors_of(Township(county=litang, code="513334101", name="高城镇")) == {
        "name": [f"{litang.name_in('en')} already has a township called “高城镇” (513334100)."]
    }
    Township(county=batang, code="513335100", name="高城镇").full_clean()


def test_a_village_name_is_unique_within_its_township_only(litang, gaocheng, chengdong):
    other = Township.objects.create(county=litang, code="513334101", name="甲洼镇")

    assert errors_of(Village(township=gaocheng, code="513334100002", name="城东村")) == {
        "name": ["高城镇 already has a village called “城东村” (513334100001)."]
    }
    Village(township=other, code="513334101001", name="城东村").full_clean()


def test_codes_are_unique(litang, gaocheng, chengdong):
    assert errors_of(Township(county=litang, code="513334100", name="甲洼镇")) == {
        "code": ["Another township already has this code."]
    }
    assert errors_of(Village(township=gaocheng, code="513334100001", name="城西村")) == {
        "code": ["Another village already has this code."]
    }


def test_a_township_keeps_its_code_and_county_while_it_has_villages(batang, gaocheng, chengdong):
    gaocheng.code = "513334109"
    assert errors_of(gaocheng) == {
        "code": [
            "This township has villages whose codes start with 513334100: "
            "its code and county cannot change."
        ]
    }
    gaocheng.county, gaocheng.code = batang, "513335100"
    assert "code" in errors_of(gaocheng)

    gaocheng.refresh_from_db()
    assert (gaocheng.county.code, gaocheng.code) == ("513334", "513334100")


def test_a_township_without_villages_may_change_its_code_and_be_renamed(gaocheng):
    gaocheng.code, gaocheng.name = "513334109", "高城镇（新）"

    gaocheng.full_clean()


def test_a_renamed_village_keeps_its_households(gaocheng, chengdong):
    Household.objects.create(registry_number="H-1", village=chengdong)
    chengdong.name = "城东一村"

    chengdong.full_clean()


def test_the_database_refuses_a_second_name_in_one_township(gaocheng, chengdong):
    with pytest.raises(IntegrityError), transaction.atomic():
        Village.objects.create(township=gaocheng, code="513334100002", name="城东村")
    assert list(Village.objects.values_list("code", flat=True)) == ["513334100001"]


@pytest.mark.parametrize("code", ["51333410", ""])
def test_the_database_refuses_a_township_code_of_another_length(litang, code):
    with pytest.raises(IntegrityError), transaction.atomic():
        Township.objects.create(county=litang, code=code, name="甲洼镇")
    assert not Township.objects.exists()


def test_the_database_refuses_a_village_code_of_another_length(gaocheng):
    with pytest.raises(IntegrityError), transaction.atomic():
        Village.objects.create(township=gaocheng, code="51333410001", name="城西村")
    assert not Village.objects.exists()
