"""A lesson's uploaded video is offered in its copies, each with its size in the reader's
language; the trainee chooses (links, no JavaScript needed), the choice is remembered, and
the smallest video is shown first when the browser asks to save data. Nothing loads before
play."""

import re

import pytest
from bs4 import BeautifulSoup

from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses import page_cache
from courses.choices import VideoKind, VideoRenditionStatus
from courses.factories import (
    CoursePageFactory,
    LessonPageFactory,
    VideoDocumentFactory,
    VideoRenditionFactory,
)
from courses.models import VideoRendition
from courses.services import translation_aliases_create
from courses.video_choice import QUALITY_COOKIE

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
KINDS = {"p360": VideoKind.P360, "p240": VideoKind.P240, "audio": VideoKind.AUDIO}


def video_block(document, caption="直播间布置示范"):
    return ("video", {"file": document, "embed": None, "poster": None, "caption": caption})


def video_with_copies(**sizes) -> object:
    """A 12 MB video with ready copies of the sizes given (in bytes), by kind."""
    document = VideoDocumentFactory(file_size=12 * MB)
    for kind, size in sizes.items():
        VideoRenditionFactory(document=document, kind=KINDS[kind], size=size)
    return document


@pytest.fixture
def video():
    return video_with_copies(p360=int(7.4 * MB), p240=int(3.1 * MB), audio=int(0.9 * MB))


@pytest.fixture
def lesson(video):
    return LessonPageFactory(title="直播间布置", body=[video_block(video)])


def figure(client, lesson, **headers):
    response = client.get(lesson.url, **headers)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").select_one("figure.video"), response


def sizes(figure) -> list[str]:
    return [link.get_text() for link in figure.select(".video-sizes a")]


def shown(figure) -> tuple[str, str]:
    """The copy the player would play: its address, and the size link marked current."""
    player = figure.select_one("video source") or figure.select_one("audio")
    current = figure.select_one(".video-sizes a[aria-current]")
    return player["src"], current.get_text()


def test_the_copies_are_listed_with_their_sizes_in_chinese(client, lesson, video):
    found, _ = figure(client, lesson)

    assert sizes(found) == ["原视频 · 12.0 MB", "360p · 7.4 MB", "240p · 3.1 MB", "仅音频 · 0.9 MB"]
    assert found.select_one("video")["preload"] == "none"
    assert found.select_one("video")["aria-label"] == "视频：直播间布置示范"
    assert found.select_one(".video-size").get_text() == "点击播放后才会加载。可选大小："


def test_the_copies_are_listed_in_tibetan_for_a_tibetan_reader(client, lesson):
    tibetan = next(
        page
        for page in translation_aliases_create(page=lesson)
        if page.locale.language_code == "bo"
    )

    found, _ = figure(client, tibetan)

    assert sizes(found) == [
        "མ་ཡིག · 12.0 MB",
        "360p · 7.4 MB",
        "240p · 3.1 MB",
        "སྒྲ་ཁོ་ན། · 0.9 MB",
    ]


def test_without_a_choice_the_360p_copy_is_shown(client, lesson):
    src, current = shown(figure(client, lesson)[0])

    assert current == "360p · 7.4 MB"
    assert src.endswith("/360p.mp4")


def test_a_browser_that_asks_to_save_data_gets_the_smallest_video(client, lesson):
    found, response = figure(client, lesson, HTTP_SAVE_DATA="on")

    src, current = shown(found)
    assert current == "240p · 3.1 MB"
    assert src.endswith("/240p.mp4")
    assert "Save-Data" in response["Vary"]


def test_the_smallest_video_may_be_the_original(client):
    document = video_with_copies(p360=int(20 * MB))  # a 12 MB original, made larger
    lesson = LessonPageFactory(body=[video_block(document)])

    src, current = shown(figure(client, lesson, HTTP_SAVE_DATA="on")[0])

    assert current == "原视频 · 12.0 MB"
    assert src == document.url


def test_a_chosen_size_is_shown_and_remembered(client, lesson):
    found, response = figure(client, lesson.__class__.objects.get(pk=lesson.pk), QUERY_STRING="")
    link = next(a for a in found.select(".video-sizes a") if a.get_text().startswith("仅音频"))
    assert link["href"].startswith("?quality=audio#video-")

    chosen = client.get(lesson.url + link["href"].split("#")[0])

    assert chosen.cookies[QUALITY_COOKIE].value == "audio"
    assert chosen.cookies[QUALITY_COOKIE]["httponly"]
    for page in (chosen, client.get(lesson.url)):  # and on the next visit, by its cookie
        found = BeautifulSoup(page.content, "html.parser").select_one("figure.video")
        assert found.select_one("video") is None
        audio = found.select_one("audio")
        assert audio["preload"] == "none" and audio["src"].endswith("/audio.m4a")
        assert found.select_one("a[aria-current]").get_text() == "仅音频 · 0.9 MB"


