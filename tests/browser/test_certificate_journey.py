"""A trainee on a phone: enrol, learn, pass the quiz, download the certificate, scan its QR code."""

import io
import subprocess
from urllib.parse import urlsplit

import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import expect

from django.utils import timezone

from benchmarks.browser import PHONE_WIDTH
from courses.factories import CoursePageFactory, LessonPageFactory, quiz_block
from tests.browser.conftest import page_width
from trainees.factories import DEFAULT_PASSWORD, TraineeFactory, UserFactory
from trainees.models import Certificate

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NAME = "卓玛拉姆"
COURSE = "松茸网店入门"
# The smallest box a finger hits reliably (WCAG 2.2's 24 px minimum, with room to spare).
TAP_TARGET = 40


@pytest.fixture
def course():
    """A course of two lessons: one to mark done, one with a quiz."""
    course = CoursePageFactory(title=COURSE, summary="从开店到发货。")
    LessonPageFactory(parent=course, title="第一课 开店准备")
    LessonPageFactory(
        parent=course, title="第二课 平台与发货", body=[("quiz", quiz_block(pass_mark=60))]
    )
    return course


@pytest.fixture
def trainee():
    return TraineeFactory(name=NAME, user=UserFactory(username="zhuoma"))


def poppler(*args: str, pdf: bytes) -> bytes:
    return subprocess.run(args, input=pdf, capture_output=True, check=True).stdout  # noqa: S603


def assert_fits_the_phone(page):
    assert page_width(page) <= PHONE_WIDTH, f"{page.url} scrolls sideways on a phone"


def assert_easy_to_tap(locator):
    box = locator.bounding_box()
    assert box["height"] >= TAP_TARGET, f"{locator} is {box['height']:.0f} px high"


def progress_on_my_learning(page, screenshot, name: str) -> int:
    """Opens My learning; the course's progress bar, as a screen reader and the eye get it."""
    page.goto("/learn/")
    bar = page.get_by_role("progressbar", name="进度")
    expect(bar).to_be_visible()
    value = int(bar.get_attribute("value"))
    assert int(bar.get_attribute("max")) == 100
    assert bar.evaluate("bar => bar.position") == pytest.approx(value / 100)
    assert bar.bounding_box()["width"] >= PHONE_WIDTH * 0.8  # the card's width, easy to read
    expect(page.locator(".learning-course .meta")).to_contain_text(f"（{value}%）")
    screenshot(page, name)
    assert_fits_the_phone(page)
    for link in page.locator(".site-nav a, .site-nav button").all():
        assert_easy_to_tap(link)
    if value < 100:
        assert_easy_to_tap(page.get_by_role("link", name="继续学习："))
    return value


def test_a_trainee_earns_a_certificate_and_its_qr_code_verifies_it(
    course, trainee, phone_page, browser_site, screenshot
):
    page = phone_page

    page.goto(course.url)
    page.get_by_role("link", name="登录后报名").click()
    page.locator("input[name=login]").fill("zhuoma")
    page.locator("input[name=password]").fill(DEFAULT_PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(COURSE)
    enrol = page.get_by_role("button", name="报名")
    assert_easy_to_tap(enrol)
    screenshot(page, "course")
    enrol.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("第一课 开店准备")

    assert progress_on_my_learning(page, screenshot, "my-learning-enrolled") == 0

    page.get_by_role("link", name="继续学习：第一课 开店准备").click()
    mark_done = page.get_by_role("button", name="标记完成")
    assert_easy_to_tap(mark_done)
    assert_easy_to_tap(page.locator('a[rel="next"]'))
    screenshot(page, "first-lesson")
    mark_done.click()
    expect(page.get_by_text("您已完成本课时。")).to_be_visible()
    screenshot(page, "first-lesson-done")
    assert progress_on_my_learning(page, screenshot, "my-learning-lesson-done") == 50

    page.get_by_role("link", name="继续学习：第二课 平台与发货").click()
    page.get_by_label("微店").check()
    page.get_by_label("报纸").check()
    page.locator(".quiz button[type=submit]").click()
    verdict = page.locator(".quiz [role=status]")
    expect(verdict).to_have_class("result-bad")
    expect(verdict).to_contain_text("0%")
    expect(verdict).to_contain_text("60%")
    expect(page.get_by_text("通过测验即可完成本课时。")).to_be_visible()
    screenshot(page, "quiz-failed")
    assert progress_on_my_learning(page, screenshot, "my-learning-quiz-failed") == 50
    assert not Certificate.objects.exists()

    page.get_by_role("link", name="继续学习：第二课 平台与发货").click()
    page.get_by_label("832平台").check()
    page.get_by_label("冰袋").check()
    page.get_by_label("泡沫箱").check()
    page.locator(".quiz button[type=submit]").click()
    expect(verdict).to_have_class("result-ok")
    expect(page.get_by_text("您已完成本课程。")).to_be_visible()
    screenshot(page, "quiz-passed")
    assert progress_on_my_learning(page, screenshot, "my-learning-complete") == 100

    certificate = Certificate.objects.get(enrolment__trainee=trainee)
    expect(page.locator(".learning-course")).to_contain_text(f"证书 {certificate.number}")
    download_link = page.get_by_role("link", name="下载证书（PDF）")
    assert_easy_to_tap(download_link)
    with page.expect_download() as download_info:
        download_link.click()
    download = download_info.value
    assert download.suggested_filename == f"{certificate.number}.pdf"
    pdf = download.path().read_bytes()
    assert pdf.startswith(b"%PDF-")
    text = poppler("pdftotext", "-", "-", pdf=pdf).decode()
    assert NAME in text
    assert COURSE in text
    assert certificate.number in text

    png = poppler("pdftoppm", "-png", "-r", "150", "-singlefile", pdf=pdf)
    picture = screenshot.folder / "certificate.png"
    picture.write_bytes(png)
    codes = [code.text for code in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))]
    assert len(codes) == 1
    verification_url = codes[0]
    # The code points at the site the trainee downloaded it from, at this certificate.
    assert verification_url.startswith(browser_site + "/")
    assert urlsplit(verification_url).path.endswith(f"/{certificate.verification_code}/")

    # ... and carries the certificate's signed statement, which the page checks too.
    assert urlsplit(verification_url).fragment
    page.goto(verification_url)
    expect(page.locator("main > .verdict")).to_have_text("✓ 该证书有效。")
    expect(page.locator("#signed-check [role=status]")).to_have_text(
        f"✓ 有效，经项目签名；撤销名单日期：{timezone.localdate():%Y-%m-%d}。"
    )
    facts = page.locator("main dl")
    expect(facts).to_contain_text("卓**姆")
    expect(facts).to_contain_text(COURSE)
    expect(facts).to_contain_text(certificate.number)
    expect(facts).not_to_contain_text(NAME)
    screenshot(page, "verification")
    assert_fits_the_phone(page)

    page.locator('footer .languages [lang="bo"]').click()
    expect(page.locator("html")).to_have_attribute("lang", "bo")
    expect(page.locator("main dl")).to_contain_text("卓**姆")
    # The statement followed the reader into Tibetan.
    expect(page.locator("#signed-check [role=status]")).to_contain_text("✓ ནུས་ལྡན།")
    screenshot(page, "verification-tibetan")
    assert_fits_the_phone(page)
