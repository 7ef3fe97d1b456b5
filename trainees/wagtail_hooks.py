from django.templatetags.static import static
from django.utils.html import format_html

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from courses.models import LESSONS_DONE_HOOK, PAGE_EXTRAS_HOOK, QUIZ_MARKED_HOOK
from trainees import home_panels, learning_views, roster_views, scoping
from trainees.admin_views import PERMISSION_POLICIES, TraineesViewSetGroup
from trainees.area_admin import AREA_PERMISSION_POLICIES, AreasViewSetGroup

# Learning: what the course and lesson pages show and record for a trainee.
hooks.register(PAGE_EXTRAS_HOOK, learning_views.page_extras)
hooks.register(QUIZ_MARKED_HOOK, learning_views.quiz_marked)
hooks.register(LESSONS_DONE_HOOK, learning_views.lessons_done)


# Roster import (see trainees/roster_views.py).
@hooks.register("register_admin_viewset")
def register_roster_import():
    return roster_views.RosterImportViewSet()


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


# The coordinator's day on the admin's home (trainees/home_panels.py).
hooks.register("construct_homepage_panels", home_panels.coordinator_panels)
