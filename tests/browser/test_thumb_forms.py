"""Forms a thumb can use, measured in a 390x844 phone browser.

Every link, button and box a trainee taps on the account, welcome, about-you, course and
lesson pages is at least 44x44 CSS px (a box or radio counts by its label, which takes the
tap too); a radio button stands on the line of its label; codes bring up the number pad;
the code log-in page's two buttons do not touch.
"""

import pytest
from playwright.sync_api import expect

from courses.factories import CoursePageFactory, LessonPageFactory
from trainees.factories import DEFAULT_PASSWORD, ProfileFactory, UserFactory
from trainees.sms import MemorySmsBackend

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TAP = 44  # CSS px, WCAG 2.5.5 and Apple's guideline

# Each element a person taps, with the box that takes the tap: a checkbox or radio by its
# label when it has one. Off-screen elements (the skip link until focused) are left out.
SMALL_TARGETS = """() => {
  const small = [];
  for (const element of document.querySelectorAll(
      'a[href], button, input:not([type=hidden]), select, summary')) {
    const boxed = element.type === 'checkbox' || element.type === 'radio';
    const target = (boxed && element.labels.length) ? element.labels[0] : element;
    const box = target.getBoundingClientRect();
    if (box.width === 0 || box.right <= 0) continue;
    if (box.width < 43.5 || box.height < 43.5) {  // 44, less sub-pixel rounding
      const size = `${box.width.toFixed(1)}x${box.height.toFixed(1)}`;
      small.push(`${element.outerHTML.slice(0, 80)}: ${size}`);
    }
  }
  return small;
}"""

# A radio whose label text starts on another line than the radio itself.
RADIOS_OFF_THEIR_LINE = """() => {
  const apart = [];
  for (const radio of document.querySelectorAll('input[type=radio]')) {
    const label = radio.labels[0];
    const text = [...label.childNodes].find(node => node.nodeType === 3 && node.data.trim());
    const range = document.createRange();
    range.selectNodeContents(text);
    const words = range.getClientRects()[0];
    const box = radio.getBoundingClientRect();
    const middle = box.top + box.height / 2;
    if (middle < words.top || middle > words.bottom || box.right > words.left) {
      apart.push(`${radio.value}: radio ${box.top.toFixed(0)}-${box.bottom.toFixed(0)}, `
                 + `words ${words.top.toFixed(0)}-${words.bottom.toFixed(0)}`);
    }
  }
  return apart;
}"""


def assert_thumb_sized(page):
    assert page.evaluate(SMALL_TARGETS) == [], f"targets under {TAP} px on {page.url}"


# Pairs of a form's buttons nearer each other than 8 px.
BUTTONS_TOO_CLOSE = """() => {
  const close = [];
  for (const row of document.querySelectorAll('main form .form-actions')) {
    const boxes = [...row.querySelectorAll('a, button')].map(b => b.getBoundingClientRect());
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
      const [a, b] = [boxes[i], boxes[j]];
      const gap = Math.max(b.left - a.right, a.left - b.right, b.top - a.bottom, a.top - b.bottom);
      if (gap < 8) close.push(`buttons ${i} and ${j}: ${gap.toFixed(1)} px`);
    }
  }
  return close;
}"""


def assert_buttons_apart(page):
    assert page.evaluate(BUTTONS_TOO_CLOSE) == [], f"buttons touching on {page.url}"


def assert_radios_beside_their_labels(page):
    assert page.locator("input[type=radio]").count() > 0
    assert page.evaluate(RADIOS_OFF_THEIR_LINE) == [], f"radios apart from labels on {page.url}"


def box(locator) -> dict:
    return locator.bounding_box()


@pytest.fixture
def sms_outbox(settings):
    """Text messages the live server sent during the test, in order."""
    settings.SMS_BACKEND = "trainees.sms.MemorySmsBackend"
    MemorySmsBackend.outbox.clear()
    yield MemorySmsBackend.outbox
    MemorySmsBackend.outbox.clear()


