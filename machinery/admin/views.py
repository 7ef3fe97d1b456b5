"""The views of the scoped admin: each sees only `scoping.visible_records`.

Another user's record is simply not there (404); personal values are shown as the app that
owns them says (`scoping.personal_value`), in the listing, its exports and the record's view.
"""

import csv
import datetime
from collections import Counter

from openpyxl import Workbook

from django.contrib.admin.utils import unquote
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import BooleanField, ForeignKey, ProtectedError
from django.forms import ModelChoiceField
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.http import content_disposition_header, urlencode
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView

from wagtail.admin import messages
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import BooleanColumn, ButtonsColumnMixin, Column, TitleColumn
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
from wagtail.admin.views.mixins import Echo
from wagtail.coreutils import multigetattr

from machinery import exports, scoping
from machinery.admin.actions import record_buttons
from machinery.admin.filters import ScopedFilterSet
from machinery.admin.forms import narrow_choices
from machinery.admin.services import RecordServices, deleting_action, saving_action
from machinery.database_work import report_work
from machinery.display import local_text, yes_no
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


def model_field_at(model, path: str):
    """The model field at a dotted path ("trainee.gender"), or None where there is none (a
    method, an annotation)."""
    *relations, name = path.split(".")
    try:
        for relation in relations:
            model = model._meta.get_field(relation).related_model
        return model._meta.get_field(name) if model is not None else None
    except FieldDoesNotExist:
        return None


def in_language(language: str, rows):
    """The rows of a stream, each made in `language`: a streamed CSV is written after the
    view has returned, outside the admin's language (Wagtail's `get_localized_response`)."""
    rows = iter(rows)
    while True:
        with translation.override(language):
            row = next(rows, None)
        if row is None:
            return
        yield row


def is_yes_or_no(model, column: Column) -> bool:
    """A listing's column of a model's BooleanField (shown as Yes and No, with their icons)."""
    if isinstance(column, BooleanColumn) or not isinstance(column.accessor, str):
        return False
    return isinstance(model_field_at(model, column.accessor), BooleanField)


class ReadableExports(ExportsAsReportWork):
    """CSV and XLSX exports a programme office opens in Excel and reads as the listing shows
    them: each cell through `machinery.exports.cell_value` (labels not codes, Yes and No,
    local times, shares as percentages, never a formula), a CSV with a byte order mark, the
    whole file in the admin's language, and a file holding personal data unmasked says so
    (`holds_personal_data_unmasked`) on its first line and in its name."""

    percent_fields = ()  # exported values kept as a number of per cent (35 means 35 %)
    holds_personal_data_unmasked = False

    @cached_property
    def export_labels(self) -> dict[str, dict]:
        """{exported field: {code: label}} of each exported field with choices."""
        labels = {}
        for field in self.list_export:
            model_field = model_field_at(self.model, field)
            if model_field is not None and model_field.choices:
                labels[field] = dict(model_field.flatchoices)
        return labels

    def to_row_dict(self, item):
        row = super().to_row_dict(item)
        for field, labels in self.export_labels.items():
            if row.get(field) in labels:
                row[field] = labels[row[field]]
        for field in self.percent_fields:
            if field in row:
                row[field] = exports.Percent(row[field])
        return row

    def as_spreadsheet(self, queryset, spreadsheet_format):
        # Every row is read before the file starts, in the admin's language and under the
        # reports' timeout, so that its first line and name can say what it holds.
        self.export_rows = [self.to_row_dict(item) for item in queryset]
        return super().as_spreadsheet(queryset, spreadsheet_format)

    def get_filename(self):
        name = super().get_filename()
        return exports.personal_data_filename(name) if self.holds_personal_data_unmasked else name

    def export_value(self, field, value, export_format):
        """The value as the export's cell: a viewset's own `custom_field_preprocess` for the
        field, else `machinery.exports.cell_value` (the XLSX cell is made by `xlsx_cell`)."""
        custom = self.custom_field_preprocess.get(field, {}).get(export_format)
        if custom is not None:
            value = custom(value)
        return exports.csv_value(value) if export_format == self.FORMAT_CSV else value

    def write_csv_row(self, writer, row_dict):
        return writer.writerow(
            {
                field: self.export_value(field, value, self.FORMAT_CSV)
                for field, value in row_dict.items()
            }
        )

    def stream_csv(self, queryset):
        writer = csv.DictWriter(Echo(), fieldnames=self.list_export)

        def lines():
            yield exports.CSV_START
            if self.holds_personal_data_unmasked:
                yield csv.writer(Echo()).writerow([str(exports.PERSONAL_DATA_NOTE)])
            yield writer.writerow(
                {field: self.get_heading(queryset, field) for field in self.list_export}
            )
            for row in self.export_rows:
                yield self.write_csv_row(writer, row)

        return in_language(translation.get_language(), lines())

    def write_csv_response(self, queryset):
        response = StreamingHttpResponse(
            self.stream_csv(queryset), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=f"{self.get_filename()}.csv"
        )
        return response

    def generate_xlsx_row(self, worksheet, row_dict, date_format=None):
        for field, value in row_dict.items():
            yield exports.xlsx_cell(worksheet, self.export_value(field, value, self.FORMAT_XLSX))

    def write_xlsx(self, queryset, output):
        workbook = Workbook(write_only=True, iso_dates=True)
        worksheet = workbook.create_sheet(title=sheet_title(self.model))
        if self.holds_personal_data_unmasked:
            worksheet.append(exports.xlsx_row(worksheet, [exports.PERSONAL_DATA_NOTE]))
        worksheet.append(
            exports.xlsx_row(
                worksheet, [self.get_heading(queryset, field) for field in self.list_export]
            )
        )
        for row in self.export_rows:
            worksheet.append(self.generate_xlsx_row(worksheet, row))
        workbook.save(output)


