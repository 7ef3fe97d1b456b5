"""What forms share: a service's refusal shown on the form that called it."""

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
