"""An uploaded file as text: UTF-8 with or without BOM, GBK/GB18030, else a clear refusal."""

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from machinery.imports import decoding
from machinery.imports.decoding import text_decode, upload_decode
from machinery.imports.errors import ImportFileError

TEXT = "姓名,县\r\n卓玛,理塘县\r\n"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    "data", [TEXT.encode("utf-8"), TEXT.encode("utf-8-sig"), TEXT.encode("gbk")]
)
def test_utf8_with_or_without_bom_and_gbk_read_the_same(data):
    assert text_decode(data) == TEXT


def test_gb18030_beyond_gbk_is_read():
    text = "名,𠀀\r\n"  # a character GBK lacks
    assert text_decode(text.encode("gb18030")) == text


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-32"])
def test_utf16_and_binary_are_refused(encoding):
    with pytest.raises(ImportFileError, match="Wrong file encoding"):
        text_decode(TEXT.encode(encoding))


@pytest.mark.parametrize("start", [b"PK\x03\x04", b"\xd0\xcf\x11\xe0"])
def test_a_workbook_is_refused_unopened(start):
    with pytest.raises(ImportFileError, match="This is an Excel workbook, not a CSV file"):
        text_decode(start + b"\x00" * 100)


def test_an_upload_over_the_limit_is_refused_before_it_is_read(monkeypatch):
    monkeypatch.setattr(decoding, "MAX_FILE_SIZE", 10)
    upload = SimpleUploadedFile("big.csv", b"a" * 11)

    with pytest.raises(ImportFileError, match="larger than 10 MB"):
        upload_decode(upload)
    assert upload.tell() == 0


def test_an_upload_within_the_limit_is_read():
    assert upload_decode(SimpleUploadedFile("roster.csv", TEXT.encode("gbk"))) == TEXT


def test_the_refusal_is_translated():
    with translation.override("zh-hans"), pytest.raises(ImportFileError) as refused:
        text_decode(b"PK\x03\x04")
    assert "CSV" in str(refused.value)
    assert "This is an Excel workbook" not in str(refused.value)
