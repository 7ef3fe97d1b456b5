"""What forms share: the date field a browser fills with its own calendar."""

import datetime

import pytest
from bs4 import BeautifulSoup

from django import forms
from django.utils import translation

from machinery.forms import DateInput


class DayForm(forms.Form):
    day = forms.DateField(widget=DateInput(), initial=datetime.date(2026, 12, 7))


@pytest.mark.parametrize("language", ["zh-hans", "bo", "en"])
def test_a_day_given_to_the_form_is_written_as_the_browser_reads_it(language):
    # Django writes a day as 2026/12/07 in Chinese: <input type="date"> shows such a value
    # as an empty field, and the form then says the field is required.
    with translation.override(language):
        field = BeautifulSoup(str(DayForm()["day"]), "html.parser").input
    assert (field["type"], field["value"]) == ("date", "2026-12-07")


def test_the_day_typed_is_read_back_in_every_language():
    for language in ("zh-hans", "bo", "en"):
        with translation.override(language):
            form = DayForm({"day": "2026-12-07"})
            assert form.is_valid(), form.errors
            assert form.cleaned_data["day"] == datetime.date(2026, 12, 7)
