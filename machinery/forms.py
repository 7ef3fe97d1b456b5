"""What forms share: a service's refusal shown on the form that called it, and the date
field a browser fills with its own calendar."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


def show_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: each message on its field when the form
    has that field, above the form otherwise."""
    problems = (
        error.message_dict if hasattr(error, "error_dict") else {NON_FIELD_ERRORS: error.messages}
    )
    for field, messages_of_field in problems.items():
        form.add_error(field if field in form.fields else None, messages_of_field)


class DateInput(forms.DateInput):
    """A date picked in the browser's own calendar (<input type="date">). Its value is always
    written YYYY-MM-DD, the one form the browser reads: in the Chinese interface Django would
    write a day given to the form (a default, a record's date) as 2026/12/07, which the
    browser drops, leaving the field empty."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")
