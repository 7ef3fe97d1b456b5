"""An uploaded video gets smaller copies made by ffmpeg in the background: 360p and 240p
H.264 with AAC, and the sound alone, each with its size; the original is kept. A copy that
fails says why, in words an instructor reads, is never offered nor served, and can be made
again."""

import datetime
from pathlib import Path

import pytest
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone

from courses import videos
from courses.choices import VideoRenditionReason, VideoRenditionStatus
from courses.factories import DocumentFactory, LessonPageFactory
from courses.models import VideoRendition
from courses.videos import (
    VIDEO_JOBS,
    video_renditions_retry,
    video_renditions_task,
)
from machinery.jobs import dead_jobs_sweep
from tests.video_files import make_test_video, probe

pytestmark = pytest.mark.django_db

Status = VideoRenditionStatus
Reason = VideoRenditionReason


@pytest.fixture
def upload(django_capture_on_commit_callbacks):
    """upload(data, name): a document saved as the admin saves it, and what follows its
    commit (its copies asked for, and made at once by the test's task backend)."""

    def upload(data: bytes, name: str = "直播间布置.mp4", **fields):
        with django_capture_on_commit_callbacks(execute=True):
            document = DocumentFactory(
                title="直播间布置", file=ContentFile(data, name=name), **fields
            )
        return document

    return upload


def copies(document) -> dict[str, VideoRendition]:
    return {row.kind: row for row in VideoRendition.objects.filter(document=document)}


def stored_copies() -> list[Path]:
    folder = Path(django_settings.MEDIA_ROOT) / videos.FOLDER
    return sorted(path for path in folder.rglob("*") if path.is_file()) if folder.exists() else []


def test_an_uploaded_video_gets_three_smaller_copies_with_their_sizes(
    ffmpeg, test_video_bytes, upload
):
    document = upload(test_video_bytes)

    made = copies(document)
    assert {kind: row.status for kind, row in made.items()} == {
        "360p": Status.READY,
        "240p": Status.READY,
        "audio": Status.READY,
    }
    for row in made.values():
        path = Path(row.file.path)
        assert row.size == path.stat().st_size > 0
        assert row.attempts == 1 and row.reason == ""
    found = {kind: probe(row.file.path) for kind, row in made.items()}
    assert found["360p"]["video"] == (480, 360) and found["360p"]["audio"]
    assert found["240p"]["video"] == (320, 240) and found["240p"]["audio"]
    assert found["audio"]["video"] is None and found["audio"]["audio"]
    assert all(abs(copy["seconds"] - 2) < 0.2 for copy in found.values())
    assert made["240p"].size < made["360p"].size
    assert (made["240p"].height, made["360p"].height) == (240, 360)
    # The original is kept as it was uploaded.
    document.refresh_from_db()
    assert document.file.read() == test_video_bytes


