"""The pages of an import declared as an ImportViewSet: the tiny import of words
(fake_import.py), at /admin/words-import/."""

import pytest

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import reverse

from wagtail.users.models import UserProfile

from machinery.imports.records import IMPORTS, ImportStatus, import_get
from machinery.imports.views import column_help

from .fake_import import KIND, VIEWSET, WORDS

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.machinery.imports.fake_import")]

UPLOAD = "/admin/words-import/"


@pytest.fixture(autouse=True)
def _fresh():
    cache.clear()
    WORDS.clear()


def admin_user(username: str, *, superuser: bool = True):
    user = get_user_model().objects.create_user(
        username=username, password="x", is_superuser=superuser, is_staff=True
    )
    preferences = UserProfile.get_for_user(user)
    preferences.preferred_language = "en"
    preferences.save()
    return user


@pytest.fixture
def importer(client):
    user = admin_user("importer")
    client.force_login(user)
    return user


def upload(client, text: str):
    return client.post(UPLOAD, {"file": SimpleUploadedFile("words.csv", text.encode("gbk"))})


def test_the_urls_keep_the_prefix_and_are_named_in_the_viewsets_namespace():
    assert reverse("words_import:upload") == UPLOAD
    assert reverse("words_import:detail", args=["abc"]) == "/admin/words-import/abc/"
    assert reverse("words_import:apply", args=["abc"]) == "/admin/words-import/abc/apply/"


def test_the_upload_page_shows_the_label_columns_and_the_imports_own_context(client, importer):
    page = client.get(UPLOAD)

    html = page.content.decode()
    assert page.status_code == 200
    assert "File of words (CSV)" in html
    assert '<td lang="zh-hans">数量</td>' in html  # each header says its language
    assert '<code lang="en">count</code>' in html
    assert page.context["columns"] == [
        {"chinese": "词", "english": "word", "required": True},
        {"chinese": "数量", "english": "count", "required": True},
    ]
    assert page.context["county"] is None
    assert page.context["extra"] == "more"
    assert [item["label"] for item in page.context["breadcrumbs_items"]][1:] == [
        "Words",
        "Import words",
    ]


def test_an_upload_is_checked_previewed_and_applied(client, importer):
    response = upload(client, "词,数量\r\nyak,2\r\n")

    import_id = import_get_id(response)
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.context["status"] == ImportStatus.READY
    apply_url = reverse("words_import:apply", args=[import_id])
    assert f'action="{apply_url}"' in page.content.decode()

    applied = client.post(apply_url)

    assert applied["Location"] == reverse("words_import:detail", args=[import_id])
    assert import_get(import_id)["status"] == ImportStatus.APPLIED
    assert WORDS == {"yak": 2}


def import_get_id(response) -> str:
    return response["Location"].rstrip("/").rsplit("/", 1)[-1]


def test_a_file_that_is_not_csv_is_refused_on_the_form(client, importer):
    response = client.post(UPLOAD, {"file": SimpleUploadedFile("words.xlsx", b"PK\x03\x04")})

    # The form again (no import started), with the refusal; the admin's own URLs would
    # also switch to the user's language, which this test URL conf does not.
    assert response.status_code == 200
    assert response.context["form"].has_error("file")
    assert str(response.context["form"].errors["file"][0]) in response.content.decode()


def test_row_errors_are_listed(client, importer):
    page = client.get(upload(client, "word,count\r\nyak,many\r\n")["Location"])

    assert page.context["status"] == ImportStatus.INVALID
    assert page.context["errors"] == [{"row": 2, "column": "count", "message": "Not a number."}]


def test_an_import_is_seen_only_by_its_starter_and_on_the_pages_of_its_kind(client, importer):
    import_id = import_get_id(upload(client, "word,count\r\nyak,2\r\n"))
    other_kind = IMPORTS.create(user=importer, kind="other", status=ImportStatus.READY)
    client.force_login(admin_user("someone"))

    assert client.get(reverse("words_import:detail", args=[import_id])).status_code == 404
    assert client.post(reverse("words_import:apply", args=[import_id])).status_code == 404
    client.force_login(importer)
    detail = reverse("words_import:detail", args=[other_kind["id"]])
    assert client.get(detail).status_code == 404
    assert import_get(import_id)["kind"] == KIND


def test_apply_takes_post_only(client, importer):
    import_id = import_get_id(upload(client, "word,count\r\nyak,2\r\n"))

    assert client.get(reverse("words_import:apply", args=[import_id])).status_code == 405


def test_who_may_not_import_is_refused_and_sees_no_menu_item(client):
    user = admin_user("editor", superuser=False)
    client.force_login(user)

    assert client.get(UPLOAD).status_code in (302, 403)
    request = RequestFactory().get("/admin/")
    request.user = user
    item = VIEWSET.get_menu_item()
    assert item.is_shown(request) is False
    request.user = admin_user("manager")
    assert item.is_shown(request) is True


def test_the_column_help_names_each_column_in_chinese_and_in_latin_letters():
    columns = {"phone": ("手机号", "手机号码", "phone"), "name": ("姓名", "name")}

    assert column_help(columns, required=("name",)) == [
        {"chinese": "手机号", "english": "phone", "required": False},
        {"chinese": "姓名", "english": "name", "required": True},
    ]
