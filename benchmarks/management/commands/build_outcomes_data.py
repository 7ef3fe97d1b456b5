import logging
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from benchmarks import synthetic
from incubator.models import Shop
from trainees.management.commands.load_demo import CHATTY_LOGGERS, quiet_loggers
from trainees.models import Trainee


class Command(BaseCommand):
    help = (
        "Build a synthetic programme in the configured database, to measure the outcomes on. "
        "At --scale 1 (prefecture scale): 25,000 trainees, 60 courses of 10 lessons in 4 "
        "tracks, about 100,000 lesson completions and their certificates, 2,500 shops on two "
        "channels each with 36 months of sales reports, 10,000 jobs, 20,000 households with "
        "their status histories, over 291 townships and 1,166 villages; every count but the "
        "areas' grows with the scale. The same --seed gives the same data on the same day. "
        "Refuses a database that already holds trainees or shops, unless --add. "
        "See benchmarks/synthetic.py for the distributions."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=float, default=1.0, help="multiple of prefecture scale (default 1)"
        )
        parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
        parser.add_argument(
            "--add",
            action="store_true",
            help="add to a database that already holds trainees or shops",
        )

    def handle(self, *args, scale, seed, add, **options):
        if not scale > 0:
            raise CommandError("--scale must be more than 0.")
        if not add and (Trainee.objects.exists() or Shop.objects.exists()):
            raise CommandError(
                "The database already holds trainees or shops: nothing was written. "
                "Use an empty database, or --add to add the synthetic data to them."
            )
        database = connection.settings_dict["NAME"]
        self.stdout.write(
            f"Building at scale {scale:g}, seed {seed}, in {connection.vendor} {database}"
        )
        started = time.perf_counter()
        logging.disable(logging.INFO)
        try:
            with quiet_loggers(CHATTY_LOGGERS):
                counts = synthetic.build(scale=scale, seed=seed, report=self.stdout.write)
        finally:
            logging.disable(logging.NOTSET)
        seconds = time.perf_counter() - started
        for name, count in counts.items():
            self.stdout.write(f"{name:<32}{count:>12,}")
        self.stdout.write(self.style.SUCCESS(f"Built in {seconds:.1f} s."))
