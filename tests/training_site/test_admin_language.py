"""The admin speaks its reader's language: every admin screen a county coordinator, a
programme manager or an instructor opens, read in Chinese and in Tibetan, holds no word of
another language (tests/admin_language.py says what is read and what counts).

The screens are the admin URLs of the URL conf, at the addresses of the authorisation sweep
(tests/training_site/test_authorisation_sweep.py) and, for Wagtail's own views, at the
addresses below, in the sweep's world with an image, a document and a lesson waiting for
approval added. Each is read by the first of coordinator, manager and instructor who may
open it. Error screens (a form posted with mistakes, a refusal, a page not found) and the
screens of people not logged in yet are read too.

A failure lists screen, language and text; with ADMIN_LANGUAGE_REPORT=<file> in the
environment, every failure is also added to that file. A Wagtail string missing from Wagtail's own
catalogues is given its translations in training_site/locale through
machinery/admin/wagtail_strings.py, or for the page screens courses/wagtail_strings.py (their
docstrings say how); words Wagtail fixes at start-up are mended in courses/admin_language.py.
"""

import datetime
import os
import re
from dataclasses import dataclass, field

import pytest

from django.apps import apps
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import storages as file_storages
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation

from wagtail.models import Collection, Page
from wagtail.users.models import UserProfile

from courses.choices import VideoKind, VideoRenditionReason, VideoRenditionStatus
from courses.factories import (
    DocumentFactory,
    ImageFactory,
    VideoDocumentFactory,
    VideoRenditionFactory,
    picture_file,
)
from incubator.factories import png_bytes
from incubator.models import GeographicalIndication
from incubator.sales_import import COLUMNS as SALES_COLUMNS
from incubator.sales_import_tasks import KIND as SALES_KIND
from outcomes.models import ApiToken, Target
from tests.admin_language import Data, screen_texts, untranslated
from tests.training_site.authorisation_world import build, start_jobs
from tests.training_site.sweep import outcome, send, url_patterns
from tests.training_site.test_authorisation_sweep import GET, pages_of
from trainees import certificate_pdf
from trainees.area_import import COLUMNS as AREA_COLUMNS
from trainees.area_tasks import KIND as AREA_KIND
from trainees.models import County, Township, Village
from trainees.roster import COLUMNS as ROSTER_COLUMNS
from trainees.roster import EDUCATIONS, GENDERS, HOUSEHOLD_STATUSES
from trainees.roster import RULES as ROSTER_RULES
from trainees.tasks import ROSTER_KIND

LANGUAGES = ("zh-hans", "bo")
OUR_APPS = ("courses", "trainees", "incubator", "outcomes")
STAFF = ("coordinator", "manager", "instructor")


def _page(world, name):
    return world.records[name].pk


