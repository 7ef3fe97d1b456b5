"""A trainee on a phone with a weak connection: a lesson's video costs nothing until played,
its sizes fit the screen as thumb-sized links with names, a connection the browser knows to
be slow starts on the smallest copy, and playing it fetches that copy in ranges and plays."""

import re

import pytest
from playwright.sync_api import expect

from django.core.files.base import ContentFile

from courses.factories import DocumentFactory, LessonPageFactory
from courses.models import VideoRendition
from tests.browser.screen_checks import assert_every_control_named, assert_fits_the_phone

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# What chromium tells a page of a 2G connection (navigator.connection), as on a herder's phone.
SLOW_CONNECTION = """Object.defineProperty(navigator, "connection", {
  value: {effectiveType: "2g", saveData: false, downlink: 0.2, rtt: 1800},
});"""


@pytest.fixture
def lesson(ffmpeg, test_video_bytes):
    # Saved outside a test transaction, the video's copies are made at once, by ffmpeg.
    video = DocumentFactory(
        title="直播间布置", file=ContentFile(test_video_bytes, name="live-setup.mp4")
    )
    assert VideoRendition.objects.filter(document=video, status="ready").count() == 3
    return LessonPageFactory(
        title="直播间布置",
        body=[
            ("heading", "看一个简单的直播间"),
            ("video", {"file": video, "embed": None, "poster": None, "caption": "手机和补光灯"}),
        ],
    )


def media_requests(page) -> list:
    requests = []
    page.on(
        "request",
        lambda request: (
            requests.append(request) if re.search(r"/(videos|documents)/", request.url) else None
        ),
    )
    return requests


def test_a_slow_phone_gets_the_smallest_copy_and_nothing_before_play(
    phone_page, lesson, screenshot
):
    page = phone_page
    page.add_init_script(SLOW_CONNECTION)
    requests = media_requests(page)

    page.goto(lesson.url)

    sizes = page.locator(".video-sizes a")
    expect(sizes).to_have_text(
        [re.compile(r"^原视频 · "), re.compile(r"^360p · "), re.compile(r"^240p · "),
         re.compile(r"^仅音频 · ")]
    )  # fmt: skip
    # The server chose 360p; the browser's 2G made it the smallest video, 240p.
    expect(page.locator(".video-sizes a[aria-current]")).to_have_text(re.compile(r"^240p · "))
    source = page.locator("figure.video video source")
    expect(source).to_have_attribute("src", re.compile(r"^/videos/\d+/240p-\w+\.mp4$"))
    for link in sizes.all():
        assert link.bounding_box()["height"] >= 44, "a size link is smaller than a thumb"
    assert_fits_the_phone(page)
    assert_every_control_named(page)
    screenshot(page, "lesson-on-2g")
    page.wait_for_timeout(500)
    assert requests == [], "the video loaded before it was played"

    page.locator("figure.video video").evaluate("video => video.play()")
    page.wait_for_function(
        "() => document.querySelector('figure.video video').currentTime > 0.5", timeout=15_000
    )

    fetched = {request.url.split("/")[-1] for request in requests}
    assert len(fetched) == 1 and fetched.pop().startswith("240p-")
    answers = [request.response() for request in requests]
    assert {answer.status for answer in answers if answer} <= {200, 206}
    screenshot(page, "playing")


def test_a_size_chosen_by_a_link_is_kept_for_the_next_visit(phone_page, lesson):
    page = phone_page

    page.goto(lesson.url)
    expect(page.locator(".video-sizes a[aria-current]")).to_have_text(re.compile(r"^360p · "))
    page.get_by_role("link", name=re.compile(r"^仅音频 · ")).click()

    expect(page.locator("figure.video audio")).to_have_attribute("preload", "none")
    expect(page.locator(".video-sizes a[aria-current]")).to_have_text(re.compile(r"^仅音频 · "))
    # The page opens at the video (the link's #anchor), not at its top.
    assert page.evaluate("document.querySelector(':target').matches('figure.video')")
    page.goto(lesson.url)
    expect(page.locator("figure.video audio")).to_have_attribute(
        "src", re.compile(r"^/videos/\d+/audio-\w+\.m4a$")
    )
