"""Script vectors (tests/hostile.py) stored as a trainee's name, a shop's name, a course's
title and a lesson's rich text, and typed as a search: in a real browser, on the pages that
show them, none of them runs (no dialog opens and window.__pwned stays unset)."""

from urllib.parse import urlencode

import pytest
from playwright.sync_api import expect

from wagtail.rich_text import RichText

from courses.factories import CoursePageFactory, LessonPageFactory
from incubator.choices import Channel
from incubator.factories import ShopFactory
from tests.hostile import SCRIPT_VECTORS
from trainees import roles
from trainees.factories import DEFAULT_PASSWORD, ProfileFactory, TraineeFactory, UserFactory
from trainees.models import County

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SHOP = "高原松茸<script>window.__pwned=1</script>小店"
COURSE = "直播带货<img src=x onerror=window.__pwned=1>入门"


@pytest.fixture
def watched(phone_page):
    """The phone's page, recording every dialog a script opens (and closing it)."""
    dialogs = []

    def record(dialog):
        dialogs.append(dialog.message)
        dialog.dismiss()

    phone_page.on("dialog", record)
    phone_page.dialogs = dialogs
    return phone_page


def assert_nothing_ran(page):
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)  # an onerror or ontoggle runs just after the load
    assert page.dialogs == [], page.url
    assert page.evaluate("window.__pwned") is None, page.url
    for frame in page.frames:
        assert frame.evaluate("window.__pwned") is None, frame.url


def log_in(page, path: str, username: str, field: str):
    page.goto(path)
    page.locator(f"input[name={field}]").fill(username)
    page.locator("input[name=password]").fill(DEFAULT_PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state("load")


@pytest.fixture
def litang():
    return County.objects.get(code="513334")


def test_trainee_names_in_the_coordinators_listing_run_nothing(watched, litang):
    for vector in SCRIPT_VECTORS:
        TraineeFactory(county=litang, name=vector)
    coordinator = UserFactory(username="coordinator", groups=[roles.COUNTY_COORDINATORS])
    ProfileFactory(user=coordinator, county=litang)
    page = watched

    log_in(page, "/admin/login/", "coordinator", field="username")
    page.goto("/admin/trainee/")
    expect(page.get_by_text("高原松茸<script>window.__pwned=1</script>小店")).to_be_visible()
    assert_nothing_ran(page)

    page.goto("/admin/trainee/?q=<script>")
    assert_nothing_ran(page)


def test_a_shop_name_on_the_owners_page_and_in_the_admin_runs_nothing(watched, litang):
    owner = TraineeFactory(county=litang, user=UserFactory(username="dolma"))
    ShopFactory(name=SHOP, county=litang, owners=[owner], channels=[Channel.TAOBAO])
    page = watched

    log_in(page, "/shop/", "dolma", field="login")
    expect(page.get_by_role("heading", level=1)).to_have_text(SHOP)
    assert_nothing_ran(page)

    manager = UserFactory(username="manager", groups=[roles.PROGRAMME_MANAGERS])
    ProfileFactory(user=manager, county=None)
    page.context.clear_cookies()
    log_in(page, "/admin/login/", "manager", field="username")
    page.goto("/admin/shop/")
    expect(page.get_by_text(SHOP).first).to_be_visible()
    assert_nothing_ran(page)


def test_a_lesson_rich_text_and_the_search_results_run_nothing(watched):
    course = CoursePageFactory(title=COURSE)
    body = "".join(f"<p>{vector}</p>" for vector in SCRIPT_VECTORS)
    lesson = LessonPageFactory(
        parent=course, title="第一课 开播前的准备", body=[("text", RichText(body))]
    )
    page = watched

    page.goto(lesson.url)
    expect(page.get_by_role("heading", level=1)).to_contain_text("第一课")
    assert_nothing_ran(page)

    page.goto(course.url)
    assert_nothing_ran(page)

    for vector in SCRIPT_VECTORS:
        page.goto(f"/search/?{urlencode({'q': vector})}")
        assert_nothing_ran(page)
    page.goto("/search/?q=直播")
    expect(page.get_by_role("link", name=COURSE)).to_be_visible()
    assert_nothing_ran(page)
