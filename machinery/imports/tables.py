"""A CSV table read by its headers: each field has headers it is known by (Chinese, English,
other spellings), in any order; blank rows are skipped."""

import csv
import io
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from machinery.imports.errors import ImportFileError, RowError
from machinery.text import refuse_control_characters

MAX_ROWS = 20_000

Rows = list[tuple[int, dict[str, str]]]


def header_key(header: str) -> str:
    """A header as compared: no case, no surrounding space; spaces and dashes read as "_"."""
    return re.sub(r"[\s\-]+", "_", header.strip().lower())


def csv_table_read(
    text: str, *, columns: dict[str, tuple[str, ...]], required: tuple[str, ...], empty: str
) -> tuple[dict[str, str], Rows]:
    """The columns found (field key -> header as written) and the rows of values by key,
    each with its row number as a spreadsheet shows it (the header is row 1).

    `columns` maps each field key to the headers accepted for it (the first is the
    one named in messages); `empty` is the message for a file without rows.
    Raises ImportFileError for a file without header or rows, a missing required
    column, or more than MAX_ROWS rows.
    """
    header_keys = {header_key(alias): key for key, aliases in columns.items() for alias in aliases}
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if not header or not any(cell.strip() for cell in header):
        raise ImportFileError(empty)
    found: dict[str, str] = {}
    positions: dict[str, int] = {}
    for position, cell in enumerate(header):
        key = header_keys.get(header_key(cell))
        if key and key not in found:
            found[key] = cell.strip()
            positions[key] = position
    missing = [columns[key][0] for key in required if key not in found]
    if missing:
        raise ImportFileError(
            _("The header row lacks these columns: %(columns)s.") % {"columns": "、".join(missing)}
        )
    rows = []
    for line_number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        values = {
            key: (cells[position].strip() if position < len(cells) else "")
            for key, position in positions.items()
        }
        rows.append((line_number, values))
        if len(rows) > MAX_ROWS:
            raise ImportFileError(
                _("The file has more than %(count)d rows; split it into smaller files.")
                % {"count": MAX_ROWS}
            )
    if not rows:
        raise ImportFileError(empty)
    return found, rows


def control_character_errors(columns: dict[str, str], rows: Rows) -> list[RowError]:
    """A RowError for each cell that holds a control character (`machinery.text`)."""
    errors = []
    for line, values in rows:
        for key, value in values.items():
            try:
                refuse_control_characters(value)
            except ValidationError as invalid:
                errors.append(RowError(line, columns.get(key, key), invalid.messages[0]))
    return errors
