from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permissions import register_permission_policy

from outcomes import views
from outcomes.admin_views import ApiTokenViewSet, ManagersOnlyPolicy, TargetViewSet
from outcomes.models import ApiToken
from outcomes.params import may_see_outcomes


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
        path(
            "outcomes/published/export.csv", views.snapshots_export, name="outcomes_snapshots_csv"
        ),
        path("outcomes/published/<int:pk>/", views.snapshot, name="outcomes_snapshot"),
        path(
            "outcomes/published/<int:pk>/correct/",
            views.snapshot_change,
            {"kind": "correct"},
            name="outcomes_snapshot_correct",
        ),
        path(
            "outcomes/published/<int:pk>/withdraw/",
            views.snapshot_change,
            {"kind": "withdraw"},
            name="outcomes_snapshot_withdraw",
        ),
    ]


@hooks.register("register_admin_menu_item")
def register_outcomes_menu_item():
    return OutcomesMenuItem(
        _("Outcomes"), reverse("outcomes_dashboard"), icon_name="table", order=150
    )


@hooks.register("register_admin_viewset")
def register_targets_viewset():
    return TargetViewSet("targets")


# API tokens: programme managers create and revoke the tokens other systems read the
# figures with (outcomes/admin_views.py; the API itself is outcomes/api.py).
register_permission_policy(ApiToken, ManagersOnlyPolicy(ApiToken))


@hooks.register("register_admin_viewset")
def register_api_tokens_viewset():
    return ApiTokenViewSet("apitoken")
