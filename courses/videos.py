"""Smaller copies of uploaded videos, for trainees on weak connections.

An uploaded video is a Wagtail document (an mp4 or webm file) chosen in a lesson's video
block. When a document is saved with a new video file, `video_renditions_request` (called
after the save is committed, courses/apps.py) gives it three VideoRendition rows, waiting,
and queues `video_renditions_task`, which makes them with Debian's ffmpeg: 360p and 240p
H.264 + AAC in MP4, and the sound alone (AAC in an .m4a file). The original is kept and
offered too.

Each row says how far its copy is (waiting, being made, ready, failed, not needed), its size,
and for a failure or a copy not needed, a reason the instructor reads in the admin (its
label, translated when shown) and ffmpeg's own words for the administrator. A failed copy is
made again on request (`video_renditions_retry`, the admin's "Try again").

A half-written copy is never offered nor served: ffmpeg writes into a scratch folder, the
copy is checked with ffprobe, then moved into the storage under a temporary name and renamed
(or uploaded whole, to a bucket), and only then is its row marked ready with its name and
size. Rows are offered to trainees (courses/video_choice.py) and served
(courses/video_views.py) only when ready and made from the document's current file.

The task holds a lease as every job does (machinery/jobs.py): a worker killed while making
copies stops renewing it, and `dead_jobs_sweep` (or the admin's listing, which checks the
lease when it shows copies being made) marks the copies it was making failed, with a
reason saying so; they can then be made again.
"""

import contextlib
import datetime
import hashlib
import json
import logging
import os
import shutil
import subprocess  # noqa: S404 - ffmpeg and ffprobe, with arguments as a list
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from wagtail.documents.models import Document

from courses import page_cache
from courses.choices import VideoKind, VideoRenditionReason, VideoRenditionStatus
from courses.models import VideoRendition
from machinery.jobs import JobRecords
from training_site.storage import is_disk_full

logger = logging.getLogger(__name__)

Status = VideoRenditionStatus
Reason = VideoRenditionReason

# The extensions of documents that get smaller copies (WAGTAILDOCS_EXTENSIONS allows the
# first two; the others are videos too, should it allow them).
VIDEO_EXTENSIONS = frozenset({"mp4", "webm", "m4v", "mov", "mkv"})
# Where the copies are kept in the media storage: under documents/, which no URL serves raw
# (docs/deploy.md); courses/video_views.py serves them with the document's privacy.
FOLDER = "documents/videos"
FFMPEG_TIMEOUT_SECONDS = 2 * 60 * 60
PROBE_TIMEOUT_SECONDS = 120
DETAIL_MAX_CHARS = 2000


@dataclass(frozen=True)
class Recipe:
    """How ffmpeg makes one kind of copy. `short_side`: the height of a landscape video (the
    width of a portrait one) in pixels; None for the sound alone."""

    kind: str
    short_side: int | None
    extension: str
    content_type: str
    arguments: tuple[str, ...]


def _video_arguments(short_side: int, *, crf: int, kbps: int, audio: str) -> tuple:
    landscape = "gte(iw,ih)"
    return (
        "-map", "0:v:0", "-map", "0:a:0?",
        # The short side made `short_side` pixels (after a phone's rotation is applied), the
        # other kept in proportion and even; never more than 30 frames a second.
        "-vf", f"scale='if({landscape},-2,{short_side})':'if({landscape},{short_side},-2)'",
        "-fpsmax", "30",
        "-c:v", "libx264", "-preset", "veryfast", "-profile:v", "main", "-pix_fmt", "yuv420p",
        # Quality by `crf`, capped at `kbps` so that a busy picture does not blow the size up.
        "-crf", str(crf), "-maxrate", f"{kbps}k", "-bufsize", f"{2 * kbps}k",
        "-c:a", "aac", "-b:a", audio, "-ac", "1",
    )  # fmt: skip


RECIPES = {
    VideoKind.P360: Recipe(
        VideoKind.P360,
        360,
        "mp4",
        "video/mp4",
        _video_arguments(360, crf=28, kbps=600, audio="64k"),
    ),
    VideoKind.P240: Recipe(
        VideoKind.P240,
        240,
        "mp4",
        "video/mp4",
        _video_arguments(240, crf=30, kbps=300, audio="48k"),
    ),
    VideoKind.AUDIO: Recipe(
        VideoKind.AUDIO,
        None,
        "m4a",
        "audio/mp4",
        ("-map", "0:a:0", "-vn", "-c:a", "aac", "-b:a", "48k", "-ac", "1"),
    ),
}
KINDS = tuple(RECIPES)


def is_video(name: str) -> bool:
    return Path(name).suffix.lower().lstrip(".") in VIDEO_EXTENSIONS


