import pytest

from django.db import connection

# What a failed connect() resets on the connection, kept to put back with the open one:
# the transaction a test runs in is still open on it.
CONNECTION_STATE = [
    "connection",
    "autocommit",
    "in_atomic_block",
    "savepoint_state",
    "savepoint_ids",
    "atomic_blocks",
    "commit_on_exit",
    "needs_rollback",
    "closed_in_transaction",
    "run_on_commit",
    "run_commit_hooks_on_set_autocommit_on",
    "errors_occurred",
    "health_check_done",
]


class DatabaseSwitch:
    """Points the default connection at a database server that does not answer, and back."""

    def __init__(self, tmp_path):
        self.tmp_path = tmp_path
        self.saved = None

    def cut(self) -> None:
        state = {name: getattr(connection, name) for name in CONNECTION_STATE}
        state = {name: list(v) if isinstance(v, list) else v for name, v in state.items()}
        self.saved = (state, dict(connection.settings_dict))
        connection.connection = None
        if connection.vendor == "sqlite":
            connection.settings_dict["NAME"] = str(self.tmp_path / "no-such-folder" / "eagle.db")
        else:
            connection.settings_dict.update(HOST="127.0.0.1", PORT="1")  # nothing listens there

    def restore(self) -> None:
        if self.saved is None:
            return
        state, settings_dict = self.saved
        connection.settings_dict.clear()
        connection.settings_dict.update(settings_dict)
        for name, value in state.items():
            setattr(connection, name, value)
        self.saved = None


@pytest.fixture
def database_switch(tmp_path):
    switch = DatabaseSwitch(tmp_path)
    yield switch
    switch.restore()


@pytest.fixture
def unreachable_database(database_switch, django_db_blocker):
    """The default connection pointed at a database server that does not answer."""
    database_switch.cut()
    with django_db_blocker.unblock():
        yield
