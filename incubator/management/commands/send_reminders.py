"""The daily run of reminders (trainees/reminders.py, incubator/reminders.py; its timer in
docs/deploy.md). Safe to start as often as wanted: each reminder goes once; outside 08:00 to
21:00 Asia/Shanghai it sends nothing."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from incubator.reminders import ALL_SOURCES
from trainees.reminders import FIRST_HOUR, LAST_HOUR, send_reminders, within_hours


class Command(BaseCommand):
    help = "Send the reminders due today (follow-ups, classes tomorrow, sales reports), once."

    def handle(self, *args, **options):
        now = timezone.now()
        if not within_hours(now):
            self.stdout.write(
                f"Outside {FIRST_HOUR:02d}:00-{LAST_HOUR:02d}:00 Asia/Shanghai: nothing sent."
            )
            return
        counts = send_reminders(now=now, sources=ALL_SOURCES)
        self.stdout.write(
            f"Reminders sent: {counts.sent}, failed (tried again next run): {counts.failed}, "
            f"already sent: {counts.already_sent}, opted out: {counts.opted_out}."
        )
