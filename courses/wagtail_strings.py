"""Strings of Wagtail's page editor that an instructor reads while starting a lesson.

Why this module exists: Wagtail 8's Chinese catalogue lacks the newer strings of the page
editor (its autosave, the refusal of a slug in use, "The page could not be created due to
validation errors"), and Wagtail has no Tibetan at all, so these showed in English (or, in
Tibetan, in Chinese). makemessages collects msgids only from our own code: listing them here
puts them into training_site/locale, which LOCALE_PATHS searches before Wagtail's own
catalogues, so ours add the missing ones (docs/lessons.md).

Nothing imports this module. Each msgid must stay exactly as Wagtail spells it
(tests/courses/test_lesson_drafts.py renders them through the admin). After upgrading
Wagtail, start a lesson in the admin in Chinese and Tibetan again and add what is new.
"""

from django.utils.translation import gettext_noop

WAGTAIL_STRINGS = (
    # wagtail/admin/views/pages/create.py
    gettext_noop("The page could not be created due to validation errors."),
    gettext_noop("There are validation errors, click save to highlight them."),
    gettext_noop("Page '%(page_title)s' created."),
    # wagtail/admin/forms/pages.py and wagtail/models/pages.py
    gettext_noop("The slug '%(page_slug)s' is already in use within the parent page."),
    gettext_noop(
        "The slug '%(page_slug)s' is already in use within the parent page at "
        "'%(parent_url_path)s'."
    ),
    # wagtail/admin/templates/wagtailadmin/shared/autosave/indicator.html
    gettext_noop("Saving…"),
    gettext_noop("Saved"),
    gettext_noop("Autosave is paused"),
    # the editor's tabs and the slug field
    gettext_noop("Promote"),
    gettext_noop("Slug"),
    gettext_noop("Unsaved changes"),
)
