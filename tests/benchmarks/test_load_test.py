"""The load test command (benchmarks/loadtest/): a short run on a tiny programme, in a
throwaway database, must reach every page as a logged-in person, without an error."""

import os
import re
import subprocess
import sys

import pytest

from django.conf import settings

from benchmarks.loadtest.run import PageFigures, StepResult

pytestmark = pytest.mark.slow

PAGES = {
    "lesson page",
    "lesson done",
    "course page",
    "learning home",
    "outcomes dashboard",
    "admin trainee listing",
    "admin sales reports",
    "admin home",
}


def test_a_short_run_reaches_every_page_without_an_error(tmp_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "training_site.settings.test"}
    if not env.get("DATABASE_URL", "").startswith("postgres"):
        env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'developer.sqlite3'}"
    result = subprocess.run(  # noqa: S603 - fixed arguments, no shell
        [sys.executable, "manage.py", "load_test", "--scale", "0.02", "--trainees", "4"]
        + ["--staff", "2", "--minutes", "0.3", "--workers", "2", "--threads", "2"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    rows = dict(re.findall(r"^(\w[\w ]*?)\s{2,}\d+\s+(\d+)\s", result.stdout, re.MULTILINE))
    # Every page was asked for at least once in 18 s (the tasks are chosen at random, so
    # the rarer ones are checked by name only when they came up), and none failed.
    assert {"lesson page", "learning home", "Aggregated"} <= set(rows)
    assert set(rows) <= PAGES | {"Aggregated"}
    assert all(errors == "0" for errors in rows.values()), result.stdout
    assert "errors 0.00%" in result.stdout


def figures(name: str, *, requests=100, failures=0, p95=100.0) -> PageFigures:
    return PageFigures(name, requests, failures, 10.0, 50.0, p95, p95 * 2)


@pytest.mark.parametrize(
    "pages, broken",
    [
        ([figures("lesson page"), figures("outcomes dashboard", p95=5000)], False),
        ([figures("lesson page", p95=2500)], True),
        ([figures("lesson page", failures=2)], True),
        ([figures("lesson page", failures=1)], False),
    ],
)
def test_a_step_breaks_on_errors_or_slow_trainee_pages(pages, broken):
    total = figures(
        "Aggregated",
        requests=sum(page.requests for page in pages),
        failures=sum(page.failures for page in pages),
    )
    step = StepResult(trainees=200, staff=20, seconds=300, pages=pages, total=total)
    assert step.broken is broken
