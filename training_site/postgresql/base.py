"""PostgreSQL, refusing a new connection once the request's deadline has passed
(training_site/database_deadline.py): connecting again would only wait for connect_timeout
before the same "briefly unavailable" page."""

from django.db.backends.postgresql import base

from training_site.database_deadline import deadline_passed


class DatabaseWrapper(base.DatabaseWrapper):
    def get_new_connection(self, conn_params):
        if deadline_passed():
            raise self.Database.OperationalError(
                "not connecting: the database gave no answer before the request's deadline"
            )
        return super().get_new_connection(conn_params)
