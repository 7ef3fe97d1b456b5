"""The demo trainee on a phone: log in, open a course, read a lesson, switch to Tibetan.

This runs the site as `make run` does (migrate, load_demo, serve with the
development settings) in its own process and database, so it also proves the
README's run command gives a working demo.
"""

import os
import re
import subprocess
import sys
import time
import urllib.request

import pytest
from playwright.sync_api import expect

from django.conf import settings

from benchmarks.browser import PHONE_CONTEXT, PHONE_WIDTH
from benchmarks.server import free_port
from tests.browser.conftest import page_width
from trainees.demo import DEMO_PASSWORD

pytestmark = pytest.mark.browser


def manage(*args, environment):
    return [sys.executable, "manage.py", *args], {"cwd": settings.BASE_DIR, "env": environment}


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory):
    """The development site with its demo content, on a free port; its base URL."""
    folder = tmp_path_factory.mktemp("demo-site")
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "training_site.settings.dev",
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "MEDIA_ROOT": str(folder / "media"),
    }
    for step in (("migrate", "--no-input", "-v", "0"), ("load_demo",)):
        command, options = manage(*step, environment=environment)
        subprocess.run(command, check=True, capture_output=True, **options)  # noqa: S603
    port = free_port()
    command, options = manage(
        "runserver", "--noreload", f"127.0.0.1:{port}", environment=environment
    )
    server = subprocess.Popen(  # noqa: S603 - our own manage.py, fixed arguments
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **options
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base_url}/health/", timeout=2)  # noqa: S310 - our own server
                break
            except OSError:
                time.sleep(0.2)
        yield base_url
    finally:
        server.terminate()
        server.wait(timeout=15)


def test_demo_trainee_logs_in_reads_a_lesson_and_switches_to_tibetan(
    browser, demo_site, screenshot
):
    context = browser.new_context(**PHONE_CONTEXT, base_url=demo_site)
    page = context.new_page()
    page.set_default_timeout(10_000)

    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill("demo-trainee")
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    screenshot(page, "login")
    page.locator("main form button[type=submit]").first.click()
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

    page.get_by_role("button", name="བོད་ཡིག").click()
    expect(page.locator("html")).to_have_attribute("lang", "bo")
    assert page.url == lesson_url.replace("/courses/", "/bo/courses/")
    expect(page.get_by_role("heading", level=1)).to_have_text(lesson_title)
    expect(page.locator("form[action='/bo/accounts/logout/'] button")).to_be_visible()
    screenshot(page, "lesson-in-tibetan")
    assert page_width(page) <= PHONE_WIDTH
    context.close()


def test_demo_trainee_finds_a_course_halfway_a_certificate_and_their_shop_on_a_phone(
    browser, demo_site, screenshot
):
    context = browser.new_context(**PHONE_CONTEXT, base_url=demo_site)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill("demo-trainee")
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    # (in the language demo-trainee last chose: the test before switched to Tibetan)
    expect(page.locator("form[action$='/accounts/logout/'] button")).to_be_visible()

    page.goto("/learn/")
    halfway = page.locator("article.learning-course", has_text="直播带货入门")
    expect(halfway.locator("a.button", has_text="继续")).to_be_visible()
    done = page.locator("article.learning-course", has_text="网店开设入门")
    expect(done.get_by_role("link", name=re.compile(r"EAGLE-\d{4}-\d{6}"))).to_be_visible()
    screenshot(page, "my-learning")
    assert page_width(page) <= PHONE_WIDTH

    page.goto("/shop/")
    expect(page.get_by_role("heading", level=1)).to_have_text("泽仁拉姆牦牛肉干")
    expect(page.locator("h3", has_text="抖音")).to_be_visible()
    expect(page.locator("h3", has_text="832平台")).to_be_visible()
    heights = page.locator("svg.sales-chart rect.approved").evaluate_all(
        "bars => bars.map(bar => parseFloat(bar.getAttribute('height')))"
    )
    assert len(heights) == 12 and sum(height > 0 for height in heights) >= 11
    screenshot(page, "my-shop")
    assert page_width(page) <= PHONE_WIDTH
    context.close()


@pytest.mark.parametrize(
    "prefix, home_title, badge",
    [("/bo", "གླག་ལས་གཞི", "རྒྱ་ཡིག"), ("/en", "Eagle programme", "Chinese")],
    ids=["bo", "en"],
)
def test_a_visitor_reads_the_home_page_and_catalogue_in_tibetan_and_english(
    browser, demo_site, screenshot, prefix, home_title, badge
):
    context = browser.new_context(**PHONE_CONTEXT, base_url=demo_site)
    page = context.new_page()
    page.set_default_timeout(10_000)

    page.goto(f"{prefix}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(home_title)
    screenshot(page, "home")
    assert page_width(page) <= PHONE_WIDTH

    page.locator("main a.button").click()
    expect(page.locator("html")).to_have_attribute("lang", prefix.strip("/"))
    chinese_card = page.locator("li.card", has=page.locator("h2[lang=zh-hans]")).first
    expect(chinese_card.locator(".badge").nth(1)).to_have_text(badge)
    screenshot(page, "catalogue")
    assert page_width(page) <= PHONE_WIDTH
    context.close()