@pytest.fixture
def course():
    course = CoursePageFactory(title="松茸网店运营")
    lessons = [
        LessonPageFactory(parent=course, title="第一课 开店准备"),
        LessonPageFactory(parent=course, title="第二课 拍好商品照片"),
    ]
    return course, lessons


def test_the_account_pages_are_thumb_sized_and_codes_bring_up_the_number_pad(
    phone_page, screenshot, sms_outbox
):
    page = phone_page
    ProfileFactory(phone="+8613800138000")

    page.goto("/accounts/login/")
    screenshot(page, "login")
    assert_thumb_sized(page)
    remember = page.locator("input[name=remember]")
    expect(remember).to_be_visible()
    expect(page.get_by_label("记住我")).to_be_visible()

    page.goto("/accounts/signup/")
    screenshot(page, "signup")
    assert_thumb_sized(page)

    page.goto("/accounts/login/code/")
    screenshot(page, "code-login")
    assert_thumb_sized(page)
    main = page.locator("main")
    expect(main.locator("p").first).to_contain_text("手机号或邮箱")
    send = box(page.locator("main form button[type=submit]"))
    other = box(page.locator("main a.button"))
    gap = max(other["y"] - (send["y"] + send["height"]), other["x"] - (send["x"] + send["width"]))
    assert gap >= 8, f"the two buttons are {gap:.1f} px apart"

    page.locator("input[name=phone]").fill("138 0013 8000")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(page.url.split("/accounts/")[0] + "/accounts/login/code/confirm/")
    screenshot(page, "code-confirm")
    expect(page.locator("input[name=code]")).to_have_attribute("inputmode", "numeric")
    assert_thumb_sized(page)
    assert_buttons_apart(page)

    page.locator("input[name=code]").fill(sms_outbox[-1].params["code"])
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator(".messages")).to_contain_text("138****8000")


def test_a_phone_sign_up_types_its_code_on_the_number_pad(phone_page, screenshot, sms_outbox):
    page = phone_page
    page.goto("/accounts/signup/")
    page.locator("input[name=phone]").fill("138 0013 8001")
    page.locator("input[name=password1]").fill(DEFAULT_PASSWORD)
    page.locator("input[name=password2]").fill(DEFAULT_PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator("input[name=code]")).to_have_attribute("inputmode", "numeric")
    screenshot(page, "verify-phone")
    assert_thumb_sized(page)


def test_welcome_about_you_course_and_lesson_pages_are_thumb_sized(phone_page, screenshot, course):
    course, (first, _second) = course
    page = phone_page
    UserFactory(username="pema")
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill("pema")
    page.locator("input[name=password]").fill(DEFAULT_PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator("form[action='/accounts/logout/'] button")).to_be_visible()

    page.goto("/accounts/welcome/")
    screenshot(page, "welcome")
    assert_radios_beside_their_labels(page)
    assert_thumb_sized(page)

    page.goto(f"/learn/about-you/?course={course.pk}")
    screenshot(page, "about-you")
    assert_radios_beside_their_labels(page)
    assert_thumb_sized(page)

    page.goto(course.url)
    screenshot(page, "course")
    assert_thumb_sized(page)

    page.goto(first.url)
    screenshot(page, "lesson")
    assert_thumb_sized(page)


def test_the_tibetan_account_pages_are_thumb_sized_too(phone_page, screenshot):
    """Tibetan words are longer and its fonts taller: the same pages under /bo/."""
    page = phone_page
    for path, name in (
        ("/bo/accounts/login/", "login"),
        ("/bo/accounts/login/code/", "code-login"),
        ("/bo/accounts/signup/", "signup"),
    ):
        page.goto(path)
        expect(page.locator("html")).to_have_attribute("lang", "bo")
        screenshot(page, name)
        assert_thumb_sized(page)
