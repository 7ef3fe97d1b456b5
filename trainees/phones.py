"""Mainland China mobile numbers: one rule for sign-up, log-in and the roster import.

A number is taken as people type it (spaces, dashes, brackets, dots, +86, 0086 or 86,
full-width digits) and kept in E.164 form (+8613800138000). Only mainland mobile
numbers are taken: they are the numbers our SMS gateway reaches.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy

MAINLAND_MOBILE = re.compile(r"1[3-9][0-9]{9}")
PHONE_SEPARATORS = re.compile(r"[\s\-().]")
BAD_PHONE_MESSAGE = gettext_lazy(
    "Enter a mainland China mobile number: 11 digits starting with 1, "
    "for example 138 0013 8000 or +86 138 0013 8000."
)


def normalise_phone(value: str) -> str:
    """A mainland mobile number as typed (spaces, +86, 0086, full-width digits) in E.164;
    ValidationError (code "invalid_phone") when it is none."""
    typed = PHONE_SEPARATORS.sub("", unicodedata.normalize("NFKC", value))
    for prefix in ("+86", "0086"):
        if typed.startswith(prefix):
            typed = typed.removeprefix(prefix)
            break
    else:
        if len(typed) == 13 and typed.startswith("86"):
            typed = typed.removeprefix("86")
    if not MAINLAND_MOBILE.fullmatch(typed):
        raise ValidationError(BAD_PHONE_MESSAGE, code="invalid_phone")
    return f"+86{typed}"
