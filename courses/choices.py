from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    BEGINNER = "beginner", _("Beginner")
    INTERMEDIATE = "intermediate", _("Intermediate")
    ADVANCED = "advanced", _("Advanced")


# Languages a course can be written in (the content languages, by their Wagtail locale
# codes), named in the reader's language.
CONTENT_LANGUAGES = [("zh-hans", _("Chinese")), ("bo", _("Tibetan")), ("en", _("English"))]


def content_language_name(code: str) -> str:
    """The name of the content language `code` in the reader's language."""
    return str(dict(CONTENT_LANGUAGES).get(code, code))


# Smaller copies of an uploaded video (courses/videos.py), by the name a trainee chooses them
# by ("360p", "240p", "audio only"); the order is the chooser's, largest first.
class VideoKind(models.TextChoices):
    P360 = "360p", "360p"
    P240 = "240p", "240p"
    AUDIO = "audio", _("audio only")


class VideoRenditionStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting to be made")
    MAKING = "making", _("Being made")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")
    NOT_NEEDED = "not-needed", _("Not needed")


class VideoRenditionReason(models.TextChoices):
    """Why a copy failed or is not needed, for the instructor who uploaded the video."""

    NO_FFMPEG = (
        "no-ffmpeg",
        _(
            "The server cannot make smaller copies: ffmpeg is not installed. "
            "Please tell the programme's administrator."
        ),
    )
    SOURCE_MISSING = (
        "source-missing",
        _("The uploaded file cannot be found on the server. Upload the video again."),
    )
    UNREADABLE = (
        "unreadable",
        _(
            "This file is not a video the server can read. Export it again as MP4 (H.264) or "
            "WebM, then upload it again."
        ),
    )
    NO_PICTURE = "no-picture", _("This file has sound but no picture.")
    NO_SOUND = "no-sound", _("The video has no sound.")
    SMALL_ORIGINAL = "small-original", _("The uploaded video is already this small.")
    CONVERSION = (
        "conversion",
        _(
            "ffmpeg could not convert this video. Try again; if it fails again, export the video "
            "as MP4 (H.264) and upload it again."
        ),
    )
    TOO_LONG = (
        "too-long",
        _(
            "Making this copy took too long and was stopped. Try again when the server is less "
            "busy, or upload a shorter video."
        ),
    )
    DISK_FULL = (
        "disk-full",
        _(
            "The server has no room left to keep this copy. Please tell the programme's "
            "administrator, then try again."
        ),
    )
    WORKER_STOPPED = (
        "worker-stopped",
        _("The server stopped while making this copy. Please try again."),
    )
