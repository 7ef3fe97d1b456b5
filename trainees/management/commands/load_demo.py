import logging
from contextlib import contextmanager

from django.core.management.base import BaseCommand

from trainees.demo import demo_load

# Loggers that report every page, revision and background task one by one.
CHATTY_LOGGERS = ("wagtail", "django_tasks")


@contextmanager
def quiet_loggers(names, level=logging.WARNING):
    loggers = [logging.getLogger(name) for name in names]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(level)
    try:
        yield
    finally:
        for logger, previous in zip(loggers, levels, strict=True):
            logger.setLevel(previous)


class Command(BaseCommand):
    help = (
        "Load the demo content of the Eagle programme: tracks, courses, lessons, pictures, "
        "a Tibetan course and, with DEBUG on, one demo account per role. Safe to run again."
    )

    def handle(self, *args, **options):
        with quiet_loggers(CHATTY_LOGGERS):
            report = demo_load()
        for line in report.lines():
            self.stdout.write(line)
