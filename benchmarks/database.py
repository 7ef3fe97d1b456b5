"""A throwaway database for the benchmark, made and destroyed with Django's test machinery."""

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection

# A migrated database to copy instead of migrating anew: a SQLite file, or the name of a
# PostgreSQL database on the configured server. The test suite makes one per session, so its
# benchmark commands start in a second, not after a whole migration each.
TEMPLATE_VARIABLE = "BENCHMARK_TEMPLATE_DATABASE"


@contextmanager
def throwaway_database(*, folder: Path) -> Iterator[dict]:
    """Migrate a fresh database beside the configured one and drop it afterwards.

    SQLite: a file in `folder` (a server in another process can open it).
    PostgreSQL and others: `<configured name>_benchmark_<process id>` on the same server (two
    benchmarks at once, such as two test workers' of one run, never share one).
    The configured database itself is never opened. Yields the settings of
    the throwaway database, for a server process to use.
    """
    test_settings = connection.settings_dict.setdefault("TEST", {})
    if connection.vendor == "sqlite":
        test_settings["NAME"] = str(folder / "benchmark.sqlite3")
    else:
        test_settings["NAME"] = f"{connection.settings_dict['NAME']}_benchmark_{os.getpid()}"
    configured_name = connection.settings_dict["NAME"]
    template = os.environ.get(TEMPLATE_VARIABLE)
    if template:
        copy_database(template, test_settings["NAME"])
    else:
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        yield dict(connection.settings_dict)
    finally:
        connection.creation.destroy_test_db(configured_name, verbosity=0)


def copy_database(template: str, name: str) -> None:
    """Make database `name` a copy of `template` and point the connection at it, as
    `create_test_db` would have after migrating."""
    connection.close()
    if connection.vendor == "sqlite":
        shutil.copyfile(template, name)
    else:
        with connection._nodb_cursor() as cursor:
            quote = connection.ops.quote_name
            cursor.execute(f"DROP DATABASE IF EXISTS {quote(name)}")
            cursor.execute(f"CREATE DATABASE {quote(name)} TEMPLATE {quote(template)}")
    settings.DATABASES[connection.alias]["NAME"] = name
    connection.settings_dict["NAME"] = name
