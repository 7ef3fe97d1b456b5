"""The lesson-page benchmark command (benchmarks/ holds its parts)."""

import os
import re
import subprocess
import sys

import pytest

from django.conf import settings
from django.core.management import CommandError, call_command

from benchmarks.browser import BUDGET_BYTES, PageWeight, Transfer
from benchmarks.lesson_page import QueryCount, Report


def run_command(*arguments: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - fixed arguments, no shell
        [sys.executable, "manage.py", "benchmark_lessons", *arguments],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_benchmark_runs_on_a_tiny_tree_in_a_throwaway_database(tmp_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "training_site.settings.test"}
    developer_database = tmp_path / "developer.sqlite3"
    if not env.get("DATABASE_URL", "").startswith("postgres"):
        env["DATABASE_URL"] = f"sqlite:///{developer_database}"

    result = run_command("--sizes", "3,6", "--seconds", "1", env=env)

    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    queries = dict(re.findall(r"^queries, (\d+) lessons\s+(\d+)\s*$", out, re.MULTILINE))
    assert set(queries) == {"3", "6"}
    assert queries["3"] == queries["6"]
    assert re.search(r"^queries equal at every size\s+yes$", out, re.MULTILINE)
    phone = re.search(r"^phone first load, read to the end\s+\d+ requests, [\d.]+ KB", out, re.M)
    if phone is None and not os.environ.get("CI"):
        assert "not measured: chromium did not start" in out
    else:
        assert phone
    for target in ("lesson page", "bare view"):
        per_second = re.search(rf"^{target} req/s\s+([\d.]+)$", out, re.MULTILINE)
        assert per_second and float(per_second.group(1)) > 0
    assert "0 errors" in out
    assert not developer_database.exists()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"sizes": "ten,100"}, "--sizes takes whole numbers separated by commas, not 'ten,100'."),
        ({"sizes": "10"}, "--sizes needs at least two different sizes of 1 or more, not '10'."),
        ({"sizes": "0,10"}, "--sizes needs at least two different sizes of 1 or more, not '0,10'."),
        ({"seconds": 0}, "--seconds must be more than 0."),
    ],
)
def test_bad_options_are_refused_before_any_database_is_made(arguments, message, monkeypatch):
    monkeypatch.setattr(
        "benchmarks.database.throwaway_database",
        lambda **kwargs: pytest.fail("a database was made"),
    )
    with pytest.raises(CommandError) as refused:
        call_command("benchmark_lessons", **arguments)
    assert str(refused.value) == message


def test_query_counts_that_grow_with_the_tree_fail_the_command(monkeypatch, capsys):
    report = Report(settings_module="test", database="sqlite")
    report.query_counts = [QueryCount(10, 1, 19), QueryCount(1000, 40, 58)]
    monkeypatch.setattr(
        "benchmarks.management.commands.benchmark_lessons.run", lambda **kwargs: report
    )

    with pytest.raises(CommandError) as failed:
        call_command("benchmark_lessons", "--skip-browser", "--skip-load")

    assert failed.value.returncode == 1
    assert "equal: no" in capsys.readouterr().out


def transfer(kind: str, size: int) -> Transfer:
    return Transfer(
        path=f"/{kind}",
        resource_type=kind,
        status=200,
        body_bytes=size,
        decoded_bytes=size,
        header_bytes=200,
        encoding="-",
    )


def test_page_budget_counts_bytes_and_requests_but_not_video():
    light = [transfer("document", 6_000), transfer("stylesheet", 2_000), transfer("image", 30_000)]
    assert PageWeight(light).within_budget
    assert PageWeight([*light, transfer("media", 5_000_000)]).within_budget
    assert not PageWeight([*light, transfer("image", BUDGET_BYTES)]).within_budget
    assert not PageWeight(light + [transfer("image", 100)] * 8).within_budget
