"""Time the area import on a prefecture-sized file, in a throwaway database."""

import logging
import tempfile
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from benchmarks.database import throwaway_database
from trainees.area_import import area_apply, area_check
from trainees.models import County, Township, Village

HEADER = "乡镇代码,乡镇,村代码,村"


def area_file(*, villages: int, townships: int, counties: list[County]) -> str:
    """`villages` villages spread evenly over `townships` townships, spread over `counties`."""
    lines = [HEADER]
    for n in range(villages):
        t = n % townships
        county = counties[t % len(counties)]
        township_code = f"{county.code}{100 + t // len(counties):03d}"
        village_code = f"{township_code}{1 + n // townships:03d}"
        lines.append(f"{township_code},乡镇{t},{village_code},村{n}")
    return "\r\n".join(lines) + "\r\n"


class Command(BaseCommand):
    help = (
        "Build a file of townships and villages of every county (1,200 villages in 291 "
        "townships unless told) in a throwaway database, and print the seconds to check it, "
        "to apply it and to apply it again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--villages", type=int, default=1200, help="villages in the file")
        parser.add_argument("--townships", type=int, default=291, help="townships in the file")

    def handle(self, *args, **options):
        villages, townships = options["villages"], options["townships"]
        if not 1 <= townships <= villages:
            raise CommandError("Give 1 or more townships, and at least as many villages.")
        logging.disable(logging.INFO)
        try:
            with (
                tempfile.TemporaryDirectory(prefix="eagle-areas-") as folder,
                throwaway_database(folder=Path(folder)) as database,
            ):
                counties = list(County.objects.order_by("code"))
                text = area_file(villages=villages, townships=townships, counties=counties)
                started = time.monotonic()
                check = area_check(text=text, county=None)
                checked = time.monotonic() - started
                if not check.is_valid:
                    raise CommandError(f"The generated file has errors: {check.errors[:3]}")
                started = time.monotonic()
                area_apply(text=text, county=None)
                applied = time.monotonic() - started
                started = time.monotonic()
                again = area_apply(text=text, county=None).summary()
                added_again = again["townships_new"] + again["villages_new"]
                reapplied = time.monotonic() - started
                self.stdout.write(
                    "\n".join(
                        [
                            f"database               {connection.vendor} {database['NAME']}",
                            f"rows                   {villages}",
                            f"check seconds          {checked:.2f}",
                            f"apply seconds          {applied:.2f}",
                            f"apply again seconds    {reapplied:.2f}",
                            f"townships              {Township.objects.count()}",
                            f"villages               {Village.objects.count()}",
                            f"new on the second run  {added_again}",
                        ]
                    )
                )
        finally:
            logging.disable(logging.NOTSET)
