"""Backups: `manage.py backup` and `manage.py restore` (docs/deploy.md, "Backups").

A small programme is backed up by the command an operator runs, restored into an empty
database and fresh folders as on a new machine, and every record and file comes back.
"""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest

from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import CommandError, call_command
from django.db import connection

from courses.factories import ImageFactory, LessonPageFactory
from incubator.models import Job, SalesReport, Shop
from tests.outcomes import world
from trainees.models import Certificate, Enrolment, Trainee

REPO = Path(__file__).resolve().parents[2]

ON_POSTGRES = os.environ.get("DATABASE_URL", "").split(":")[0] in {"postgres", "postgresql"}
postgres_only = pytest.mark.skipif(
    not ON_POSTGRES,
    reason="backups are pg_dump/pg_restore of PostgreSQL: run with DATABASE_URL=postgres://...",
)


def database_url(name: str) -> str:
    settings = connection.settings_dict
    password = f":{quote(settings['PASSWORD'])}" if settings["PASSWORD"] else ""
    host = f"{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}"
    return f"postgres://{quote(settings['USER'])}{password}@{host}/{name}"


def manage(arguments: list[str], *, database: str, media: Path, private: Path):
    """`python manage.py ...` as an operator runs it on a machine with these settings."""
    return subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "manage.py", *arguments],
        cwd=REPO,
        env={
            "PATH": os.environ["PATH"],
            "DJANGO_SETTINGS_MODULE": "training_site.settings.dev",
            "DATABASE_URL": database_url(database),
            "MEDIA_ROOT": str(media),
            "PRIVATE_STORAGE_ROOT": str(private),
        },
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def maintenance(statement: str) -> None:
    with psycopg.connect(database_url("postgres"), autocommit=True) as admin:
        admin.execute(statement)


@pytest.fixture
def empty_database():
    """A new, empty database for the restore (test_eagle_restore beside test_eagle), dropped
    afterwards."""
    name = f"{connection.settings_dict['NAME']}_restore"
    maintenance(f'DROP DATABASE IF EXISTS "{name}"')
    maintenance(f'CREATE DATABASE "{name}"')
    yield name
    maintenance(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def tables(name: str) -> dict[str, list[tuple]]:
    """Every table of the database with all its rows, in a stable order."""
    with psycopg.connect(database_url(name)) as db:
        names = [
            row[0]
            for row in db.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
            )
        ]
        return {
            table: sorted(db.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr)  # noqa: S608
            for table in names
        }


def files(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in folder.rglob("*")
        if path.is_file()
    }


@postgres_only
@pytest.mark.slow
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_restored_backup_holds_every_record_and_file(
    settings, private_storage, tmp_path, empty_database
):
    world.build()
    LessonPageFactory()
    image = ImageFactory()
    image.get_rendition("fill-120x80")
    storages["private"].save(
        "certificate-batches/batch.zip", ContentFile(b"PK\x05\x06" + bytes(18))
    )
    media = Path(settings.MEDIA_ROOT)
    folder = tmp_path / "backup-2026-12-03"

    saved = manage(
        ["backup", str(folder)],
        database=connection.settings_dict["NAME"],
        media=media,
        private=private_storage,
    )
    assert saved.returncode == 0, saved.stderr
    assert "database.dump" in saved.stdout
    fresh_media, fresh_private = (
        tmp_path / "new-machine" / "media",
        tmp_path / "new-machine" / "private",
    )
    restored = manage(
        ["restore", str(folder)], database=empty_database, media=fresh_media, private=fresh_private
    )
    assert restored.returncode == 0, restored.stderr

    before, after = tables(connection.settings_dict["NAME"]), tables(empty_database)
    for model in apps.get_models(include_auto_created=True):
        if model._meta.managed and not model._meta.proxy:
            table = model._meta.db_table
            assert len(after[table]) == len(before[table]), model
    for model, count in [
        (Trainee, 4),
        (Enrolment, 8),
        (Certificate, 4),
        (Shop, 3),
        (SalesReport, 9),
        (Job, 5),
    ]:
        assert len(after[model._meta.db_table]) == count, model
    assert after == before  # every row of every table, migrations and page tree included
    certificate = Certificate.objects.order_by("pk").first()
    with psycopg.connect(database_url(empty_database)) as db:
        assert db.execute(
            "SELECT number, verification_code, issued_on FROM trainees_certificate WHERE id = %s",
            [certificate.pk],
        ).fetchone() == (certificate.number, certificate.verification_code, certificate.issued_on)

    assert files(fresh_media) == files(media)
    assert any(name.startswith("original_images/") for name in files(fresh_media))
    assert any(name.startswith("images/") for name in files(fresh_media))  # the rendition
    assert files(fresh_private) == {"certificate-batches/batch.zip": b"PK\x05\x06" + bytes(18)}


