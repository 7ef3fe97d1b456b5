"""A trainee far from a signal, on a phone (docs/learning.md, "Offline"): the lessons opened
and My learning read without a connection (Playwright's offline mode), a course saved for
offline read lesson by lesson, a lesson marked done and a quiz passed offline recorded once
when the connection returns, and the pages as before with JavaScript off."""

import gzip
import io
import json
import time

import pytest
from PIL import Image as PILImage
from playwright.sync_api import expect

from django.core.files.images import ImageFile
from django.db import OperationalError

from wagtail.rich_text import RichText

from benchmarks.browser import PHONE_CONTEXT
from courses.factories import (
    CoursePageFactory,
    ImageFactory,
    LessonPageFactory,
    picture_file,
)
from courses.services import translation_aliases_create
from courses.templatetags.course_tags import PHONE_WIDTHS, WIDE_WIDTH
from tests.browser.conftest import page_width
from tests.browser.test_content_security_policy import RECORD_VIOLATIONS
from tests.trainees.courses import course_with_a_quiz
from trainees import learning
from trainees.factories import DEFAULT_PASSWORD, EnrolmentFactory, TraineeFactory, UserFactory
from trainees.models import Certificate, LessonProgress, OfflineProgress, QuizAttempt

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

MB = 1024 * 1024


@pytest.fixture
def dolma():
    user = UserFactory(username="dolma")
    TraineeFactory(user=user, name="卓玛")
    return user


