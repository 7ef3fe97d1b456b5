"""The Wagtail admin pages of the roster import: upload, preview, progress, result
(machinery.imports.views), at /admin/roster-import/.

Only county coordinators (for their own county) and programme managers
import; an import is seen only by the person who started it.
"""

from django.contrib.auth.base_user import AbstractBaseUser
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from courses.models import CoursePage
from courses.translations import PAGE_FIELDS, in_reader_language
from machinery.imports.views import ImportViewSet
from trainees import scoping
from trainees.models import County
from trainees.roster import COLUMNS, REQUIRED_COLUMNS, RULES, roster_template
from trainees.tasks import ROSTER_KIND, roster_apply_task, roster_check_task


def can_import_roster(user: AbstractBaseUser) -> bool:
    return scoping.runs_a_county(user)


def importer_county(user: AbstractBaseUser) -> County | None:
    """The one county a coordinator imports into (trainees, areas, sales); None for a
    manager (any county)."""
    if scoping.is_programme_manager(user):
        return None
    return County.objects.get(pk=scoping.coordinated_county_id(user))


class RosterImportViewSet(ImportViewSet):
    name = "roster_import"
    url_prefix = "roster-import"
    add_to_admin_menu = True
    menu_label = _("Import roster")
    menu_order = 900
    kind = ROSTER_KIND
    page_title = _("Import roster")
    file_label = _("Roster file (CSV)")
    upload_template_name = "trainees/roster/upload.html"
    detail_template_name = "trainees/roster/detail.html"
    preview_template_name = "trainees/roster/people.html"
    template_filename = "roster-template"
    columns = COLUMNS
    required_columns = REQUIRED_COLUMNS
    check_task = roster_check_task
    apply_task = roster_apply_task

    def may_import(self, user: AbstractBaseUser) -> bool:
        return can_import_roster(user)

    def county(self, user: AbstractBaseUser) -> County | None:
        return importer_county(user)

    def upload_context(self, user: AbstractBaseUser) -> dict:
        """Every rule the importer enforces, as its checks declare them (trainees/roster.py)."""
        return {"rules": RULES.html()}

    def template(self, user: AbstractBaseUser) -> tuple[list[str], list[list[str]]]:
        return roster_template(importer_county(user))

    def detail_context(self, record: dict) -> dict:
        return {"prerequisites_ahead": prerequisites_ahead(record.get("summary") or {})}


def prerequisites_ahead(summary: dict) -> list[dict]:
    """The summary's courses that come after courses some people have not completed
    (`roster._prerequisites_ahead`), their titles in the reader's language (two queries)."""
    ahead = summary.get("prerequisites_ahead") or []
    ids = {page for item in ahead for page in [item["course"], *item["before"]]}
    if not ids:
        return []
    pages = CoursePage.objects.filter(pk__in=ids).only(*PAGE_FIELDS)
    titles = {pk: page.title for pk, page in in_reader_language(pages).items()}
    separator = pgettext("between the items of a list", ", ")
    return [
        {
            **item,
            "course": titles.get(item["course"], ""),
            "before": separator.join(titles.get(page, "") for page in item["before"]),
        }
        for item in ahead
    ]
