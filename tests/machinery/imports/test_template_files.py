"""An import's template as Excel opens it: CSV with a BOM, a workbook of text cells."""

import codecs
import io

from openpyxl import load_workbook

from machinery.imports.template_files import template_csv, template_xlsx

HEADER = ["姓名", "身份证号", "入学日期"]
ROWS = [["示例学员甲", "51333419900101000X", "2025-03-01"], ["=1+1", "0012", ""]]


def test_the_csv_template_has_a_bom_and_no_formula():
    content = template_csv(HEADER, ROWS)

    assert content.startswith(codecs.BOM_UTF8)
    assert content.decode("utf-8-sig").splitlines() == [
        "姓名,身份证号,入学日期",
        "示例学员甲,51333419900101000X,2025-03-01",
        "'=1+1,0012,",
    ]


def test_the_workbooks_cells_are_text_as_typed_even_below_the_examples():
    sheet = load_workbook(io.BytesIO(template_xlsx(HEADER, ROWS, title="roster-template"))).active

    assert [[cell.value for cell in row] for row in sheet.iter_rows(max_row=3)] == [
        HEADER,
        ROWS[0],
        ["=1+1", "0012", None],
    ]
    assert sheet["A2"].data_type == "s"
    assert sheet["A3"].data_type == "s"  # text, not a formula
    # A cell the coordinator fills in later is text too: Excel keeps 18 digits and dates.
    assert sheet["B500"].number_format == "@"
    assert sheet.freeze_panes == "A2"
