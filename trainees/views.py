from allauth.account.views import LoginView, RequestLoginCodeView
from allauth.decorators import rate_limit

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.decorators import method_decorator

from wagtail.admin.views.account import LoginView as WagtailLoginView

from trainees import scoping, services
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
            response = redirect(home)
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
            return response
    else:
        profile = Profile.objects.filter(user=request.user).first()
        initial = {"language": translation.get_language()}
        if profile is not None:
            initial = {"language": profile.language, "county": profile.county_id}
        form = WelcomeForm(initial=initial)
    return render(request, "trainees/welcome.html", {"form": form})
