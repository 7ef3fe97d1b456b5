"""The demo trainee on a phone: log in, open a course, read a lesson, switch to Tibetan."""

import io

import pytest
from playwright.sync_api import expect

from django.core.management import call_command

from tests.browser.conftest import page_width
from trainees.demo import DEMO_PASSWORD
from training_site.benchmarks.browser import PHONE_WIDTH

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def demo_site(settings):
    settings.DEBUG = True  # the demo accounts are made only with DEBUG on
    call_command("load_demo", stdout=io.StringIO())
    settings.DEBUG = False


def test_demo_trainee_logs_in_reads_a_lesson_and_switches_to_tibetan(
    demo_site, phone_page, screenshot
):
    page = phone_page

    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill("demo-trainee")
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    screenshot(page, "login")
    page.locator("form button[type=submit]").last.click()
    expect(page.locator("form[action='/accounts/logout/'] button")).to_be_visible()

    page.locator(".site-nav a[href='/courses/']").click()
    page.get_by_role("link", name="直播带货入门").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("直播带货入门")
    screenshot(page, "course")

    page.locator("ol.lessons a").first.click()
    lesson_title = page.get_by_role("heading", level=1).inner_text()
    lesson_url = page.url
    screenshot(page, "lesson")
    assert page_width(page) <= PHONE_WIDTH

    page.get_by_role("link", name="བོད་ཡིག").click()
    expect(page.locator("html")).to_have_attribute("lang", "bo")
    assert page.url == lesson_url.replace("/courses/", "/bo/courses/")
    expect(page.get_by_role("heading", level=1)).to_have_text(lesson_title)
    screenshot(page, "lesson-in-tibetan")
    assert page_width(page) <= PHONE_WIDTH
