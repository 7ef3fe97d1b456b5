from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from outcomes import views
from outcomes.params import may_see_outcomes


class OutcomesMenuItem(MenuItem):
    def is_shown(self, request):
        return may_see_outcomes(request.user)


@hooks.register("register_admin_urls")
def register_outcomes_urls():
    return [path("outcomes/", views.dashboard, name="outcomes_dashboard")]


@hooks.register("register_admin_menu_item")
def register_outcomes_menu_item():
    return OutcomesMenuItem(
        _("Outcomes"), reverse("outcomes_dashboard"), icon_name="table", order=150
    )
