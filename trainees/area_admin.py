"""Wagtail admin for townships and villages, and their import from a CSV file.

Programme managers see and change every county's areas; a county coordinator
only their own county's (trainees/scoping.py), and nobody else any. The rules
of codes and names are the models' (trainees/area_codes.py); whether an area
may be deleted is trainees/areas.py's.
"""

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Count
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from machinery.admin.forms import ScopedModelForm
from machinery.admin.policies import ScopedPermissionPolicy
from machinery.admin.views import ScopedDeleteView, ScopedIndexView
from machinery.admin.viewsets import ScopedModelViewSet
from machinery.imports.views import ImportViewSet
from trainees import scoping
from trainees.area_import import COLUMNS, REQUIRED_COLUMNS
from trainees.area_tasks import KIND, area_apply_task, area_check_task
from trainees.areas import area_delete_problem
from trainees.models import County, Township, Village
from trainees.roster_views import importer_county


def township_label(township: Township) -> str:
    return f"{township.name} ({township.code})"


class AreaIndexView(ScopedIndexView):
    """Filters by county are for managers; a coordinator's listing holds one county anyway."""

    manager_only_filters = ()

    @cached_property
    def filters(self):
        filterset = super().filters
        if filterset is None:
            return None
        if not scoping.is_programme_manager(self.request.user):
            for name in self.manager_only_filters:
                filterset.filters.pop(name, None)
                filterset.form.fields.pop(name, None)
        for field in filterset.form.fields.values():
            if getattr(field, "queryset", None) is not None and field.queryset.model is Township:
                field.label_from_instance = township_label
        return filterset if filterset.form.fields else None


class TownshipIndexView(AreaIndexView):
    manager_only_filters = ("county",)
    default_ordering = "code"  # the model's ordering is lost to the annotation's GROUP BY

    def annotate_queryset(self, queryset):
        return queryset.annotate(village_count=Count("villages"))


class VillageIndexView(AreaIndexView):
    manager_only_filters = ("township__county",)
    default_ordering = "code"

    def annotate_queryset(self, queryset):
        return queryset.annotate(household_count=Count("households"))


class AreaDeleteView(ScopedDeleteView):
    """An area with villages, households or trainees is not deleted: the page says why."""

    template_name = "trainees/areas/confirm_delete.html"

    def get_usage_url(self):
        # The reference index misses rows written in bulk (imports); area_delete_problem does not.
        return None

    @cached_property
    def delete_problem(self) -> str | None:
        return area_delete_problem(self.object)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["is_protected"] = bool(self.delete_problem)
        context["delete_problem"] = self.delete_problem
        return context

    def form_valid(self, form):
        if self.delete_problem is None:
            return super().form_valid(form)
        return self.render_to_response(self.get_context_data())

    def refused(self, referring):
        # Something was recorded in the area since the page was shown.
        self.delete_problem = area_delete_problem(self.object) or (
            _("%(area)s cannot be deleted: something is recorded in it.") % {"area": self.object}
        )
        return self.render_to_response(self.get_context_data())


class TownshipForm(ScopedModelForm):
    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        counties = self.fields["county"].queryset
        if not self.instance.pk and len(counties) == 1:
            self.fields["county"].initial = counties[0].pk


class VillageForm(ScopedModelForm):
    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        township = self.fields["township"]
        township.queryset = township.queryset.select_related("county")
        township.label_from_instance = township_label


class TownshipViewSet(ScopedModelViewSet):
    model = Township
    icon = "site"
    menu_order = 100
    index_view_class = TownshipIndexView
    delete_view_class = AreaDeleteView
    form_class = TownshipForm
    form_fields = ["county", "code", "name"]
    list_display = [
        "name",
        "code",
        "county",
        Column("village_count", label=_("number of villages"), accessor="village_count"),
    ]
    list_filter = ["county"]
    list_export = ["county", "code", "name", "village_count"]
    # The import's own headers (乡镇代码, 乡镇) in every language: the export can be imported.
    export_headings = {
        "code": COLUMNS["township_code"][0],
        "name": COLUMNS["township"][0],
        "village_count": _("number of villages"),
    }
    search_fields = ["name", "code"]
    list_select_related = ("county",)
    export_filename = "townships"


