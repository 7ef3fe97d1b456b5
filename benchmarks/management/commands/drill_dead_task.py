"""Kill a task worker outright in the middle of an import, and time until the job is
reported failed (docs/deploy.md, "A worker killed outright")."""

import logging
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test.utils import override_settings

from benchmarks.database import throwaway_database
from benchmarks.management.commands.benchmark_roster import build_places, roster_file
from benchmarks.worker import kill_outright, shared_cache, stop, wait_for, worker_start
from machinery.imports.records import IMPORTS, ImportStatus
from trainees import roles
from trainees.factories import ProfileFactory, UserFactory
from trainees.models import County
from trainees.tasks import roster_import_start

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


class Command(BaseCommand):
    help = (
        "In a throwaway database, start `db_worker` on a roster check, kill it with SIGKILL "
        "while it runs, start another as systemd would, and print the seconds until the "
        "import is marked failed. Uses the JOB_* settings, as production does."
    )

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=20_000, help="rows of the roster")

    def handle(self, *args, **options):
        lease = {
            name: getattr(settings, name)
            for name in ("JOB_HEARTBEAT_SECONDS", "JOB_LEASE_SECONDS", "JOB_SWEEP_SECONDS")
        }
        logging.disable(logging.INFO)
        try:
            with (
                tempfile.TemporaryDirectory(prefix="eagle-drill-") as folder,
                throwaway_database(folder=Path(folder)) as database,
                override_settings(TASKS=DATABASE_TASKS, CACHES=shared_cache(Path(folder))),
            ):
                self.drill(Path(folder), database, lease, rows=options["rows"])
        finally:
            logging.disable(logging.NOTSET)

    def drill(self, folder: Path, database: dict, lease: dict, *, rows: int) -> None:
        county = County.objects.get(code="513334")
        text = roster_file(rows=rows, county=county, cohort_name=build_places(county))
        coordinator = UserFactory(groups=[roles.COUNTY_COORDINATORS])
        ProfileFactory(user=coordinator, county=county)
        import_id = roster_import_start(
            user=coordinator, county=county, filename="roster.csv", text=text
        )
        worker = worker_start(database=database, folder=folder, lease=lease, log_name="1.log")
        replacement = None
        try:
            wait_for(
                lambda: IMPORTS.progress(import_id)[0] > 0,
                seconds=120,
                what="the worker checking the first rows",
            )
            if IMPORTS.get(import_id)["status"] != ImportStatus.CHECKING:
                raise CommandError("The check ended before the kill: give more --rows.")
            kill_outright(worker)
            killed = time.monotonic()
            done, total = IMPORTS.progress(import_id)
            # systemd's Restart=always: a worker again a second later.
            replacement = worker_start(
                database=database, folder=folder, lease=lease, log_name="2.log"
            )
            reported = wait_for(
                lambda: IMPORTS.get(import_id)["status"] == ImportStatus.FAILED,
                seconds=lease["JOB_LEASE_SECONDS"] + lease["JOB_SWEEP_SECONDS"] + 120,
                what="the job reported failed",
            )
        finally:
            stop(worker)
            if replacement is not None:
                stop(replacement)
        settings_text = ", ".join(f"{name}={value:g}" for name, value in lease.items())
        self.stdout.write(
            "\n".join(
                [
                    f"database   {connection.vendor} {database['NAME']}",
                    f"settings   {settings_text}",
                    f"killed     at row {done:,} of {total:,} of the check",
                    f"message    {IMPORTS.get(import_id)['message']}",
                    f"dead task reported after {reported - killed:.1f} s",
                ]
            )
        )
