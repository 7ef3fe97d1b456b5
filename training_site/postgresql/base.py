"""PostgreSQL that never waits for ever, nor again, for a database that gave no answer:

- every wait on the server has a deadline (training_site/database_deadline.py): each
  statement (a permanent execute wrapper), each fetch (of a server-side cursor, as
  `QuerySet.iterator()` reads in chunks), commit, rollback, a change of autocommit, the
  set-up of a new connection and the health check of a persistent one (`is_usable`, which
  Django runs on the raw connection);
- before a statement, the session's statement_timeout is set to the one of the work the
  thread does (`machinery.database_work`: pages, reports or tasks), so a report's longer
  limit ends with the report, on a persistent connection too;
- once a connection of this process timed out or was cut at its deadline (the server
  accepts and says nothing), new connections fail at once for
  DATABASE_SILENT_SHORT_CIRCUIT_SECONDS: a worker serves the fault page to the requests
  queued behind instead of holding each for connect_timeout. Then the next request tries
  again, so the site answers again within that long of the database's return.
"""

import time
from contextlib import contextmanager

from django.conf import settings
from django.db.backends.postgresql import base
from django.db.backends.utils import CursorDebugWrapper, CursorWrapper

from machinery.database_work import statement_timeout_seconds
from training_site.database_deadline import database_wait

# alias -> time.monotonic() until which this process makes no new connection to it
_silent_until: dict[str, float] = {}
# A cursor read row by row is fetched in chunks of this many rows, each a wait.
ITERATION_CHUNK = 2000


class _FetchesWithinDeadline:
    """A cursor whose every fetch is a wait with a deadline: a client-side cursor's fetch
    reads what it already holds, a server-side cursor's asks the server for more."""

    def fetchone(self):
        with self.db.waiting():
            return self.__getattr__("fetchone")()

    def fetchmany(self, size=None):
        with self.db.waiting():
            fetchmany = self.__getattr__("fetchmany")
            return fetchmany() if size is None else fetchmany(size)

    def fetchall(self):
        with self.db.waiting():
            return self.__getattr__("fetchall")()

    def __iter__(self):
        while rows := self.fetchmany(ITERATION_CHUNK):
            yield from rows


class Cursor(_FetchesWithinDeadline, CursorWrapper):
    pass


class DebugCursor(_FetchesWithinDeadline, CursorDebugWrapper):
    pass


class DatabaseWrapper(base.DatabaseWrapper):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.execute_wrappers.append(self._execute_within_deadline)
        self.statement_timeout = None  # the session's, once set; None: the options'

    @contextmanager
    def waiting(self):
        with database_wait(self) as deadline:
            try:
                yield
            finally:
                if deadline is not None and deadline.cut:
                    self._refuse_new_connections_for_a_while()

    def _execute_within_deadline(self, execute, sql, params, many, context):
        with self.waiting():
            self._follow_work_statement_timeout()
            return execute(sql, params, many, context)

    def _follow_work_statement_timeout(self) -> None:
        """The session's statement_timeout set to the current work's, outside a transaction
        only: a SET rolled back with one would leave the session at a limit unknown here."""
        wanted = statement_timeout_seconds()
        if wanted != self.statement_timeout and self.autocommit:
            with self.wrap_database_errors, self.connection.cursor() as cursor:
                cursor.execute(f"SET statement_timeout = {int(wanted * 1000)}")
            self.statement_timeout = wanted

    def make_cursor(self, cursor):
        return Cursor(cursor, self)

    def make_debug_cursor(self, cursor):
        return DebugCursor(cursor, self)

    def get_new_connection(self, conn_params):
        if time.monotonic() < _silent_until.get(self.alias, 0):
            raise self.Database.OperationalError(
                "not connecting: the database gave no answer "
                f"less than {settings.DATABASE_SILENT_SHORT_CIRCUIT_SECONDS:g} s ago"
            )
        self.statement_timeout = None
        try:
            return super().get_new_connection(conn_params)
        except self.Database.errors.ConnectionTimeout:
            self._refuse_new_connections_for_a_while()
            raise

    def _refuse_new_connections_for_a_while(self) -> None:
        _silent_until[self.alias] = (
            time.monotonic() + settings.DATABASE_SILENT_SHORT_CIRCUIT_SECONDS
        )

    def init_connection_state(self):
        with self.waiting():
            super().init_connection_state()

    def _commit(self):
        with self.waiting():
            return super()._commit()

    def _rollback(self):
        with self.waiting():
            return super()._rollback()

    def _set_autocommit(self, autocommit):
        with self.waiting():
            return super()._set_autocommit(autocommit)

    def is_usable(self):
        with self.waiting():
            return super().is_usable()