@postgres_only
@pytest.mark.django_db
def test_a_backup_goes_into_a_new_folder_only(tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    (folder / "notes.txt").write_text("last week's")

    with pytest.raises(CommandError, match="is not empty: back up into a new folder"):
        call_command("backup", str(folder))

    assert files(folder) == {"notes.txt": b"last week's"}


@postgres_only
@pytest.mark.django_db
def test_a_restore_names_a_folder_written_by_backup(tmp_path):
    with pytest.raises(CommandError, match="database.dump does not exist"):
        call_command("restore", str(tmp_path))


@postgres_only
@pytest.mark.django_db
def test_a_restore_never_writes_over_a_database_in_use(tmp_path):
    world.build()
    (tmp_path / "database.dump").write_bytes(b"PGDMP")
    trainees = list(Trainee.objects.values_list("pk", "county_id").order_by("pk"))

    with pytest.raises(CommandError, match="already has .* tables: restore into a new, empty"):
        call_command("restore", str(tmp_path))

    assert list(Trainee.objects.values_list("pk", "county_id").order_by("pk")) == trainees


def restored_tables(name: str) -> list[str]:
    with psycopg.connect(database_url(name)) as db:
        return db.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchall()


@postgres_only
@pytest.mark.slow
@pytest.mark.django_db
def test_a_restore_never_mixes_the_backup_with_files_already_there(tmp_path, empty_database):
    (tmp_path / "database.dump").write_bytes(b"PGDMP")
    media = tmp_path / "media"
    media.mkdir()
    (media / "logo.png").write_bytes(b"someone else's")

    result = manage(
        ["restore", str(tmp_path)], database=empty_database, media=media, private=tmp_path / "p"
    )

    assert result.returncode != 0
    assert f"The media folder {media} is not empty: restore into an empty one." in result.stderr
    assert restored_tables(empty_database) == []
    assert files(media) == {"logo.png": b"someone else's"}


@postgres_only
@pytest.mark.slow
@pytest.mark.django_db
def test_a_damaged_dump_leaves_the_new_database_empty(tmp_path, empty_database):
    (tmp_path / "database.dump").write_bytes(b"PGDMP this is not a dump")
    media = tmp_path / "new-media"

    result = manage(
        ["restore", str(tmp_path)], database=empty_database, media=media, private=tmp_path / "p"
    )

    assert result.returncode != 0
    assert "pg_restore failed:" in result.stderr
    assert restored_tables(empty_database) == []
    assert not media.exists()


@pytest.mark.skipif(ON_POSTGRES, reason="on PostgreSQL the backup runs (tests above)")
@pytest.mark.django_db
def test_on_sqlite_a_backup_says_it_needs_postgresql(tmp_path):
    folder = tmp_path / "backup"

    with pytest.raises(CommandError, match="Backups work on PostgreSQL only.*copy db.sqlite3"):
        call_command("backup", str(folder))

    assert not folder.exists()