def test_a_chosen_size_wins_over_the_wish_to_save_data(client, lesson):
    client.cookies[QUALITY_COOKIE] = "original"

    src, current = shown(figure(client, lesson, HTTP_SAVE_DATA="on")[0])

    assert current == "原视频 · 12.0 MB"


def test_a_size_this_video_lacks_falls_back_to_its_smallest(client):
    lesson = LessonPageFactory(body=[video_block(video_with_copies(p360=int(7.4 * MB)))])
    client.cookies[QUALITY_COOKIE] = "240p"

    src, current = shown(figure(client, lesson)[0])

    assert current == "360p · 7.4 MB"


def test_an_unknown_size_is_refused_with_a_message_and_not_remembered(client, lesson):
    response = client.get(lesson.url, {"quality": "4k"})

    assert response.status_code == 200
    assert "没有这个视频大小。请从视频下方的大小中选择。" in response.content.decode()
    assert QUALITY_COOKIE not in response.cookies
    src, current = shown(BeautifulSoup(response.content, "html.parser"))
    assert current == "360p · 7.4 MB"


def test_copies_not_ready_or_made_from_an_older_file_are_not_offered(client):
    document = video_with_copies(p240=int(3.1 * MB))
    VideoRenditionFactory(
        document=document, kind=VideoKind.P360, status=VideoRenditionStatus.FAILED
    )
    VideoRenditionFactory(document=document, kind=VideoKind.AUDIO, source_name="documents/old.mp4")
    lesson = LessonPageFactory(body=[video_block(document)])

    assert sizes(figure(client, lesson)[0]) == ["原视频 · 12.0 MB", "240p · 3.1 MB"]


def test_a_video_without_copies_shows_its_size_as_before(client):
    document = VideoDocumentFactory(file_size=3 * MB)
    lesson = LessonPageFactory(body=[video_block(document)])

    found, _ = figure(client, lesson)

    assert found.select(".video-sizes") == []
    assert found.select_one("video source")["src"] == document.url
    assert "3.0 MB" in found.get_text()


def test_a_copy_made_after_the_lesson_was_kept_is_offered_at_once(client, lesson, video):
    figure(client, lesson)  # the lesson's text is kept in the cache
    VideoRendition.objects.filter(document=video, kind=VideoKind.AUDIO).delete()
    page_cache.tree_changed()  # as the task does when it has made or lost a copy
    assert len(sizes(figure(client, lesson)[0])) == 3


def test_the_copies_are_served_whole_or_in_the_part_asked_for(client, lesson, video):
    src = shown(figure(client, lesson)[0])[0]

    whole = client.get(src)
    part = client.get(src, HTTP_RANGE="bytes=1000-1999")
    tail = client.get(src, HTTP_RANGE="bytes=-500")
    outside = client.get(src, HTTP_RANGE=f"bytes={20 * MB}-")

    size = int(7.4 * MB)
    assert whole.status_code == 200 and int(whole["Content-Length"]) == size
    assert whole["Accept-Ranges"] == "bytes" and whole["Content-Type"] == "video/mp4"
    assert part.status_code == 206 and len(b"".join(part.streaming_content)) == 1000
    assert part["Content-Range"] == f"bytes 1000-1999/{size}"
    assert (
        tail.status_code == 206 and tail["Content-Range"] == f"bytes {size - 500}-{size - 1}/{size}"
    )
    assert outside.status_code == 416


def test_the_lesson_reads_no_more_for_more_videos(client):
    course = CoursePageFactory()
    one = LessonPageFactory(parent=course, body=[video_block(video_with_copies(p240=MB, audio=MB))])
    four = LessonPageFactory(
        parent=course,
        body=[video_block(video_with_copies(p360=2 * MB, p240=MB, audio=MB)) for _ in range(4)],
    )

    def queries(lesson, **headers) -> int:
        page_cache.tree_changed()  # the text made anew, not read from the cache
        with CaptureQueriesContext(connection) as reading:
            found, _ = figure(client, lesson, **headers)
        assert found is not None
        return len(reading)

    queries(one), queries(four)  # the site's own look-ups, kept after the first reading
    for headers in ({}, {"HTTP_SAVE_DATA": "on"}):
        assert queries(four, **headers) == queries(one, **headers)
    html = client.get(four.url).content.decode()
    assert len(re.findall(r'class="video-sizes"', html)) == 4
