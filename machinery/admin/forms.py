"""The scoped admin's model form."""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.widgets import AdminPageChooser
from wagtail.models import Page

from machinery import scoping
from machinery.text import refuse_control_characters


def narrow_choices(fields, user) -> None:
    """Every choice of a scoped model's records among `fields` is narrowed to what `user` sees."""
    for field in fields:
        queryset = getattr(field, "queryset", None)
        if queryset is not None and scoping.is_scoped(queryset.model):
            field.queryset = scoping.visible_records(queryset.model, user)


def only_choice(field) -> object | None:
    """The one record a required choice offers (a coordinator's own county), or None."""
    if not field.required or isinstance(field, forms.ModelMultipleChoiceField):
        return None
    choices = list(field.queryset[:2])
    return choices[0] if len(choices) == 1 else None


def phone_sized_widget(field) -> forms.Widget | None:
    """The browser's own date or date-and-time input for a date or a moment: a phone opens
    its own picker, sized for it (Wagtail's picker was wider than a phone's screen and stayed
    open over the form's button)."""
    if isinstance(field, forms.DateTimeField):
        return forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    if isinstance(field, forms.DateField):
        return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    return None


def name_page_choosers_in_the_readers_language(fields) -> None:
    """Wagtail writes a page chooser's "Choose a page (course)" once, when the form class is
    made at start-up, in the default language: it is written again for this reader."""
    for field in fields:
        widget = field.widget
        if isinstance(widget, AdminPageChooser) and widget.model is not Page:
            name = capfirst(widget.model._meta.verbose_name)
            widget.choose_one_text = f"{gettext('Choose a page')} ({name})"


class ScopedModelForm(WagtailAdminModelForm):
    """Every choice of a related record is narrowed to what the user may see, and a new
    record's required choice that leaves one record to choose has it chosen; dates and
    moments are typed in the browser's own inputs (`phone_sized_widget`); no text field
    takes a control character (`machinery.text`); page choosers speak the reader's language."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        narrow_choices(self.fields.values(), for_user)
        name_page_choosers_in_the_readers_language(self.fields.values())
        for name, field in self.fields.items():
            if isinstance(field, forms.CharField):
                field.validators.append(refuse_control_characters)
            widget = phone_sized_widget(field)
            if widget is not None:
                widget.is_required = field.required
                field.widget = widget
            if (
                self.instance.pk is None
                and isinstance(field, forms.ModelChoiceField)
                and name not in self.initial
            ):
                only = only_choice(field)
                if only is not None:
                    self.initial[name] = only.pk
