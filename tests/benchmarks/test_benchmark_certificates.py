import re
from io import StringIO

import pytest

from django.core.management import CommandError, call_command


def test_the_benchmark_prints_total_seconds_and_milliseconds_each_one_by_one_and_in_a_zip():
    out = StringIO()
    call_command("benchmark_certificates", "--count", "2", stdout=out)
    assert re.fullmatch(
        r"2 certificates in \d+\.\d\d s: \d+\.\d ms each, \d+ KiB each on average\n"
        r"2 certificates in one ZIP in \d+\.\d\d s: \d+\.\d ms each, ZIP \d+\.\d MiB\n",
        out.getvalue(),
    )


def test_the_benchmark_needs_at_least_one_certificate():
    with pytest.raises(CommandError, match="--count must be 1 or more"):
        call_command("benchmark_certificates", "--count", "0")
