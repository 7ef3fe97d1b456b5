"""Content-Security-Policy: the site's policy, with the allowances Wagtail's admin needs.

The policy itself is `CONTENT_SECURITY_POLICY` in settings/base.py, sent in
every environment so that development and the tests meet it too.
"""

from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts

ADMIN_PREFIXES = ("/admin/",)
# Wagtail 8's admin still writes a few inline <script> tags (date pickers, inline
# panels, choosers). Only the admin gets them, behind its log-in; the public site
# runs no inline script (its few scripts are files of its own, such as the
# certificate check's).
ADMIN_ALLOWANCES = {"script-src": [UNSAFE_INLINE]}


class SiteCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if request.path_info.startswith(ADMIN_PREFIXES):
            parts.update = {**ADMIN_ALLOWANCES, **(parts.update or {})}
        return parts