def sheet_title(model) -> str:
    """The records' name as a sheet's title: at most 31 characters, none Excel refuses."""
    title = str(capfirst(model._meta.verbose_name_plural))
    return "".join(" " if character in "[]:*?/\\" else character for character in title)[:31]


class ScopedIndexView(ReadableExports, IndexView):
    """A listing (and its CSV/XLSX export, search and filters) of the visible records only.

    Each row's menu holds the viewset's actions on a record (and, with `history_in_row_menu`,
    a link to the record's history); the header, its actions on the listing."""

    base_filterset_class = ScopedFilterSet

    list_select_related = ()
    personal_fields = ()  # dotted paths shown through `scoping.personal_value`
    personal_scope_path = None  # dotted path to what decides it for the row (or one a field)
    actions = ()
    record_links = ()
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
            elif is_yes_or_no(self.model, column):
                column = BooleanColumn(
                    column.name,
                    label=column.label,
                    accessor=column.accessor,
                    sort_key=column.sort_key,
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
        """An exported row, its personal values as the user may see them; a value shown
        whole makes the file one that holds personal data unmasked."""
        row = super().to_row_dict(item)
        for field in self.personal_fields:
            if field in row:
                value = row[field]
                row[field] = scoping.personal_value(
                    self.request.user,
                    field,
                    value,
                    personal_scope(item, self.personal_scope_path, field),
                )
                if value not in (None, "") and row[field] == value:
                    self.holds_personal_data_unmasked = True
        return row

    def get_add_url(self):
        """A listing filtered by a related record (a cohort's sessions) adds one to it."""
        return with_query(
            super().get_add_url(),
            chosen_records(
                self.request,
                lambda name: isinstance(model_field_at(self.model, name), ForeignKey),
            ),
        )

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
        for link in self.record_links:
            if link.in_row_menu and link.is_shown(self.request.user, instance):
                buttons.append(link.menu_item(instance))
        return buttons


def with_query(url: str | None, parameters: dict) -> str | None:
    """`url` with `parameters` added to its query string."""
    if not url or not parameters:
        return url
    return f"{url}{'&' if '?' in url else '?'}{urlencode(parameters)}"


def chosen_records(request, is_chosen) -> dict[str, int]:
    """The records the address chose, one each (`?cohort=<pk>`), by the names `is_chosen`
    accepts."""
    return {
        name: int(values[0])
        for name, values in request.GET.lists()
        if len(values) == 1 and values[0].isdigit() and is_chosen(name)
    }


class ScopedCreateView(FormErrorsMixin, CreateView):
    """A new record, written by the app's save service when the viewset names one.

    A link may choose a related record for it (`?cohort=<pk>`: the cohort's page, or its
    sessions' listing): chosen among the form's choices, already narrowed to what the user
    sees (another is simply not chosen); once saved, the listing opens filtered by it, as
    it was (the cohort's sessions), ready for the next one."""

    record_services: RecordServices | None = None

    def chosen(self) -> dict[str, int]:
        fields = self.get_form_class().base_fields
        return chosen_records(
            self.request, lambda name: isinstance(fields.get(name), ModelChoiceField)
        )

    def get_initial(self):
        return {**self.chosen(), **super().get_initial()}

    def get_add_url(self):
        return with_query(super().get_add_url(), self.chosen())

    def get_success_url(self):
        return with_query(super().get_success_url(), self.chosen())

    @property
    def action_class(self):
        return saving_action(super().action_class, self.record_services)


class ScopedEditView(FormErrorsMixin, ScopedObjectMixin, EditView):
    """A record changed, written by the app's save service when the viewset names one.
    Above the form, the buttons of the viewset's actions on the record that the user may
    take now, and its links (`RecordLink`)."""

    record_services: RecordServices | None = None
    actions = ()
    record_links = ()
    action_url_names = {}

    @cached_property
    def header_buttons(self):
        return [
            *super().header_buttons,
            *record_buttons(
                self.request.user,
                self.object,
                self.actions,
                self.record_links,
                self.action_url_names,
            ),
        ]

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
    record_links = ()
    action_url_names = {}  # (each action's URL name, given by the viewset)

    @cached_property
    def header_buttons(self):
        return [
            *super().header_buttons,
            *record_buttons(
                self.request.user,
                self.object,
                self.actions,
                self.record_links,
                self.action_url_names,
            ),
        ]

    def get_field_display_value(self, field_name, field):
        """The field as a person reads it (`machinery.display`): Yes or No, a moment in
        local time, "-" for nothing; a personal field whole or masked, as the listing shows
        it."""
        value = super().get_field_display_value(field_name, field)
        if field_name in self.personal_fields:
            value = scoping.personal_value(
                self.request.user,
                field_name,
                value,
                personal_scope(self.object, self.personal_scope_path, field_name),
            )
        if isinstance(value, bool):
            return yes_no(value)
        if isinstance(value, datetime.datetime):
            return local_text(value)
        if value is None:
            return "-"  # nothing recorded, as Wagtail's listings show it (not "None")
        return value


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
    inspect_url_name = None
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

    def get_breadcrumbs_items(self):
        """Home, the listing, the record, the action: the way back to where it was taken."""
        items = [
            *self.breadcrumbs_items,
            {
                "url": reverse(self.index_url_name),
                "label": capfirst(self.model._meta.verbose_name_plural),
            },
        ]
        if self.object is not None and self.inspect_url_name:
            items.append(
                {
                    "url": reverse(self.inspect_url_name, args=[self.object.pk]),
                    "label": str(self.object),
                }
            )
        return [*items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            object=self.object,
            action_url=self.request.path,
            submit_button_label=self.submit_button_label,
            submit_button_active_label=self.submit_button_active_label,
            summary=self.summary(),
            **kwargs,
        )

    def success_buttons(self) -> list:
        """Links of the success message (`messages.button`), once the service has acted: the
        way to what the action made."""
        return []

    def form_valid(self, form):
        text = self.act(form.cleaned_data)
        messages.success(self.request, text, buttons=self.success_buttons())
        return redirect(reverse(self.index_url_name))


class ServiceFormView(FormErrorsMixin, _ServiceForm):
    __doc__ = _ServiceForm.__doc__
