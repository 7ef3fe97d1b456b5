"""A CSV table read by its headers, in any order, by any of their names."""

import pytest

from django.utils import translation

from machinery.imports import tables
from machinery.imports.errors import ImportFileError
from machinery.imports.tables import csv_table_read, header_key

COLUMNS = {
    "name": ("姓名", "name"),
    "birth_year": ("出生年份", "birth_year", "year_of_birth"),
    "phone": ("手机号", "phone"),
}
REQUIRED = ("name", "birth_year")


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def read(text: str):
    return csv_table_read(text, columns=COLUMNS, required=REQUIRED, empty="Empty file.")


@pytest.mark.parametrize(
    ("written", "key"),
    [("Year of birth", "year_of_birth"), (" BIRTH-YEAR ", "birth_year"), ("姓名", "姓名")],
)
def test_headers_compare_without_case_space_or_dash(written, key):
    assert header_key(written) == key


def test_columns_by_alias_in_any_order_and_rows_by_key():
    found, rows = read("Year of Birth,姓名,unknown\r\n1995,卓玛,x\r\n\r\n,,\r\n2001,扎西\r\n")

    assert found == {"birth_year": "Year of Birth", "name": "姓名"}
    # Rows keep the numbers a spreadsheet shows; blank rows are skipped; short rows padded.
    assert rows == [
        (2, {"birth_year": "1995", "name": "卓玛"}),
        (5, {"birth_year": "2001", "name": "扎西"}),
    ]


def test_a_missing_required_column_is_named_by_its_first_header():
    with pytest.raises(ImportFileError, match="lacks these columns: 出生年份"):
        read("name,phone\r\n卓玛,13800138000\r\n")


@pytest.mark.parametrize(
    "text", ["", "\r\n", ",,\r\n", "name,birth_year\r\n", "name,birth_year\r\n,\r\n"]
)
def test_a_file_without_header_or_rows_is_empty(text):
    with pytest.raises(ImportFileError, match="Empty file."):
        read(text)


def test_too_many_rows_are_refused(monkeypatch):
    monkeypatch.setattr(tables, "MAX_ROWS", 2)

    with pytest.raises(ImportFileError, match="more than 2 rows"):
        read("name,birth_year\r\na,1\r\nb,2\r\nc,3\r\n")
