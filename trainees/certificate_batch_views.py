"""Wagtail admin pages of certificate batches: start one, watch it, download its ZIP.

A batch holds what the certificate listing shows the person (its filters and
search, within `scoping`). Its page and its ZIP are for the person who
started it only: anyone else gets 404, like for a batch that has expired.
"""

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from wagtail.admin.auth import user_passes_test
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from machinery.database_work import report_work
from trainees import scoping
from trainees.certificate_batches import MAX_CERTIFICATES, certificate_batch_selection
from trainees.models import County
from trainees.tasks import (
    CERTIFICATE_BATCHES,
    BatchStatus,
    certificate_batch_get,
    certificate_batch_start,
    private_storage,
)

# Parameters of the listing's URL that choose no certificates.
NOT_FILTERS = ("p", "export", "ordering", "_w_filter_fragment")


def listing_query(request) -> str:
    """The listing's filters and search, as a query string."""
    params = request.GET.copy()
    for name in NOT_FILTERS:
        params.pop(name, None)
    return params.urlencode()


class BatchAdminMixin(WagtailAdminTemplateMixin):
    header_icon = "download"
    page_title = _("Certificates in a ZIP file")
    index_url_name = None  # the certificate listing

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": _("Certificates")},
            {"url": "", "label": self.get_page_title()},
        ]


def county_name(county_id: int | None) -> str:
    """The county a batch is confined to; empty for a manager's batch (every county)."""
    if county_id is None:
        return ""
    county = County.objects.filter(pk=county_id).first()
    return county.display_name if county else ""


class CertificateBatchStartView(BatchAdminMixin, TemplateView):
    """Says what the listing's filters select; starting the batch is a POST."""

    template_name = "trainees/admin/certificate_batch_start.html"
    listing_view = None  # the certificate listing's view function, whose filters this reuses
    batch_url_name = None

    @cached_property
    def listing(self):
        view = self.listing_view.view_class(**self.listing_view.view_initkwargs)
        view.setup(self.request)
        return view

    def filters_problem(self) -> str:
        filters = self.listing.filters
        if filters is None or filters.is_valid():
            return ""
        wrong = ", ".join(str(filters.form.fields[name].label) for name in filters.form.errors)
        return _("These filters are not valid here: %(filters)s.") % {"filters": wrong}

    def chosen_filters(self) -> list[tuple[str, str]]:
        chosen = [(str(f.field_label), str(f.value)) for f in self.listing.active_filters]
        if self.listing.search_query:
            chosen.append((str(_("Search")), self.listing.search_query))
        return chosen

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        problem = kwargs.get("problem") or self.filters_problem()
        selection = None
        if not problem:
            selection = certificate_batch_selection(self.listing.get_queryset())
            problem = selection.problem
        query = listing_query(self.request)
        context.update(
            selection=selection,
            problem=problem,
            filters=self.chosen_filters(),
            county_name=county_name(
                None
                if scoping.is_programme_manager(self.request.user)
                else scoping.coordinated_county_id(self.request.user)
            ),
            max_certificates=MAX_CERTIFICATES,
            listing_url=reverse(self.index_url_name) + (f"?{query}" if query else ""),
        )
        return context

    def post(self, request, *args, **kwargs):
        problem = self.filters_problem()
        if not problem:
            try:
                batch_id = certificate_batch_start(
                    user=request.user,
                    certificates=self.listing.get_queryset(),
                    filters=self.chosen_filters(),
                    query=listing_query(request),
                )
            except ValidationError as error:
                problem = error.messages[0]
            else:
                return redirect(self.batch_url_name, batch_id=batch_id)
        return self.render_to_response(self.get_context_data(problem=problem))


class CertificateBatchView(BatchAdminMixin, TemplateView):
    """The batch's progress, then its ZIP to download, or why it failed."""

    template_name = "trainees/admin/certificate_batch.html"
    start_url_name = None
    zip_url_name = None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        record = own_batch(self.request, kwargs["batch_id"])
        done, total = CERTIFICATE_BATCHES.progress(record["id"])
        query = f"?{record['query']}" if record["query"] else ""
        context.update(
            record=record,
            county_name=county_name(record["county_id"]),
            status=record["status"],
            statuses=BatchStatus,
            running=record["status"] == BatchStatus.RENDERING,
            progress_done=done,
            progress_total=total,
            zip_url=reverse(self.zip_url_name, args=[record["id"]]),
            again_url=reverse(self.start_url_name) + query,
            listing_url=reverse(self.index_url_name) + query,
        )
        return context


def own_batch(request, batch_id: str) -> dict:
    record = certificate_batch_get(batch_id=batch_id, user=request.user)
    if record is None:
        raise Http404(_("This batch has expired or is not yours."))
    return record


@report_work
def certificate_batch_zip(request, batch_id: str):
    record = own_batch(request, batch_id)
    if record["status"] != BatchStatus.READY:
        raise Http404(_("This batch has no ZIP file yet."))
    try:
        archive = private_storage().open(record["file_name"], "rb")
    except FileNotFoundError as missing:
        raise Http404(_("This batch's ZIP file has expired.")) from missing
    started = timezone.localtime(record["started_at"])
    return FileResponse(
        archive,
        as_attachment=True,
        filename=f"certificates-{started:%Y%m%d-%H%M}-{record['id'][:6]}.zip",
        content_type="application/zip",
    )


may_download = user_passes_test(scoping.may_download_certificate_batches)
