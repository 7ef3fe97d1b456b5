"""Wagtail admin pages of the sales import: upload, progress and preview, confirm
(machinery.imports.views), reached by a button on the sales report listing.

Who may import is incubator/scoping.py's `may_import_sales`: programme managers and county
coordinators; anyone else gets the admin's refusal. An import is seen only by the person
who started it (404 for anyone else).
"""

from django.contrib.auth.base_user import AbstractBaseUser
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from incubator import scoping
from incubator.choices import Channel
from incubator.sales_import import COLUMNS, REQUIRED_COLUMNS
from incubator.sales_import_tasks import KIND, sales_apply_task, sales_check_task
from machinery.imports.views import ImportViewSet
from machinery.text import listed
from trainees.models import County
from trainees.roster_views import importer_county


class SalesImportViewSet(ImportViewSet):
    name = "sales_import"
    url_prefix = "sales-import"
    kind = KIND
    page_title = _("Import sales")
    file_label = _("File of monthly sales (CSV)")
    upload_template_name = "incubator/sales_import/upload.html"
    detail_template_name = "incubator/sales_import/detail.html"
    columns = COLUMNS
    required_columns = REQUIRED_COLUMNS
    check_task = sales_check_task
    apply_task = sales_apply_task

    def may_import(self, user: AbstractBaseUser) -> bool:
        return scoping.may_import_sales(user)

    def county(self, user: AbstractBaseUser) -> County | None:
        """Shown on the pages; the rows are checked against the user's own scope."""
        return importer_county(user)

    def breadcrumbs_before(self) -> list[dict]:
        return [{"url": reverse("salesreport:index"), "label": _("Monthly sales reports")}]

    def upload_context(self, user: AbstractBaseUser) -> dict:
        return {"channels": listed(channel.label for channel in Channel)}
