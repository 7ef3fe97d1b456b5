from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permissions import register_permission_policy

from courses.models import PAGE_EXTRAS_HOOK, QUIZ_MARKED_HOOK
from trainees import learning_views, roster_views, scoping
from trainees.admin_views import PERMISSION_POLICIES, TraineesViewSetGroup
from trainees.area_admin import AREA_PERMISSION_POLICIES, AreasViewSetGroup

# Learning: what the course and lesson pages show and record for a trainee.
hooks.register(PAGE_EXTRAS_HOOK, learning_views.page_extras)
hooks.register(QUIZ_MARKED_HOOK, learning_views.quiz_marked)


# Roster import
class RosterImportMenuItem(MenuItem):
    def is_shown(self, request):
        return roster_views.can_import_roster(request.user)


@hooks.register("register_admin_urls")
def register_roster_import_urls():
    return [
        path("roster-import/", roster_views.upload, name="roster_import_upload"),
        path("roster-import/<str:import_id>/", roster_views.detail, name="roster_import_detail"),
        path(
            "roster-import/<str:import_id>/apply/", roster_views.apply, name="roster_import_apply"
        ),
    ]


@hooks.register("register_admin_menu_item")
def register_roster_import_menu_item():
    return RosterImportMenuItem(
        _("Import roster"), reverse("roster_import_upload"), icon_name="upload", order=900
    )


# Trainees admin: the records of people, households, cohorts, enrolments and
# certificates, each scoped by trainees/scoping.py (see trainees/admin_views.py).
for scoped_model, policy in {**PERMISSION_POLICIES, **AREA_PERMISSION_POLICIES}.items():
    register_permission_policy(scoped_model, policy)


@hooks.register("register_admin_viewset")
def register_trainees_viewsets():
    return TraineesViewSetGroup()


# Areas: townships and villages, and their import (see trainees/area_admin.py).
@hooks.register("register_admin_viewset")
def register_areas_viewsets():
    return AreasViewSetGroup()


@hooks.register("construct_reports_menu")
def hide_site_history(request, menu_items):
    if not scoping.may_see_site_history(request.user):
        menu_items[:] = [item for item in menu_items if item.name != "site-history"]


@hooks.register("insert_global_admin_css")
def admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin.css"))