def ffmpeg_installed() -> bool:
    return bool(shutil.which("ffmpeg") and shutil.which("ffprobe"))


# Asking for copies --------------------------------------------------------------------


def video_renditions_request(*, document: Document) -> bool:
    """Queues the copies of `document` if it is a video whose current file has none yet
    (a new video, or its file replaced: the copies of the old file are deleted). A document
    that is not a video keeps no copies. Returns whether copies were queued."""
    with transaction.atomic():
        rows = list(VideoRendition.objects.select_for_update().filter(document=document))
        current = {row.kind for row in rows if row.source_name == document.file.name}
        if not is_video(document.file.name):
            wanted = False
        elif current == set(KINDS):
            return False
        else:
            wanted = True
        if not rows and not wanted:
            return False
        for row in rows:
            row.delete()  # its file goes once this commits (courses/apps.py)
        if wanted:
            VideoRendition.objects.bulk_create(
                VideoRendition(document=document, kind=kind, source_name=document.file.name)
                for kind in KINDS
            )
            _enqueue(document.pk)
        page_cache.tree_changed()  # the lessons showing it offer other copies now
    return wanted


def video_renditions_retry(*, document: Document) -> int:
    """Makes again the copies of `document` that failed (all of them, for a video that has
    none, such as one uploaded before copies were made). Returns how many are queued."""
    if not VideoRendition.objects.filter(document=document).exists():
        return len(KINDS) if video_renditions_request(document=document) else 0
    with transaction.atomic():
        queued = VideoRendition.objects.filter(
            document=document, status=Status.FAILED, source_name=document.file.name
        ).update(status=Status.WAITING, reason="", detail="", started_at=None, finished_at=None)
        if queued:
            _enqueue(document.pk)
    return queued


def _enqueue(document_id: int) -> None:
    transaction.on_commit(
        lambda: VIDEO_JOBS.enqueue(str(document_id), video_renditions_task), robust=True
    )


# Workers that stop --------------------------------------------------------------------


def video_renditions_stopped(*, document_id: int) -> int:
    """The copies of the document that a worker was making when it stopped: failed, to be
    made again. Returns how many."""
    stopped = VideoRendition.objects.filter(document_id=document_id, status=Status.MAKING).update(
        status=Status.FAILED, reason=Reason.WORKER_STOPPED, finished_at=timezone.now()
    )
    if stopped:
        page_cache.tree_changed()
    return stopped


def stopped_renditions_sweep(document_ids) -> int:
    """Of the documents `document_ids`, those whose copies are being made by a worker that no
    longer holds its lease: their copies marked failed (as `dead_jobs_sweep` does, sooner,
    for the pages that show them). Returns how many copies."""
    lease = datetime.timedelta(seconds=settings.JOB_LEASE_SECONDS)
    making = VideoRendition.objects.filter(document_id__in=document_ids, status=Status.MAKING)
    stopped = 0
    for document_id, started_at in making.values_list("document_id", "started_at").distinct():
        age = VIDEO_JOBS.lease_age(str(document_id))
        if age is None:
            dead = started_at is None or started_at < timezone.now() - lease
        else:
            dead = age > settings.JOB_LEASE_SECONDS
        if dead:
            stopped += video_renditions_stopped(document_id=document_id)
    return stopped


class VideoJobs(JobRecords):
    """The lease of a document's copies being made (its job id: the document's id). Their
    record is their rows, not the cache: a worker that stopped fails the rows it held."""

    def mark_stopped(self, job_id: str) -> None:
        video_renditions_stopped(document_id=int(job_id))


VIDEO_JOBS = VideoJobs("video-renditions", timeout=FFMPEG_TIMEOUT_SECONDS * (len(KINDS) + 1))


@VIDEO_JOBS.task
def video_renditions_task(job_id: str) -> None:
    video_renditions_make(document_id=int(job_id))


# Making the copies --------------------------------------------------------------------


class VideoError(Exception):
    def __init__(self, reason: str, detail: str = ""):
        super().__init__(reason, detail)
        self.reason = reason
        self.detail = detail[-DETAIL_MAX_CHARS:]


@dataclass(frozen=True)
class Probe:
    """What ffprobe says of a file: its picture's size as shown (a phone's rotation
    applied), whether it has a picture and sound, and how long it lasts."""

    width: int
    height: int
    has_picture: bool
    has_sound: bool
    seconds: float


