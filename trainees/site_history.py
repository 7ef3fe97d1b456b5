"""Wagtail's "Site history" report, closed to those `scoping.may_see_site_history` keeps out.

Each record's own history stays open to them through the scoped admin views.
"""

from django.core.exceptions import PermissionDenied

from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.reports.audit_logging import LogEntriesView

from trainees import scoping


class SiteHistoryView(LogEntriesView):
    def dispatch(self, request, *args, **kwargs):
        if not scoping.may_see_site_history(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


# Served outside Wagtail's admin URLs, so given the admin's own login check here.
site_history = require_admin_access(SiteHistoryView.as_view())
site_history_results = require_admin_access(SiteHistoryView.as_view(results_only=True))
