"""Time the roster import on a large file, in a throwaway database."""

import datetime
import logging
import tempfile
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from benchmarks.database import throwaway_database
from courses.factories import CoursePageFactory
from trainees.factories import CohortFactory, TownshipFactory, VillageFactory, valid_id_number
from trainees.models import County, Enrolment, Trainee
from trainees.roster import roster_apply, roster_check

TOWNSHIPS = 10
VILLAGES_PER_TOWNSHIP = 20
PEOPLE_PER_HOUSEHOLD = 3
STATUSES = ("建档立卡贫困户", "脱贫户", "监测对象", "无")
HEADER = (
    "姓名,性别,民族,出生年份,文化程度,手机号,身份证号,县,乡镇,村,"
    "户编号,家庭人口,户状态,状态起始日期,班级,入学日期"
)


def roster_file(*, rows: int, county: County, cohort_name: str) -> str:
    """`rows` correct rows of one county: unique identity numbers, households of three
    in one village each, spread over every village."""
    lines = [HEADER]
    first_birthday = datetime.date(1965, 1, 1)
    for n in range(rows):
        born = first_birthday + datetime.timedelta(days=n // 1000)
        id_number = valid_id_number(n, area=county.code, born=f"{born:%Y%m%d}")
        household = n // PEOPLE_PER_HOUSEHOLD
        township = household % TOWNSHIPS
        village = (household // TOWNSHIPS) % VILLAGES_PER_TOWNSHIP
        lines.append(
            ",".join(
                [
                    f"学员{n}",
                    "女" if n % 2 else "男",
                    "藏族",
                    str(born.year),
                    "初中",
                    f"139{n:08d}",
                    id_number,
                    county.name,
                    f"{county.code}{township:03d}",
                    f"{county.code}{township:03d}{village:03d}",
                    f"B-{household:06d}",
                    str(PEOPLE_PER_HOUSEHOLD + 2),
                    STATUSES[household % len(STATUSES)],
                    "2021-01-01",
                    cohort_name,
                    "2025-03-01",
                ]
            )
        )
    return "\r\n".join(lines) + "\r\n"


def build_places(county: County) -> str:
    for t in range(TOWNSHIPS):
        township = TownshipFactory(county=county, code=f"{county.code}{t:03d}")
        for v in range(VILLAGES_PER_TOWNSHIP):
            VillageFactory(township=township, code=f"{township.code}{v:03d}")
    courses = [CoursePageFactory(), CoursePageFactory()]
    return CohortFactory(county=county, courses=courses).name


class Command(BaseCommand):
    help = (
        "Build a roster file of one county (10,000 rows unless --rows) in a throwaway "
        "database, and print the seconds to check it and to apply it."
    )

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=10_000, help="rows in the roster file")

    def handle(self, *args, **options):
        rows = options["rows"]
        if rows < 1:
            raise CommandError("--rows must be 1 or more.")
        logging.disable(logging.INFO)  # page creation logs would drown the report
        try:
            with (
                tempfile.TemporaryDirectory(prefix="eagle-roster-") as folder,
                throwaway_database(folder=Path(folder)) as database,
            ):
                county = County.objects.get(code="513334")
                text = roster_file(rows=rows, county=county, cohort_name=build_places(county))
                started = time.monotonic()
                check = roster_check(text=text, county=county)
                checked = time.monotonic() - started
                if not check.is_valid:
                    raise CommandError(f"The generated file has errors: {check.errors[:3]}")
                started = time.monotonic()
                roster_apply(text=text, county=county)
                applied = time.monotonic() - started
                started = time.monotonic()
                again = roster_apply(text=text, county=county)
                reapplied = time.monotonic() - started
                self.stdout.write(
                    "\n".join(
                        [
                            f"database               {connection.vendor} {database['NAME']}",
                            f"rows                   {rows}",
                            f"check seconds          {checked:.2f}",
                            f"apply seconds          {applied:.2f}",
                            f"apply again seconds    {reapplied:.2f}",
                            f"trainees               {Trainee.objects.count()}",
                            f"enrolments             {Enrolment.objects.count()}",
                            f"new on the second run  {again.trainees_new}",
                        ]
                    )
                )
        finally:
            logging.disable(logging.NOTSET)