# Wagtail's views, at addresses of the world (the sweep requests one page per group).
WAGTAIL_SCREENS = {
    "wagtailadmin_explore": lambda w: [reverse("wagtailadmin_explore", args=[_page(w, "course")])],
    "wagtailadmin_explore_results": lambda w: [
        reverse("wagtailadmin_explore_results", args=[_page(w, "course")])
    ],
    "wagtailadmin_pages:add": lambda w: [
        reverse("wagtailadmin_pages:add", args=["courses", "lessonpage", _page(w, "course")])
    ],
    "wagtailadmin_pages:type_use": lambda w: [
        reverse("wagtailadmin_pages:type_use", args=["courses", "lessonpage"])
    ],
    "wagtailadmin_pages:type_use_results": lambda w: [
        reverse("wagtailadmin_pages:type_use_results", args=["courses", "lessonpage"])
    ],
    "wagtailadmin_pages:choose_parent": lambda w: [
        reverse("wagtailadmin_pages:choose_parent", args=["courses", "lessonpage"])
    ],
    "wagtailadmin_pages:usage": lambda w: [
        reverse("wagtailadmin_pages:usage", args=[_page(w, "lesson")])
    ],
    "wagtailadmin_pages:edit": lambda w: [
        reverse("wagtailadmin_pages:edit", args=[_page(w, "lesson")])
    ],
    "wagtailadmin_pages:add_subpage": lambda w: [
        reverse("wagtailadmin_pages:add_subpage", args=[_page(w, "course")])
    ],
    "wagtailadmin_pages:delete": lambda w: [
        reverse("wagtailadmin_pages:delete", args=[_page(w, "lesson")])
    ],
    "wagtailadmin_pages:unpublish": lambda w: [
        reverse("wagtailadmin_pages:unpublish", args=[_page(w, "lesson")])
    ],
    "wagtailadmin_pages:convert_alias": lambda w: [
        reverse("wagtailadmin_pages:convert_alias", args=[w.records["alias"].pk])
    ],
    "wagtailadmin_pages:search": lambda w: [reverse("wagtailadmin_pages:search") + "?q=选品"],
    "wagtailadmin_pages:search_results": lambda w: [
        reverse("wagtailadmin_pages:search_results") + "?q=选品"
    ],
    "wagtailadmin_pages:move": lambda w: [
        reverse("wagtailadmin_pages:move", args=[_page(w, "lesson")])
    ],
    "wagtailadmin_pages:move_confirm": lambda w: [
        reverse(
            "wagtailadmin_pages:move_confirm",
            args=[_page(w, "lesson"), _page(w, "open_course")],
        )
    ],
    "wagtailadmin_pages:copy": lambda w: [
        reverse("wagtailadmin_pages:copy", args=[_page(w, "lesson")])
    ],
    "wagtailadmin_pages:collect_workflow_action_data": lambda w: [
        reverse(
            "wagtailadmin_pages:collect_workflow_action_data",
            args=[_page(w, "lesson"), "approve", w.records["task_state"].pk],
        )
    ],
    "wagtailadmin_pages:confirm_workflow_cancellation": lambda w: [
        reverse("wagtailadmin_pages:confirm_workflow_cancellation", args=[_page(w, "lesson")])
    ],
    "wagtailadmin_pages:set_privacy": lambda w: [
        reverse("wagtailadmin_pages:set_privacy", args=[_page(w, "lesson")])
    ],
    "wagtailadmin_pages:revisions_index": lambda w: [
        reverse("wagtailadmin_pages:revisions_index", args=[_page(w, "lesson")])
    ],
    "wagtailadmin_pages:revisions_revert": lambda w: [
        reverse(
            "wagtailadmin_pages:revisions_revert",
            args=[_page(w, "lesson"), w.records["first_revision"].pk],
        )
    ],
    "wagtailadmin_pages:revisions_unschedule": lambda w: [
        reverse(
            "wagtailadmin_pages:revisions_unschedule",
            args=[_page(w, "open_course"), w.records["scheduled_revision"].pk],
        )
    ],
    "wagtailadmin_pages:revisions_compare": lambda w: [
        reverse(
            "wagtailadmin_pages:revisions_compare",
            args=[_page(w, "lesson"), "earliest", "latest"],
        )
    ],
    "wagtailadmin_pages:workflow_history": lambda w: [
        reverse("wagtailadmin_pages:workflow_history", args=[_page(w, "lesson")])
    ],
    "wagtailadmin_pages:workflow_history_detail": lambda w: [
        reverse(
            "wagtailadmin_pages:workflow_history_detail",
            args=[_page(w, "lesson"), w.records["workflow_state"].pk],
        )
    ],
    "wagtailadmin_pages:history": lambda w: [
        reverse("wagtailadmin_pages:history", args=[_page(w, "lesson")])
    ],
    "wagtailadmin_pages:history_results": lambda w: [
        reverse("wagtailadmin_pages:history_results", args=[_page(w, "lesson")])
    ],
    "wagtailadmin_choose_page": lambda w: [reverse("wagtailadmin_choose_page")],
    "wagtailadmin_choose_page_child": lambda w: [
        reverse("wagtailadmin_choose_page_child", args=[_page(w, "course")])
    ],
    "wagtailadmin_choose_page_search": lambda w: [
        reverse("wagtailadmin_choose_page_search") + "?q=选品"
    ],
    "wagtailadmin_choose_page_external_link": lambda w: [
        reverse("wagtailadmin_choose_page_external_link")
    ],
    "wagtailadmin_choose_page_email_link": lambda w: [
        reverse("wagtailadmin_choose_page_email_link")
    ],
    "wagtailadmin_choose_page_phone_link": lambda w: [
        reverse("wagtailadmin_choose_page_phone_link")
    ],
    "wagtailadmin_choose_page_anchor_link": lambda w: [
        reverse("wagtailadmin_choose_page_anchor_link")
    ],
    "wagtailadmin_account": lambda w: [reverse("wagtailadmin_account")],
    "wagtailadmin_reports:locked_pages": lambda w: [reverse("wagtailadmin_reports:locked_pages")],
    "wagtailadmin_reports:locked_pages_results": lambda w: [
        reverse("wagtailadmin_reports:locked_pages_results")
    ],
    "wagtailadmin_reports:workflow": lambda w: [reverse("wagtailadmin_reports:workflow")],
    "wagtailadmin_reports:workflow_results": lambda w: [
        reverse("wagtailadmin_reports:workflow_results")
    ],
    "wagtailadmin_reports:workflow_tasks": lambda w: [
        reverse("wagtailadmin_reports:workflow_tasks")
    ],
    "wagtailadmin_reports:workflow_tasks_results": lambda w: [
        reverse("wagtailadmin_reports:workflow_tasks_results")
    ],
    "wagtailadmin_reports:aging_pages": lambda w: [reverse("wagtailadmin_reports:aging_pages")],
    "wagtailadmin_reports:aging_pages_results": lambda w: [
        reverse("wagtailadmin_reports:aging_pages_results")
    ],
    "wagtailadmin_reports:page_types_usage": lambda w: [
        reverse("wagtailadmin_reports:page_types_usage")
    ],
    "wagtailadmin_reports:page_types_usage_results": lambda w: [
        reverse("wagtailadmin_reports:page_types_usage_results")
    ],
    "wagtailforms:index": lambda w: [reverse("wagtailforms:index")],
    "wagtailforms:index_results": lambda w: [reverse("wagtailforms:index_results")],
    "wagtailembeds:chooser": lambda w: [reverse("wagtailembeds:chooser")],
    "wagtaildocs:index": lambda w: [reverse("wagtaildocs:index")],
    "wagtaildocs:index_results": lambda w: [
        reverse("wagtaildocs:index_results"),
        reverse("wagtaildocs:index_results") + "?q=选品",  # nothing found (a lesson's title)
    ],
    "wagtaildocs:add": lambda w: [reverse("wagtaildocs:add")],
    "wagtaildocs:edit": lambda w: [reverse("wagtaildocs:edit", args=[w.records["document"].pk])],
    "wagtaildocs:delete": lambda w: [
        reverse("wagtaildocs:delete", args=[w.records["document"].pk])
    ],
    "wagtaildocs:add_multiple": lambda w: [reverse("wagtaildocs:add_multiple")],
    "wagtaildocs:document_usage": lambda w: [
        reverse("wagtaildocs:document_usage", args=[w.records["document"].pk])
    ],
    "wagtailimages:index": lambda w: [reverse("wagtailimages:index")],
    "wagtailimages:index_results": lambda w: [
        reverse("wagtailimages:index_results"),
        reverse("wagtailimages:index_results") + "?layout=list",
        reverse("wagtailimages:index_results") + "?q=选品",  # nothing found (a lesson's title)
    ],
    "wagtailimages:edit": lambda w: [reverse("wagtailimages:edit", args=[w.records["image"].pk])],
    "wagtailimages:delete": lambda w: [
        reverse("wagtailimages:delete", args=[w.records["image"].pk])
    ],
    "wagtailimages:add": lambda w: [reverse("wagtailimages:add")],
    "wagtailimages:image_usage": lambda w: [
        reverse("wagtailimages:image_usage", args=[w.records["image"].pk])
    ],
    "wagtailimages:add_multiple": lambda w: [reverse("wagtailimages:add_multiple")],
    "wagtaildocs_chooser:choose": lambda w: [reverse("wagtaildocs_chooser:choose")],
    "wagtaildocs_chooser:choose_results": lambda w: [
        reverse("wagtaildocs_chooser:choose_results"),
        reverse("wagtaildocs_chooser:choose_results") + "?q=选品",
    ],
    "wagtaildocs_chooser:create": lambda w: [reverse("wagtaildocs_chooser:create")],
    "wagtailimages_chooser:choose": lambda w: [reverse("wagtailimages_chooser:choose")],
    "wagtailimages_chooser:choose_results": lambda w: [
        reverse("wagtailimages_chooser:choose_results"),
        reverse("wagtailimages_chooser:choose_results") + "?q=选品",
    ],
    "wagtailimages_chooser:create": lambda w: [reverse("wagtailimages_chooser:create")],
    "wagtailimages_chooser:select_format": lambda w: [
        reverse("wagtailimages_chooser:select_format", args=[w.records["image"].pk])
    ],
    # Ours, made as a Wagtail viewset: the videos and their smaller copies.
    "videos:index": lambda w: [reverse("videos:index")],
}

