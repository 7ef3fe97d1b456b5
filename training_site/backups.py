"""Backups of a PostgreSQL site: the database (pg_dump, custom format), the media and the
private files (certificate batches), in one folder; and putting them back on a new machine.

A backup folder holds `database.dump`, `media/` and `private/`. The commands `backup` and
`restore` (training_site/management/commands) are the operator's way in; docs/deploy.md
says when to run them.
"""

import os
import shutil
import subprocess
from pathlib import Path

from django.core.files.storage import FileSystemStorage, storages
from django.db import connections

DUMP = "database.dump"
# (folder in the backup, storage alias): media are the "default" storage.
FOLDERS = (("media", "default"), ("private", "private"))


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why and what to do."""


def _database(alias: str = "default"):
    connection = connections[alias]
    if connection.vendor != "postgresql":
        raise BackupError(
            f"Backups work on PostgreSQL only, and this site's database is {connection.vendor}. "
            "Set DATABASE_URL to the PostgreSQL database (with SQLite, copy db.sqlite3 "
            "while the site is stopped)."
        )
    return connection


def _postgres_environment(settings_dict: dict) -> dict[str, str]:
    """libpq's variables for the database, so that no password shows in the process list."""
    environment = {**os.environ, "PGDATABASE": settings_dict["NAME"]}
    for key, variable in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if settings_dict.get(key):
            environment[variable] = str(settings_dict[key])
    if settings_dict.get("PASSWORD"):
        environment["PGPASSWORD"] = settings_dict["PASSWORD"]
    if settings_dict.get("OPTIONS", {}).get("sslmode"):
        environment["PGSSLMODE"] = settings_dict["OPTIONS"]["sslmode"]
    return environment


def _run(program: str, arguments: list[str], settings_dict: dict) -> None:
    path = shutil.which(program)
    if path is None:
        raise BackupError(f"{program} is not installed: install the PostgreSQL client tools.")
    result = subprocess.run(  # noqa: S603 - the PostgreSQL client with our own arguments
        [path, *arguments],
        env=_postgres_environment(settings_dict),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BackupError(f"{program} failed: {result.stderr.strip()}")


def _local_folder(alias: str) -> Path | None:
    """The folder of a storage kept on disk; None for one in a bucket (S3)."""
    storage = storages[alias]
    return Path(storage.location) if isinstance(storage, FileSystemStorage) else None


def _is_empty(folder: Path) -> bool:
    return not folder.exists() or not any(folder.iterdir())


def _file_count(folder: Path) -> int:
    return sum(1 for path in folder.rglob("*") if path.is_file())


def backup(target: Path) -> list[str]:
    """Write the backup into `target`, a new or empty folder. Returns what was saved, in words."""
    connection = _database()
    if not _is_empty(target):
        raise BackupError(f"{target} is not empty: back up into a new folder.")
    target.mkdir(parents=True, exist_ok=True)
    settings_dict = connection.settings_dict
    _run("pg_dump", ["--format=custom", f"--file={target / DUMP}"], settings_dict)
    saved = [f"database {settings_dict['NAME']} in {target / DUMP}"]
    for name, alias in FOLDERS:
        source = _local_folder(alias)
        if source is None:
            saved.append(f"{name}: kept in its bucket, not copied (see docs/deploy.md)")
            continue
        if source.exists():
            shutil.copytree(source, target / name)
        else:
            (target / name).mkdir()
        saved.append(f"{name}: {_file_count(target / name)} files from {source}")
    return saved


def restore(source: Path) -> list[str]:
    """Put the backup in `source` into an empty database and empty media and private folders."""
    connection = _database()
    dump = source / DUMP
    if not dump.is_file():
        raise BackupError(f"{dump} does not exist: name a folder written by `manage.py backup`.")
    settings_dict = connection.settings_dict
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
    if tables:
        raise BackupError(
            f"The database {settings_dict['NAME']} already has {len(tables)} tables: "
            "restore into a new, empty database."
        )
    folders = [(name, _local_folder(alias)) for name, alias in FOLDERS]
    for name, folder in folders:
        if folder is not None and not _is_empty(folder):
            raise BackupError(
                f"The {name} folder {folder} is not empty: restore into an empty one."
            )
    connection.close()
    # One transaction: a dump that cannot be read leaves the database empty.
    _run(
        "pg_restore",
        [
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            f"--dbname={settings_dict['NAME']}",
            str(dump),
        ],
        settings_dict,
    )
    restored = [f"database {settings_dict['NAME']} from {dump}"]
    for name, folder in folders:
        if folder is None:
            restored.append(f"{name}: kept in its bucket, not copied (see docs/deploy.md)")
        elif (source / name).is_dir():
            shutil.copytree(source / name, folder, dirs_exist_ok=True)
            restored.append(f"{name}: {_file_count(folder)} files into {folder}")
    return restored