def test_a_corrupt_upload_fails_with_a_reason_and_nothing_is_offered_or_served(
    ffmpeg, test_video_bytes, upload, client
):
    document = upload(test_video_bytes[: len(test_video_bytes) // 3] + b"\0" * 5000)
    lesson = LessonPageFactory(
        body=[("video", {"file": document, "embed": None, "poster": None, "caption": ""})]
    )

    made = copies(document)
    assert {row.status for row in made.values()} == {Status.FAILED}
    assert {row.reason for row in made.values()} == {Reason.UNREADABLE}
    assert made["360p"].get_reason_display() == (
        "This file is not a video the server can read. Export it again as MP4 (H.264) or "
        "WebM, then upload it again."
    )
    assert made["360p"].detail  # what ffprobe said, for the administrator
    assert stored_copies() == []
    html = client.get(lesson.url).content.decode()
    assert "?quality=" not in html  # no sizes to choose: the original only
    assert f"/videos/{document.pk}/" not in html
    name = videos.rendition_name(document, videos.RECIPES["240p"]).rsplit("/", 1)[1]
    assert client.get(f"/videos/{document.pk}/{name}").status_code == 404


def test_a_file_that_is_not_a_video_at_all_fails_the_same_way(ffmpeg, upload):
    document = upload("这不是视频".encode() * 100)

    assert {row.reason for row in copies(document).values()} == {Reason.UNREADABLE}


def test_a_copy_that_failed_is_made_again_on_request(
    ffmpeg, test_video_bytes, upload, monkeypatch, django_capture_on_commit_callbacks
):
    broken = videos.Recipe("240p", 240, "mp4", "video/mp4", ("-c:v", "no-such-encoder"))
    monkeypatch.setitem(videos.RECIPES, "240p", broken)
    document = upload(test_video_bytes)
    made = copies(document)
    assert made["240p"].status == Status.FAILED
    assert made["240p"].reason == Reason.CONVERSION
    assert "no-such-encoder" in made["240p"].detail
    assert made["360p"].status == made["audio"].status == Status.READY
    monkeypatch.undo()

    with django_capture_on_commit_callbacks(execute=True):
        assert video_renditions_retry(document=document) == 1

    again = copies(document)
    assert again["240p"].status == Status.READY
    assert again["240p"].attempts == 2 and again["240p"].reason == ""
    assert again["360p"].attempts == 1  # made once: left alone


def test_a_copy_that_cannot_be_stored_whole_is_not_kept(
    ffmpeg, test_video_bytes, upload, monkeypatch, client
):
    def disk_full(source, target):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(videos.os, "replace", disk_full)

    document = upload(test_video_bytes)

    made = copies(document)
    assert {row.reason for row in made.values()} == {Reason.DISK_FULL}
    assert not any(row.file for row in made.values())
    assert stored_copies() == []  # neither the copy nor its part


def test_without_ffmpeg_the_copies_fail_saying_so(test_video_bytes, upload, monkeypatch):
    monkeypatch.setattr(videos, "ffmpeg_installed", lambda: False)

    document = upload(test_video_bytes or b"\0" * 100)

    made = copies(document)
    assert {row.reason for row in made.values()} == {Reason.NO_FFMPEG}
    assert (
        made["audio"]
        .get_reason_display()
        .startswith("The server cannot make smaller copies: ffmpeg is not installed.")
    )


def test_a_small_silent_video_needs_only_what_it_lacks(ffmpeg, upload, tmp_path):
    small = make_test_video(tmp_path / "small.mp4", seconds=1, size="320x240", sound=False)

    document = upload(small.read_bytes())

    made = copies(document)
    assert {kind: (row.status, row.reason) for kind, row in made.items()} == {
        "360p": (Status.NOT_NEEDED, Reason.SMALL_ORIGINAL),
        "240p": (Status.NOT_NEEDED, Reason.SMALL_ORIGINAL),
        "audio": (Status.NOT_NEEDED, Reason.NO_SOUND),
    }


def test_a_copy_no_smaller_than_the_original_is_not_kept(ffmpeg, upload, tmp_path):
    blurred = make_test_video(tmp_path / "blurred.mp4", seconds=1, sound=False, crf=51)

    made = copies(upload(blurred.read_bytes()))

    assert (made["360p"].status, made["360p"].reason) == (Status.NOT_NEEDED, Reason.SMALL_ORIGINAL)
    assert not made["360p"].file


def test_a_portrait_video_is_made_as_narrow_as_its_quality(ffmpeg, upload, tmp_path):
    tall = make_test_video(tmp_path / "tall.mp4", seconds=1, size="480x640")

    made = copies(upload(tall.read_bytes()))

    assert probe(made["360p"].file.path)["video"] == (360, 480)
    assert probe(made["240p"].file.path)["video"] == (240, 320)


def test_a_document_that_is_not_a_video_gets_no_copies(upload):
    document = upload(b"%PDF-1.4 handbook", name="handbook.pdf")

    assert copies(document) == {}


def test_a_new_file_gets_new_copies_and_the_old_ones_go(
    ffmpeg, test_video_bytes, upload, tmp_path, django_capture_on_commit_callbacks
):
    document = upload(test_video_bytes)
    old_files = {row.file.name for row in copies(document).values()}
    shorter = make_test_video(tmp_path / "shorter.mp4", seconds=1)

    with django_capture_on_commit_callbacks(execute=True):
        document.file = ContentFile(shorter.read_bytes(), name="第二版.mp4")
        document.save()

    made = copies(document)
    assert {row.status for row in made.values()} == {Status.READY}
    assert all(row.source_name == document.file.name for row in made.values())
    assert all(abs(probe(row.file.path)["seconds"] - 1) < 0.2 for row in made.values())
    assert not {row.file.name for row in made.values()} & old_files
    assert len(stored_copies()) == 3


def test_a_worker_killed_while_making_copies_leaves_them_failed_to_be_made_again(
    ffmpeg, test_video_bytes, upload, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.JOB_LEASE_SECONDS = 30
    monkeypatch.setattr(videos, "_enqueue", lambda document_id: None)  # no worker yet
    document = upload(test_video_bytes)
    # A worker claimed them, then was killed (kill -9): its lease was never renewed.
    an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
    VideoRendition.objects.filter(document=document).update(
        status=Status.MAKING, started_at=an_hour_ago, attempts=1
    )
    task = DBTaskResult.objects.create(
        task_path=video_renditions_task.module_path,
        args_kwargs={"args": [str(document.pk)], "kwargs": {}},
        backend_name="default",
        run_after=an_hour_ago,
        status=TaskResultStatus.RUNNING,
        started_at=an_hour_ago,
        worker_ids=["worker-1"],
    )

    assert dead_jobs_sweep() == 1

    task.refresh_from_db()
    assert task.status == TaskResultStatus.FAILED
    made = copies(document)
    assert {(row.status, row.reason) for row in made.values()} == {
        (Status.FAILED, Reason.WORKER_STOPPED)
    }
    monkeypatch.undo()

    with django_capture_on_commit_callbacks(execute=True):
        assert video_renditions_retry(document=document) == 3
    assert {row.status for row in copies(document).values()} == {Status.READY}


def test_a_worker_that_holds_its_lease_is_left_making(ffmpeg, test_video_bytes, upload, settings):
    settings.JOB_LEASE_SECONDS = 30
    document = upload(test_video_bytes)
    VideoRendition.objects.filter(document=document).update(
        status=Status.MAKING, started_at=timezone.now() - datetime.timedelta(hours=1)
    )

    with VIDEO_JOBS.lease(str(document.pk)):
        assert videos.stopped_renditions_sweep([document.pk]) == 0
    assert {row.status for row in copies(document).values()} == {Status.MAKING}


def test_copies_of_a_private_video_are_served_to_those_who_may_see_it(
    ffmpeg, test_video_bytes, upload
):
    from wagtail.models import Collection, CollectionViewRestriction

    from trainees.factories import UserFactory

    private = Collection.get_first_root_node().add_child(name="学员资料")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )
    document = upload(test_video_bytes, collection=private)
    address = "/videos/{}/{}".format(document.pk, Path(copies(document)["240p"].file.name).name)
    trainee = Client()
    trainee.force_login(UserFactory())

    assert Client().get(address).status_code == 302  # to the login page
    response = trainee.get(address)
    assert response.status_code == 200
    assert response["Content-Type"] == "video/mp4"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_deploy_check_warns_when_ffmpeg_is_missing(monkeypatch):
    from courses.checks import check_ffmpeg

    monkeypatch.setattr("courses.checks.ffmpeg_installed", lambda: False)
    assert [warning.id for warning in check_ffmpeg(None)] == ["courses.W001"]
    monkeypatch.setattr("courses.checks.ffmpeg_installed", lambda: True)
    assert check_ffmpeg(None) == []
