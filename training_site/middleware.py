"""Content-Security-Policy: the site's policy, with the allowances Wagtail's admin needs;
the admin's language before logging in.

The policy itself is `CONTENT_SECURITY_POLICY` in settings/base.py, sent in
every environment so that development and the tests meet it too.
"""

from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts

from django.conf import settings
from django.db import DatabaseError
from django.utils import translation

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


class AdminLanguageMiddleware:
    """The admin's whole answer in its reader's language, the pages Wagtail renders outside
    its views too (its page not found, the site's refusals and errors).

    The admin is served without a language prefix, so Django's LocaleMiddleware gives it the
    default language (Chinese). Wagtail switches to the language of the person's profile
    inside its views only. Here: the admin language chosen in the account settings, else the
    language last chosen on the site (the language cookie), so that the log-in page speaks it
    too, and so does the admin of someone who switched the site to Tibetan without choosing
    an admin language. Goes after AuthenticationMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith(ADMIN_PREFIXES):
            language = self.language(request)
            if language in dict(settings.LANGUAGES):
                translation.activate(language)
                request.LANGUAGE_CODE = language
        return self.get_response(request)

    @staticmethod
    def language(request) -> str | None:
        try:
            user = request.user
            profile = getattr(user, "wagtail_userprofile", None) if user.is_authenticated else None
            # Without an admin language chosen, Wagtail follows the active language.
            if profile is not None and profile.preferred_language:
                return profile.preferred_language
        except DatabaseError:  # the view meets it too, and says so (training_site/views.py)
            return None
        return request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