# Admin URLs that are not screens a person reads, and why.
NOT_SCREENS = {
    "admin_login": "the login page, read by people not logged in yet (below)",
    "wagtailadmin_login": "the login page, read by people not logged in yet (below)",
    "wagtailadmin_password_reset": "read by people not logged in yet (below)",
    "wagtailadmin_password_reset_done": "read by people not logged in yet (below)",
    "wagtailadmin_password_reset_confirm": "read by people not logged in yet (below)",
    "wagtailadmin_password_reset_complete": "read by people not logged in yet (below)",
    "admin/^.*/$": "the admin's page not found, an error screen (below)",
    "admin/test404/": "the admin's page not found, an error screen (below)",
    "wagtailadmin_error_test": "fails on purpose (Wagtail's test of its server error)",
    "wagtailadmin_logout": "logs out and leaves",
    "wagtailadmin_sprite": "the icons, no words",
    "wagtailadmin_javascript_catalog": "the words of Wagtail's scripts (test_admin_scripts)",
    "wagtailadmin_dismissibles": "JSON of what a user has dismissed",
    "wagtailadmin_tag_autocomplete": "JSON: tags typed by people",
    "wagtailadmin_tag_model_autocomplete": "JSON: tags typed by people",
    "wagtailadmin_choose_page_chosen_multiple": "JSON: the pages chosen",
    "wagtailadmin_block_preview": "a block as the site shows it, not the admin",
    "wagtailadmin_editing_sessions:ping": "POST only: JSON for the editor's script",
    "wagtailadmin_editing_sessions:release": "POST only",
    "wagtailadmin_api:pages:listing": "JSON data for the admin's scripts",
    "wagtailadmin_api:pages:detail": "JSON data for the admin's scripts",
    "wagtailadmin_api:pages:find": "JSON data for the admin's scripts",
    "wagtailadmin_api:pages:action": "JSON data for the admin's scripts",
    "wagtailadmin_api:documents:listing": "JSON data for the admin's scripts",
    "wagtailadmin_api:documents:detail": "JSON data for the admin's scripts",
    "wagtailadmin_api:documents:find": "JSON data for the admin's scripts",
    "wagtailadmin_api:images:listing": "JSON data for the admin's scripts",
    "wagtailadmin_api:images:detail": "JSON data for the admin's scripts",
    "wagtailadmin_api:images:find": "JSON data for the admin's scripts",
    "wagtailadmin_pages:preview_on_add": "the page as the site shows it",
    "wagtailadmin_pages:preview_on_edit": "the page as the site shows it",
    "wagtailadmin_pages:view_draft": "the page as the site shows it",
    "wagtailadmin_pages:workflow_preview": "the page as the site shows it",
    "wagtailadmin_pages:revisions_view": "the page as the site shows it",
    "wagtailadmin_pages:set_page_position": "POST only (dragging a page in the explorer)",
    "wagtailadmin_pages:workflow_action": "POST only (its form is collect_workflow_action_data)",
    "wagtailadmin_pages:lock": "POST only",
    "wagtailadmin_pages:unlock": "POST only",
    "wagtailforms:list_submissions": "no page type of ours is a form",
    "wagtailforms:list_submissions_results": "no page type of ours is a form",
    "wagtailforms:delete_submissions": "no page type of ours is a form",
    "wagtailembeds:chooser_upload": "POST only (the embed chooser's form)",
    "wagtaildocs:edit_multiple": "POST only (the multiple uploader's script)",
    "wagtaildocs:create_multiple_from_uploaded_document": "POST only",
    "wagtaildocs:delete_multiple": "POST only",
    "wagtaildocs:delete_upload_multiple": "POST only",
    "wagtaildocs_chooser:chosen": "JSON: the document chosen",
    "wagtaildocs_chooser:chosen_multiple": "JSON: the documents chosen",
    "wagtailimages:url_generator": "needs Wagtail's image serving view, not ours (404)",
    "wagtailimages:url_generator_output": "JSON: an image's address",
    "wagtailimages:preview": "an image",
    "wagtailimages:edit_multiple": "POST only (the multiple uploader's script)",
    "wagtailimages:create_multiple_from_uploaded_image": "POST only",
    "wagtailimages:delete_multiple": "POST only",
    "wagtailimages:delete_upload_multiple": "POST only",
    "wagtailimages_chooser:chosen": "JSON: the image chosen",
    "wagtailimages_chooser:chosen_multiple": "JSON: the images chosen",
    "videos:again": "POST only (the videos' listing's buttons)",
    "wagtailadmin_reports:site_history": "its address serves our county-safe view (read)",
    "wagtailadmin_reports:site_history_results": "its address serves our county-safe view",
    "roster_import:template": "a spreadsheet to download",
    "outcomes_snapshots_csv": "a CSV file to download",
    "roster_import:apply": "POST only",
    "area_import:apply": "POST only",
    "sales_import:apply": "POST only",
    # Only the superuser opens these (the sweep's table): no coordinator, manager or instructor.
    "wagtailadmin_workflows:*": "only the superuser opens it",
    "wagtailadmin_collections:*": "only the superuser opens it",
    "wagtailusers_users:*": "only the superuser opens it",
    "wagtailusers_groups:*": "only the superuser opens it",
    "wagtailsites:*": "only the superuser opens it",
    "wagtaillocales:*": "only the superuser opens it",
    "wagtailredirects:*": "only the superuser opens it",
    "wagtailsnippets:*": "only the superuser opens it",
    "simple_translation:*": "only the superuser opens it",
    "wagtailsettings:*": "no settings of ours are edited in the admin",
}

