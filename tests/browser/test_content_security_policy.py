"""The site's Content-Security-Policy blocks nothing the pages need.

Every violation the browser reports (a `securitypolicyviolation` event, or a
"Refused to ..." console message) fails the test, with what was refused.
"""

import pytest
from playwright.sync_api import expect

from wagtail.rich_text import RichText

from courses.factories import CoursePageFactory, ImageFactory, LessonPageFactory, quiz_block
from tests.training_site.test_settings import directives
from trainees import roles
from trainees.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(`${event.violatedDirective} refused ${event.blockedURI}`);
});
"""


@pytest.fixture
def watched_page(phone_page):
    """The phone page, recording every policy violation from its first script on."""
    refused = []
    phone_page.add_init_script(RECORD_VIOLATIONS)
    phone_page.on(
        "console",
        lambda message: (
            refused.append(message.text)
            if "Content Security Policy" in message.text or message.text.startswith("Refused")
            else None
        ),
    )
    phone_page.console_refusals = refused
    return phone_page


def violations(page) -> list[str]:
    return [*page.evaluate("window.cspViolations"), *page.console_refusals]


def log_in_to_admin(page, username: str):
    page.goto("/admin/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(DEFAULT_PASSWORD)
    page.locator("form button[type=submit]").first.click()
    expect(page.locator("#wagtail")).to_be_visible()


def test_a_script_injected_into_a_public_page_is_refused(watched_page):
    page = watched_page
    response = page.goto("/courses/")
    assert directives(response.headers["content-security-policy"])["script-src"] == "'self'"

    page.evaluate(
        """() => {
          const script = document.createElement("script");
          script.textContent = "window.injected = true";
          document.body.append(script);
        }"""
    )

    expect(page.locator("body")).to_be_visible()
    page.wait_for_function("window.cspViolations.length > 0")
    assert page.evaluate("window.injected") is None
    assert violations(page)[0].startswith("script-src")


def test_a_trainee_lesson_page_loads_and_works_under_the_policy(watched_page):
    course = CoursePageFactory(title="松茸网店运营")
    lesson = LessonPageFactory(
        parent=course,
        title="第二课 拍好商品照片",
        body=[
            ("text", RichText("<p>自然光下拍摄松茸。</p>")),
            ("image", {"image": ImageFactory(), "caption": "俯拍", "alt_text": "松茸"}),
            ("quiz", quiz_block(pass_mark=60)),
        ],
    )
    page = watched_page

    page.goto(lesson.url)
    expect(page.get_by_role("heading", level=1)).to_have_text("第二课 拍好商品照片")
    expect(page.locator("article figure img")).to_be_visible()
    assert page.locator("article figure img").evaluate("image => image.naturalWidth") > 0
    assert page.evaluate("getComputedStyle(document.body).margin") != ""  # site.css applied

    assert violations(page) == []


def test_the_admin_dashboard_and_editor_work_under_the_policy(watched_page):
    UserFactory(username="manager", groups=[roles.PROGRAMME_MANAGERS], is_superuser=True)
    course = CoursePageFactory(title="松茸网店运营")
    lesson = LessonPageFactory(parent=course, title="第一课 开店准备")
    page = watched_page

    log_in_to_admin(page, "manager")
    expect(page.locator(".w-dashboard")).to_be_visible()
    assert violations(page) == []

    # The page editor: Draftail, choosers, the date pickers and the preview panel's scripts.
    page.goto(f"/admin/pages/{lesson.pk}/edit/")
    expect(page.locator("input[name=title]")).to_have_value("第一课 开店准备")
    expect(page.locator("[data-draftail-editor], .Draftail-Editor").first).to_be_attached()
    assert violations(page) == []

    page.goto("/admin/trainees/trainee/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.goto("/admin/outcomes/")
    expect(page.locator(".outcomes svg").first).to_be_attached()
    assert violations(page) == []
