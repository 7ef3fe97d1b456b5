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


def name_page_choosers_in_the_readers_language(fields) -> None:
    """Wagtail writes a page chooser's "Choose a page (course)" once, when the form class is
    made at start-up, in the default language: it is written again for this reader."""
    for field in fields:
        widget = field.widget
        if isinstance(widget, AdminPageChooser) and widget.model is not Page:
            name = capfirst(widget.model._meta.verbose_name)
            widget.choose_one_text = f"{gettext('Choose a page')} ({name})"


class ScopedModelForm(WagtailAdminModelForm):
    """Every choice of a related record is narrowed to what the user may see; no text field
    takes a control character (`machinery.text`); page choosers speak the reader's language."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        narrow_choices(self.fields.values(), for_user)
        name_page_choosers_in_the_readers_language(self.fields.values())
        for field in self.fields.values():
            if isinstance(field, forms.CharField):
                field.validators.append(refuse_control_characters)