# The areas of the instructor's screens (pages, images, documents, Wagtail's reports).
INSTRUCTOR_AREAS = {
    "wagtailadmin_pages",
    "wagtailadmin_explore",
    "wagtailadmin_explore_results",
    "wagtailadmin_explore_root",
    "wagtail_bulk_action",
    "wagtailadmin_choose_page",
    "wagtailadmin_reports",
    "wagtailforms",
    "wagtailembeds",
    "wagtailimages",
    "wagtailimages_chooser",
    "wagtaildocs",
    "wagtaildocs_chooser",
    "admin/reports/site-history",
}


# Documents in the language chosen on them (Chinese unless another is asked for): read in the
# reader's language.
DOCUMENTS_IN_A_CHOSEN_LANGUAGE = {"outcomes_report"}


def _not_a_screen(key: str) -> str | None:
    if key in NOT_SCREENS:
        return NOT_SCREENS[key]
    groups = [row for row in NOT_SCREENS if row.endswith("*") and key.startswith(row[:-1])]
    return NOT_SCREENS[groups[0]] if groups else None


def area_of(key: str) -> str:
    """The part of the admin a URL belongs to: its namespace, or its name (site history's
    unnamed routes by their path)."""
    if key.startswith("wagtailadmin_choose_page"):
        return "wagtailadmin_choose_page"
    if key.startswith("admin/reports/site-history"):
        return "admin/reports/site-history"
    return key.split(":")[0]


def admin_keys() -> list[str]:
    """The URL keys of the admin's screens, in the URL conf's order."""
    keys = []
    for pattern in url_patterns():
        if pattern.route.startswith("admin/") and pattern.key not in keys:
            keys.append(pattern.key)
    return keys


def readers_of(key: str) -> tuple[str, ...]:
    """Who to try, in order: for ours, the first of the staff the sweep's table lets in (its
    outcomes are tested there); for Wagtail's, each in turn."""
    if key in GET:
        return tuple(role for role in STAFF if GET[key][role] == "ok")[:1]
    return STAFF


def _staff_open(key: str) -> bool:
    """Whether the sweep's table lets a coordinator, a manager or an instructor open one of
    our URLs (Wagtail's are grouped there: they are decided by the addresses above)."""
    return key not in GET or any(GET[key][role] == "ok" for role in STAFF)


def screen_keys() -> list[str]:
    return [key for key in admin_keys() if not _not_a_screen(key) and _staff_open(key)]


def addresses(world, key: str, language: str) -> list[str]:
    if key in WAGTAIL_SCREENS:
        return WAGTAIL_SCREENS[key](world)
    if key in DOCUMENTS_IN_A_CHOSEN_LANGUAGE:
        return [f"{url}?lang={language}" for url in pages_of(world, key)]
    return pages_of(world, key)


AREAS = sorted({area_of(key) for key in screen_keys()})

# Screens known to show words of another language, each pair (area, language) to be taken off
# once its screen passes (strict: a pair that starts passing fails here until it is taken
# off). None today: after upgrading Wagtail, a screen with new words may wait here.
NOT_YET_IN_THE_READERS_LANGUAGE: set[tuple[str, str]] = set()


