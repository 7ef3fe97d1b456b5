"""Which text can name a record by its id.

Django sends a number larger than any id to the database when it looks a page up by id
(a page's id is its link to Page), and the database fails on it: a server error. Code
that reads an id from a request asks here first.
"""

# The largest id a database column holds (a signed 64-bit integer, on SQLite and PostgreSQL).
ID_MAX = 2**63 - 1


def is_record_id(text: str) -> bool:
    """Whether `text` is a whole number an id column can hold (decimal digits of any script)."""
    text = str(text).strip()
    return text.isdecimal() and int(text) <= ID_MAX


def is_number_beyond_ids(text: str) -> bool:
    """Whether `text` is a whole number, maybe negative, that no id column can hold."""
    digits = str(text).strip().lstrip("-")
    return digits.isdecimal() and int(digits) > ID_MAX
