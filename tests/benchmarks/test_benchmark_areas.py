"""The area import benchmark command: a small run in a throwaway database."""

import os
import re
import subprocess
import sys

import pytest

from django.conf import settings
from django.core.management import CommandError, call_command


def test_benchmark_checks_and_applies_a_generated_area_file_in_a_throwaway_database(tmp_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "training_site.settings.test"}
    developer_database = tmp_path / "developer.sqlite3"
    if not env.get("DATABASE_URL", "").startswith("postgres"):
        env["DATABASE_URL"] = f"sqlite:///{developer_database}"

    result = subprocess.run(  # noqa: S603 - fixed arguments, no shell
        [sys.executable, "manage.py", "benchmark_areas", "--villages", "40", "--townships", "20"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    for measure in ("check", "apply", "apply again"):
        assert re.search(rf"^{measure} seconds\s+[\d.]+$", out, re.MULTILINE)
    assert re.search(r"^townships\s+20$", out, re.MULTILINE)
    assert re.search(r"^villages\s+40$", out, re.MULTILINE)
    assert re.search(r"^new on the second run\s+0$", out, re.MULTILINE)
    assert not developer_database.exists()


def test_more_townships_than_villages_are_refused_before_any_database_is_made(monkeypatch):
    monkeypatch.setattr(
        "benchmarks.management.commands.benchmark_areas.throwaway_database",
        lambda **kwargs: pytest.fail("a database was made"),
    )
    with pytest.raises(CommandError, match="at least as many villages"):
        call_command("benchmark_areas", villages=10, townships=11)
