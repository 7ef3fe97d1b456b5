"""PostgreSQL that does not wait again for a database that gave no answer:

- once the request's deadline has passed (training_site/database_deadline.py), a new
  connection fails at once: connecting again would only wait for connect_timeout before
  the same "briefly unavailable" page;
- once a connection of this process timed out (the server accepts and says nothing), new
  connections fail at once for DATABASE_SILENT_SHORT_CIRCUIT_SECONDS: a worker serves the
  fault page to the requests queued behind instead of holding each for connect_timeout.
  Then the next request tries again, so the site answers again within that long of the
  database's return.
"""

import time

from django.conf import settings
from django.db.backends.postgresql import base

from training_site.database_deadline import deadline_passed

# alias -> time.monotonic() until which this process makes no new connection to it
_silent_until: dict[str, float] = {}


class DatabaseWrapper(base.DatabaseWrapper):
    def get_new_connection(self, conn_params):
        if deadline_passed():
            raise self.Database.OperationalError(
                "not connecting: the database gave no answer before the request's deadline"
            )
        if time.monotonic() < _silent_until.get(self.alias, 0):
            raise self.Database.OperationalError(
                "not connecting: the database gave no answer to a connection "
                f"less than {settings.DATABASE_SILENT_SHORT_CIRCUIT_SECONDS:g} s ago"
            )
        try:
            return super().get_new_connection(conn_params)
        except self.Database.errors.ConnectionTimeout:
            seconds = settings.DATABASE_SILENT_SHORT_CIRCUIT_SECONDS
            _silent_until[self.alias] = time.monotonic() + seconds
            raise
