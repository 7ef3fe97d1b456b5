"""A deadline on each wait for the database, for a server that stops answering.

A PostgreSQL server that accepts connections and then says nothing (hung, stopped, its disk
stuck) is not caught by statement_timeout, which the server itself enforces, nor by TCP
keep-alives, which its kernel still answers; connect_timeout covers only connecting. A
thread waiting on such a server would wait forever, on its persistent connection too.

So each wait of a thread on the server (a statement, a fetch of a server-side cursor, a
commit, a rollback, a health check of a persistent connection: training_site/postgresql/)
has a deadline: the statement timeout of the work the thread does
(`machinery.database_work`) and DATABASE_WAIT_MARGIN_SECONDS more, by when a server that
answers has cancelled the statement itself. One watchdog thread per process shuts down the
socket of a connection whose wait passed its deadline: the blocked read fails at once with
an OperationalError, which handler500 turns into the "briefly unavailable" page, and the
connection, marked broken, is closed at the end of the request. Time spent outside the
database (rendering a PDF, a slow reader of a streamed export) counts for nothing.
"""

import logging
import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext, suppress

from django.conf import settings
from django.db import connections

from machinery.database_work import statement_timeout_seconds

logger = logging.getLogger(__name__)


class Deadline:
    def __init__(self, seconds: float, databases: list):
        self.seconds = seconds
        self.at = time.monotonic() + seconds
        self.databases = databases
        self.cut = False

    def cut_connections(self) -> None:
        self.cut = True
        for database in self.databases:
            raw = database.connection
            fileno = getattr(raw, "fileno", None)  # SQLite has no socket to cut
            if fileno is None:
                continue
            with suppress(OSError), socket.socket(fileno=os.dup(fileno())) as sock:
                sock.shutdown(socket.SHUT_RDWR)
                logger.warning(
                    "Database %r gave no answer within %s s: its connection is cut",
                    database.alias,
                    self.seconds,
                )


class _Watchdog:
    """One thread per process that cuts what passed its deadline."""

    def __init__(self):
        self._condition = threading.Condition()
        self._deadlines: set[Deadline] = set()
        self._wakes_at: float | None = None  # at the latest; None: once one is armed
        self._thread: threading.Thread | None = None

    def arm(self, deadline: Deadline) -> None:
        with self._condition:
            if self._thread is None or not self._thread.is_alive():  # e.g. after a fork
                self._thread = threading.Thread(
                    target=self._run, name="database-deadline", daemon=True
                )
                self._thread.start()
            self._deadlines.add(deadline)
            # The watchdog is woken only for a deadline earlier than it wakes anyway: not
            # for each statement, since a process's deadlines are mostly equally long.
            if self._wakes_at is None or deadline.at < self._wakes_at:
                self._wakes_at = deadline.at
                self._condition.notify()

    def disarm(self, deadline: Deadline) -> None:
        """Once this returns, `deadline` cuts nothing: its connection may wait again."""
        with self._condition:
            self._deadlines.discard(deadline)

    def _run(self) -> None:
        with self._condition:
            while True:
                now = time.monotonic()
                for deadline in [d for d in self._deadlines if d.at <= now]:
                    self._deadlines.discard(deadline)
                    deadline.cut_connections()
                if self._deadlines:
                    self._wakes_at = min(d.at for d in self._deadlines)
                elif self._wakes_at is not None and self._wakes_at <= now:
                    self._wakes_at = None  # nothing armed: sleep until something is
                # else: woken for a deadline already disarmed; wake when it would have passed
                self._condition.wait(None if self._wakes_at is None else self._wakes_at - now)


_watchdog = _Watchdog()


@contextmanager
def deadline(seconds: float, *databases) -> Iterator[Deadline]:
    """Cut `databases` (by default every database connection of this thread) if they are
    still in use `seconds` from now."""
    armed = Deadline(seconds, list(databases) or [connections[a] for a in connections])
    _watchdog.arm(armed)
    try:
        yield armed
    finally:
        _watchdog.disarm(armed)


def wait_seconds() -> float | None:
    """How long this thread may wait for an answer of the database (None: for ever, when
    statements have no limit)."""
    timeout = statement_timeout_seconds()
    return timeout + settings.DATABASE_WAIT_MARGIN_SECONDS if timeout else None


def database_wait(database):
    """A context in which `database`'s connection is cut if the server gives no answer
    within `wait_seconds()`; it gives the armed Deadline, or None when there is no limit."""
    seconds = wait_seconds()
    return deadline(seconds, database) if seconds else nullcontext()