def area_cases():
    pending = pytest.mark.xfail(strict=True, reason="not yet in the reader's language")
    return [
        pytest.param(area, language, marks=[pending])
        if (area, language) in NOT_YET_IN_THE_READERS_LANGUAGE
        else pytest.param(area, language)
        for area in AREAS
        for language in LANGUAGES
    ]


def world_data(world) -> list[str]:
    """The names, titles and other records of the world that screens show as they are:
    data, not interface."""
    values = set()
    records = [*world.records.values(), *get_user_model().objects.all()]
    records += [*County.objects.all(), *Township.objects.all(), *Village.objects.all()]
    records += [*Page.objects.all(), *Collection.objects.all()]
    records += [*GeographicalIndication.objects.all()]  # brands, by their registered names
    for record in records:
        if hasattr(record, "specific"):
            record = record.specific
        values.add(str(record))
        for model_field in record._meta.concrete_fields:
            value = getattr(record, model_field.attname, None)
            if isinstance(value, str) and not model_field.choices:  # a code shows as its label
                values.add(value)
            elif hasattr(value, "name") and isinstance(value.name, str):  # a file
                values.add(value.name.rsplit("/", 1)[-1])
    # Everyone's and everything's name (trainees, workers, shops, products ...).
    for model in apps.get_models():
        if model._meta.app_label in OUR_APPS and "name" in {f.name for f in model._meta.fields}:
            values |= set(model.objects.values_list("name", flat=True))
    values |= {f"{kind}.csv" for kind in (ROSTER_KIND, AREA_KIND, SALES_KIND)}  # start_jobs
    values |= {user.get_full_name() for user in get_user_model().objects.all()}
    values |= file_words()
    values.add(REVISED)  # what a revision added to a title, shown alone when comparing them
    return [value for value in values if len(value.strip()) >= 2]


def file_words() -> set[str]:
    """What a file to import may hold, quoted on the import pages as the file holds it (in
    Chinese or in English, whatever the screen's language): its headers, and the values and
    lists of values its rules name."""
    words = {
        alias
        for columns in (ROSTER_COLUMNS, AREA_COLUMNS, SALES_COLUMNS)
        for aliases in columns.values()
        for alias in aliases
    }
    words |= {*GENDERS, *EDUCATIONS, *HOUSEHOLD_STATUSES}
    words |= {
        value
        for rule in ROSTER_RULES.rules
        for value in rule.params.values()
        if isinstance(value, str)
    }
    return words


REVISED = "（修订）"  # added to the lesson's title by its revision waiting for approval


def world_with_pictures_and_a_lesson_to_approve():
    """The sweep's world, with an image, a document, a lesson submitted for approval, a
    revision scheduled for later, and two videos: one with its smaller copies (ready, failed,
    not needed), one with none yet."""
    world = build()
    records = world.records
    instructor = world.user("instructor")
    records["image"] = ImageFactory(title="松茸分级")
    records["document"] = DocumentFactory(title="包装检查清单")
    video = VideoDocumentFactory(title="直播间布置示范", uploaded_by_user=instructor)
    records["video"] = video
    records["video_ready"] = VideoRenditionFactory(document=video, kind=VideoKind.P360)
    records["video_failed"] = VideoRenditionFactory(
        document=video,
        kind=VideoKind.P240,
        status=VideoRenditionStatus.FAILED,
        reason=VideoRenditionReason.CONVERSION,
        detail="Error while decoding stream #0:0: Invalid data found when processing input",
        finished_at=timezone.now(),
        size=None,
        file="",
    )
    records["video_audio"] = VideoRenditionFactory(
        document=video,
        kind=VideoKind.AUDIO,
        status=VideoRenditionStatus.NOT_NEEDED,
        reason=VideoRenditionReason.NO_SOUND,
        size=None,
        file="",
    )
    records["video_without_copies"] = VideoDocumentFactory(
        title="短视频剪辑", uploaded_by_user=instructor
    )
    lesson = records["lesson"]
    records["first_revision"] = lesson.latest_revision
    lesson.title = f"选品{REVISED}"
    revision = lesson.save_revision(user=instructor)
    workflow_state = lesson.get_workflow().start(lesson, instructor)
    records["workflow_state"] = workflow_state
    records["task_state"] = workflow_state.current_task_state
    records["revision"] = revision
    course = records["open_course"]
    records["scheduled_revision"] = course.save_revision(
        approved_go_live_at=timezone.now() + datetime.timedelta(days=7)
    )
    alias = Page.objects.filter(alias_of__isnull=False).first()
    if alias is None:
        alias = records["course"].create_alias(update_slug="alias-of-course")
    records["alias"] = alias
    return world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("admin-language-media")
    private = {
        "BACKEND": "training_site.storage.CleanFileSystemStorage",
        "OPTIONS": {"location": tmp_path_factory.mktemp("admin-language-private")},
    }
    storages = {**django_settings.STORAGES, "private": private}
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media, STORAGES=storages),
        transaction.atomic(),
    ):
        world = world_with_pictures_and_a_lesson_to_approve()
        world.media = media
        world.data = Data(world_data(world))
        yield world
        transaction.set_rollback(True)


