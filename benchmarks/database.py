"""A throwaway database for the benchmark, made and destroyed with Django's test machinery."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.db import connection


@contextmanager
def throwaway_database(*, folder: Path) -> Iterator[dict]:
    """Migrate a fresh database beside the configured one and drop it afterwards.

    SQLite: a file in `folder` (a server in another process can open it).
    PostgreSQL and others: `<configured name>_benchmark` on the same server.
    The configured database itself is never opened. Yields the settings of
    the throwaway database, for a server process to use.
    """
    test_settings = connection.settings_dict.setdefault("TEST", {})
    if connection.vendor == "sqlite":
        test_settings["NAME"] = str(folder / "benchmark.sqlite3")
    else:
        test_settings["NAME"] = f"{connection.settings_dict['NAME']}_benchmark"
    configured_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        yield dict(connection.settings_dict)
    finally:
        connection.creation.destroy_test_db(configured_name, verbosity=0)
