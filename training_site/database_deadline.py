"""A deadline on the database work of a request, for a server that stops answering.

A PostgreSQL server that accepts connections and then says nothing (hung, stopped, its disk
stuck) is not caught by statement_timeout, which the server itself enforces, nor by TCP
keep-alives, which its kernel still answers; connect_timeout covers only connecting. A
request waiting on such a server would wait forever, on its persistent connection too,
and every worker with it.

So each request of the web server (training_site/wsgi.py) runs under a deadline: one
watchdog thread per process shuts down the sockets of the request thread's database
connections when the deadline passes. The blocked read then fails at once with an
OperationalError, which handler500 turns into the "briefly unavailable" page, and the
connection, marked broken, is closed at the end of the request. A new connection asked for
after the deadline fails at once too (training_site/postgresql/base.py), instead of waiting
for connect_timeout again.
"""

import functools
import logging
import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress

from django.conf import settings
from django.core.signals import request_finished
from django.db import connections

logger = logging.getLogger(__name__)


class _Deadline:
    def __init__(self, seconds: float, databases: list):
        self.seconds = seconds
        self.at = time.monotonic() + seconds
        self.databases = databases

    def passed(self) -> bool:
        return time.monotonic() >= self.at

    def cut(self) -> None:
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
        self._deadlines: set[_Deadline] = set()
        self._thread: threading.Thread | None = None

    def arm(self, deadline: _Deadline) -> None:
        with self._condition:
            if self._thread is None or not self._thread.is_alive():  # e.g. after a fork
                self._thread = threading.Thread(
                    target=self._run, name="database-deadline", daemon=True
                )
                self._thread.start()
            self._deadlines.add(deadline)
            self._condition.notify()

    def disarm(self, deadline: _Deadline) -> None:
        """Once this returns, `deadline` cuts nothing: its connections may serve the next
        request of the thread."""
        with self._condition:
            self._deadlines.discard(deadline)

    def _run(self) -> None:
        with self._condition:
            while True:
                now = time.monotonic()
                for deadline in [d for d in self._deadlines if d.at <= now]:
                    self._deadlines.discard(deadline)
                    deadline.cut()
                next_at = min((d.at for d in self._deadlines), default=None)
                self._condition.wait(None if next_at is None else next_at - now)


_watchdog = _Watchdog()
_current = threading.local()


@contextmanager
def request_deadline(seconds: float, *databases) -> Iterator[None]:
    """Cut `databases` (by default every database connection of this thread) if they are
    still in use `seconds` from now."""
    deadline = _Deadline(seconds, list(databases) or [connections[a] for a in connections])
    previous = getattr(_current, "deadline", None)
    _current.deadline = deadline
    _watchdog.arm(deadline)
    try:
        yield
    finally:
        _watchdog.disarm(deadline)
        _current.deadline = previous


def deadline_passed() -> bool:
    """Whether this thread works under a deadline that has passed."""
    deadline = getattr(_current, "deadline", None)
    return deadline is not None and deadline.passed()


def with_request_deadline(application):
    """The WSGI application, each request under DATABASE_REQUEST_DEADLINE_SECONDS: from
    before Django's request_started (which may check a persistent connection) until its
    request_finished (sent when the server closes the response)."""
    seconds = settings.DATABASE_REQUEST_DEADLINE_SECONDS
    if not seconds:
        return application

    @functools.wraps(application)
    def application_under_deadline(environ, start_response):
        _end_request_deadline()  # a response never closed leaves no deadline behind
        deadline = request_deadline(seconds)
        deadline.__enter__()
        _current.request_deadline = deadline
        try:
            return application(environ, start_response)
        except BaseException:
            _end_request_deadline()
            raise

    # Connected after Django's own receiver, which closes connections found unusable.
    request_finished.connect(_end_request_deadline, dispatch_uid="database-request-deadline")
    return application_under_deadline


def _end_request_deadline(**kwargs) -> None:
    deadline = getattr(_current, "request_deadline", None)
    if deadline is not None:
        _current.request_deadline = None
        deadline.__exit__(None, None, None)
