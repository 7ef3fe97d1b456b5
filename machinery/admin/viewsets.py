"""The scoped admin's viewset: Wagtail's ModelViewSet, every view scoped, and its actions."""

from django.forms.models import modelform_factory
from django.urls import path

from wagtail.admin.viewsets.model import ModelViewSet

from machinery.admin.forms import ScopedModelForm
from machinery.admin.services import RecordServices
from machinery.admin.views import (
    ScopedCreateView,
    ScopedDeleteView,
    ScopedEditView,
    ScopedHistoryView,
    ScopedIndexView,
    ScopedInspectView,
    ScopedUsageView,
)


class ScopedModelViewSet(ModelViewSet):
    """A ModelViewSet whose every view sees only `scoping.visible_records`.

    `actions` are its `Action`s: each gets its URL (`<name>/<pk>/` or `<name>/`), its
    button in each row's menu or above the listing, and its view, refused to whoever the
    action does not allow. `history_in_row_menu` adds a link to each record's history.
    `record_services` names the app's services that write its records for the add, edit
    and delete views (machinery/admin/services.py)."""

    index_view_class = ScopedIndexView
    add_view_class = ScopedCreateView
    edit_view_class = ScopedEditView
    delete_view_class = ScopedDeleteView
    inspect_view_class = ScopedInspectView
    history_view_class = ScopedHistoryView
    usage_view_class = ScopedUsageView
    copy_view_enabled = False
    inspect_view_enabled = True
    search_backend_name = None  # the database's own icontains, over the scoped queryset
    list_select_related = ()
    personal_fields = ()  # dotted paths shown through `scoping.personal_value`
    # Dotted path to what decides it for the row (e.g. its county), or {field: path}.
    personal_scope_path = None
    actions = ()
    # `RecordLink`s: buttons on each record's edit and inspect pages (and rows' menus).
    record_links = ()
    history_in_row_menu = False
    # Exported values kept as a number of per cent, written as percentages (35 -> 35 %).
    percent_fields = ()
    # {field: {"csv" or "xlsx": function}}: the export's own cell of a field, as Wagtail's.
    custom_field_preprocess = {}
    record_services: RecordServices | None = None

    def get_add_view_kwargs(self, **kwargs):
        return super().get_add_view_kwargs(record_services=self.record_services, **kwargs)

    def get_edit_view_kwargs(self, **kwargs):
        return super().get_edit_view_kwargs(
            record_services=self.record_services,
            actions=self.actions,
            record_links=self.record_links,
            action_url_names=self.action_url_names,
            **kwargs,
        )

    @property
    def action_url_names(self) -> dict:
        return {action.name: self.get_url_name(action.name) for action in self.actions}

    def get_delete_view_kwargs(self, **kwargs):
        return super().get_delete_view_kwargs(record_services=self.record_services, **kwargs)

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            history_in_row_menu=self.history_in_row_menu,
            list_select_related=self.list_select_related,
            personal_fields=self.personal_fields,
            personal_scope_path=self.personal_scope_path,
            percent_fields=self.percent_fields,
            custom_field_preprocess=self.custom_field_preprocess,
            actions=self.actions,
            record_links=self.record_links,
            action_url_names=self.action_url_names,
            **kwargs,
        )

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(
            personal_fields=self.personal_fields,
            personal_scope_path=self.personal_scope_path,
            actions=self.actions,
            record_links=self.record_links,
            action_url_names=self.action_url_names,
            **kwargs,
        )

    def get_form_class(self, for_update=False):
        return modelform_factory(
            self.model,
            form=getattr(self, "form_class", ScopedModelForm),
            fields=self.get_form_fields(),
            exclude=self.get_exclude_form_fields(),
        )

    def action_view(self, action):
        return action.view.as_view(
            action=action,
            model=self.model,
            index_url_name=self.get_url_name("index"),
            # A record without a page of its own (an API token) has no crumb to lead back to.
            inspect_url_name=self.get_url_name("inspect") if self.inspect_view_enabled else None,
        )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            *(
                path(action.route, self.action_view(action), name=action.name)
                for action in self.actions
            ),
        ]
