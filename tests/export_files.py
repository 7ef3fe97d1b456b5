"""Exports read back as a programme office's Excel reads them: CSV as UTF-8 with its byte
order mark (the csv module, utf-8-sig), XLSX with openpyxl. A file holding personal data
unmasked starts with one line saying so (`machinery.exports.PERSONAL_DATA_NOTE`): `note` is
that line, or None."""

import csv
import io
from dataclasses import dataclass

from openpyxl import load_workbook

from django.utils import translation

from machinery.exports import PERSONAL_DATA_NOTE

BOM = b"\xef\xbb\xbf"


def _notes() -> set[str]:
    notes = set()
    for language in ("zh-hans", "en", "bo"):
        with translation.override(language):
            notes.add(str(PERSONAL_DATA_NOTE))
    return notes


@dataclass
class Table:
    filename: str
    note: str | None
    heading: list
    rows: list  # CSV: lists of strings; XLSX: tuples of openpyxl cells
    raw: bytes = b""


def filename_of(response) -> str:
    from urllib.parse import unquote

    disposition = response["Content-Disposition"]
    if "filename*=utf-8''" in disposition:
        return unquote(disposition.split("filename*=utf-8''", 1)[1])
    return disposition.split('filename="', 1)[1].rstrip('"')


def _split(lines: list) -> tuple:
    first = lines[0] if lines else []
    values = [cell.value if hasattr(cell, "value") else cell for cell in first]
    filled = [value for value in values if value not in (None, "")]
    if len(filled) == 1 and filled[0] in _notes():
        return filled[0], lines[1], lines[2:]
    return None, first, lines[1:]


def csv_table(response) -> Table:
    assert response.status_code == 200, response.status_code
    raw = b"".join(response.streaming_content)
    lines = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    note, heading, rows = _split(lines)
    return Table(filename_of(response), note, heading, rows, raw)


def xlsx_table(response) -> Table:
    assert response.status_code == 200, response.status_code
    raw = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(raw)).active
    note, heading, rows = _split([row for row in sheet.iter_rows()])
    return Table(filename_of(response), note, [cell.value for cell in heading], rows, raw)