class VillageViewSet(ScopedModelViewSet):
    model = Village
    icon = "home"
    menu_order = 200
    index_view_class = VillageIndexView
    delete_view_class = AreaDeleteView
    form_class = VillageForm
    form_fields = ["township", "code", "name"]
    list_display = [
        "name",
        "code",
        Column("township", label=_("township"), accessor=lambda v: township_label(v.township)),
        Column("county", label=_("county"), accessor="township.county"),
        Column("household_count", label=_("number of households"), accessor="household_count"),
    ]
    list_filter = ["township__county", "township"]
    list_export = ["township.county", "township.code", "township", "code", "name"]
    # The import's own headers (乡镇代码, 乡镇, 村代码, 村) in every language: the export of
    # a listing can be imported as it is.
    export_headings = {
        "township.county": _("county"),
        "township.code": COLUMNS["township_code"][0],
        "township": COLUMNS["township"][0],
        "code": COLUMNS["village_code"][0],
        "name": COLUMNS["village"][0],
    }
    search_fields = ["name", "code"]
    list_select_related = ("township__county",)
    export_filename = "villages"


# Import of townships and villages


def can_import_areas(user: AbstractBaseUser) -> bool:
    """Managers, and coordinators of a county, who may add and change townships and villages."""
    if not getattr(user, "is_authenticated", False):
        return False
    may_write = all(
        user.has_perm(f"trainees.{action}_{model}")
        for model in ("township", "village")
        for action in ("add", "change")
    )
    return may_write and (
        scoping.is_programme_manager(user) or scoping.coordinated_county_id(user) is not None
    )


class AreaImportViewSet(ImportViewSet):
    """The pages of the area import: upload, progress and preview, confirm."""

    name = "area_import"
    url_prefix = "area-import"
    menu_label = _("Import areas")
    kind = KIND
    page_title = _("Import townships and villages")
    file_label = _("File of townships and villages (CSV)")
    upload_template_name = "trainees/areas/import_upload.html"
    detail_template_name = "trainees/areas/import_detail.html"
    columns = COLUMNS
    required_columns = REQUIRED_COLUMNS
    check_task = area_check_task
    apply_task = area_apply_task

    def may_import(self, user: AbstractBaseUser) -> bool:
        return can_import_areas(user)

    def county(self, user: AbstractBaseUser) -> County | None:
        return importer_county(user)

    def breadcrumbs_before(self) -> list[dict]:
        return [{"url": reverse("township:index"), "label": _("Areas")}]


# Counties: the 18 are fixed by their codes (data migrations); managers correct how they are
# named in Tibetan and English, nothing else, and add or delete none.


class CountyPermissionPolicy(ModelPermissionPolicy):
    def user_has_permission(self, user, action):
        if action in ("add", "delete"):
            return False
        return super().user_has_permission(user, action)


class CountyViewSet(ModelViewSet):
    model = County
    icon = "site"
    menu_order = 50
    form_fields = ["name_bo", "name_en"]
    list_display = ["name", "code", "name_bo", "name_en"]
    search_fields = ["name", "name_bo", "name_en", "code"]
    inspect_view_enabled = False


class AreasViewSetGroup(ViewSetGroup):
    menu_label = _("Areas")
    menu_icon = "site"
    menu_order = 260
    items = (CountyViewSet, TownshipViewSet, VillageViewSet, AreaImportViewSet)


# Registered by trainees/wagtail_hooks.py, like trainees.admin_views.PERMISSION_POLICIES.
AREA_PERMISSION_POLICIES = {
    County: CountyPermissionPolicy(County),
    Township: ScopedPermissionPolicy(Township),
    Village: ScopedPermissionPolicy(Village),
}
