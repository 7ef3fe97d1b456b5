import datetime

import pytest

from django.core.exceptions import ValidationError
from django.utils import translation

from trainees import identity
from trainees.identity import (
    id_check_character,
    mask_id_number,
    normalise_id_number,
    validate_id_number,
)


def valid_id_number(first_17: str = "51333419900101002") -> str:
    return first_17 + id_check_character(first_17)


def test_check_character_follows_gb_11643():
    # The standard's own worked example.
    assert id_check_character("11010519491231002") == "X"
    assert id_check_character("44052418800101001") == "4"


def test_a_valid_number_passes_and_lower_case_x_is_accepted():
    validate_id_number(valid_id_number())
    validate_id_number("11010519491231002x")


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("1234", "id_number_shape"),
        ("51333419900101002A", "id_number_shape"),
        ("01333419900101002X", "id_number_shape"),
        ("110105194912310021", "id_number_check_digit"),
    ],
)
def test_a_bad_number_is_refused_with_what_is_wrong(value, code):
    with pytest.raises(ValidationError) as error:
        validate_id_number(value)
    assert error.value.code == code


def test_masking_keeps_only_the_region_start_and_the_last_four():
    assert mask_id_number("11010519491231002X") == "110***********002X"
    assert mask_id_number("") == ""


def with_check(first_17: str) -> str:
    return first_17 + id_check_character(first_17)


@pytest.mark.parametrize(
    ("first_17", "code", "message"),
    [
        (
            "51333420310230002",
            "id_number_birth_date",
            "The birth date inside this identity number, 2031-02-30, is not a real date; "
            "check it against the card.",
        ),
        (
            "51333419901301002",
            "id_number_birth_date",
            "The birth date inside this identity number, 1990-13-01, is not a real date; "
            "check it against the card.",
        ),
        (
            "51333420990101002",
            "id_number_birth_future",
            "The birth date inside this identity number, 2099-01-01, is in the future; "
            "check it against the card.",
        ),
        (
            "51333418800101002",
            "id_number_birth_too_old",
            "The birth date inside this identity number, 1880-01-01, would make its holder "
            "older than 120; check it against the card.",
        ),
        (
            "99333419900101002",
            "id_number_area",
            "The first two digits of this identity number, 99, are not a province's code; "
            "check it against the card.",
        ),
        (
            "20333419900101002",
            "id_number_area",
            "The first two digits of this identity number, 20, are not a province's code; "
            "check it against the card.",
        ),
    ],
)
def test_a_number_with_a_wrong_birth_date_or_region_is_refused_saying_what(first_17, code, message):
    with translation.override("en"), pytest.raises(ValidationError) as error:
        validate_id_number(with_check(first_17))
    assert error.value.code == code
    assert error.value.messages == [message]


def test_the_future_is_judged_by_the_day_in_shanghai(monkeypatch):
    today = datetime.date(2026, 3, 1)
    monkeypatch.setattr(identity, "today", lambda: today)

    validate_id_number(with_check("51333420260301002"))  # born today
    with pytest.raises(ValidationError):
        validate_id_number(with_check("51333420260302002"))
    validate_id_number(with_check("51333419050302002"))  # 120, 121 tomorrow
    with pytest.raises(ValidationError):
        validate_id_number(with_check("51333419050301002"))  # 121 today


@pytest.mark.parametrize(
    "code",
    ["11", "15", "21", "23", "31", "37", "41", "46", "50", "54", "61", "65", "71", "81", "82"],
)
def test_every_province_level_code_passes(code):
    validate_id_number(with_check(f"{code}010519900101002"))


def test_normalise_raises_a_lower_case_x_and_drops_spaces():
    assert normalise_id_number(" 110105 19491231 002x ") == "11010519491231002X"


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("zh-hans", "身份证号中的出生日期 2031-02-30 不是真实的日期，请对照身份证核实。"),
        (
            "bo",
            "ངོ་སྤྲོད་ལག་ཁྱེར་ཨང་གྲངས་ནང་གི་སྐྱེས་ཚེས་ 2031-02-30 ནི་ཚེས་གྲངས་ངོ་མ་ཞིག་མིན། "
            "ལག་ཁྱེར་དང་བསྡུར་ནས་ཞིབ་བཤེར་གནང་།",
        ),
    ],
)
def test_the_refusal_speaks_chinese_and_tibetan(language, message):
    with translation.override(language):
        with pytest.raises(ValidationError) as error:
            validate_id_number(with_check("51333420310230002"))
        assert error.value.messages == [message]


def test_full_width_digits_are_made_plain_and_other_scripts_digits_refused():
    assert normalise_id_number("１１０１０５１９４９１２３１００２ｘ") == "11010519491231002X"
    validate_id_number("１１０１０５１９４９１２３１００２ｘ")
    with pytest.raises(ValidationError) as error:
        validate_id_number("١١٠١٠٥١٩٤٩١٢٣١٠٠٢X")  # Arabic-Indic digits
    assert error.value.code == "id_number_shape"
