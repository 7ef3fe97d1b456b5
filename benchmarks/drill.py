"""The outage drill's load and figures: client threads asking a few pages at a steady rate,
every answer recorded, then a table per second and the recovery after each outage.

`manage.py drill_outages` starts the server and the proxies and runs the phases.
"""

import http.client
import math
import re
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

from benchmarks.outage_proxy import PASS, REFUSE, SILENT

SERVICES = ("cache", "database")
# How a phase is written on the command line: normal:10, cache-refused:15, database-silent:15.
PHASE = re.compile(r"^(?:normal|(?P<service>cache|database)-(?P<mode>refused|silent)):(?P<s>\d+)$")
COLUMNS = ("200", "503", "500", "other", "timeout", "no answer")


@dataclass(frozen=True)
class Phase:
    service: str | None  # None: everything passes
    mode: str
    seconds: int

    @property
    def name(self) -> str:
        words = {REFUSE: "refused", SILENT: "silent"}
        return "normal" if self.service is None else f"{self.service} {words[self.mode]}"

    def mode_of(self, service: str) -> str:
        return self.mode if service == self.service else PASS


def parse_phase(text: str) -> Phase:
    match = PHASE.match(text)
    if match is None:
        raise ValueError(
            f"{text!r}: write normal:SECONDS, or cache- or database- then refused or "
            "silent, then :SECONDS (database-silent:15)"
        )
    mode = {"refused": REFUSE, "silent": SILENT}.get(match["mode"], PASS)
    return Phase(service=match["service"], mode=mode, seconds=int(match["s"]))


@dataclass(frozen=True)
class Answer:
    started: float  # seconds since the drill started
    page: str
    outcome: str  # one of COLUMNS
    seconds: float
    health: str = ""  # /health/'s status and body


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    cookie: str = ""


def ask(host: str, port: int, page: Page, timeout: float) -> tuple[str, str]:
    """The outcome of one GET on a fresh connection, as a browser after a pause, and
    /health/'s status and body."""
    connection = http.client.HTTPConnection(host, port, timeout=timeout)
    headers = {"Cookie": f"sessionid={page.cookie}"} if page.cookie else {}
    try:
        connection.request("GET", page.path, headers=headers)
        response = connection.getresponse()
        body = response.read()
    except TimeoutError:
        return "timeout", ""
    except (OSError, http.client.HTTPException):  # refused, reset, closed without answer
        return "no answer", ""
    finally:
        connection.close()
    status = str(response.status)
    outcome = status if status in COLUMNS else "other"
    health = f"{status} {body.decode(errors='replace')[:80]}" if page.name == "health" else ""
    return outcome, health


@dataclass
class Load:
    """`clients` threads, each asking the pages in turn, `rate` requests a second each."""

    host: str
    port: int
    pages: list[Page]
    clients: int = 4
    rate: float = 5.0
    timeout: float = 5.0
    answers: list[Answer] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)
    _threads: list[threading.Thread] = field(default_factory=list)

    def start(self) -> float:
        self.started = time.monotonic()
        for number in range(self.clients):
            thread = threading.Thread(target=self._client, args=(number,), daemon=True)
            thread.start()
            self._threads.append(thread)
        return self.started

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=self.timeout + 5)

    def _client(self, number: int) -> None:
        interval = 1 / self.rate
        turn = number  # clients start on different pages, so each second sees them all
        next_start = time.monotonic()
        while not self._stop.is_set():
            page = self.pages[turn % len(self.pages)]
            turn += 1
            began = time.monotonic()
            outcome, health = ask(self.host, self.port, page, self.timeout)
            took = time.monotonic() - began
            self.answers.append(  # list.append is atomic
                Answer(began - self.started, page.name, outcome, took, health)
            )
            next_start = max(next_start + interval, time.monotonic())
            self._stop.wait(max(0, next_start - time.monotonic()))


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)] if ordered else 0.0


def phase_at(phases: list[Phase], second: int) -> str:
    end = 0
    for phase in phases:
        end += phase.seconds
        if second < end:
            return phase.name
    return "after"


def by_second(answers: list[Answer]) -> dict[int, list[Answer]]:
    """Answers by the second their request started in."""
    seconds: dict[int, list[Answer]] = {}
    for answer in answers:
        seconds.setdefault(int(answer.started), []).append(answer)
    return seconds


def table(answers: list[Answer], phases: list[Phase]) -> list[str]:
    lines = [f"{'s':>4}  {'phase':<17}" + "".join(f"{c:>10}" for c in COLUMNS) + f"{'p95 ms':>9}"]
    seconds = by_second(answers)
    # Every second of the drill, those in which no request started (all clients waiting) too.
    last = max([sum(phase.seconds for phase in phases) - 1, *seconds])
    for second in range(last + 1):
        seconds_answers = seconds.get(second, [])
        counts = Counter(answer.outcome for answer in seconds_answers)
        latency = p95([answer.seconds for answer in seconds_answers]) * 1000
        lines.append(
            f"{second:>4}  {phase_at(phases, second):<17}"
            + "".join(f"{counts.get(c, 0):>10}" for c in COLUMNS)
            + f"{latency:>9.0f}"
        )
    return lines


@dataclass(frozen=True)
class Outage:
    name: str
    start: int
    end: int
    recovered_at: int | None  # the first second from `end` on whose answers are all 200
    health: Counter

    @property
    def recovery(self) -> str:
        if self.recovered_at is None:
            return "not recovered before the drill ended"
        return f"{self.recovered_at - self.end} s"


def outages(answers: list[Answer], phases: list[Phase]) -> list[Outage]:
    seconds = by_second(answers)
    found, start = [], 0
    for phase in phases:
        end = start + phase.seconds
        if phase.service is not None:
            recovered_at = next(
                (
                    second
                    for second in sorted(seconds)
                    if second >= end and all(a.outcome == "200" for a in seconds[second])
                ),
                None,
            )
            until = recovered_at if recovered_at is not None else math.inf
            health = Counter(
                answer.health or answer.outcome
                for answer in answers
                if answer.page == "health" and start <= answer.started < until
            )
            found.append(Outage(phase.name, start, end, recovered_at, health))
        start = end
    return found
