"""Every spreadsheet export (CSV and XLSX) writes its text cells through here, so that Excel
shows what was stored as text: never runs it as a formula, and never fails on it.

- A string that starts with "=", "+", "-", "@", a tab or a carriage return is text: in CSV it
  gets a leading "'" (what Excel itself writes for such text); in XLSX it is a string cell with
  the quote prefix style. Numbers, dates and booleans stay as they are.
- A control character already stored (other than tab and line feed) is replaced by "\ufffd":
  openpyxl refuses them, and they are invisible anyway.
"""

from openpyxl.cell import WriteOnlyCell

from machinery.text import CONTROL_CHARACTERS

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
REPLACEMENT = "\ufffd"


def readable(value):
    """A string with every control character but tab, line feed and CR replaced; any other
    value as given."""
    return CONTROL_CHARACTERS.sub(REPLACEMENT, value) if isinstance(value, str) else value


def is_formula_like(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_value(value):
    """A value as a CSV cell: a string is readable and never a formula; others as given."""
    value = readable(value)
    return "'" + value if is_formula_like(value) else value


def text_cell(cell: WriteOnlyCell) -> WriteOnlyCell:
    """The cell (its value already `readable`): a string is a string cell, never a formula."""
    if isinstance(cell.value, str):
        cell.data_type = "s"
        if is_formula_like(cell.value):
            cell.quotePrefix = True
    return cell


def xlsx_cell(worksheet, value) -> WriteOnlyCell:
    """A write-only cell of `value`: a string is readable and never a formula."""
    return text_cell(WriteOnlyCell(worksheet, readable(value)))


def xlsx_row(worksheet, values) -> list[WriteOnlyCell]:
    """A row for `worksheet.append` (write-only mode), each value through `xlsx_cell`."""
    return [xlsx_cell(worksheet, value) for value in values]
