"""Targets and API tokens in the Wagtail admin.

Programme managers set targets (model permissions given to their group by a migration); the
dashboard shows the share achieved. They also create API tokens, whose text is shown once,
and revoke them.
"""

import datetime

from django import forms
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.generic import FormView

from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView, WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy

from machinery.admin.actions import Action
from machinery.admin.views import ReadableExports, ScopedIndexView, ServiceFormView
from machinery.admin.viewsets import ScopedModelViewSet
from machinery.forms import DateInput
from outcomes import tokens
from outcomes.models import ApiToken, Target
from outcomes.periods import midnight
from trainees.models import County


class TargetIndexView(ReadableExports, IndexView):
    pass


class TargetViewSet(ModelViewSet):
    model = Target
    index_view_class = TargetIndexView
    icon = "pick"
    menu_label = _("Targets")
    add_to_admin_menu = True
    menu_order = 151
    form_fields = ["year", "county", "indicator", "value"]
    list_display = ["year", "county", "indicator", "value"]
    list_filter = ["year", "indicator", "county"]
    list_export = ["year", "county", "indicator", "value"]
    export_filename = "targets"


# API tokens: programme managers create and revoke the tokens other systems read the
# figures with (outcomes/tokens.py; the API itself is outcomes/api.py).

LONGEST_LIFETIME = datetime.timedelta(days=2 * 365)


class ManagersOnlyPolicy(BasePermissionPolicy):
    """Programme managers list and create tokens (and revoke one, an action); nobody edits or
    deletes one."""

    def user_has_permission(self, user, action):
        return action in {"add", "view"} and tokens.may_manage_tokens(user)


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
        widget=DateInput(),
    )

    def clean_expires_on(self):
        day = self.cleaned_data["expires_on"]
        today = timezone.localdate()
        if day < today:
            raise forms.ValidationError(_("This day has passed."))
        if day > today + LONGEST_LIFETIME:
            raise forms.ValidationError(_("At most two years from today."))
        return day


class TokenCreateView(PermissionCheckedMixin, WagtailAdminTemplateMixin, FormView):
    """The form; its answer shows the token's text, once (never kept by a browser or a proxy)."""

    template_name = "outcomes/tokens/create.html"
    form_class = ApiTokenForm
    permission_required = "add"
    page_title = _("API tokens")
    page_subtitle = _("New token")
    header_icon = "key"
    index_url_name = None
    add_url_name = None

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": _("API tokens")},
        ]

    def get_initial(self):
        return {"expires_on": timezone.localdate() + tokens.DEFAULT_LIFETIME}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            action_url=reverse(self.add_url_name), index_url=reverse(self.index_url_name), **kwargs
        )

    def form_valid(self, form):
        token, plain = tokens.token_create(
            name=form.cleaned_data["name"],
            county=form.cleaned_data["county"],
            # Valid through its last day, in the programme's time zone.
            expires_at=midnight(form.cleaned_data["expires_on"] + datetime.timedelta(days=1)),
            by=self.request.user,
        )
        context = self.get_context_data(token=token, plain=plain, last_day=tokens.last_day(token))
        return TemplateResponse(self.request, "outcomes/tokens/created.html", context)


class TokenRevokeView(ServiceFormView):
    form_class = forms.Form
    template_name = "outcomes/tokens/revoke.html"
    page_title = _("API tokens")
    header_icon = "key"
    submit_button_label = _("Revoke")

    def dispatch(self, request, *args, **kwargs):
        # Anyone but a manager is refused before a token is looked for, whichever it is.
        if not tokens.may_manage_tokens(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        # A revoked token is not there to revoke.
        return super().get_queryset().filter(revoked_at__isnull=True)

    def get_page_subtitle(self):
        return _("Revoke")

    def act(self, data):
        tokens.token_revoke(token=self.object, by=self.request.user)
        return _("“%(name)s” is revoked.") % {"name": self.object}


def _moment(moment) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}"


def figures_of(token) -> str:
    return token.county.display_name if token.county else _("Whole prefecture")


def starts_with(token) -> str:
    return f"{token.prefix}…"


def created(token) -> str:
    by = f", {token.created_by.get_username()}" if token.created_by else ""
    return _moment(token.created_at) + by


def valid_until(token) -> str:
    """The last day it works, as the form asked for it."""
    return tokens.last_day(token).isoformat()


def last_used(token) -> str:
    return _moment(token.last_used_at) if token.last_used_at else _("never")


def status(token) -> str:
    if token.revoked_at:
        return _("Revoked on %(day)s") % {"day": _moment(token.revoked_at)}
    if token.expires_at <= timezone.now():
        return _("Expired")
    return _("Active")


class TokenIndexView(ScopedIndexView):
    add_item_label = _("New token")

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["api_url"] = self.request.build_absolute_uri(reverse("outcomes_api"))
        return context


class ApiTokenViewSet(ScopedModelViewSet):
    """The tokens, a form to create one and revoking one; programme managers only."""

    model = ApiToken
    url_prefix = "outcomes/api-tokens"
    icon = "key"
    menu_label = _("Outcomes API tokens")
    add_to_admin_menu = True
    menu_order = 151
    index_view_class = TokenIndexView
    index_template_name = "outcomes/tokens/index.html"
    form_fields = ["name"]  # never used: a token is created by TokenCreateView
    inspect_view_enabled = False
    list_display = [
        Column("name", label=_("System"), accessor="name"),
        Column("county", label=_("Figures of"), accessor=figures_of),
        Column("prefix", label=_("Starts with"), accessor=starts_with),
        Column("created_at", label=_("Created"), accessor=created),
        Column("expires_at", label=_("Valid until"), accessor=valid_until),
        Column("last_used_at", label=_("Last used"), accessor=last_used),
        Column("status", label=_("Status"), accessor=status),
    ]
    list_select_related = ("county", "created_by")
    actions = (
        Action(
            "revoke",
            _("Revoke"),
            "cross",
            TokenRevokeView,
            may=tokens.may_manage_tokens,
            applies=tokens.is_active,
            path="<int:pk>/revoke/",
        ),
    )

    @property
    def add_view(self):
        return never_cache(
            TokenCreateView.as_view(
                permission_policy=self.permission_policy,
                index_url_name=self.get_url_name("index"),
                add_url_name=self.get_url_name("add"),
            )
        )

    def get_urlpatterns(self):
        # The listing, the form and the action: no edit, delete, history or usage of a token.
        kept = {"index", "index_results", "add", *(action.name for action in self.actions)}
        return [pattern for pattern in super().get_urlpatterns() if pattern.name in kept]
