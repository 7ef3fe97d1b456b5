"""The load test: simulated trainees and staff against gunicorn, figures per page."""

import datetime
import logging
import os
import secrets
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test.utils import setup_test_environment, teardown_test_environment
from django.utils import timezone

from benchmarks.database import throwaway_database
from benchmarks.loadtest import run
from benchmarks.server import gunicorn_server


class Command(BaseCommand):
    help = (
        "Build a synthetic programme at --scale (1 = a prefecture: 25,000 trainees, 2,500 "
        "shops) in a throwaway database, start gunicorn with the production settings, and "
        "run locust against it: --trainees simulated trainees reading lessons and marking "
        "them done, --staff coordinators and managers on the admin and the outcomes "
        "dashboard, for --minutes. Prints requests per second, p50/p95/p99 latency and "
        "errors per page. With --double, doubles the people until a step breaks (more than "
        "1% errors, or trainee pages over 2 s at the 95th percentile)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0)
        parser.add_argument("--trainees", type=int, default=200)
        parser.add_argument("--staff", type=int, default=20)
        parser.add_argument("--minutes", type=float, default=5.0)
        # One thread a worker and two workers a core: threads of one process take turns on
        # Python's lock, and a page's work is mostly Python (docs/deploy.md, "Load").
        parser.add_argument(
            "--workers", type=int, default=2 * (os.cpu_count() or 1), help="gunicorn workers"
        )
        parser.add_argument("--threads", type=int, default=1, help="threads per worker")
        parser.add_argument(
            "--double", action="store_true", help="then double the people until it breaks"
        )
        parser.add_argument("--max-steps", type=int, default=5, help="at most this many doublings")

    def handle(self, *args, scale, trainees, staff, minutes, workers, threads, **options):
        if connection.vendor != "postgresql":
            self.stderr.write("Not on PostgreSQL: the figures will not be those of production.")
        seconds = max(10, round(minutes * 60))
        year = timezone.localdate().year - 1
        secret_key = secrets.token_urlsafe(50)
        setup_test_environment()
        logging.disable(logging.WARNING)
        try:
            with (
                tempfile.TemporaryDirectory(prefix="eagle-load-") as folder_name,
                throwaway_database(folder=Path(folder_name)) as database,
            ):
                folder = Path(folder_name)
                from benchmarks import synthetic

                self.stdout.write(f"Building the programme at scale {scale}…")
                started = timezone.now()
                synthetic.build(scale=scale, seed=1, report=lambda line: None)
                self.stdout.write(f"  built in {_since(started)}")
                plan = folder / "plan.json"
                steps = []
                with gunicorn_server(
                    database=database,
                    folder=folder,
                    workers=workers,
                    threads=threads,
                    secret_key=secret_key,
                    settings_module="benchmarks.loadtest.settings",
                ) as server:
                    self.stdout.write(f"Server: {server.description}")
                    people = (trainees, staff)
                    for _ in range(options["max_steps"] if options["double"] else 1):
                        run.write_plan(
                            plan,
                            trainees=run.trainee_plans(people[0], secret_key),
                            staff=run.staff_plans(people[1], secret_key),
                            year=year,
                        )
                        self.stdout.write(
                            f"{people[0]} trainees and {people[1]} staff for {seconds} s…"
                        )
                        pages, failures = run.run_locust(
                            base_url=server.base_url,
                            plan=plan,
                            users=sum(people),
                            seconds=seconds,
                            folder=folder,
                        )
                        step = run.step_result(
                            trainees=people[0],
                            staff=people[1],
                            seconds=seconds,
                            pages=pages,
                            failures=failures,
                        )
                        steps.append(step)
                        self.report(step)
                        if step.broken:
                            break
                        people = (people[0] * 2, people[1] * 2)
        finally:
            logging.disable(logging.NOTSET)
            teardown_test_environment()
        if not steps:
            raise CommandError("No step ran.")
        self.summary(steps)

    def report(self, step: run.StepResult) -> None:
        self.stdout.write(
            f"{'page':<26}{'requests':>9}{'errors':>8}{'req/s':>8}"
            f"{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}"
        )
        for page in [*step.pages, step.total]:
            self.stdout.write(
                f"{page.name:<26}{page.requests:>9}{page.failures:>8}{page.per_second:>8.1f}"
                f"{page.p50:>8.0f}{page.p95:>8.0f}{page.p99:>8.0f}"
            )
        for page, error, occurrences in step.failures[:8]:
            self.stdout.write(f"  {occurrences:>6} x {page}: {error[:110]}")
        self.stdout.write(
            f"trainee pages p95 {step.trainee_p95:.0f} ms; errors {step.error_share:.2%}"
            + (" — broken" if step.broken else "")
        )

    def summary(self, steps: list) -> None:
        self.stdout.write("\nsteps: people, req/s, errors, trainee p95")
        for step in steps:
            self.stdout.write(
                f"  {step.trainees + step.staff:>5}  {step.total.per_second:>7.1f}"
                f"  {step.error_share:>7.2%}  {step.trainee_p95:>6.0f} ms"
                + ("  broken" if step.broken else "")
            )


def _since(started: datetime.datetime) -> str:
    return f"{(timezone.now() - started).total_seconds():.0f} s"
