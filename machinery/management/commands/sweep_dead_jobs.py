"""Mark failed the jobs whose worker stopped (machinery.jobs.dead_jobs_sweep), once.

Every `db_worker` does it every JOB_SWEEP_SECONDS; the minute timer runs it too, in case
no worker is left to (docs/deploy.md).
"""

from django.core.management.base import BaseCommand

from machinery.jobs import dead_jobs_sweep


class Command(BaseCommand):
    help = "Mark failed the background jobs whose worker stopped."

    def handle(self, *args, **options) -> None:
        swept = dead_jobs_sweep()
        if swept:
            self.stdout.write(f"{swept} job(s) whose worker stopped marked failed.")
