"""The outcomes pages read from a read replica when there is one (DATABASE_REPLICA_URL).

Only the reads of the outcomes dashboard, the annual report and the figures of the API go
to `settings.OUTCOMES_READ_DATABASE` ("replica" when configured, else "default"): they are
the heavy reads, and a figure a few seconds old is fine there. Every write, and every read
of every other page, goes to "default", so that what a person has just written is what
they read next.
"""

import contextlib
import contextvars
import functools

from django.conf import settings

_outcomes_reads = contextvars.ContextVar("outcomes_reads", default=False)


@contextlib.contextmanager
def outcomes_reads():
    """Within this block, reads go to the outcomes' read database."""
    token = _outcomes_reads.set(True)
    try:
        yield
    finally:
        _outcomes_reads.reset(token)


def reads_outcomes(view):
    """A view whose reads go to the outcomes' read database."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        # The session and the user come from default: a login just written may not be on
        # the replica yet.
        request.user.is_authenticated  # noqa: B018 - loads the lazy user now
        with outcomes_reads():
            return view(request, *args, **kwargs)

    return wrapped


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        return settings.OUTCOMES_READ_DATABASE if _outcomes_reads.get() else "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same rows as default

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"  # the replica copies default's tables
