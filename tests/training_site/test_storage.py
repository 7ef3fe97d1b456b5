"""A full disk: every upload says so clearly, and nothing is half-stored (no row pointing at
a missing file, no partial file left behind).

The disk fills up part-way through writing: Django's FileSystemStorage writes half of the
file, then the system refuses the rest with ENOSPC.
"""

import errno
from pathlib import Path

import pytest

from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import UploadedFile
from wagtail.users.models import UserProfile

from courses.factories import picture_file
from incubator.choices import MilestoneKind
from incubator.models import Milestone
from tests.incubator.scene import scene as make_scene

DISK_FULL = {
    "zh-hans": ("存储空间已满，无法保存文件", "您提交的内容没有保存，也没有改动任何数据。"),
    "bo": ("ཡིག་ཆ་ཉར་སའི་བར་སྟོང་མི་འདུག", "ཁྱེད་ཀྱིས་བསྐུར་བ་དེ་ཉར་མེད།"),
    "en": (
        "No room left to store files",
        "The server has no room left to store files, so what you sent was not stored and "
        "nothing was changed. Please tell the programme&#x27;s administrator, then try again.",
    ),
}


def half_written_then_disk_full(self, name, content):
    path = Path(self.path(name))
    path.parent.mkdir(parents=True, exist_ok=True)
    data = b"".join(content.chunks())
    path.write_bytes(data[: len(data) // 2])
    raise OSError(errno.ENOSPC, "No space left on device", str(path))


@pytest.fixture
def disk_full(monkeypatch):
    monkeypatch.setattr(FileSystemStorage, "_save", half_written_then_disk_full)


def media_files() -> list[Path]:
    media = Path(django_settings.MEDIA_ROOT)
    return [path for path in media.rglob("*") if path.is_file()] if media.exists() else []


def assert_disk_full_page(response, language: str) -> None:
    html = response.content.decode()
    assert response.status_code == 507
    assert f'<html lang="{language}">' in html
    for sentence in DISK_FULL[language]:
        assert sentence in html
    assert "Traceback" not in html


# The storage itself ---------------------------------------------------------------------


def test_a_file_the_disk_has_no_room_for_is_not_left_half_written(disk_full, tmp_path):
    storage = storages.create_storage(
        {
            "BACKEND": "training_site.storage.CleanFileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        }
    )

    with pytest.raises(OSError, match="No space left"):
        storage.save("photos/yak.jpg", ContentFile(b"x" * 1000))

    assert list(tmp_path.rglob("*.jpg")) == []


def test_a_file_of_the_same_name_already_there_is_kept(disk_full, tmp_path):
    storage = storages.create_storage(
        {
            "BACKEND": "training_site.storage.CleanFileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        }
    )
    (tmp_path / "yak.jpg").write_bytes(b"the first yak")

    with pytest.raises(OSError):
        storage.save("yak.jpg", ContentFile(b"x" * 1000))

    assert [path.name for path in tmp_path.iterdir()] == ["yak.jpg"]
    assert (tmp_path / "yak.jpg").read_bytes() == b"the first yak"


def test_the_site_stores_uploads_with_it():
    assert django_settings.STORAGES["default"]["BACKEND"] == (
        "training_site.storage.CleanFileSystemStorage"
    )


# The Wagtail admin ----------------------------------------------------------------------


@pytest.fixture
def editor(django_user_model):
    """A client logged in as a superuser who reads the admin in `language`; it gets the page
    a person would get, instead of the exception."""

    def editor_in(language: str) -> Client:
        user = django_user_model.objects.create_superuser("editor", "editor@example.org", "pw")
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = language
        profile.save()
        client = Client(raise_request_exception=False)
        client.force_login(user)
        return client

    return editor_in


def photo() -> SimpleUploadedFile:
    return SimpleUploadedFile("yak.jpg", picture_file().read(), content_type="image/jpeg")


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_an_image_added_on_a_full_disk_says_so_in_the_admins_language(editor, disk_full, language):
    response = editor(language).post(
        reverse("wagtailimages:add"), {"title": "牦牛", "file": photo()}
    )

    assert_disk_full_page(response, language)
    assert Image.objects.count() == 0
    assert media_files() == []


# Outside a test's transaction, as in production: the multiple uploader saves the image in
# no transaction of its own, so the failed save would spoil the test's.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_multiple_uploader_shows_the_message_beside_the_file(editor, disk_full):
    response = editor("zh-hans").post(
        reverse("wagtailimages:add_multiple"),
        {"files[]": photo()},
        headers={"x-requested-with": "XMLHttpRequest"},
    )

    assert response.status_code == 200
    answer = response.json()
    assert answer["success"] is False
    assert DISK_FULL["zh-hans"][1] in answer["error_message"]
    assert Image.objects.count() == 0
    assert UploadedFile.objects.count() == 0
    assert media_files() == []


@pytest.mark.django_db
def test_a_new_file_for_an_image_on_a_full_disk_keeps_the_old_one(editor, disk_full, monkeypatch):
    client = editor("en")
    monkeypatch.undo()
    image = Image.objects.create(title="牦牛", file=photo())
    before = (image.file.name, Path(image.file.path).read_bytes())
    monkeypatch.setattr(FileSystemStorage, "_save", half_written_then_disk_full)

    response = client.post(
        reverse("wagtailimages:edit", args=[image.pk]),
        {"title": "牦牛", "file": SimpleUploadedFile("new.jpg", picture_file(width=50).read())},
    )

    assert_disk_full_page(response, "en")
    image.refresh_from_db()
    assert (image.file.name, Path(image.file.path).read_bytes()) == before
    assert [path.name for path in media_files() if "original_images" in path.parts] == [
        Path(before[0]).name
    ]


@pytest.mark.django_db
def test_a_document_added_on_a_full_disk_says_so_and_is_not_kept(editor, disk_full):
    leaflet = SimpleUploadedFile("leaflet.pdf", b"%PDF-1.4 " + b"x" * 4000)

    response = editor("en").post(reverse("wagtaildocs:add"), {"title": "宣传单", "file": leaflet})

    assert_disk_full_page(response, "en")
    assert Document.objects.count() == 0
    assert media_files() == []


# A trainee's upload: a shop's milestone and its screenshot -------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["zh-hans", "bo", "en"])
def test_a_milestone_screenshot_on_a_full_disk_says_so_in_the_language_of_the_url(
    disk_full, private_storage, language
):
    scene = make_scene()
    owner = Client(raise_request_exception=False)
    owner.force_login(scene.owner)
    with translation.override(language):
        url = reverse("my_shop_milestone_add", args=[scene.shop.pk])
    screenshot = SimpleUploadedFile("shop.jpg", picture_file().read(), content_type="image/jpeg")

    response = owner.post(
        url,
        {
            "milestone-kind": MilestoneKind.FIRST_LISTING,
            "milestone-achieved_on": "2026-01-05",
            "milestone-evidence": screenshot,
        },
    )

    assert_disk_full_page(response, language)
    assert Milestone.objects.count() == 0
    assert media_files() == []
    assert [path for path in private_storage.rglob("*") if path.is_file()] == []


# A page that only reads, and needed a thumbnail -----------------------------------------

PREVIEW_DISK_FULL = {
    "zh-hans": ("存储空间已满，无法生成预览", "没有改动任何数据"),
    "en": (
        "No room left to make a preview",
        "The server has no room left to store files, so a preview of the image could not "
        "be made. Nothing was changed.",
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_opening_an_image_whose_thumbnail_the_disk_has_no_room_for_says_only_that(
    editor, monkeypatch, language
):
    client = editor(language)
    image = Image.objects.create(title="牦牛", file=photo())
    monkeypatch.setattr(FileSystemStorage, "_save", half_written_then_disk_full)

    response = client.get(reverse("wagtailimages:edit", args=[image.pk]))

    html = response.content.decode()
    assert response.status_code == 507
    for sentence in PREVIEW_DISK_FULL[language]:
        assert sentence in html
    assert DISK_FULL[language][1] not in html  # nothing was sent, so nothing "not stored"
    assert image.renditions.count() == 0
    assert [path for path in media_files() if "images" in path.parts] == []
    image.refresh_from_db()
    assert Path(image.file.path).is_file()


@pytest.mark.django_db
def test_saving_that_image_on_the_full_disk_says_what_was_sent_was_not_stored(editor, monkeypatch):
    client = editor("en")
    image = Image.objects.create(title="牦牛", file=photo())
    monkeypatch.setattr(FileSystemStorage, "_save", half_written_then_disk_full)

    response = client.post(
        reverse("wagtailimages:edit", args=[image.pk]),
        {"title": "牦牛", "file": SimpleUploadedFile("new.jpg", picture_file(width=50).read())},
    )

    assert_disk_full_page(response, "en")
    assert PREVIEW_DISK_FULL["en"][0] not in response.content.decode()
