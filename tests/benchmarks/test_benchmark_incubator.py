"""The incubator's page benchmark: a small run in a throwaway database."""

import os
import re
import subprocess
import sys

import pytest

from django.conf import settings
from django.core.management import CommandError, call_command


@pytest.mark.slow
def test_benchmark_counts_my_shop_and_every_listing_with_few_and_more_shops(tmp_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "training_site.settings.test"}
    developer_database = tmp_path / "developer.sqlite3"
    if not env.get("DATABASE_URL", "").startswith("postgres"):
        env["DATABASE_URL"] = f"sqlite:///{developer_database}"

    result = subprocess.run(  # noqa: S603 - fixed arguments, no shell
        [sys.executable, "manage.py", "benchmark_incubator", "--shops", "2", "40"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    rows = re.findall(
        r"^(My shop \(owner\)|admin \w+ \(\w+\))\s+(\d+)\s+(\d+)\s", result.stdout, re.M
    )
    assert len(rows) == 1 + 8 * 2
    assert all(few == many for _, few, many in rows)
    assert "Equal: no page's query count grows with the shops." in result.stdout
    assert not developer_database.exists()


def test_the_numbers_of_shops_are_checked_before_any_database_is_made(monkeypatch):
    monkeypatch.setattr(
        "benchmarks.management.commands.benchmark_incubator.throwaway_database",
        lambda **kwargs: pytest.fail("a database was made"),
    )
    with pytest.raises(CommandError, match="the first smaller"):
        call_command("benchmark_incubator", shops=[10, 10])
