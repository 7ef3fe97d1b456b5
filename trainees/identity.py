"""Resident identity numbers (GB 11643-1999): checking and masking; masking phone numbers.

Who sees them whole is `trainees.scoping.personal_value`."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ID_NUMBER_SHAPE = re.compile(r"[1-9]\d{16}[\dX]")
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARACTERS = "10X98765432"


def id_check_character(first_17_digits: str) -> str:
    """The 18th character of an identity number, from its first 17 digits (ISO 7064 MOD 11-2)."""
    total = sum(int(digit) * weight for digit, weight in zip(first_17_digits, WEIGHTS, strict=True))
    return CHECK_CHARACTERS[total % 11]


def normalise_id_number(value: str) -> str:
    """The number with spaces removed and a lower-case x raised."""
    return re.sub(r"\s", "", value or "").upper()


def validate_id_number(value: str) -> None:
    number = normalise_id_number(value)
    if not ID_NUMBER_SHAPE.fullmatch(number):
        raise ValidationError(
            _("An identity number has 18 characters: 17 digits and a digit or X."),
            code="id_number_shape",
        )
    if id_check_character(number[:17]) != number[17]:
        raise ValidationError(
            _("This identity number's check digit is wrong; check it against the card."),
            code="id_number_check_digit",
        )


def mask_id_number(value: str) -> str:
    """Shown to anyone but the county's coordinator and programme managers: 513***********123X."""
    if not value:
        return ""
    return f"{value[:3]}{'*' * (len(value) - 7)}{value[-4:]}"


def mask_phone(value: str) -> str:
    """138****8000: the first three and last four digits of a mobile number."""
    digits = value.removeprefix("+86") if value else ""
    if len(digits) < 8:
        return "*" * len(digits)
    return f"{digits[:3]}{'*' * (len(digits) - 7)}{digits[-4:]}"
