from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from outcomes import token_views, views
from outcomes.params import may_see_outcomes
from trainees.scoping import is_programme_manager


class OutcomesMenuItem(MenuItem):
    def is_shown(self, request):
        return may_see_outcomes(request.user)


@hooks.register("register_admin_urls")
def register_outcomes_urls():
    return [
        path("outcomes/", views.dashboard, name="outcomes_dashboard"),
        path("outcomes/publish/", views.publish, name="outcomes_publish"),
        path("outcomes/report/", views.annual_report, name="outcomes_report"),
        path("outcomes/published/", views.snapshots, name="outcomes_snapshots"),
        path("outcomes/published/<int:pk>/", views.snapshot, name="outcomes_snapshot"),
    ]


@hooks.register("register_admin_menu_item")
def register_outcomes_menu_item():
    return OutcomesMenuItem(
        _("Outcomes"), reverse("outcomes_dashboard"), icon_name="table", order=150
    )


@hooks.register("register_admin_viewset")
def register_targets_viewset():
    from outcomes.admin_views import TargetViewSet

    return TargetViewSet("targets")


# API tokens: programme managers create and revoke the tokens other systems read the
# figures with (outcomes/token_views.py; the API itself is outcomes/api.py).
class ApiTokensMenuItem(MenuItem):
    def is_shown(self, request):
        return is_programme_manager(request.user)


@hooks.register("register_admin_urls")
def register_api_token_urls():
    return [
        path("outcomes/api-tokens/", token_views.token_list, name="outcomes_api_tokens"),
        path("outcomes/api-tokens/new/", token_views.token_new, name="outcomes_api_token_new"),
        path(
            "outcomes/api-tokens/<int:pk>/revoke/",
            token_views.token_revoke_view,
            name="outcomes_api_token_revoke",
        ),
    ]


@hooks.register("register_admin_menu_item")
def register_api_tokens_menu_item():
    return ApiTokensMenuItem(
        _("Outcomes API tokens"), reverse("outcomes_api_tokens"), icon_name="key", order=151
    )
