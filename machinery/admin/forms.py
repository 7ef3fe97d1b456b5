"""The scoped admin's model form."""

from django import forms

from wagtail.admin.forms import WagtailAdminModelForm

from machinery import scoping
from machinery.text import refuse_control_characters


def narrow_choices(fields, user) -> None:
    """Every choice of a scoped model's records among `fields` is narrowed to what `user` sees."""
    for field in fields:
        queryset = getattr(field, "queryset", None)
        if queryset is not None and scoping.is_scoped(queryset.model):
            field.queryset = scoping.visible_records(queryset.model, user)


class ScopedModelForm(WagtailAdminModelForm):
    """Every choice of a related record is narrowed to what the user may see; no text field
    takes a control character (`machinery.text`)."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        narrow_choices(self.fields.values(), for_user)
        for field in self.fields.values():
            if isinstance(field, forms.CharField):
                field.validators.append(refuse_control_characters)