def log_in(page):
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill("dolma")
    page.locator("input[name=password]").fill(DEFAULT_PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    expect(page.get_by_role("link", name="我的学习")).to_be_visible()


def phone(browser, browser_site, **options):
    context = browser.new_context(**PHONE_CONTEXT, base_url=browser_site, **options)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.add_init_script(RECORD_VIOLATIONS)
    return context, page


def worker_ready(page):
    """The site's service worker active, and the page opened again under it."""
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")


def kept_pages(page) -> list[str]:
    return page.evaluate(
        """async () => {
            const keys = [];
            for (const name of await caches.keys())
                if (name.startsWith("eagle-u-"))
                    for (const key of await (await caches.open(name)).keys()) keys.push(key.url);
            return keys;
        }"""
    )


def photo(seed: int) -> ImageFile:
    """A 960x540 JPEG with a photo's grain (a drawing alone compresses to almost nothing)."""
    drawn = PILImage.open(picture_file(seed=seed)).convert("RGB")
    grain = PILImage.effect_noise(drawn.size, 64).convert("RGB")
    buffer = io.BytesIO()
    PILImage.blend(drawn, grain, 0.4).save(buffer, format="JPEG", quality=85)
    return ImageFile(buffer, name=f"photo-{seed}.jpg")


def with_copies(image):
    image.get_renditions(*[f"width-{width}|format-webp" for width in (*PHONE_WIDTHS, WIDE_WIDTH)])
    return image


TEXT = (
    "<p>自然光下拍摄松茸，背景干净，突出菌盖和菌柄。拍整箱时从上往下拍，拍单朵时靠近一些。</p>" * 4
)


def picture_course(lessons: int = 3, title: str = "松茸网店运营"):
    """A course of text-and-picture lessons, their pictures' copies made beforehand (made
    while the phone saves the course, two requests at once could each make one: the test
    database, SQLite, takes one writer at a time)."""
    course = CoursePageFactory(title=title)
    for number in range(lessons):
        LessonPageFactory(
            parent=course,
            title=f"第{number + 1}课 拍好商品照片",
            body=[
                (
                    "text",
                    RichText(f"<p>第{number + 1}课：自然光下拍摄松茸，背景干净，突出菌盖。</p>"),
                ),
                (
                    "image",
                    {
                        "image": with_copies(ImageFactory(file=photo(number))),
                        "caption": f"松茸 {number + 1}",
                        "alt_text": "松茸",
                    },
                ),
            ],
        )
    return course


def test_lessons_opened_and_my_learning_are_read_without_a_connection(
    browser, browser_site, dolma, screenshot
):
    course = picture_course(3)
    EnrolmentFactory(trainee=dolma.trainee, course=course)
    first, second, third = learning.course_lessons(course)
    context, page = phone(browser, browser_site)
    log_in(page)
    page.goto(first.url)
    worker_ready(page)
    page.goto(second.url)
    picture = page.locator("article figure img")
    picture.scroll_into_view_if_needed()
    expect(picture).to_have_js_property("complete", True)
    page.goto("/learn/")
    page.wait_for_function("async () => (await caches.match('/offline/')) !== undefined")

    context.set_offline(True)
    page.goto(first.url)
    expect(page.get_by_role("heading", level=1)).to_have_text(first.title)
    page.goto(second.url)
    expect(page.get_by_role("heading", level=1)).to_have_text(second.title)
    picture.scroll_into_view_if_needed()
    expect(picture).to_have_js_property("complete", True)
    assert picture.evaluate("image => image.naturalWidth") > 0
    screenshot(page, "lesson-offline")
    assert page_width(page) <= PHONE_CONTEXT["viewport"]["width"]
    page.goto("/learn/")
    expect(page.get_by_role("heading", level=1)).to_have_text("我的学习")
    expect(page.get_by_role("link", name=course.title)).to_be_visible()
    # Never opened: the page that says so, in the reader's language.
    page.goto(third.url)
    expect(page.get_by_role("heading", level=1)).to_have_text("没有网络")
    screenshot(page, "not-kept-offline")
    assert page.evaluate("window.cspViolations") == []

    # Logging out forgets every page kept on the phone.
    context.set_offline(False)
    page.goto(first.url)
    assert any(url.endswith(first.url) for url in kept_pages(page))
    page.get_by_role("button", name="退出").click()
    expect(page.get_by_role("link", name="登录")).to_be_visible()
    assert kept_pages(page) == []
    context.set_offline(True)
    page.goto(first.url)  # nothing of hers is left to show: the page saying so, in Chinese
    expect(page.get_by_role("heading", level=1)).to_have_text("没有网络")
    expect(page.get_by_text(first.title)).to_have_count(0)
    context.close()


def test_progress_made_offline_is_recorded_once_when_the_connection_returns(
    browser, browser_site, dolma, screenshot
):
    course = course_with_a_quiz()
    EnrolmentFactory(trainee=dolma.trainee, course=course)
    first, second = learning.course_lessons(course)
    context, page = phone(browser, browser_site)
    log_in(page)
    page.goto(first.url)
    worker_ready(page)
    page.goto(second.url)
    page.goto("/learn/")

    context.set_offline(True)
    page.goto(first.url)
    page.get_by_role("button", name="标记完成").click()
    expect(
        page.get_by_text("没有网络：本课时已在本手机上记为完成，网络恢复后发送。")
    ).to_be_visible()
    queue = page.locator(".offline-queue")
    expect(queue).to_contain_text("在本手机上等待发送：")
    expect(queue).to_contain_text("已标记为完成：第一课 开播前的准备")
    page.goto(second.url)
    page.get_by_label("832平台").check()
    page.get_by_label("冰袋").check()
    page.get_by_label("泡沫箱").check()
    page.locator(".quiz button[type=submit]").click()
    expect(
        page.get_by_text("没有网络：您的答案已保存在本手机上，网络恢复后再评分。")
    ).to_be_visible()
    expect(queue).to_contain_text("测验答案：第二课 测验")
    page.goto("/learn/")
    expect(queue.locator("li")).to_have_count(2)
    screenshot(page, "waiting-offline")
    assert not LessonProgress.objects.exists()
    assert not Certificate.objects.exists()

    # (Not from the page open when the connection returns: the test database, SQLite, takes
    # one writer at a time, and the server would read My learning while the page sends.)
    page.goto("about:blank")
    context.set_offline(False)
    time.sleep(3)  # Background Sync sends as soon as the connection returns, where it can
    sent_by_background_sync = recorded_within(OfflineProgress.objects.all(), 2, seconds=1)
    page.goto("/learn/")
    expect(queue).to_contain_text("已从本手机发送：")
    expect(queue).to_contain_text("“第一课 开播前的准备”已标记为完成。")
    expect(queue).to_contain_text("“第二课 测验”的测验：您得了 100%，已通过。")
    certificate = Certificate.objects.get(enrolment__trainee=dolma.trainee)
    expect(queue).to_contain_text(f"您的证书编号是 {certificate.number}")
    screenshot(page, "sent")
    page.wait_for_timeout(3500)  # what was sent is said once it has been in sight...
    expect(queue).to_contain_text("已从本手机发送：")  # ...and stays in sight on this page
    queue.get_by_role("button", name="显示我的进度").click()  # the page drawn again
    expect(page.get_by_text(f"证书 {certificate.number}")).to_be_visible()
    expect(queue).to_be_hidden()
    assert LessonProgress.objects.count() == 2
    assert QuizAttempt.objects.count() == 1
    assert OfflineProgress.objects.filter(recorded=True).count() == 2
    assert Certificate.objects.count() == 1
    assert page.evaluate("window.cspViolations") == []
    print(f"Sent by Background Sync, before any page was opened: {sent_by_background_sync}")
    context.close()


def recorded_within(rows, count: int, seconds: float) -> bool:
    """Whether `rows` number `count` within `seconds` (read again and again; a read the
    test database refuses while the server writes is tried again)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if rows.count() >= count:
                return True
        except OperationalError:
            pass
        time.sleep(0.2)
    return False


def test_a_course_saved_for_offline_is_read_lesson_by_lesson(
    browser, browser_site, dolma, screenshot, capsys
):
    course = picture_course(10, "松茸网店十课")
    EnrolmentFactory(trainee=dolma.trainee, course=course)
    lessons = list(learning.course_lessons(course))
    context, page = phone(browser, browser_site)
    log_in(page)
    page.goto(course.url)
    worker_ready(page)
    save = page.locator("#offline-save [data-save]")
    expect(save).to_be_visible()
    expect(save).to_contain_text("保存本课程以便离线学习（")
    announced = save.inner_text()
    screenshot(page, "save-offered")
    save.click()
    state = page.locator("#offline-save [data-state]")
    expect(state).to_contain_text("已保存在本手机上：11 个页面")
    expect(save).to_be_hidden()
    saved = json.loads(
        page.evaluate("Object.entries(localStorage).find(([k]) => k.startsWith('eagle-saved:'))[1]")
    )
    saved_bytes = sum(entry["bytes"] for entry in saved["pages"].values())
    with capsys.disabled():
        print(
            f"\nA ten-lesson course saved for offline: {saved_bytes} bytes "
            f"({saved_bytes / 1024:.0f} KB); offered as: {announced}"
        )
    assert saved_bytes < MB
    screenshot(page, "saved")

    context.set_offline(True)
    page.goto(course.url)
    expect(page.get_by_role("heading", level=1)).to_have_text(course.title)
    page.get_by_role("link", name=lessons[0].title, exact=True).click()
    for number, lesson in enumerate(lessons):
        expect(page.get_by_role("heading", level=1)).to_have_text(lesson.title)
        picture = page.locator("article figure img")
        picture.scroll_into_view_if_needed()
        expect(picture).to_have_js_property("complete", True)
        assert picture.evaluate("image => image.naturalWidth") > 0, (
            lesson.title,
            picture.evaluate("image => image.currentSrc"),
            [url for url in kept_pages(page) if "/media/" in url],
        )
        if number + 1 < len(lessons):
            page.locator('a[rel="next"]').click()
    screenshot(page, "last-lesson-offline")

    # An instructor publishes a change: only that lesson is downloaded again.
    context.set_offline(False)
    changed = lessons[2]
    changed.title = "第3课 拍好商品照片（新版）"
    changed.save_revision().publish()
    page.goto(course.url)
    # The lesson, and the course page that lists it.
    expect(save).to_contain_text("保存后有更新：2 个")
    fetched = []
    page.on("request", lambda request: fetched.append(request.url))
    save.click()
    expect(save).to_be_hidden()
    assert browser_site + changed.url in fetched
    for lesson in lessons:
        if lesson.pk != changed.pk:
            assert browser_site + lesson.url not in fetched
    page.locator("#offline-save [data-remove]").click()
    expect(state).to_have_text("已从本手机删除。")
    assert not [
        name for name in page.evaluate("caches.keys()") if name.startswith("eagle-u-course")
    ]
    context.close()


def test_javascript_off_works_as_before(browser, browser_site, dolma):
    course = CoursePageFactory(title="直播带货入门")
    LessonPageFactory(parent=course, title="第一课 开播前的准备")
    EnrolmentFactory(trainee=dolma.trainee, course=course)
    [first] = learning.course_lessons(course)
    context, page = phone(browser, browser_site, java_script_enabled=False)
    log_in(page)
    page.goto(course.url)
    expect(page.locator("#offline-save")).to_be_hidden()
    page.goto(first.url)
    page.get_by_role("button", name="标记完成").click()
    expect(page.get_by_text("本课时已标记为完成。")).to_be_visible()
    assert LessonProgress.objects.count() == 1
    expect(page.locator(".offline-queue")).to_have_count(0)
    context.close()


def test_the_first_load_of_a_lesson_grows_by_one_request_and_under_5_kb(
    browser, browser_site, dolma, capsys
):
    """The script's file and the words it carries are all a lesson's first load gains; the
    worker and the offline page come after the page has loaded."""
    course = picture_course(1)
    EnrolmentFactory(trainee=dolma.trainee, course=course)
    [lesson] = learning.course_lessons(course)
    context, page = phone(browser, browser_site)
    log_in(page)
    page.goto("about:blank")
    page.wait_for_timeout(1000)  # what the page before did after it loaded is done
    requests = []
    page.on("requestfinished", lambda request: requests.append(request))
    page.goto(lesson.url, wait_until="load")
    paths = [request.url.removeprefix(browser_site) for request in requests]
    script = page.request.get("/static/trainees/offline.js").body()
    script_bytes, script_gzipped = len(script), len(gzip.compress(script))
    html = page.content()
    tag_start = html.index('<script src="/static/trainees/offline.js"')
    tag_bytes = len(html[tag_start : html.index("</script>", tag_start) + 9].encode())
    form_bytes = (
        sum(
            len(f' data-{name}="{value}"'.encode())
            for name, value in page.locator("form[data-offline]").evaluate(
                "form => Object.entries(form.dataset).map(([k, v]) => "
                "[k.replace(/[A-Z]/g, c => '-' + c.toLowerCase()), v])"
            )
        )
        + len(b" data-enrolled")
        + len(b'<link rel="manifest" href="/manifest.webmanifest">\n')
    )
    added = script_bytes + tag_bytes + form_bytes
    with capsys.disabled():
        print(
            f"\nFirst load of a lesson: {len(paths)} requests {paths}; added: the script "
            f"{script_bytes} B ({script_gzipped} B gzipped), its tag {tag_bytes} B, the forms' "
            f"words and the manifest's "
            f"link {form_bytes} B: {added} B"
        )
    assert [
        path for path in paths if "offline" in path or "manifest" in path or "sw.js" in path
    ] == ["/static/trainees/offline.js"]
    assert added <= 5 * 1024
    context.close()


def test_a_tibetan_reader_is_answered_in_tibetan_without_a_connection(
    browser, browser_site, dolma, screenshot
):
    course = CoursePageFactory(title="ཚོང་ཁང་དྲ་ཐོག")
    LessonPageFactory(parent=course, title="ཐུན་ཚན་དང་པོ།")
    LessonPageFactory(parent=course, title="ཐུན་ཚན་གཉིས་པ།")
    for lesson in learning.course_lessons(course):
        translation_aliases_create(page=lesson)
    EnrolmentFactory(trainee=dolma.trainee, course=course)
    first, second = learning.course_lessons(course)
    context, page = phone(browser, browser_site)
    log_in(page)
    page.goto("/bo" + first.url)
    worker_ready(page)
    page.wait_for_function("async () => (await caches.match('/bo/offline/')) !== undefined")

    context.set_offline(True)
    page.goto("/bo" + first.url)
    page.get_by_role("button", name="ཚར་བར་རྟགས་བཀོད།").click()
    expect(
        page.get_by_text("དྲ་བ་མེད། ཐུན་ཚན་འདི་ཁ་པར་འདིར་ཚར་བར་ཉར་ཡོད། དྲ་བ་བྱུང་རྗེས་བསྐུར་ངེས།")
    ).to_be_visible()
    queue = page.locator(".offline-queue")
    expect(queue).to_have_text("ཁ་པར་འདིར་བསྐུར་རྒྱུ་སྒུག་བཞིན་པ།ཚར་བར་རྟགས་བཀོད། ཐུན་ཚན་དང་པོ།")
    screenshot(page, "kept-tibetan")
    page.goto("/bo" + second.url)  # never opened
    expect(page.get_by_role("heading", level=1)).to_have_text("དྲ་བ་མེད།")
    main = page.locator("main").inner_text()
    assert not any("\u4e00" <= c <= "\u9fff" or c.isascii() and c.isalpha() for c in main), main
    screenshot(page, "not-kept-tibetan")

    page.goto("about:blank")
    context.set_offline(False)
    time.sleep(3)  # Background Sync, where it runs
    page.goto("/bo/learn/")
    expect(queue).to_contain_text("ཁ་པར་འདི་ནས་བསྐུར་ཟིན།")
    expect(queue).to_contain_text("“ཐུན་ཚན་དང་པོ།”ཚར་བར་རྟགས་བཀོད་ཟིན།")
    assert LessonProgress.objects.count() == 1
    assert page.evaluate("window.cspViolations") == []
    context.close()
