"""An import's template, to download from its upload page: its headers and example rows, as
CSV (UTF-8 with a byte order mark, which Excel needs to read Chinese) or as an Excel workbook
whose every column is text, so Excel keeps an 18-digit identity number, a leading zero and
a date written 2024-03-01 as they are typed (then saved as “CSV UTF-8” to upload it)."""

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from machinery.exports import csv_value, readable

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Rows of the workbook formatted as text beyond the examples: room for a county's roster.
TEXT_ROWS = 2000


def template_csv(header: list[str], rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([csv_value(cell) for cell in header])
    writer.writerows([csv_value(cell) for cell in row] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")


def template_xlsx(header: list[str], rows: list[list[str]], *, title: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append([readable(cell) for cell in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([readable(cell) for cell in row])
    for row in sheet.iter_rows(min_row=1, max_row=TEXT_ROWS, max_col=len(header)):
        for cell in row:
            cell.number_format = "@"
            cell.data_type = "s" if cell.value is not None else cell.data_type
    for position, name in enumerate(header, start=1):
        widest = max([len(name), *(len(row[position - 1]) for row in rows)])
        sheet.column_dimensions[get_column_letter(position)].width = min(2 + 1.8 * widest, 40)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
