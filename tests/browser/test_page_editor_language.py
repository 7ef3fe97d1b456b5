"""The page editor's parts drawn by its scripts speak the instructor's admin language.

An instructor whose admin language is Tibetan edits a lesson on a phone: the title's
placeholder and help, the rich text's toolbar and its block menu, the preview panel and
the page's history showed Chinese or English. What each part shows once drawn is read here,
as the instructor sees it (texts and the names a screen reader says).
"""

import re

import pytest
from playwright.sync_api import expect

from wagtail.users.models import UserProfile

from courses.factories import CoursePageFactory, LessonPageFactory
from courses.services import course_instructors_sync
from tests.admin_language import not_in_language
from trainees import roles
from trainees.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

COURSE_TITLE = "松茸网店运营"
LESSON_TITLE = "第一课 开店准备"
LESSON_TEXT = ("本课要点", "好的标题写清楚产地、品种和规格。")
SHORTCUT = re.compile(r"\b(?:Ctrl|Alt|Shift|Cmd)(?: \+ \S+)+")

# The texts of an element as a person reads them: its shown text nodes, and the names a
# screen reader or a tooltip says (options of a menu included).
READ_TEXTS = """root => {
  const texts = [];
  const shown = element => element.closest("[hidden]") === null;
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const parent = walker.currentNode.parentElement;
    if (!parent.closest("script, style, textarea, kbd, iframe") && shown(parent)) {
      texts.push(walker.currentNode.textContent);
    }
  }
  const names = ["aria-label", "title", "placeholder", "data-w-tooltip-content-value",
                 "data-w-progress-active-value"];
  for (const element of [root, ...root.querySelectorAll("*")]) {
    for (const name of names) {
      if (element.getAttribute(name) && shown(element)) texts.push(element.getAttribute(name));
    }
  }
  return texts.map(text => text.split(/\\s+/).join(" ").trim()).filter(Boolean);
}"""


def log_in_to_admin(page, username: str):
    page.goto("/admin/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(DEFAULT_PASSWORD)
    page.locator("form button[type=submit]").first.click()
    expect(page.locator("#wagtail")).to_be_visible()


@pytest.fixture
def lesson_of_an_instructor():
    """An instructor of a course and a lesson of it with a draft saved after publishing."""
    instructor = UserFactory(username="teacher", groups=[roles.INSTRUCTORS])
    course = CoursePageFactory(title=COURSE_TITLE)
    course.instructors.add(instructor)
    course.save()
    course_instructors_sync(course=course)
    lesson = LessonPageFactory(parent=course, title=LESSON_TITLE)
    lesson.save_revision(user=instructor, log_action=True)
    return instructor, lesson


def foreign(texts: list[str], language: str, instructor) -> list[str]:
    """The texts not in the language, once the lesson's words, the instructor's name and the
    keyboard shortcuts (keys as printed on them: "Ctrl + B") are taken out."""
    data = [COURSE_TITLE, LESSON_TITLE, *LESSON_TEXT, instructor.get_full_name()]
    texts = {SHORTCUT.sub(" ", text) for text in texts}
    return sorted(text for text in texts if not_in_language(text, language, data))


@pytest.mark.parametrize("language", ["bo", "zh-hans"])
def test_the_page_editors_scripted_parts_speak_the_instructors_language(
    phone_page, screenshot, lesson_of_an_instructor, language
):
    instructor, lesson = lesson_of_an_instructor
    profile = UserProfile.get_for_user(instructor)
    profile.preferred_language = language
    profile.save()
    page = phone_page
    log_in_to_admin(page, "teacher")
    read = {}

    page.goto(f"/admin/pages/{lesson.pk}/edit/")
    title = page.locator("#id_title")
    expect(title).to_have_value(LESSON_TITLE)
    read["title"] = [
        title.get_attribute("placeholder"),
        page.locator(f"#{title.get_attribute('aria-describedby')}").inner_text(),
    ]

    # The rich text's toolbar, shown over a selection, and its block menu, opened with "/".
    text = page.locator(".public-DraftEditor-content").first
    text.click()
    page.keyboard.press("Control+A")
    toolbar = page.locator(".Draftail-FloatingToolbar")
    expect(toolbar).to_be_visible()
    screenshot(page, "toolbar")
    read["toolbar"] = toolbar.evaluate(READ_TEXTS)
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    page.keyboard.type("/")
    palette = page.locator(".Draftail-ComboBox, [role=listbox]").first
    expect(palette).to_be_visible()
    screenshot(page, "block-menu")
    read["block menu"] = palette.evaluate(READ_TEXTS)
    page.keyboard.press("Escape")

    # The autosave's notices (saving, saved, paused), each shown by its script in turn.
    read["autosave"] = page.locator("#w-autosave-indicator").evaluate(READ_TEXTS)

    # The preview panel, opened from the side panels' toggles.
    page.locator("[data-side-panel-toggle=preview]").click()
    preview = page.locator("[data-side-panel=preview]")
    expect(preview).to_be_visible()
    screenshot(page, "preview")
    read["preview"] = preview.evaluate(READ_TEXTS)

    page.goto(f"/admin/pages/{lesson.pk}/history/")
    history = page.locator("main")
    expect(history.locator("table")).to_be_visible()
    screenshot(page, "history")
    read["history"] = history.evaluate(READ_TEXTS)

    assert all(read.values()), read  # each part was found and read
    assert {part: foreign(texts, language, instructor) for part, texts in read.items()} == {
        part: [] for part in read
    }
