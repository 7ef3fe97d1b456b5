"""The address (slug) of a new lesson, and the draft an instructor may be starting again.

The rule, in one place (docs/lessons.md): a new lesson keeps a slug written in Latin letters
(shop-setup), made unique in its course with -2, -3 like Wagtail does; any other slug (the
Chinese or Tibetan one the editor derives from the title, or none) becomes lesson-N, the
next number free in the course. Lessons already made keep their slugs. Applied by the admin's
lesson form (courses.forms.LessonPageForm), told to the instructor by courses/wagtail_hooks.py.
"""

from django.db.models import Q
from django.utils.text import slugify

from wagtail.models import Page

NUMBERED_PREFIX = "lesson-"


def is_latin(slug: str) -> bool:
    return bool(slug) and slug.isascii()


def new_lesson_slug(course: Page, wanted: str) -> str:
    """The slug a new lesson under `course` gets when the instructor asked for `wanted`."""
    wanted = slugify(wanted) if is_latin((wanted or "").strip()) else ""
    taken = set(course.get_children().values_list("slug", flat=True))
    if wanted:
        candidate, number = wanted, 1
        while candidate in taken:
            number += 1
            candidate = f"{wanted}-{number}"
        return candidate
    number = len(taken) + 1
    while f"{NUMBERED_PREFIX}{number}" in taken:
        number += 1
    return f"{NUMBERED_PREFIX}{number}"


def unfinished_draft(course: Page, user, *, title: str, slug: str):
    """The instructor's own lesson under `course`, never published, with this title or slug:
    the lesson they are starting again (Wagtail's autosave keeps a new page as a draft as
    soon as it is typed), or None."""
    if not getattr(user, "pk", None):
        return None
    same = Q(title=title) | Q(draft_title=title) if title else Q(pk__in=[])
    if slug:
        same |= Q(slug=slug)
    return (
        course.get_children()
        .filter(same, owner=user, live=False, first_published_at__isnull=True)
        .order_by("-latest_revision_created_at")
        .first()
    )
