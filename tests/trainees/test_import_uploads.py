"""Files that are not what the imports read (roster, areas, sales), uploaded to each of
their pages: each is refused on the form with a clear message, and no import starts."""

import functools
import io
import zipfile

import pytest
from bs4 import BeautifulSoup

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.users.models import UserProfile

from tests.trainees.admin_cast import user_in
from trainees import roles

pytestmark = pytest.mark.django_db

UPLOAD_PAGES = ["roster_import:upload", "area_import:upload", "sales_import:upload"]
WORKBOOK_MESSAGE = (
    "This is an Excel workbook, not a CSV file: in Excel choose “Save as”, then “CSV UTF-8”, "
    "and upload that file."
)


@functools.cache
def zip_bomb_workbook() -> bytes:
    """An XLSX whose one sheet expands from a few hundred kilobytes to a gigabyte."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as workbook:
        workbook.writestr("[Content_Types].xml", "<Types/>")
        with workbook.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            zeros = b"0" * (1024 * 1024)
            for _ in range(1024):
                sheet.write(zeros)
    return buffer.getvalue()


def real_workbook() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as workbook:
        workbook.writestr("[Content_Types].xml", "<Types/>")
    return buffer.getvalue()


@pytest.fixture
def manager(client):
    user = user_in(roles.PROGRAMME_MANAGERS)
    preferences = UserProfile.get_for_user(user)
    preferences.preferred_language = "en"
    preferences.save()
    client.force_login(user)
    return user


def form_error(response) -> str:
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    return " ".join(error.get_text(" ", strip=True) for error in soup.select(".error-message"))


def upload(client, page: str, name: str, data: bytes):
    file = SimpleUploadedFile(name, data, content_type="application/octet-stream")
    return client.post(reverse(page), {"file": file})


@pytest.mark.parametrize("page", UPLOAD_PAGES)
@pytest.mark.parametrize(
    ("name", "data"),
    [("roster.xlsx", "bomb"), ("roster.xlsx", "workbook"), ("roster.csv", "bomb")],
    ids=["zip-bomb-xlsx", "xlsx", "zip-bomb-named-csv"],
)
def test_a_workbook_or_a_zip_bomb_is_refused_unopened(client, manager, page, name, data):
    data = zip_bomb_workbook() if data == "bomb" else real_workbook()

    response = upload(client, page, name, data)

    assert response.status_code == 200  # the form again: no import started
    assert WORKBOOK_MESSAGE in form_error(response)


@pytest.mark.parametrize("page", UPLOAD_PAGES)
def test_a_file_over_ten_megabytes_is_refused(client, manager, page):
    response = upload(client, page, "big.csv", b"a,b\n" * (3 * 1024 * 1024))

    assert response.status_code == 200
    assert "The file is larger than 10 MB; split it." in form_error(response)


@pytest.mark.parametrize("page", UPLOAD_PAGES)
@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("photo.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
        ("roster.csv", "姓名,性别\n卓玛,女\n".encode("utf-16")),
        ("run.exe", b"MZ\x90\x00\x03\x00\x00\x00"),
    ],
    ids=["png", "utf-16", "program"],
)
def test_a_binary_file_is_refused_with_the_encoding_message(client, manager, page, name, data):
    response = upload(client, page, name, data)

    assert response.status_code == 200
    assert "Wrong file encoding: save the file as CSV in UTF-8 or GBK" in form_error(response)
