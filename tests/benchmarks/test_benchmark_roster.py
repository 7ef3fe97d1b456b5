"""The roster benchmark command: a small run in a throwaway database."""

import os
import re
import subprocess
import sys

import pytest

from django.conf import settings
from django.core.management import CommandError, call_command


def test_benchmark_checks_and_applies_a_generated_roster_in_a_throwaway_database(tmp_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "training_site.settings.test"}
    developer_database = tmp_path / "developer.sqlite3"
    if not env.get("DATABASE_URL", "").startswith("postgres"):
        env["DATABASE_URL"] = f"sqlite:///{developer_database}"

    result = subprocess.run(  # noqa: S603 - fixed arguments, no shell
        [sys.executable, "manage.py", "benchmark_roster", "--rows", "40"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    for measure in ("check", "apply"):
        assert re.search(rf"^{measure} seconds\s+[\d.]+$", out, re.MULTILINE)
    assert re.search(r"^trainees\s+40$", out, re.MULTILINE)
    assert re.search(r"^enrolments\s+80$", out, re.MULTILINE)
    assert re.search(r"^new on the second run\s+0$", out, re.MULTILINE)
    assert not developer_database.exists()


def test_a_roster_of_no_rows_is_refused_before_any_database_is_made(monkeypatch):
    monkeypatch.setattr(
        "benchmarks.management.commands.benchmark_roster.throwaway_database",
        lambda **kwargs: pytest.fail("a database was made"),
    )
    with pytest.raises(CommandError, match="--rows must be 1 or more."):
        call_command("benchmark_roster", rows=0)