@dataclass
class Reader:
    """Reads screens as staff, in one language."""

    client: object
    world: object
    language: str
    failures: list = field(default_factory=list)
    seen: set = field(default_factory=set)
    role: str | None = None  # who is logged in

    def log_in(self, role: str):
        if role == self.role:
            return self.client
        self.client.logout()  # forgets the cookies too
        if role == "anonymous":
            self.client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = self.language
        else:
            self.client.force_login(self.world.user(role))
        self.role = role
        return self.client

    def first_who_opens(self, url: str, roles=STAFF):
        """The first role to whom the screen opens (200), and the response; (None, None) when
        no one of them may open it."""
        for role in roles:
            response, _writes = send(self.log_in(role), "GET", url)
            if outcome(response) == "ok":
                if response.status_code == 200 and _is_screen(response):
                    return role, response
                return role, None  # a redirect to a screen of its own, a file
        return None, None

    def read(self, screen: str, response, data: Data | None = None) -> None:
        """Notes the texts of a screen not in the reader's language, each text once (the
        menu and the page's frame are the same on every screen: the first one tells); `data`,
        when given, is the world's data and what the request sent."""
        content = response.content.decode()
        for text in untranslated(content, self.language, data or self.world.data):
            if text not in self.seen:
                self.seen.add(text)
                self.failures.append(f"{screen} | {self.language} | {text}")

    def assert_all_read(self) -> None:
        if self.failures and os.environ.get("ADMIN_LANGUAGE_REPORT"):
            # A list of all that is left to translate: screen | language | text.
            with open(os.environ["ADMIN_LANGUAGE_REPORT"], "a", encoding="utf-8") as report:
                report.writelines(f"{line}\n" for line in self.failures)
        assert not self.failures, "\n".join(["", *self.failures])


def _is_screen(response) -> bool:
    kind = response.get("Content-Type", "")
    return not response.streaming and kind.startswith(("text/html", "application/json"))


@pytest.fixture
def reader(client, world, settings, monkeypatch):
    """A reader in a language: the staff's admin language is set in their profiles."""
    monkeypatch.setattr(certificate_pdf, "certificate_pdf", lambda **kwargs: b"%PDF-1.7")
    settings.MEDIA_ROOT = world.media
    start_jobs(world)
    evidence = world.records["milestone"].evidence.name
    file_storages["private"].save(evidence, ContentFile(png_bytes()))

    def make(language: str) -> Reader:
        for role in (*STAFF, "other_coordinator"):
            profile = UserProfile.get_for_user(world.user(role))
            profile.preferred_language = language
            profile.save()
        return Reader(client=client, world=world, language=language)

    return make


def test_every_admin_url_is_a_screen_read_or_says_why_not():
    keys = admin_keys()
    # Ours have their own row (and address) in the sweep; Wagtail's have an address here.
    unknown = [key for key in screen_keys() if key not in WAGTAIL_SCREENS and key not in GET]
    assert unknown == []
    rows = set(WAGTAIL_SCREENS) | {key for key in NOT_SCREENS if not key.endswith("*")}
    assert rows - set(keys) == set(), "these name no URL any more"
    assert set(WAGTAIL_SCREENS).isdisjoint(NOT_SCREENS)


@pytest.mark.django_db
@pytest.mark.parametrize(("area", "language"), area_cases())
def test_each_admin_screen_speaks_the_readers_language(reader, world, area, language):
    read = reader(language)
    unread = []
    for key in [key for key in screen_keys() if area_of(key) == area]:
        for url in addresses(world, key, language):
            role, response = read.first_who_opens(url, readers_of(key))
            if role is None:
                unread.append(f"{key} {url}")
            elif response is not None:
                read.read(f"{key} {url} ({role})", response)
    assert unread == [], "no coordinator, manager or instructor opens these: say why in NOT_SCREENS"
    read.assert_all_read()


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_each_role_reads_its_dashboard_and_menu_in_its_language(reader, language):
    read = reader(language)
    for role in STAFF:
        response, _writes = send(read.log_in(role), "GET", reverse("wagtailadmin_home"))
        assert response.status_code == 200
        read.read(f"wagtailadmin_home ({role})", response)
    read.assert_all_read()


# Forms of actions posted empty as well: each comes back with its own errors.
ACTION_FORMS = {"followup:record_call"}


