"""The admin's "Videos": an instructor sees each video's smaller copies, how far each is,
its size and why one failed, in their admin language (Chinese or Tibetan), and asks for a
failed copy again; only who uploaded the video (or a manager) may."""

import datetime

import pytest
from bs4 import BeautifulSoup

from django.contrib.messages import get_messages
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from courses import videos
from courses.choices import VideoKind, VideoRenditionReason, VideoRenditionStatus
from courses.factories import DocumentFactory, VideoDocumentFactory, VideoRenditionFactory
from courses.models import VideoRendition
from tests.courses.test_lesson_drafts import speaking
from trainees import roles
from trainees.factories import UserFactory

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
LISTING = "/admin/videos/"


@pytest.fixture
def instructor():
    return speaking(UserFactory(username="teacher-a", groups=[roles.INSTRUCTORS]), "zh-hans")


def video_with_a_failed_copy(uploaded_by) -> object:
    document = VideoDocumentFactory(
        title="直播间布置示范", file_size=12 * MB, uploaded_by_user=uploaded_by
    )
    VideoRenditionFactory(document=document, kind=VideoKind.P360, size=int(7.4 * MB))
    VideoRenditionFactory(
        document=document,
        kind=VideoKind.P240,
        status=VideoRenditionStatus.FAILED,
        reason=VideoRenditionReason.CONVERSION,
        detail="Unknown encoder 'libx264'",
        size=None,
        file=None,
    )
    VideoRenditionFactory(
        document=document,
        kind=VideoKind.AUDIO,
        status=VideoRenditionStatus.NOT_NEEDED,
        reason=VideoRenditionReason.NO_SOUND,
        size=None,
        file=None,
    )
    return document


def row_texts(client) -> list[list[str]]:
    response = client.get(LISTING)
    assert response.status_code == 200
    table = BeautifulSoup(response.content, "html.parser").select_one("table.video-copies")
    return [
        [" ".join(cell.get_text(" ", strip=True).split()) for cell in row.select("th, td")]
        for row in table.select("tbody tr")
    ]


def test_an_instructor_sees_the_copies_their_states_sizes_and_reasons_in_chinese(
    client, instructor
):
    video_with_a_failed_copy(instructor)
    client.force_login(instructor)

    [row] = row_texts(client)

    assert row[0] == "直播间布置示范"
    assert row[1] == "12.0 MB"
    assert row[2] == "已完成 · 7.4 MB"
    assert row[3].startswith(
        "失败 ffmpeg 无法转换此视频。请重试；如果仍然失败，请将视频导出为 MP4（H.264）后重新上传。"
    )
    assert "ffmpeg 的输出 Unknown encoder 'libx264'" in row[3]
    assert row[4] == "无需生成 该视频没有声音。"
    assert row[5] == "重试"


def test_the_listing_speaks_tibetan_to_a_tibetan_instructor(client, instructor):
    video_with_a_failed_copy(speaking(instructor, "bo"))
    client.force_login(instructor)

    [row] = row_texts(client)

    assert row[2] == "གྲ་སྒྲིག་ཚར། · 7.4 MB"
    assert row[3].startswith("མ་ཐུབ། ffmpeg ཡིས་བརྙན་ཟློས་འདི་བསྒྱུར་མ་ཐུབ།")
    assert row[4] == "དགོས་མཁོ་མེད། བརྙན་ཟློས་འདིར་སྒྲ་མེད།"


def test_a_failed_copy_is_made_again_from_the_listing(
    ffmpeg, test_video_bytes, client, instructor, django_capture_on_commit_callbacks
):
    document = DocumentFactory(
        title="直播间布置示范",
        file=ContentFile(test_video_bytes, name="live.mp4"),
        uploaded_by_user=instructor,
    )  # no copies yet: uploaded before they were made
    client.force_login(instructor)
    assert row_texts(client)[0][2:] == ["尚未生成", "尚未生成", "尚未生成", "生成较小的版本"]

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("videos:again", args=[document.pk]), follow=True)

    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "正在重新生成“直播间布置示范”的较小版本。"
    ]
    row = row_texts(client)[0]
    assert [cell.split(" · ")[0] for cell in row[2:5]] == ["已完成"] * 3
    assert row[5] == ""  # nothing left to make again


def test_only_who_uploaded_the_video_may_ask_for_it_again(client, instructor):
    document = video_with_a_failed_copy(UserFactory(groups=[roles.INSTRUCTORS]))
    client.force_login(instructor)

    assert row_texts(client)[0][5] == ""  # seen, without the button
    response = client.post(reverse("videos:again", args=[document.pk]), follow=True)

    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "只有上传此视频的人或项目管理员可以这样做。"
    ]
    failed = VideoRendition.objects.get(document=document, kind=VideoKind.P240)
    assert failed.status == VideoRenditionStatus.FAILED


def test_a_copy_whose_worker_stopped_shows_as_failed(client, instructor, settings):
    settings.JOB_LEASE_SECONDS = 30
    document = video_with_a_failed_copy(instructor)
    VideoRendition.objects.filter(document=document, kind=VideoKind.P360).update(
        status=VideoRenditionStatus.MAKING,
        started_at=timezone.now() - datetime.timedelta(minutes=5),
        file="",
    )
    client.force_login(instructor)

    assert row_texts(client)[0][2].startswith("失败 服务器在生成此版本时停止了。请重试。")
    assert videos.VIDEO_JOBS.lease_age(str(document.pk)) is None


def test_the_menu_leads_instructors_to_the_videos_and_no_one_else(client, instructor):
    coordinator = speaking(UserFactory(groups=[roles.COUNTY_COORDINATORS]), "zh-hans")
    client.force_login(instructor)
    assert LISTING in client.get(reverse("wagtailadmin_home")).content.decode()

    client.force_login(coordinator)

    assert client.get(LISTING).status_code in (302, 403)
    assert LISTING not in client.get(reverse("wagtailadmin_home")).content.decode()
