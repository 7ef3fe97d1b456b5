from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from training_site.backups import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a folder written by `backup` into an empty PostgreSQL database and empty "
        "media and private folders (those the settings name)."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, help="a folder written by `manage.py backup`")

    def handle(self, *args, folder: Path, **options):
        try:
            restored = restore(folder)
        except BackupError as error:
            raise CommandError(str(error)) from error
        for line in restored:
            self.stdout.write(f"Restored {line}")
        self.stdout.write("Now run `python manage.py migrate` if this code is newer.")
