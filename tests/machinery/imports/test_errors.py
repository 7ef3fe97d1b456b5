import dataclasses

from machinery.imports.errors import ImportInvalid, RowError


def test_a_row_error_says_row_column_and_problem_as_plain_data():
    error = RowError(3, "手机号", "Not a number.")

    assert dataclasses.asdict(error) == {"row": 3, "column": "手机号", "message": "Not a number."}


def test_an_invalid_import_carries_its_errors():
    errors = [RowError(2, "", "Bad row."), RowError(3, "数量", "Not a number.")]

    assert ImportInvalid(errors).errors == errors
    assert str(ImportInvalid(errors)) == "2 errors"
