from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from training_site.backups import BackupError, backup


class Command(BaseCommand):
    help = (
        "Back up the site into a new folder: the PostgreSQL database (pg_dump, custom "
        "format) as database.dump, the media as media/ and the certificate batches as private/."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, help="a new or empty folder")

    def handle(self, *args, folder: Path, **options):
        try:
            saved = backup(folder)
        except BackupError as error:
            raise CommandError(str(error)) from error
        for line in saved:
            self.stdout.write(f"Saved {line}")