def video_renditions_make(*, document_id: int) -> None:
    """Makes the waiting copies of the document, one after the other; each ends ready,
    failed or not needed. An unexpected error fails the copy being made, then is raised."""
    document = Document.objects.filter(pk=document_id).first()
    if document is None:
        return  # deleted since: its copies went with it
    source_name = document.file.name
    started = timezone.now()
    claimed = VideoRendition.objects.filter(
        document=document, status=Status.WAITING, source_name=source_name
    ).update(
        status=Status.MAKING,
        attempts=F("attempts") + 1,
        started_at=started,
        finished_at=None,
        reason="",
        detail="",
    )
    if not claimed:
        return  # made already, or by another task
    rows = sorted(
        VideoRendition.objects.filter(document=document, status=Status.MAKING, started_at=started),
        key=lambda row: KINDS.index(row.kind),
    )
    try:
        _make(document, rows)
    except Exception as error:
        # The copies left unmade failed; the task's result keeps the traceback.
        for row in rows:
            _finish(row, status=Status.FAILED, reason=Reason.CONVERSION, detail=repr(error))
        raise
    finally:
        page_cache.tree_changed()  # the lessons showing it offer the copies made


def _make(document: Document, rows: list[VideoRendition]) -> None:
    if not ffmpeg_installed():
        _fail_all(rows, VideoError(Reason.NO_FFMPEG, "ffmpeg or ffprobe is not on the PATH"))
        return
    with tempfile.TemporaryDirectory(prefix="eagle-video-") as scratch:
        scratch = Path(scratch)
        try:
            with _local_copy(document, scratch) as source:
                probe = video_probe(source)
                for row in list(rows):
                    _make_one(document, row, source, probe, scratch)
                    rows.remove(row)
        except VideoError as error:
            _fail_all(rows, error)


def _make_one(document, row, source: Path, probe: Probe, scratch: Path) -> None:
    recipe = RECIPES[row.kind]
    if recipe.short_side is None and not probe.has_sound:
        _finish(row, status=Status.NOT_NEEDED, reason=Reason.NO_SOUND)
        return
    if recipe.short_side is not None:
        if not probe.has_picture:
            _finish(row, status=Status.NOT_NEEDED, reason=Reason.NO_PICTURE)
            return
        if min(probe.width, probe.height) <= recipe.short_side:
            _finish(row, status=Status.NOT_NEEDED, reason=Reason.SMALL_ORIGINAL)
            return
    made = scratch / f"{row.kind}.{recipe.extension}"
    try:
        _ffmpeg(source, made, recipe)
        made_probe = video_probe(made)
        _check(made_probe, recipe)
        if made.stat().st_size >= source.stat().st_size:  # no smaller: the original will do
            _finish(row, status=Status.NOT_NEEDED, reason=Reason.SMALL_ORIGINAL)
            return
        name = _store(made, rendition_name(document, recipe))
    except VideoError as error:
        _finish(row, status=Status.FAILED, reason=error.reason, detail=error.detail)
        logger.warning(
            "Video %s: the %s copy failed (%s): %s",
            document.pk,
            row.kind,
            error.reason,
            error.detail,
        )
        return
    _finish(
        row,
        status=Status.READY,
        file=name,
        size=default_storage.size(name),
        width=made_probe.width if made_probe.has_picture else None,
        height=made_probe.height if made_probe.has_picture else None,
    )


def _fail_all(rows: list[VideoRendition], error: VideoError) -> None:
    for row in list(rows):
        _finish(row, status=Status.FAILED, reason=error.reason, detail=error.detail)
        rows.remove(row)


def _finish(row: VideoRendition, **fields) -> None:
    """The copy's outcome, unless it was not this task's to write (made again since)."""
    VideoRendition.objects.filter(pk=row.pk, status=Status.MAKING, attempts=row.attempts).update(
        finished_at=timezone.now(), **fields
    )


def rendition_name(document: Document, recipe: Recipe) -> str:
    """The copy's name in the storage: one per kind and file of the document, so that making
    it again replaces what a stopped worker left, and a new file gets a new address."""
    made_from = hashlib.sha256(document.file.name.encode()).hexdigest()[:12]
    return f"{FOLDER}/{document.pk}/{recipe.kind}-{made_from}.{recipe.extension}"


@contextlib.contextmanager
def _local_copy(document: Document, scratch: Path) -> Iterator[Path]:
    """The document's file on this machine's disk: its own path, or a copy from a bucket."""
    try:
        path = Path(document.file.path)
    except NotImplementedError:
        path = scratch / f"original{Path(document.file.name).suffix}"
        try:
            with document.file.open("rb") as remote, path.open("wb") as local:
                shutil.copyfileobj(remote, local, 1024 * 1024)
        except FileNotFoundError as error:
            raise VideoError(Reason.SOURCE_MISSING, str(error)) from error
        except OSError as error:
            raise _os_error(error) from error
    if not path.is_file():
        raise VideoError(Reason.SOURCE_MISSING, str(path))
    yield path


