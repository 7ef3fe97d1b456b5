"""The views of the scoped admin: each sees only `scoping.visible_records`.

Another user's record is simply not there (404); personal values are shown as the app that
owns them says (`scoping.personal_value`), in the listing, its exports and the record's view.
"""

import datetime
from collections import Counter

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView

from wagtail.admin import messages
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import ButtonsColumnMixin, Column, TitleColumn
from wagtail.admin.views.generic import (
    CreateView,
    DeleteView,
    EditView,
    IndexView,
    InspectView,
    WagtailAdminTemplateMixin,
)
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.usage import UsageView
from wagtail.coreutils import multigetattr

from machinery import exports, scoping
from machinery.admin.filters import ScopedFilterSet
from machinery.admin.forms import narrow_choices
from machinery.admin.services import RecordServices, deleting_action, saving_action
from machinery.database_work import report_work
from machinery.forms import show_service_errors

NOTHING_SAVED = _("Nothing was saved.")


class FormErrorsMixin:
    """How every admin form of the project shows its errors (the generic add and edit views,
    the actions' `ServiceFormView`, the imports' upload).

    A ValidationError of the service that a valid form's data goes to is put on the form
    (`show_service_errors`) and nothing is written. An error that belongs to no field, from
    the form's `clean()` or from the service (a report another coordinator decided first),
    is shown above the form as Wagtail shows its messages (`messages.validation_error`,
    which lists it). Wagtail's generic model views report their own validation that way
    (`produced_error_message`); this mixin hands them the service's errors too, and reports
    for the other views.
    """

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as error:
            show_service_errors(form, error)
            if self._reports_its_errors:
                self.produced_error_code = "validation_error"
                self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)

    def form_invalid(self, form):
        if not self._reports_its_errors and form.non_field_errors():
            messages.validation_error(self.request, NOTHING_SAVED, form)
        return super().form_invalid(form)

    @property
    def _reports_its_errors(self) -> bool:
        return hasattr(self, "get_error_message")  # Wagtail's generic create and edit views


def personal_scope(instance, scope_path: str | dict, field: str):
    """What decides whether `field` of `instance` is shown whole: read at the viewset's
    `personal_scope_path`, one path for every personal field or one per field."""
    path = scope_path[field] if isinstance(scope_path, dict) else scope_path
    return multigetattr(instance, path)


class ScopedObjectMixin:
    """Edit, delete, inspect, history, usage: a record the user may not see is not there (404)."""

    def get_object(self, queryset=None):
        pk = self.kwargs.get("pk") or self.args[0]
        return get_object_or_404(
            scoping.visible_records(self.model, self.request.user), pk=unquote(str(pk))
        )


class ExportsAsReportWork:
    """A listing whose CSV and XLSX exports (`?export=`) are report work: the whole listing,
    however long, under the reports' statement timeout (`machinery.database_work`)."""

    def dispatch(self, request, *args, **kwargs):
        if self.is_export:
            return report_work(super().dispatch)(request, *args, **kwargs)
        return super().dispatch(request, *args, **kwargs)


class ScopedIndexView(ExportsAsReportWork, IndexView):
    """A listing (and its CSV/XLSX export, search and filters) of the visible records only.

    Each row's menu holds the viewset's actions on a record (and, with `history_in_row_menu`,
    a link to the record's history); the header, its actions on the listing."""

    base_filterset_class = ScopedFilterSet

    list_select_related = ()
    personal_fields = ()  # dotted paths shown through `scoping.personal_value`
    personal_scope_path = None  # dotted path to what decides it for the row (or one a field)
    actions = ()
    action_url_names = {}  # (each action's URL name, given by the viewset)
    history_in_row_menu = False
    history_url_name = None

    def get_base_queryset(self):
        queryset = scoping.visible_records(self.model, self.request.user)
        if self.list_select_related:
            queryset = queryset.select_related(*self.list_select_related)
        return self.annotate_queryset(queryset)

    def annotate_queryset(self, queryset):
        return queryset

    @cached_property
    def filters(self):
        filterset = super().filters
        if filterset:
            narrow_choices(filterset.form.fields.values(), self.request.user)
        return filterset

    def personal_value(self, instance, field):
        return scoping.personal_value(
            self.request.user,
            field,
            multigetattr(instance, field),
            personal_scope(instance, self.personal_scope_path, field),
        )

    @cached_property
    def columns(self):
        columns = []
        for column in super().columns:
            if column.name in self.personal_fields:
                column = Column(
                    column.name,
                    label=column.label,
                    accessor=lambda instance, field=column.name: self.personal_value(
                        instance, field
                    ),
                )
            columns.append(column)
        if columns and not isinstance(columns[0], ButtonsColumnMixin):
            columns[0] = self.title_column(columns[0])
        return columns

    def title_column(self, column: Column) -> Column:
        """A first column given as a `Column` (Wagtail makes only a field name the title):
        it links to the record and carries the row's menu, as any listing's first column."""
        return self._get_title_column_class(TitleColumn)(
            column.name,
            label=column.label,
            accessor=column.accessor,
            sort_key=column.sort_key,
            get_url=lambda instance: self.get_edit_url(instance) or self.get_inspect_url(instance),
        )

    def to_row_dict(self, item):
        row = super().to_row_dict(item)
        for field in self.personal_fields:
            if field in row:
                row[field] = self.personal_value(item, field)
        return row

    def preprocess_field_value(self, field, value, export_format):
        """Every exported string through `machinery.exports`: readable, never a formula;
        a moment in local time (Wagtail would write UTC)."""
        if isinstance(value, datetime.datetime) and timezone.is_aware(value):
            value = timezone.localtime(value).replace(tzinfo=None)
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == self.FORMAT_CSV:
            return exports.csv_value(value)
        return exports.readable(value)

    def generate_xlsx_row(self, worksheet, row_dict, date_format=None):
        for cell in super().generate_xlsx_row(worksheet, row_dict, date_format=date_format):
            yield exports.text_cell(cell)

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        for action in self.actions:
            if not action.per_record and action.is_shown(self.request.user):
                buttons.append(action.header_button(reverse(self.action_url_names[action.name])))
        return buttons

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if self.history_in_row_menu:
            buttons.append(
                MenuItem(
                    _("History"),
                    url=reverse(self.history_url_name, args=[instance.pk]),
                    icon_name="history",
                    priority=40,
                )
            )
        for action in self.actions:
            if action.per_record and action.is_shown(self.request.user, instance):
                url = reverse(self.action_url_names[action.name], args=[instance.pk])
                buttons.append(action.menu_item(url))
        return buttons


