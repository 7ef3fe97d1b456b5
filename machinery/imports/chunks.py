"""Lookups of many values at once, in chunks a database accepts."""

from collections.abc import Iterator

# Values per query, well under SQLite's limit of variables; also the batch size of bulk writes.
LOOKUP_CHUNK = 900


def chunks(values: list, size: int = LOOKUP_CHUNK) -> Iterator[list]:
    for start in range(0, len(values), size):
        yield values[start : start + size]
