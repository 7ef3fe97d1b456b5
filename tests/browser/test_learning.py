"""A trainee on a phone: catalogue, course, lessons, the quiz, and Tibetan."""

import pytest
from playwright.sync_api import expect

from wagtail.rich_text import RichText

from benchmarks.browser import PHONE_WIDTH
from courses.factories import CoursePageFactory, ImageFactory, LessonPageFactory, quiz_block
from courses.services import translation_aliases_create
from tests.browser.conftest import page_width

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def course():
    """A course of three lessons; the second has text, two pictures and a quiz."""
    course = CoursePageFactory(title="松茸网店运营", summary="从拍照到冷链发货，开好一家松茸网店。")
    photos = ImageFactory.create_batch(2)
    lessons = [
        LessonPageFactory(parent=course, title="第一课 开店准备"),
        LessonPageFactory(
            parent=course,
            title="第二课 拍好商品照片",
            body=[
                ("text", RichText("<p>自然光下拍摄松茸，背景干净，突出菌盖和菌柄。</p>")),
                ("heading", "两种常见的构图"),
                ("image", {"image": photos[0], "caption": "俯拍：整箱松茸", "alt_text": "松茸"}),
                ("image", {"image": photos[1], "caption": "近拍：单朵松茸", "alt_text": "松茸"}),
                ("quiz", quiz_block(pass_mark=60)),
            ],
        ),
        LessonPageFactory(parent=course, title="第三课 冷链发货"),
    ]
    for lesson in lessons:
        translation_aliases_create(page=lesson)
    course.refresh_from_db()
    return course, lessons


def font_size(locator) -> float:
    return locator.evaluate("element => parseFloat(getComputedStyle(element).fontSize)")


def assert_fits_the_phone(page):
    assert page_width(page) <= PHONE_WIDTH, f"{page.url} scrolls sideways on a phone"


def test_a_trainee_learns_a_lesson_and_takes_its_quiz_on_a_phone(course, phone_page, screenshot):
    course, (first, second, third) = course
    page = phone_page

    page.goto("/courses/")
    expect(page.get_by_role("heading", level=1)).to_have_text("课程")
    screenshot(page, "catalogue")
    assert_fits_the_phone(page)

    page.get_by_role("link", name="松茸网店运营").click()
    expect(page).to_have_url(page.url.split("/courses/")[0] + course.url)
    expect(page.get_by_role("heading", level=1)).to_have_text("松茸网店运营")
    expect(page.locator("ol.lessons li")).to_have_text(
        [f"{lesson.title} 15 分钟" for lesson in (first, second, third)], use_inner_text=True
    )
    screenshot(page, "course")
    assert_fits_the_phone(page)

    page.get_by_role("link", name="第一课 开店准备").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("第一课 开店准备")
    assert page.url.endswith(first.url)
    screenshot(page, "first-lesson")
    assert_fits_the_phone(page)

    page.locator('a[rel="next"]').click()
    expect(page.get_by_role("heading", level=1)).to_have_text("第二课 拍好商品照片")
    assert page.url.endswith(second.url)
    pictures = page.locator("article figure img")
    expect(pictures).to_have_count(2)
    for number in range(2):
        pictures.nth(number).scroll_into_view_if_needed()
        expect(pictures.nth(number)).to_have_js_property("complete", True)
        assert pictures.nth(number).evaluate("image => image.naturalWidth") > 0
    expect(page.locator("figcaption")).to_have_text(["俯拍：整箱松茸", "近拍：单朵松茸"])
    screenshot(page, "second-lesson")
    assert_fits_the_phone(page)

    page.get_by_label("微店").check()
    page.get_by_label("报纸").check()
    page.locator(".quiz button[type=submit]").click()
    verdict = page.locator(".quiz [role=status]")
    expect(verdict).to_have_class("result-bad")
    expect(verdict).to_contain_text("0%")
    expect(verdict).to_contain_text("60%")
    expect(page.get_by_text("832平台是脱贫地区农副产品网络销售平台。")).to_be_visible()
    expect(page.get_by_text("冰袋和泡沫箱让松茸在路上保持低温。")).to_be_visible()
    screenshot(page, "quiz-failed")
    assert_fits_the_phone(page)

    page.get_by_label("832平台").check()
    page.get_by_label("报纸").uncheck()
    page.get_by_label("冰袋").check()
    page.get_by_label("泡沫箱").check()
    page.locator(".quiz button[type=submit]").click()
    expect(verdict).to_have_class("result-ok")
    expect(verdict).to_contain_text("100%")
    screenshot(page, "quiz-passed")
    assert_fits_the_phone(page)
    chinese_sizes = [font_size(page.locator(s).first) for s in ("p.meta", ".pager a", "footer p")]

    page.locator('footer a[hreflang="bo"]').click()
    expect(page.locator("html")).to_have_attribute("lang", "bo")
    assert page.url.split("#")[0].endswith("/bo" + second.url)
    expect(page.get_by_role("heading", level=1)).to_have_text("第二课 拍好商品照片")
    screenshot(page, "second-lesson-tibetan")
    assert_fits_the_phone(page)
    # Tibetan letters get a little more room, once, not again at every level of nesting.
    tibetan_sizes = [font_size(page.locator(s).first) for s in ("p.meta", ".pager a", "footer p")]
    for chinese, tibetan in zip(chinese_sizes, tibetan_sizes, strict=True):
        assert chinese <= tibetan <= chinese * 1.1
