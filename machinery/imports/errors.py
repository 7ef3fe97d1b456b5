"""What goes wrong in an import: the whole file, or a cell of a row."""

from dataclasses import dataclass


class ImportFileError(Exception):
    """The file as a whole cannot be read: its encoding, its header row, its size."""


@dataclass(frozen=True)
class RowError:
    """A problem of one row, named where a person finds it in the file."""

    row: int  # as a spreadsheet numbers it: the header is row 1
    column: str  # the header as written in the file; empty for the whole row
    message: str


class ImportInvalid(Exception):
    """Raised by an apply that found row errors: nothing was written."""

    def __init__(self, errors: list[RowError], check=None):
        super().__init__(f"{len(errors)} errors")
        self.errors = errors
        self.check = check  # the check that found them, for its preview when it has one