def video_probe(path: Path) -> Probe:
    """What ffprobe reads of the file; VideoError(UNREADABLE) when it reads nothing."""
    command = [
        "ffprobe", "-v", "error", "-print_format", "json", "-show_format", "-show_streams",
        str(path),
    ]  # fmt: skip
    try:
        done = subprocess.run(  # noqa: S603 - a fixed program, the path as one argument
            command, capture_output=True, timeout=PROBE_TIMEOUT_SECONDS, check=False
        )
    except subprocess.TimeoutExpired as error:
        raise VideoError(Reason.UNREADABLE, "ffprobe took too long") from error
    said = done.stderr.decode(errors="replace").strip()
    if done.returncode != 0:
        raise VideoError(Reason.UNREADABLE, said or f"ffprobe exited with {done.returncode}")
    try:
        found = json.loads(done.stdout)
    except ValueError as error:
        raise VideoError(Reason.UNREADABLE, said or str(error)) from error
    streams = found.get("streams") or []
    pictures = [
        stream
        for stream in streams
        if stream.get("codec_type") == "video"
        and not (stream.get("disposition") or {}).get("attached_pic")
        and stream.get("width")
        and stream.get("height")
    ]
    has_sound = any(stream.get("codec_type") == "audio" for stream in streams)
    if not pictures and not has_sound:
        raise VideoError(Reason.UNREADABLE, said or "no picture and no sound")
    width = height = 0
    if pictures:
        width, height = int(pictures[0]["width"]), int(pictures[0]["height"])
        if _rotation(pictures[0]) % 180 == 90:
            width, height = height, width
    try:
        seconds = float((found.get("format") or {}).get("duration") or 0)
    except ValueError:
        seconds = 0.0
    return Probe(width, height, bool(pictures), has_sound, seconds)


def _rotation(stream: dict) -> int:
    for side_data in stream.get("side_data_list") or []:
        if "rotation" in side_data:
            return int(float(side_data["rotation"]))
    return int(float((stream.get("tags") or {}).get("rotate") or 0))


def _ffmpeg(source: Path, target: Path, recipe: Recipe) -> None:
    command = [
        "ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
        "-i", str(source),
        *recipe.arguments,
        # No subtitles, data or metadata (a phone's video may carry where it was filmed);
        # the index first, so that a player starts before the whole file has come.
        "-sn", "-dn", "-map_metadata", "-1", "-movflags", "+faststart",
        "-f", "mp4", str(target),
    ]  # fmt: skip
    try:
        done = subprocess.run(  # noqa: S603 - a fixed program, the paths as arguments
            command, capture_output=True, timeout=FFMPEG_TIMEOUT_SECONDS, check=False
        )
    except subprocess.TimeoutExpired as error:
        target.unlink(missing_ok=True)
        raise VideoError(Reason.TOO_LONG, f"over {FFMPEG_TIMEOUT_SECONDS} s") from error
    if done.returncode != 0:
        target.unlink(missing_ok=True)
        said = done.stderr.decode(errors="replace").strip()
        if "No space left on device" in said:
            raise VideoError(Reason.DISK_FULL, said)
        raise VideoError(Reason.CONVERSION, said or f"ffmpeg exited with {done.returncode}")


def _check(made: Probe, recipe: Recipe) -> None:
    """The copy is what was asked for, or VideoError(CONVERSION)."""
    if recipe.short_side is None:
        right = made.has_sound and not made.has_picture
    else:
        right = made.has_picture and min(made.width, made.height) == recipe.short_side
    if not right:
        raise VideoError(Reason.CONVERSION, f"ffmpeg made {made} for {recipe.kind}")


def _store(made: Path, name: str) -> str:
    """Puts the copy in the media storage under `name`, whole or not at all: on this disk,
    moved beside it under a temporary name, then renamed; to a bucket, uploaded (an object
    is seen only once whole). Returns its name."""
    storage = default_storage
    try:
        storage.delete(name)
        try:
            final = Path(storage.path(name))
        except NotImplementedError:
            with made.open("rb") as content:
                return storage.save(name, File(content, name=Path(name).name))
        final.parent.mkdir(parents=True, exist_ok=True)
        part = final.with_name(f".{final.name}.part")
        try:
            shutil.move(made, part)  # a copy, when the scratch folder is on another disk
            os.replace(part, final)
        finally:
            part.unlink(missing_ok=True)
        return name
    except OSError as error:
        raise _os_error(error) from error


def _os_error(error: OSError) -> VideoError:
    if is_disk_full(error):
        return VideoError(Reason.DISK_FULL, str(error))
    return VideoError(Reason.CONVERSION, str(error))
