"""An uploaded file's text: CSV in UTF-8 (with or without BOM) or GBK/GB18030, what Excel
saves in China. A workbook is refused unopened, so a ZIP bomb named .xlsx costs nothing;
a file over MAX_FILE_SIZE is refused before it is read."""

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from machinery.imports.errors import ImportFileError

MAX_FILE_SIZE = 10 * 1024 * 1024

# How an Excel workbook (XLSX, a ZIP) and an old Excel file (XLS) begin.
WORKBOOK_STARTS = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")


def text_decode(data: bytes) -> str:
    """The file's text: UTF-8 (with or without BOM) or GBK/GB18030, else ImportFileError."""
    if data.startswith(WORKBOOK_STARTS):
        raise ImportFileError(
            _(
                "This is an Excel workbook, not a CSV file: in Excel choose “Save as”, "
                "then “CSV UTF-8”, and upload that file."
            )
        )
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        # UTF-16 and binary files decode as GB18030 with NUL characters in them.
        if "\x00" not in text:
            return text
    raise ImportFileError(
        _("Wrong file encoding: save the file as CSV in UTF-8 or GBK (Excel's “CSV” format).")
    )


def upload_decode(upload: UploadedFile) -> str:
    """An uploaded file's text; ImportFileError when it is too large or not CSV text."""
    if upload.size > MAX_FILE_SIZE:
        raise ImportFileError(_("The file is larger than 10 MB; split it."))
    return text_decode(upload.read())
