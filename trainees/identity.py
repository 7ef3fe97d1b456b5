"""Resident identity numbers (GB 11643-1999): checking and masking; masking phone numbers.

A number is six digits of administrative division (the first two a province-level
code), the birth date YYYYMMDD, three digits of sequence and a check character. Every
path that stores one goes through `normalise_id_number` (spaces dropped, a lower-case x
raised): `IdNumberField` on the models, `IdNumberFormField` in their forms, and the
services that take typed numbers. Who sees them whole is `trainees.scoping.personal_value`."""

import datetime
import re
import unicodedata
import zoneinfo

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

ID_NUMBER_SHAPE = re.compile(r"[1-9][0-9]{16}[0-9X]")
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARACTERS = "10X98765432"
# GB/T 2260: the province-level divisions, Taiwan (71), Hong Kong (81) and Macao (82).
PROVINCE_CODES = frozenset(
    f"{code}"
    for first, last in ((11, 15), (21, 23), (31, 37), (41, 46), (50, 54), (61, 65))
    for code in range(first, last + 1)
) | {"71", "81", "82"}
OLDEST_AGE = 120
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def today() -> datetime.date:
    """Today in Shanghai, whatever time zone is active."""
    return timezone.localdate(timezone=SHANGHAI)


def id_check_character(first_17_digits: str) -> str:
    """The 18th character of an identity number, from its first 17 digits (ISO 7064 MOD 11-2)."""
    total = sum(int(digit) * weight for digit, weight in zip(first_17_digits, WEIGHTS, strict=True))
    return CHECK_CHARACTERS[total % 11]


def normalise_id_number(value: str) -> str:
    """The number with spaces removed, full-width digits and x made plain (as a phone's
    Chinese keyboard types them), and a lower-case x raised."""
    return re.sub(r"\s", "", unicodedata.normalize("NFKC", value or "")).upper()


def age_on(born: datetime.date, day: datetime.date) -> int:
    """Whole years from `born` to `day`."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def validate_id_number(value: str) -> None:
    number = normalise_id_number(value)
    if not ID_NUMBER_SHAPE.fullmatch(number):
        raise ValidationError(
            _("An identity number has 18 characters: 17 digits and a digit or X."),
            code="id_number_shape",
        )
    if number[:2] not in PROVINCE_CODES:
        raise ValidationError(
            _(
                "The first two digits of this identity number, %(code)s, are not a "
                "province's code; check it against the card."
            ),
            code="id_number_area",
            params={"code": number[:2]},
        )
    _validate_birth_date(number[6:14])
    if id_check_character(number[:17]) != number[17]:
        raise ValidationError(
            _("This identity number's check digit is wrong; check it against the card."),
            code="id_number_check_digit",
        )


def _validate_birth_date(digits: str) -> None:
    """Digits 7-14, YYYYMMDD: a real day, not after today in Shanghai, at most 120 years ago."""
    written = f"{digits[:4]}-{digits[4:6]}-{digits[6:]}"
    try:
        born = datetime.date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        born = None
    if born is None:
        raise ValidationError(
            _(
                "The birth date inside this identity number, %(date)s, is not a real date; "
                "check it against the card."
            ),
            code="id_number_birth_date",
            params={"date": written},
        )
    day = today()
    if born > day:
        raise ValidationError(
            _(
                "The birth date inside this identity number, %(date)s, is in the future; "
                "check it against the card."
            ),
            code="id_number_birth_future",
            params={"date": written},
        )
    if age_on(born, day) > OLDEST_AGE:
        raise ValidationError(
            _(
                "The birth date inside this identity number, %(date)s, would make its "
                "holder older than %(age)d; check it against the card."
            ),
            code="id_number_birth_too_old",
            params={"date": written, "age": OLDEST_AGE},
        )


class IdNumberFormField(forms.CharField):
    """A typed identity number, normalised before it is checked: what every form stores."""

    default_validators = [validate_id_number]

    def to_python(self, value):
        return normalise_id_number(super().to_python(value))


class IdNumberField(models.CharField):
    """An identity number, stored normalised however it reaches the model: a form, a
    service, `create()`, `bulk_create()` or `update()`; exact lookups are normalised too."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 18)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return normalise_id_number(value) if value is not None else value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return normalise_id_number(value) if isinstance(value, str) else value

    def pre_save(self, model_instance, add):
        value = getattr(model_instance, self.attname)
        if isinstance(value, str):
            value = normalise_id_number(value)
            setattr(model_instance, self.attname, value)
        return value

    def formfield(self, **kwargs):
        # No length limit in the form: spaces may be typed; the shape check says what is wrong.
        return super().formfield(**{"form_class": IdNumberFormField, **kwargs, "max_length": None})


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
