"""Wagtail admin pages of the API tokens: the list, a form to create one (its text shown
once, on the page that answers the form), and revoking one. Programme managers only."""

import datetime

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, TemplateView

from wagtail.admin.auth import user_passes_test
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from outcomes.models import ApiToken
from outcomes.periods import midnight
from outcomes.tokens import DEFAULT_LIFETIME, token_create, token_revoke
from trainees.models import County
from trainees.scoping import is_programme_manager

LONGEST_LIFETIME = datetime.timedelta(days=2 * 365)


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("System"),
        max_length=100,
        help_text=_("The system that will read the figures, and who runs it."),
    )
    county = forms.ModelChoiceField(
        County.objects.order_by("code"),
        label=_("Figures of"),
        required=False,
        empty_label=_("Whole prefecture"),
    )
    expires_on = forms.DateField(
        label=_("Valid until"),
        help_text=_("The last day it works, at most two years from today."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean_expires_on(self):
        day = self.cleaned_data["expires_on"]
        today = timezone.localdate()
        if day < today:
            raise forms.ValidationError(_("This day has passed."))
        if day > today + LONGEST_LIFETIME:
            raise forms.ValidationError(_("At most two years from today."))
        return day


class TokenAdminMixin(WagtailAdminTemplateMixin):
    header_icon = "key"
    page_title = _("API tokens")

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("outcomes_api_tokens"), "label": _("API tokens")},
        ]


class TokenListView(TokenAdminMixin, TemplateView):
    template_name = "outcomes/tokens/list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["tokens"] = ApiToken.objects.select_related("county", "created_by")
        context["now"] = timezone.now()
        context["api_url"] = self.request.build_absolute_uri(reverse("outcomes_api"))
        return context


class TokenCreateView(TokenAdminMixin, FormView):
    template_name = "outcomes/tokens/create.html"
    form_class = ApiTokenForm
    page_subtitle = _("New token")

    def get_initial(self):
        return {"expires_on": timezone.localdate() + DEFAULT_LIFETIME}

    def form_valid(self, form):
        token, plain = token_create(
            name=form.cleaned_data["name"],
            county=form.cleaned_data["county"],
            # Valid through its last day, in the programme's time zone.
            expires_at=midnight(form.cleaned_data["expires_on"] + datetime.timedelta(days=1)),
            by=self.request.user,
        )
        context = self.get_context_data(token=token, plain=plain)
        return TemplateResponse(self.request, "outcomes/tokens/created.html", context)


class TokenRevokeView(TokenAdminMixin, TemplateView):
    template_name = "outcomes/tokens/revoke.html"
    page_subtitle = _("Revoke")

    def dispatch(self, request, *args, pk: int, **kwargs):
        self.token = ApiToken.objects.filter(pk=pk, revoked_at__isnull=True).first()
        if self.token is None:
            raise Http404(_("No token to revoke here: it does not exist or is already revoked."))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(token=self.token, **kwargs)

    def post(self, request, *args, **kwargs):
        token_revoke(token=self.token, by=request.user)
        messages.success(request, _("“%(name)s” is revoked.") % {"name": self.token})
        return redirect("outcomes_api_tokens")


managers_only = user_passes_test(is_programme_manager)
token_list = managers_only(TokenListView.as_view())
# The answer to the form shows the token's text: never kept by a browser or a proxy.
token_new = managers_only(never_cache(TokenCreateView.as_view()))
token_revoke_view = managers_only(TokenRevokeView.as_view())
