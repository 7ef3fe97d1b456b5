"""Which copy of a lesson's videos a reader is shown, and the sizes they choose from.

Under each uploaded video, links list its copies with their sizes ("240p · 3.1 MB", "audio
only · 0.9 MB", the original); a link's `?quality=240p` shows the lesson again with that
copy, and a cookie remembers the choice for every video after it. Without a choice:

- a browser that asks to save data (the Save-Data header) gets the smallest video;
- otherwise the 360p copy (a phone's screen shows no more, and the original is one link
  away), or the original while that copy is not ready;
- with JavaScript, a connection the browser knows to be slow (navigator.connection) gets the
  smallest video too (courses/static/courses/video.js), on the page as it is.

Only copies that are ready and made from the video's current file are offered
(courses/videos.py).
"""

import mimetypes
from dataclasses import dataclass
from pathlib import Path

from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from courses.choices import VideoKind, VideoRenditionStatus
from courses.templatetags.course_tags import human_size

QUALITY_PARAMETER = "quality"
QUALITY_COOKIE = "video_quality"
QUALITY_COOKIE_SECONDS = 365 * 24 * 60 * 60
ORIGINAL = "original"
QUALITIES = (ORIGINAL, *VideoKind.values)
# The reader asked for nothing, but their browser asks to save data.
SLOW = "slow"
# Choices that ask for less than a video copy offers: the smallest video instead.
SMALL = frozenset({SLOW, VideoKind.P240, VideoKind.AUDIO})
LABELS = {ORIGINAL: gettext_lazy("original"), **dict(VideoKind.choices)}
MB = 1024 * 1024
CONTENT_TYPES = {".m4a": "audio/mp4", ".mp4": "video/mp4", ".webm": "video/webm"}


def asked_quality(request) -> str | None:
    """The quality the reader chose with this request's link; None without one (or an
    unknown one)."""
    asked = request.GET.get(QUALITY_PARAMETER)
    return asked if asked in QUALITIES else None


def reader_choice(request) -> str:
    """The quality the reader chose (this request's, else the one remembered), "slow" when
    they chose none and their browser asks to save data, "" otherwise."""
    asked = asked_quality(request) or request.COOKIES.get(QUALITY_COOKIE)
    if asked in QUALITIES:
        return asked
    if request.headers.get("Save-Data", "").strip().lower() == "on":
        return SLOW
    return ""


@dataclass(frozen=True)
class VideoOption:
    """One copy a reader may choose: the original, or one made from it."""

    key: str
    size: int | None
    url: str
    content_type: str
    # The picture's size in pixels, when known (a copy's): the player takes its shape at once.
    width: int | None = None
    height: int | None = None

    @property
    def is_audio(self) -> bool:
        return self.key == VideoKind.AUDIO

    @property
    def text(self) -> str:
        """ "240p · 3.1 MB", in the reader's language."""
        if not self.size:
            return str(LABELS[self.key])
        return _("%(quality)s · %(size)s") % {
            "quality": LABELS[self.key],
            "size": choice_size(self.size),
        }


def choice_size(size: int) -> str:
    """A size in megabytes from a tenth of one up, so that the sizes compare at a glance."""
    if size >= MB // 10:
        return f"{size / MB:.1f} MB"
    return human_size(size)


def content_type(name: str) -> str:
    suffix = Path(name).suffix.lower()
    return CONTENT_TYPES.get(suffix) or mimetypes.guess_type(name)[0] or "video/mp4"


def video_options(document, renditions) -> list[VideoOption]:
    """The original and its ready copies (of `renditions`, the document's), largest first."""
    ready = {
        rendition.kind: rendition
        for rendition in renditions
        if rendition.status == VideoRenditionStatus.READY
        and rendition.source_name == document.file.name
        and rendition.file
    }
    options = [
        VideoOption(ORIGINAL, document.file_size, document.url, content_type(document.file.name))
    ]
    for kind in VideoKind.values:
        if kind in ready:
            rendition = ready[kind]
            options.append(
                VideoOption(
                    kind,
                    rendition.size,
                    reverse(
                        "video_rendition",
                        args=[document.pk, Path(rendition.file.name).name],
                    ),
                    content_type(rendition.file.name),
                    rendition.width,
                    rendition.height,
                )
            )
    return options


def smallest_video(options: list[VideoOption]) -> VideoOption:
    videos = [option for option in options if not option.is_audio]
    return min(videos, key=lambda option: option.size or float("inf"))


def chosen_option(options: list[VideoOption], choice: str) -> VideoOption:
    """The copy shown for the reader's `choice` (see `reader_choice`)."""
    by_key = {option.key: option for option in options}
    if choice in by_key:
        return by_key[choice]
    if choice in SMALL:
        return smallest_video(options)
    return by_key.get(VideoKind.P360) or by_key[ORIGINAL]


class LessonVideos:
    """The copies of every uploaded video of a lesson, read in one query when the first of
    its video blocks is shown (never, when the lesson's text comes from the cache), and the
    reader's choice."""

    def __init__(self, body, choice: str):
        self.body = body  # None: a video shown elsewhere, whose copies are read alone
        self.choice = choice

    @cached_property
    def document_ids(self) -> set[int]:
        if self.body is None:
            return set()
        return {
            block["value"]["file"]
            for block in self.body.raw_data
            if block["type"] == "video" and (block.get("value") or {}).get("file")
        }

    @cached_property
    def renditions(self) -> dict[int, list]:
        from courses.models import VideoRendition

        found = {}
        ready = VideoRendition.objects.filter(
            document_id__in=self.document_ids, status=VideoRenditionStatus.READY
        )
        for rendition in ready:
            found.setdefault(rendition.document_id, []).append(rendition)
        return found

    def renditions_of(self, document) -> list:
        if document.pk not in self.document_ids:  # not read with the lesson
            return list(document.video_renditions.filter(status=VideoRenditionStatus.READY))
        return self.renditions.get(document.pk, [])


def has_uploaded_video(body) -> bool:
    """Whether the lesson body shows an uploaded video (read from its stored data: no
    query)."""
    return any(
        block["type"] == "video" and (block.get("value") or {}).get("file")
        for block in body.raw_data
    )
