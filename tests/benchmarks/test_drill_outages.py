"""The outage drill's figures from recorded answers, its phases as written on the command
line, and its refusals before anything is built."""

import pytest

from django.core.management import CommandError, call_command

from benchmarks.drill import Answer, Phase, outages, parse_phase, table
from benchmarks.outage_proxy import PASS, REFUSE, SILENT

PHASES = [Phase(None, PASS, 2), Phase("database", SILENT, 2), Phase(None, PASS, 3)]


@pytest.mark.parametrize(
    ("text", "phase"),
    [
        ("normal:10", Phase(None, PASS, 10)),
        ("cache-refused:15", Phase("cache", REFUSE, 15)),
        ("database-silent:15", Phase("database", SILENT, 15)),
    ],
)
def test_phases_are_read_as_written(text, phase):
    assert parse_phase(text) == phase
    assert phase.mode_of("cache") == (phase.mode if phase.service == "cache" else PASS)


@pytest.mark.parametrize("text", ["normal", "cache-down:5", "database-silent:", "disk-full:3"])
def test_a_phase_written_otherwise_says_how_to_write_it(text):
    with pytest.raises(ValueError, match="write normal:SECONDS"):
        parse_phase(text)


def answers(*rows) -> list[Answer]:
    return [Answer(started, page, outcome, 0.05) for started, page, outcome in rows]


def test_recovery_is_counted_from_the_outages_end_to_the_first_second_all_answered():
    recorded = answers(
        (0.1, "home", "200"),
        (1.2, "health", "200"),
        (2.1, "health", "timeout"),  # the outage
        (4.0, "home", "503"),  # after it, still failing
        (4.5, "health", "200"),
        (5.3, "home", "200"),  # the first second all 200
        (6.0, "home", "200"),
    )

    [outage] = outages(recorded, PHASES)

    assert (outage.name, outage.start, outage.end, outage.recovery) == (
        "database silent",
        2,
        4,
        "1 s",
    )
    assert dict(outage.health) == {"timeout": 1, "200": 1}


def test_an_outage_not_recovered_says_so():
    [outage] = outages(answers((2.5, "home", "timeout"), (5.5, "home", "500")), PHASES)

    assert outage.recovery == "not recovered before the drill ended"


def test_the_table_has_every_second_even_those_no_request_started_in():
    lines = table(answers((0.5, "home", "200"), (3.9, "home", "timeout")), PHASES)

    header, *rows = lines
    assert header.split()[:8] == ["s", "phase", "200", "503", "500", "other", "timeout", "no"]
    assert [row.split()[0] for row in rows] == ["0", "1", "2", "3", "4", "5", "6"]
    assert rows[3].split()[1:3] == ["database", "silent"]
    assert rows[3].split()[3:9] == ["0", "0", "0", "0", "1", "0"]


@pytest.mark.django_db
def test_the_drill_is_refused_without_postgresql_or_redis(monkeypatch):
    monkeypatch.setattr(
        "benchmarks.database.throwaway_database",
        lambda **kwargs: pytest.fail("a database was made"),
    )
    monkeypatch.delenv("REDIS_URL", raising=False)
    with pytest.raises(CommandError, match="PostgreSQL|REDIS_URL"):
        call_command("drill_outages")
    with pytest.raises(CommandError, match="write normal:SECONDS"):
        call_command("drill_outages", phases=["database-down:5"])
