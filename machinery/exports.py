"""Every spreadsheet export (CSV and XLSX) turns a stored value into a cell here, so that a
programme office opens it in Excel and reads what the site shows (`cell_value`):

- True and False are the words Yes and No of the reader's language (`machinery.display`);
- a moment is local time (Asia/Shanghai): in CSV written 2026-12-07 09:00 in every language
  (it sorts, and Excel reads it as a date), in XLSX a date-time cell Excel can sort, with the
  language's date format; a date likewise (2026-12-07 in CSV);
- a share (`Percent`, kept as a number of per cent: 35 means 35 %) is "35%" in CSV and the
  number 0.35 formatted as a percentage in XLSX;
- a choice's code is its label: the admin's exports pass labels (machinery.admin.views);
- a string that starts with "=", "+", "-", "@", a tab or a carriage return is text: in CSV it
  gets a leading "'" (what Excel itself writes for such text); in XLSX it is a string cell with
  the quote prefix style. Numbers stay numbers.
- A control character already stored (other than tab and line feed) is replaced by "\ufffd":
  openpyxl refuses them, and they are invisible anyway.

A CSV file starts with a UTF-8 byte order mark (`CSV_START`), without which Excel reads
Chinese as mojibake. A file holding personal data unmasked says so on its first line and in
its name (`PERSONAL_DATA_NOTE`, `personal_data_filename`).
"""

import datetime
import functools
from dataclasses import dataclass
from decimal import Decimal

from openpyxl.cell import WriteOnlyCell

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.admin.views.mixins import ExcelDateFormatter

from machinery.display import local_moment, yes_no
from machinery.text import CONTROL_CHARACTERS

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
REPLACEMENT = "\ufffd"
CSV, XLSX = "csv", "xlsx"
CSV_START = "\ufeff"  # UTF-8's byte order mark: Excel then reads the file as UTF-8
# A moment in a CSV, local time, in every language: it sorts, and Excel reads it as a date
# (a Tibetan 2026ལོའི་ཟླ་11ཚེས་18 would be text to it).
CSV_MOMENT = "%Y-%m-%d %H:%M"
DATE_FORMAT = "yyyy-mm-dd"
PERSONAL_DATA_NOTE = gettext_lazy(
    "This file holds personal data unmasked (identity numbers, phone numbers, household "
    "status): keep it safe and pass it to no one who may not see it."
)


@dataclass(frozen=True)
class Percent:
    """A share kept as a number of per cent (35 means 35 %), to be written as a percentage."""

    value: Decimal | int | float | None


def readable(value):
    """A string with every control character but tab, line feed and CR replaced; any other
    value as given."""
    return CONTROL_CHARACTERS.sub(REPLACEMENT, value) if isinstance(value, str) else value


def is_formula_like(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def percent_text(share: Percent) -> str:
    """35 -> "35%", Decimal("0.8") -> "0.8%", None -> ""."""
    if share.value is None:
        return ""
    number = Decimal(str(share.value)).normalize()
    return f"{number:f}%"


def cell_value(value, file_format: str):
    """A stored value as the cell of a `file_format` ("csv" or "xlsx") export (see the
    module): the one place where a model value becomes an export cell."""
    if isinstance(value, Percent):
        if file_format == CSV:
            return percent_text(value)
        return None if value.value is None else Decimal(str(value.value)) / 100
    if isinstance(value, bool):
        value = yes_no(value)
    elif isinstance(value, datetime.datetime):
        if file_format == CSV:
            value = f"{local_moment(value):{CSV_MOMENT}}"
        else:
            value = local_moment(value).replace(tzinfo=None, microsecond=0)
    elif isinstance(value, datetime.date):
        value = value.isoformat() if file_format == CSV else value
    elif isinstance(value, list | tuple):
        value = ", ".join(str(item) for item in value)
    elif isinstance(value, Promise):
        value = str(value)
    elif value is not None and not isinstance(value, str | int | float | Decimal):
        value = str(value)  # a record: its name
    value = readable(value)
    if file_format == CSV and is_formula_like(value):
        return "'" + value
    return value


def csv_value(value):
    """A value as a CSV cell (`cell_value`)."""
    return cell_value(value, CSV)


def text_cell(cell: WriteOnlyCell) -> WriteOnlyCell:
    """The cell (its value already `readable`): a string is a string cell, never a formula."""
    if isinstance(cell.value, str):
        cell.data_type = "s"
        if is_formula_like(cell.value):
            cell.quotePrefix = True
    return cell


def xlsx_cell(worksheet, value) -> WriteOnlyCell:
    """A write-only cell of `value` (`cell_value`), with the number format a share, a moment
    or a date is read by."""
    cell = text_cell(WriteOnlyCell(worksheet, cell_value(value, XLSX)))
    if isinstance(value, Percent):
        cell.number_format = percent_format(value)
    elif isinstance(value, datetime.datetime):
        cell.number_format = excel_datetime_format(translation.get_language())
    elif isinstance(value, datetime.date):
        cell.number_format = DATE_FORMAT
    return cell


def xlsx_row(worksheet, values) -> list[WriteOnlyCell]:
    """A row for `worksheet.append` (write-only mode), each value through `xlsx_cell`."""
    return [xlsx_cell(worksheet, value) for value in values]


def percent_format(share: Percent) -> str:
    """ "0%" for a whole number of per cent, "0.0%" for one with a decimal."""
    if share.value is None or Decimal(str(share.value)) % 1 == 0:
        return "0%"
    return "0.0%"


@functools.cache
def excel_datetime_format(language: str | None) -> str:
    """The language's DATETIME_FORMAT as Excel writes it (2026年12月7日 09:00 in Chinese)."""
    return ExcelDateFormatter().get()


def personal_data_filename(name: str) -> str:
    """The name of an export holding personal data unmasked: it says so."""
    suffix = _("unmasked")
    return f"{name}-{suffix}"
