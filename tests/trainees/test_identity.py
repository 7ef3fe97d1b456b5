import pytest

from django.core.exceptions import ValidationError

from trainees.identity import id_check_character, mask_id_number, validate_id_number


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