def _our_forms() -> list[str]:
    """The add and edit forms of our own models that staff open, and ACTION_FORMS."""
    return [
        key
        for key in screen_keys()
        if (re.search(r":(add|edit)$", key) and not key.startswith("wagtail"))
        or key in ACTION_FORMS
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_forms_sent_back_with_mistakes_speak_the_readers_language(reader, world, language):
    """Each add and edit form of ours and each of ACTION_FORMS, posted empty, comes back
    with its errors (a form that takes an empty post, such as a county's names, is left
    out)."""
    read = reader(language)
    for key in _our_forms():
        [url] = pages_of(world, key)
        [role] = readers_of(key)
        response, _writes = send(read.log_in(role), "POST", url, {})
        if response.status_code == 200:
            read.read(f"{key} {url} posted empty ({role})", response)
    read.assert_all_read()


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_refusals_and_pages_not_found_speak_the_readers_language(reader, world, language):
    read = reader(language)
    # The admin's refusal: back to the dashboard, saying why.
    client = read.log_in("coordinator")
    with transaction.atomic():
        refused = client.get(reverse("county:index"), follow=True)
        transaction.set_rollback(True)
    assert refused.redirect_chain, "a refusal leads to the dashboard"
    read.read("county:index refused (coordinator)", refused)
    # A page of the site that refuses staff: 403.
    with translation.override(language):
        welcome = reverse("trainee_welcome")
    response, _writes = send(client, "GET", welcome)
    assert response.status_code == 403
    read.read("trainee_welcome refused (coordinator)", response)
    # Not found: an admin address that does not exist, another county's record.
    response, _writes = send(client, "GET", "/admin/no-such-page/")
    assert response.status_code == 404
    read.read("/admin/no-such-page/ (coordinator)", response)
    client = read.log_in("other_coordinator")
    url = reverse("trainee:edit", args=[world.records["trainee"].pk])
    response, _writes = send(client, "GET", url)
    assert response.status_code == 404
    read.read(f"{url} another county's trainee (other_coordinator)", response)
    read.assert_all_read()


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_admins_screens_before_logging_in_speak_the_readers_language(reader, language):
    """The login page (and its refusal of a wrong password) and the password reset, as
    someone who chose the language on the site reads them."""
    read = reader(language)
    client = read.log_in("anonymous")
    for name in ("wagtailadmin_login", "wagtailadmin_password_reset"):
        response, _writes = send(client, "GET", reverse(name))
        if response.status_code == 200:
            read.read(name, response)
    response, _writes = send(
        client, "POST", reverse("wagtailadmin_login"), {"username": "nobody", "password": "x"}
    )
    assert response.status_code == 200
    read.read("wagtailadmin_login wrong password", response)
    read.assert_all_read()


def test_screen_texts_reads_what_a_person_reads():
    html = """<html lang="bo"><head><title>Dashboard</title><script>var x = "code";</script>
    </head><body><p>ལེགས་ <b>Save</b></p><textarea>typed</textarea>
    <select lang="zh-hans"><option>简体中文</option></select>
    <a href="/x" aria-label="Close" title="Help">x</a><input type="submit" value="Go">
    <img alt="Picture" src="/i.png"><br/>
    <div hidden><button>Submit</button></div><template><p>Privacy</p></template>
    <div data-side-panel-toggle-counter hidden>None</div>
    <div data-w-block-data-value='{"text": "{\\"blocks\\": []}", "label": "Text"}'></div>
    <script type="application/json">{"modules": [{"label": "Pages", "url": "/admin/"}],
     "STRINGS": {"MONTHS": ["January"]}}</script></body></html>"""
    assert screen_texts(html, "bo") == [
        "Dashboard",
        "ལེགས་",
        "Save",
        "Close",
        "Help",
        "x",
        "Go",
        "Picture",
        "Submit",  # a menu, a dialog: shown on a click
        "Privacy",
        "Text",  # but not the rich text's JSON nor the counter the script writes
        "Pages",
        "January",
    ]


@pytest.mark.parametrize(
    ("text", "language", "foreign"),
    [
        ("保存", "zh-hans", False),
        ("上传 CSV 文件", "zh-hans", False),
        ("提交给Programme manager approval", "zh-hans", True),
        ("New: 班级", "zh-hans", True),
        ("800x600 像素", "zh-hans", False),
        ("见 https://example.com/a", "zh-hans", False),
        ("ཉར་ཚགས།", "bo", False),
        ("ཉར་ཚགས། 班级", "bo", True),
        ("ཉར་ཚགས། Save", "bo", True),
        ("ཉར་ཚགས། 直播带货入门", "bo", False),  # a course's title: data
    ],
)
def test_not_in_language_tells_words_of_another_language(text, language, foreign):
    from tests.admin_language import not_in_language

    assert not_in_language(text, language, ["直播带货入门"]) is foreign


def _our_listings() -> list[str]:
    """The listings of our own models that staff open."""
    return [
        key for key in screen_keys() if key.endswith(":index") and not key.startswith("wagtail")
    ]


# What the media forms are sent that a screen quotes back as it was sent: data.
SENT = ["exe"]


def _media_posts(world) -> list[tuple[str, str, dict]]:
    """The media forms an instructor sends, each with a mistake: (screen, address, data)."""
    image, document = world.records["image"].pk, world.records["document"].pk
    not_an_image = ContentFile(b"not a picture", name="photo.png")
    return [
        ("wagtailimages:add empty", reverse("wagtailimages:add"), {}),
        (
            "wagtailimages:add not an image",
            reverse("wagtailimages:add"),
            {
                "title": "图",
                "file": not_an_image,
            },
        ),
        ("wagtailimages:edit empty", reverse("wagtailimages:edit", args=[image]), {}),
        ("wagtaildocs:add empty", reverse("wagtaildocs:add"), {}),
        ("wagtaildocs:edit empty", reverse("wagtaildocs:edit", args=[document]), {}),
        ("wagtailimages_chooser:create empty", reverse("wagtailimages_chooser:create"), {}),
        ("wagtaildocs_chooser:create empty", reverse("wagtaildocs_chooser:create"), {}),
        (
            "wagtailimages_chooser:select_format without alt text",
            reverse("wagtailimages_chooser:select_format", args=[image]),
            {"image-chooser-insertion-format": "left"},
        ),
        (
            "wagtailimages:add_multiple not an image",
            reverse("wagtailimages:add_multiple"),
            {"files[]": ContentFile(b"not a picture", name="photo.png")},
        ),
        (
            "wagtaildocs:add_multiple a program",
            reverse("wagtaildocs:add_multiple"),
            {"files[]": ContentFile(b"MZ", name="setup.exe")},
        ),
        (
            "wagtaildocs:add_multiple a checklist",
            reverse("wagtaildocs:add_multiple"),
            {"files[]": ContentFile("包装检查清单".encode(), name="checklist.txt")},
        ),
        ("wagtailembeds:chooser_upload empty", reverse("wagtailembeds:chooser_upload"), {}),
        (
            "wagtailembeds:chooser_upload unknown",
            reverse("wagtailembeds:chooser_upload"),
            {"embed-chooser-url": "https://example.invalid/video"},
        ),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_listings_searched_filtered_and_empty_speak_the_readers_language(reader, world, language):
    """A listing searched for what no record holds ("no ... match your query"), one filtered
    to a cohort ("there is 1 match"), and listings with nothing in them yet ("there are no
    ... to display")."""
    read = reader(language)
    for key in _our_listings():
        if (area_of(key), language) in NOT_YET_IN_THE_READERS_LANGUAGE:
            continue  # its screens are known not to be read yet
        for url in pages_of(world, key):
            search = f"{url}{'&' if '?' in url else '?'}q=无此记录zzz"
            role, response = read.first_who_opens(search, readers_of(key))
            if response is not None:
                read.read(f"{key} searched for nothing ({role})", response)
    cohort = world.records["cohort"]
    url = f"{reverse('cohortsession:index')}?cohort={cohort.pk}"
    response, _writes = send(read.log_in("coordinator"), "GET", url)
    assert response.status_code == 200
    read.read(f"{url} (coordinator)", response)
    client = read.log_in("manager")
    for model, name in ((Target, "targets:index"), (ApiToken, "apitoken:index")):
        with transaction.atomic():
            model.objects.all().delete()
            response = client.get(reverse(name))
            transaction.set_rollback(True)
        assert response.status_code == 200
        read.read(f"{name} with none yet (manager)", response)
    read.assert_all_read()


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_media_forms_sent_back_with_mistakes_speak_the_readers_language(reader, world, language):
    """The images', documents' and embeds' forms and choosers an instructor fills in, sent
    with a mistake, come back saying what is wrong in the reader's language."""
    read = reader(language)
    sent = Data([*world_data(world), *SENT])
    for screen, url, data in _media_posts(world):
        response, _writes = send(read.log_in("manager"), "POST", url, data)
        assert response.status_code == 200, screen
        read.read(f"{screen} (manager)", response, sent)
    read.assert_all_read()


# The titles and file names the media forms are sent, shown back as they were sent: data.
SAVED = {"zh-hans": ("包装样图", "发货清单"), "bo": ("包装样图二", "发货清单二")}
EDITED = ("松茸分级（新）", "包装检查清单（新）")


def _media_saves(world, language: str) -> list[tuple[str, str, dict]]:
    """The media forms an instructor sends as they should be: (screen, address, data). Each
    language uploads files of its own names (the files stay when the database is rolled back,
    and a name taken gets letters added)."""
    image, document = world.records["image"], world.records["document"]
    image_title, document_title = SAVED[language]
    collection = image.collection_id
    return [
        (
            "wagtailimages:add",
            reverse("wagtailimages:add"),
            {
                "title": image_title,
                "collection": collection,
                "file": picture_file(f"{image_title}.jpg"),
            },
        ),
        (
            "wagtailimages:edit",
            reverse("wagtailimages:edit", args=[image.pk]),
            {"title": EDITED[0], "collection": collection},
        ),
        ("wagtailimages:delete", reverse("wagtailimages:delete", args=[image.pk]), {}),
        (
            "wagtaildocs:add",
            reverse("wagtaildocs:add"),
            {
                "title": document_title,
                "collection": collection,
                "file": ContentFile(document_title.encode(), name=f"{document_title}.txt"),
            },
        ),
        (
            "wagtaildocs:edit",
            reverse("wagtaildocs:edit", args=[document.pk]),
            {"title": EDITED[1], "collection": collection},
        ),
        ("wagtaildocs:delete", reverse("wagtaildocs:delete", args=[document.pk]), {}),
        (
            "videos:again",
            reverse("videos:again", args=[world.records["video"].pk]),
            {},
        ),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_media_saved_is_said_in_the_readers_language(reader, world, language):
    """An image or a document added, changed or deleted, a video's copies asked for again:
    the listing it leads back to says so in the reader's language."""
    read = reader(language)
    image_title, document_title = SAVED[language]
    names = [image_title, document_title, f"{image_title}.jpg", f"{document_title}.txt"]
    sent = Data([*world_data(world), *names, *EDITED])
    client = read.log_in("manager")
    for screen, url, data in _media_saves(world, language):
        with transaction.atomic():
            response = client.post(url, data, follow=True)
            transaction.set_rollback(True)
        assert response.redirect_chain, f"{screen}: {response.content.decode()[:3000]}"
        read.read(f"{screen} saved (manager)", response, sent)
    read.assert_all_read()


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_choosers_with_something_to_choose_speak_the_readers_language(reader, language):
    """The image and document choosers as a programme manager opens them, with the world's
    image, document and videos to choose (the first to open them, a coordinator, has none)."""
    read = reader(language)
    client = read.log_in("manager")
    for name in (
        "wagtailimages_chooser:choose",
        "wagtailimages_chooser:choose_results",
        "wagtaildocs_chooser:choose",
        "wagtaildocs_chooser:choose_results",
    ):
        # All; nothing found (a lesson's title); one found.
        for query in ("", "?q=选品", "?q=包装检查清单"):
            response, _writes = send(client, "GET", reverse(name) + query)
            assert response.status_code == 200
            read.read(f"{name}{query} (manager)", response)
    read.assert_all_read()
