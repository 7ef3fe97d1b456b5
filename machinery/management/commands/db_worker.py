"""django_tasks_db's `db_worker`, which also marks failed the jobs whose worker stopped.

This command takes the place of django_tasks_db's own (machinery comes first in
INSTALLED_APPS), with the same options. Beside the worker's loop, a thread runs
`dead_jobs_sweep` every JOB_SWEEP_SECONDS: a job whose worker was killed is reported
failed within JOB_LEASE_SECONDS + JOB_SWEEP_SECONDS by any worker still running, or by
the one systemd starts again in its place (docs/deploy.md).
"""

import logging
import threading

from django_tasks_db.management.commands import db_worker

from django.conf import settings
from django.db import close_old_connections, connection

from machinery.jobs import dead_jobs_sweep

logger = logging.getLogger("machinery.jobs")


def sweep_forever(stop: threading.Event) -> None:
    while not stop.wait(settings.JOB_SWEEP_SECONDS):
        try:
            close_old_connections()
            dead_jobs_sweep()
        except Exception:
            # A database away for a moment: the next round tries again.
            logger.exception("Looking for jobs whose worker stopped failed")
    connection.close()


class Command(db_worker.Command):
    help = db_worker.Command.help + ", and mark failed the jobs whose worker stopped"

    def handle(self, *args, **options) -> None:
        stop = threading.Event()
        sweeper = threading.Thread(
            target=sweep_forever, args=(stop,), name="dead jobs sweep", daemon=True
        )
        sweeper.start()
        try:
            super().handle(*args, **options)
        finally:
            stop.set()
