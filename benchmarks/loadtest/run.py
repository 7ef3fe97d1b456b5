"""The load test: real accounts of a synthetic programme, the site under gunicorn, and
locust's simulated trainees and staff against it; figures per page.

The plan (accounts, their session cookies and the lessons each trainee takes) is written
to a JSON file that locustfile.py reads: locust runs in its own process, since its gevent
would patch this one's database connections.
"""

import csv
import json
import math
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef
from django.test import Client, override_settings
from django.urls import reverse

from courses.models import LessonPage
from trainees import roles
from trainees.models import Enrolment, Trainee
from trainees.services import trainee_register

LOCUSTFILE = Path(__file__).with_name("locustfile.py")
# Where a step counts as broken: more than this share of requests failed, or trainee
# pages slower than this at the 95th percentile.
BROKEN_ERROR_SHARE = 0.01
BROKEN_TRAINEE_P95_MS = 2000
TRAINEE_PAGES = ("lesson page", "lesson done", "course page", "learning home")


@dataclass(frozen=True)
class PageFigures:
    name: str
    requests: int
    failures: int
    per_second: float
    p50: float
    p95: float
    p99: float


@dataclass(frozen=True)
class StepResult:
    trainees: int
    staff: int
    seconds: int
    pages: list[PageFigures]
    total: PageFigures
    failures: list[tuple[str, str, int]] = ()  # (page, error, occurrences)

    @property
    def trainee_p95(self) -> float:
        return max((page.p95 for page in self.pages if page.name in TRAINEE_PAGES), default=0)

    @property
    def error_share(self) -> float:
        return self.total.failures / self.total.requests if self.total.requests else 1.0

    @property
    def broken(self) -> bool:
        return self.error_share > BROKEN_ERROR_SHARE or self.trainee_p95 > BROKEN_TRAINEE_P95_MS


def _session_cookie(user, secret_key: str) -> str:
    """A session of `user` the server (with `secret_key`) accepts, as a login would make."""
    with override_settings(SECRET_KEY=secret_key):
        client = Client()
        client.force_login(user)
        return client.cookies[settings.SESSION_COOKIE_NAME].value


def trainee_plans(count: int, secret_key: str) -> list[dict]:
    """`count` trainees with a course under way, each with an account and the course's
    lessons in order."""
    users = get_user_model().objects
    open_enrolments = Enrolment.objects.filter(trainee=OuterRef("pk"), completed_at__isnull=True)
    trainees = list(
        Trainee.objects.filter(Exists(open_enrolments))
        .order_by("pk")
        .select_related("user")[:count]
    )
    plans = []
    for trainee in trainees:
        if trainee.user is None:
            trainee.user = users.create_user(username=f"load-trainee-{trainee.pk}")
            trainee_register(user=trainee.user)
            trainee.save(update_fields=["user"])
        enrolment = (
            trainee.enrolments.filter(completed_at__isnull=True)
            .select_related("course")
            .order_by("pk")
            .first()
        )
        lessons = LessonPage.objects.child_of(enrolment.course).live().order_by("path")
        plans.append(
            {
                "session": _session_cookie(trainee.user, secret_key),
                "course": enrolment.course.url,
                "lessons": [
                    {
                        "url": lesson.url,
                        "done": reverse("learning_lesson_done", args=[lesson.pk]),
                    }
                    for lesson in lessons
                ],
            }
        )
    return plans


def staff_plans(count: int, secret_key: str) -> list[dict]:
    """`count` people on the admin: a manager (the whole prefecture) for every ten, the
    others coordinators (their county)."""
    users = get_user_model().objects.filter(is_active=True).order_by("pk")
    managers = list(users.filter(groups__name=roles.PROGRAMME_MANAGERS))
    coordinators = list(
        users.filter(groups__name=roles.COUNTY_COORDINATORS).select_related("profile__county")
    )
    wanted_managers = min(len(managers), max(1, count // 10))
    chosen = [(user, "") for user in managers[:wanted_managers]]
    chosen += [(user, user.profile.county.code) for user in coordinators[: count - len(chosen)]]
    return [{"session": _session_cookie(user, secret_key), "area": area} for user, area in chosen]


def write_plan(path: Path, *, trainees: list[dict], staff: list[dict], year: int) -> None:
    plan = {
        "trainees": trainees,
        "staff": staff,
        "trainee_weight": len(trainees),
        "staff_weight": len(staff),
        "year": str(year),
    }
    path.write_text(json.dumps(plan), encoding="utf-8")


def run_locust(
    *, base_url: str, plan: Path, users: int, seconds: int, folder: Path
) -> tuple[list[PageFigures], list[tuple[str, str, int]]]:
    """locust, headless, for `seconds` with `users` simulated people; figures per page and
    the failures."""
    prefix = folder / f"locust-{users}"
    log = folder / f"locust-{users}.log"
    spawn_rate = max(1, math.ceil(users / 10))  # all of them within ten seconds
    with log.open("w") as output:
        finished = subprocess.run(  # noqa: S603 - fixed arguments, no shell
            [
                sys.executable,
                "-m",
                "locust",
                "--locustfile",
                str(LOCUSTFILE),
                "--headless",
                "--only-summary",
                "--host",
                base_url,
                "--users",
                str(users),
                "--spawn-rate",
                str(spawn_rate),
                "--run-time",
                f"{seconds}s",
                "--stop-timeout",
                "10",
                "--csv",
                str(prefix),
                "--exit-code-on-error",
                "0",
                "--loglevel",
                "WARNING",
            ],
            env={**_environment(), "EAGLE_LOAD_PLAN": str(plan)},
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    if finished.returncode != 0:
        raise RuntimeError(f"locust stopped with {finished.returncode}:\n{log.read_text()[-2000:]}")
    return read_stats(Path(f"{prefix}_stats.csv")), read_failures(Path(f"{prefix}_failures.csv"))


def _environment() -> dict[str, str]:
    return {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}


def read_stats(path: Path) -> list[PageFigures]:
    """Each row of locust's statistics file, the last one ("Aggregated") included."""
    pages = []
    with path.open(encoding="utf-8") as stats:
        for row in csv.DictReader(stats):
            pages.append(
                PageFigures(
                    name=row["Name"],
                    requests=int(row["Request Count"]),
                    failures=int(row["Failure Count"]),
                    per_second=float(row["Requests/s"]),
                    p50=float(row["50%"] or 0),
                    p95=float(row["95%"] or 0),
                    p99=float(row["99%"] or 0),
                )
            )
    return pages


def read_failures(path: Path) -> list[tuple[str, str, int]]:
    """(page, error, occurrences) of locust's failures file, the most frequent first."""
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as failures:
        rows = [
            (row["Name"], row["Error"], int(row["Occurrences"])) for row in csv.DictReader(failures)
        ]
    return sorted(rows, key=lambda row: -row[2])


def step_result(
    *, trainees: int, staff: int, seconds: int, pages: list, failures: list = ()
) -> StepResult:
    *by_page, total = pages
    return StepResult(
        trainees=trainees,
        staff=staff,
        seconds=seconds,
        pages=by_page,
        total=total,
        failures=list(failures),
    )
