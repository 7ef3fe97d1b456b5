from allauth.account.views import LoginView, RequestLoginCodeView
from allauth.decorators import rate_limit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from wagtail.admin.views.account import LoginView as WagtailLoginView

from trainees import scoping, services
from trainees.choices import Language
from trainees.forms import WelcomeForm
from trainees.models import Profile


class TooManyAttemptsAre429:
    """A form refused for too many attempts answers 429 Too Many Requests, with its message."""

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if any(
            form.has_error(field, code="too_many_login_attempts")
            for field in (NON_FIELD_ERRORS, *form.fields)
        ):
            response.status_code = 429
        return response


class RateLimitedLoginView(TooManyAttemptsAre429, LoginView):
    """allauth's login view, answering 429 once failed logins hit the limit."""


class RateLimitedLoginCodeView(TooManyAttemptsAre429, RequestLoginCodeView):
    """Asking for a log-in code by SMS or e-mail: 429 once a number asked too often."""


@method_decorator(rate_limit(action="login"), name="dispatch")
class RateLimitedAdminLoginView(TooManyAttemptsAre429, WagtailLoginView):
    """Wagtail's admin log-in under the site's limits: per IP, and failures per account."""


@login_required
def welcome(request):
    """After sign-up: the trainee's language and county, then home in that language."""
    if not scoping.may_choose_own_county(request.user):
        raise PermissionDenied
    if request.method == "POST":
        form = WelcomeForm(request.POST)
        if form.is_valid():
            language = form.cleaned_data["language"]
            services.profile_preferences_update(
                user=request.user, language=language, county=form.cleaned_data["county"]
            )
            with translation.override(language):
                home = reverse("wagtail_serve", args=[""])
                messages.success(request, gettext("Your language and county are saved."))
            return _with_language_cookie(redirect(home), language)
    else:
        profile = Profile.objects.filter(user=request.user).first()
        initial = {"language": translation.get_language()}
        if profile is not None:
            initial = {"language": profile.language, "county": profile.county_id}
        form = WelcomeForm(initial=initial)
    return render(request, "trainees/welcome.html", {"form": form})


def _with_language_cookie(response, language: str):
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


@require_POST
def language_choose(request):
    """The footer's language buttons for a logged-in person: the page in that language, and
    the language remembered on their profile for their next log-in (accounts.py). Visitors
    follow plain links instead."""
    language = request.POST.get("language", "")
    if language not in Language.values:
        return HttpResponseBadRequest(gettext("Choose one of the languages shown."))
    if request.user.is_authenticated:
        services.profile_language_set(user=request.user, language=language)
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        with translation.override(language):
            next_url = reverse("wagtail_serve", args=[""])
    return _with_language_cookie(redirect(next_url), language)
