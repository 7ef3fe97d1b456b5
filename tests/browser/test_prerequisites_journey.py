"""A trainee on a phone, in Tibetan: a course that needs another first, enrolling in that one,
the confirmations in sight, the course page's tick, and the language remembered at the next
log-in (docs/learning.md)."""

import pytest
from playwright.sync_api import expect

from wagtail.models import Locale

from benchmarks.browser import PHONE_WIDTH
from courses.factories import CoursePageFactory, LessonPageFactory
from courses.services import translation_aliases_create
from tests.browser.conftest import page_width
from trainees import learning
from trainees.factories import DEFAULT_PASSWORD, ProfileFactory, TraineeFactory, UserFactory
from trainees.models import Enrolment, Profile

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

BASICS_BO = "ཚོང་ཁང་དྲ་ཐོག་འགོ་འཛུགས།"
ADVANCED = "直播带货进阶"
TAP_TARGET = 40


@pytest.fixture
def courses():
    """网店开设入门 (with a Tibetan translation) comes before 直播带货进阶."""
    basics = CoursePageFactory(title="网店开设入门", slug="basics")
    LessonPageFactory(parent=basics, title="第一课 开店准备")
    LessonPageFactory(parent=basics, title="第二课 上架商品")
    advanced = CoursePageFactory(title=ADVANCED, slug="advanced")
    LessonPageFactory(parent=advanced, title="第一课 直播间布置")
    advanced.prerequisites = [basics]
    advanced.save_revision().publish()
    tibetan = basics.copy_for_translation(Locale.objects.get(language_code="bo"), copy_parents=True)
    tibetan.title = BASICS_BO
    tibetan.save_revision().publish()
    for course in (basics, advanced):
        translation_aliases_create(page=course)
        for lesson in learning.course_lessons(course):
            translation_aliases_create(page=lesson)
    return basics, advanced


@pytest.fixture
def dolma():
    """A trainee whose profile still says Chinese, the language she signed up in."""
    user = UserFactory(username="dolma")
    TraineeFactory(user=user, name="卓玛")
    return ProfileFactory(user=user, language="zh-hans", phone=None)


def assert_fits_the_phone(page):
    assert page_width(page) <= PHONE_WIDTH, f"{page.url} scrolls sideways on a phone"


def assert_easy_to_tap(locator):
    box = locator.bounding_box()
    assert box["height"] >= TAP_TARGET, f"{locator} is {box['height']:.0f} px high"


def log_in(page, path: str = "/accounts/login/"):
    page.goto(path)
    page.locator("input[name=login]").fill("dolma")
    page.locator("input[name=password]").fill(DEFAULT_PASSWORD)
    page.locator("main form button[type=submit]").first.click()


def test_a_tibetan_trainee_starts_with_the_course_that_comes_first(
    courses, dolma, phone_page, browser_site, screenshot
):
    basics, advanced = courses
    page = phone_page

    # In Chinese, she opens the advanced course and switches to Tibetan: remembered.
    log_in(page)
    expect(page).to_have_url(browser_site + "/")
    page.goto(advanced.url)
    tibetan = page.locator('footer .languages button[lang="bo"]')
    assert_easy_to_tap(tibetan)
    tibetan.click()
    expect(page.locator("html")).to_have_attribute("lang", "bo")
    expect(page).to_have_url(browser_site + f"/bo{advanced.url}")
    Profile.objects.filter(pk=dolma.pk, language="bo").get()

    # The course says what comes first, and leads there instead of enrolling.
    panel = page.locator("section.learning-panel")
    expect(panel).to_contain_text("སློབ་ཚན་འདིའི་སྔོན་ལ་གཤམ་གྱི་སློབ་ཚན་ལེགས་གྲུབ་བྱེད་དགོས།")
    expect(panel.get_by_role("button", name="མིང་ཐོ་འགོད།", exact=True)).to_have_count(0)
    start = panel.get_by_role("link", name=f"འདི་ནས་འགོ་འཛུགས། {BASICS_BO}")
    expect(start).to_be_in_viewport()
    assert_easy_to_tap(start)
    screenshot(page, "advanced-needs-basics")
    assert_fits_the_phone(page)
    start.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(BASICS_BO)
    assert "/bo/" in page.url
    assert not Enrolment.objects.exists()

    # Enrolling says so, in Tibetan, where she is looking.
    enrol = page.get_by_role("button", name="མིང་ཐོ་འགོད།", exact=True)
    assert_easy_to_tap(enrol)
    enrol.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("第一课 开店准备")
    enrolled = page.get_by_text(f"ཁྱེད་ཀྱིས་ {BASICS_BO} ལ་མིང་ཐོ་བཀོད་ཟིན།")
    expect(enrolled).to_be_in_viewport()
    screenshot(page, "enrolled")
    assert_fits_the_phone(page)

    # The lesson done, said beside its button.
    page.get_by_role("button", name="ཚར་བར་རྟགས་བཀོད།").click()
    expect(page.get_by_text("ཁྱེད་ཀྱིས་ཐུན་ཚན་འདི་ལེགས་གྲུབ་བྱས་ཟིན།")).to_be_in_viewport()
    screenshot(page, "lesson-done")

    # The course page ticks it, with a word, and counts.
    page.goto(f"/bo{basics.url}")
    expect(page.locator("html")).to_have_attribute("lang", "bo")
    lessons = page.locator("ol.lessons li")
    expect(lessons.nth(0)).to_contain_text("✓ ལེགས་གྲུབ།")
    expect(lessons.nth(1)).not_to_contain_text("✓")
    expect(page.get_by_text("ཐུན་ཚན་ 2 ལས་ 1 ལེགས་གྲུབ་བྱས་ཟིན།")).to_be_visible()
    lessons.nth(0).scroll_into_view_if_needed()
    screenshot(page, "course-ticked")
    assert_fits_the_phone(page)

    # Logging out says so on the page she lands on.
    page.get_by_role("button", name="ཕྱིར་ཐོན").click()
    expect(page).to_have_url(browser_site + "/bo/")
    expect(page.get_by_text("ཕྱིར་ཐོན་ཟིན།")).to_be_in_viewport()
    screenshot(page, "logged-out")
    assert_fits_the_phone(page)

    # Logging in again, from the Chinese log-in page, lands in Tibetan.
    page.context.clear_cookies()
    log_in(page)
    expect(page).to_have_url(browser_site + "/bo/")
    expect(page.locator("html")).to_have_attribute("lang", "bo")
    expect(page.get_by_text("卓玛 ནང་འཛུལ་ལེགས་གྲུབ་བྱུང་།")).to_be_in_viewport()
    screenshot(page, "logged-in-again")