class ScopedCreateView(FormErrorsMixin, CreateView):
    """A new record, written by the app's save service when the viewset names one."""

    record_services: RecordServices | None = None

    @property
    def action_class(self):
        return saving_action(super().action_class, self.record_services)


class ScopedEditView(FormErrorsMixin, ScopedObjectMixin, EditView):
    """A record changed, written by the app's save service when the viewset names one."""

    record_services: RecordServices | None = None

    @property
    def action_class(self):
        return saving_action(super().action_class, self.record_services)


class ScopedDeleteView(ScopedObjectMixin, DeleteView):
    """A record that others refer to stays: the page says which records keep it, instead of
    failing. Deleted by the app's delete service when the viewset names one."""

    record_services: RecordServices | None = None

    @property
    def action_class(self):
        return deleting_action(super().action_class, self.record_services)

    def form_valid(self, form):
        try:
            with transaction.atomic():
                return super().form_valid(form)
        except ProtectedError as error:
            return self.refused(error.protected_objects)

    def refused(self, referring):
        messages.error(self.request, protected_message(self.object, referring))
        context = self.get_context_data()
        context["is_protected"] = True
        return self.render_to_response(context)


def protected_message(record, referring) -> str:
    """“X cannot be deleted while these records refer to it: 2 enrolments, 1 certificate.”"""
    counts = Counter(type(other)._meta.verbose_name_plural for other in referring)
    listed = ", ".join(f"{count} {name}" for name, count in sorted(counts.items()))
    return _("%(record)s cannot be deleted while these records refer to it: %(records)s.") % {
        "record": record,
        "records": listed,
    }


class ScopedInspectView(ScopedObjectMixin, InspectView):
    """One record's fields; its personal fields as the listing shows them; above them, the
    buttons of the viewset's actions on the record that the user may take now."""

    personal_fields = ()
    personal_scope_path = None
    actions = ()
    action_url_names = {}  # (each action's URL name, given by the viewset)

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        for action in self.actions:
            if action.per_record and action.is_shown(self.request.user, self.object):
                url = reverse(self.action_url_names[action.name], args=[self.object.pk])
                buttons.append(action.header_button(url))
        return buttons

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        if field_name not in self.personal_fields:
            return value
        return scoping.personal_value(
            self.request.user,
            field_name,
            value,
            personal_scope(self.object, self.personal_scope_path, field_name),
        )


class ScopedHistoryView(ScopedObjectMixin, HistoryView):
    @cached_property
    def header_buttons(self):
        """Wagtail's "Edit" button, only where there is an edit form to go to (a button
        with nowhere to go would do nothing)."""
        return [button for button in super().header_buttons if button.url]


class ScopedUsageView(ScopedObjectMixin, UsageView):
    pass


class _ServiceForm(WagtailAdminTemplateMixin, FormView):
    """The view of an `Action`: a form whose data goes to one service.

    The record (of an action on a record) is found among those the user may see (404
    otherwise); the action says whether the user may take it (403 otherwise); the service's
    ValidationError is shown on the form (`FormErrorsMixin`) and nothing is written."""

    template_name = "machinery/admin/service_form.html"
    model = None
    action = None
    index_url_name = None
    submit_button_label = _("Save")
    submit_button_active_label = ""

    def act(self, data: dict) -> str:
        """Call the service; return the message shown on success."""
        raise NotImplementedError

    def summary(self) -> list[tuple[str, str]]:
        """(label, value) lines describing the record above the form."""
        return []

    def dispatch(self, request, *args, **kwargs):
        self.object = None
        if self.action.per_record:
            self.object = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
        if not self.action.allows(request.user, self.object):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return scoping.visible_records(self.model, self.request.user)

    def get_page_subtitle(self):
        return str(self.object) if self.object is not None else ""

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            object=self.object,
            action_url=self.request.path,
            submit_button_label=self.submit_button_label,
            submit_button_active_label=self.submit_button_active_label,
            summary=self.summary(),
            **kwargs,
        )

    def form_valid(self, form):
        messages.success(self.request, self.act(form.cleaned_data))
        return redirect(reverse(self.index_url_name))


class ServiceFormView(FormErrorsMixin, _ServiceForm):
    __doc__ = _ServiceForm.__doc__
