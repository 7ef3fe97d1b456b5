"""Wagtail admin pages of the sales import: upload, progress and preview, confirm.

Built on the roster import's pages (trainees/roster_views.py) and shared
template (trainees/import/detail.html), like the area import. Who may import
is incubator/scoping.py's `may_import_sales`: programme managers and county
coordinators; anyone else gets the admin's refusal. An import is seen only by
the person who started it (404 for anyone else).
"""

from django import forms
from django.shortcuts import redirect
from django.urls import path, reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django.views.generic import FormView

from wagtail.admin.auth import user_passes_test
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from incubator import scoping
from incubator.choices import Channel
from incubator.sales_import import COLUMNS, REQUIRED_COLUMNS
from incubator.sales_import_tasks import KIND, sales_import_confirm, sales_import_start
from trainees.models import County
from trainees.roster_views import RosterImportView, RosterUploadForm, column_help, own_import


class SalesUploadForm(RosterUploadForm):
    file = forms.FileField(
        label=_("File of monthly sales (CSV)"),
        help_text=_("UTF-8 or GBK; at most 10 MB and 20,000 rows."),
    )


class SalesImportAdminMixin(WagtailAdminTemplateMixin):
    header_icon = "upload"
    page_title = _("Import sales")

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("salesreport:index"), "label": _("Monthly sales reports")},
            {"url": reverse("sales_import:upload"), "label": _("Import sales")},
        ]


class SalesUploadView(SalesImportAdminMixin, FormView):
    form_class = SalesUploadForm
    template_name = "incubator/sales_import/upload.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["columns"] = column_help(COLUMNS, REQUIRED_COLUMNS)
        context["county"] = (
            None
            if scoping.is_programme_manager(user)
            else County.objects.get(pk=scoping.coordinated_county_id(user))
        )
        context["channels"] = "、".join(str(channel.label) for channel in Channel)
        return context

    def form_valid(self, form):
        import_id = sales_import_start(
            user=self.request.user, filename=form.cleaned_data["file"].name, text=form.text
        )
        return redirect("sales_import:detail", import_id=import_id)


class SalesImportView(SalesImportAdminMixin, RosterImportView):
    template_name = "incubator/sales_import/detail.html"
    import_kind = KIND
    upload_url = reverse_lazy("sales_import:upload")


@require_POST
def sales_import_apply(request, import_id: str):
    own_import(request, import_id, kind=KIND)
    sales_import_confirm(import_id=import_id)
    return redirect("sales_import:detail", import_id=import_id)


class SalesImportViewSet(ViewSet):
    """The pages of the sales import, reached by a button on the sales report listing."""

    name = "sales_import"
    url_prefix = "sales-import"
    icon = "upload"

    def get_urlpatterns(self):
        allowed = user_passes_test(scoping.may_import_sales)
        return [
            path("", allowed(SalesUploadView.as_view()), name="upload"),
            path("<str:import_id>/", allowed(SalesImportView.as_view()), name="detail"),
            path("<str:import_id>/apply/", allowed(sales_import_apply), name="apply"),
        ]
