"""Documents uploaded through the Wagtail admin: a type a browser would run (HTML, SVG,
scripts) or a file over the limit is refused with a message and nothing is stored; what
is stored is served so that a browser never runs it."""

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.documents.models import Document

SCRIPT = b"<script>window.__pwned=1</script>"


def upload(editor, name: str, data: bytes) -> str | None:
    """The error the single uploader shows, or None when the document is stored."""
    response = editor.post(
        reverse("wagtaildocs:add"), {"title": "资料", "file": SimpleUploadedFile(name, data)}
    )
    if response.status_code == 302:
        return None
    assert response.status_code == 200
    errors = BeautifulSoup(response.content, "html.parser").select(".error-message")
    return " ".join(error.get_text(strip=True) for error in errors)


def assert_nothing_stored():
    assert Document.objects.count() == 0
    media = Path(django_settings.MEDIA_ROOT)
    assert not media.exists() or [path for path in media.rglob("*") if path.is_file()] == []


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["page.html", "page.htm", "logo.svg", "run.js", "setup.exe"])
def test_a_type_a_browser_or_computer_would_run_is_refused(editor, name):
    message = upload(editor, name, b"<html><body>" + SCRIPT + b"</body></html>")

    extension = name.rsplit(".", 1)[1]
    assert message == (
        f"File extension “{extension}” is not allowed. "
        "Allowed extensions are: pdf, docx, xlsx, pptx, txt, csv, zip, mp4, webm, mp3."
    )
    assert_nothing_stored()


@pytest.mark.django_db
def test_a_document_over_the_upload_limit_is_refused(editor, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1_000

    message = upload(editor, "handbook.pdf", b"%PDF-1.4\n" + b"0" * 2_000)

    assert message.startswith("This file is too big (")
    assert_nothing_stored()


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["notes.txt", "sales.csv", "handbook.pdf"])
def test_a_stored_document_holding_a_script_is_served_so_it_cannot_run(editor, client, name):
    assert upload(editor, name, b"<html><body>" + SCRIPT + b"</body></html>") is None

    document = Document.objects.get()
    response = client.get(document.url)

    assert response.status_code == 200
    assert "text/html" not in response["Content-Type"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'none'" in response["Content-Security-Policy"]
