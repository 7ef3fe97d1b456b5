"""Mainland mobile numbers as people type them: one rule for sign-up, log-in and rosters."""

import pytest

from django.core.exceptions import ValidationError

from trainees.phones import BAD_PHONE_MESSAGE, normalise_phone


@pytest.mark.parametrize(
    ("typed", "e164"),
    [
        ("13800138000", "+8613800138000"),
        ("138 0013 8000", "+8613800138000"),
        ("+86 138-0013-8000", "+8613800138000"),
        ("008613800138000", "+8613800138000"),
        ("8613800138000", "+8613800138000"),
        ("１３８００１３８０００", "+8613800138000"),
    ],
)
def test_mainland_mobile_numbers_are_stored_in_e164(typed, e164):
    assert normalise_phone(typed) == e164


@pytest.mark.parametrize(
    "typed", ["1380013800", "23800138000", "12800138000", "+1 415 555 0100", "028-8888-8888", "abc"]
)
def test_other_numbers_are_refused(typed):
    with pytest.raises(ValidationError) as error:
        normalise_phone(typed)
    assert error.value.messages == [str(BAD_PHONE_MESSAGE)]
