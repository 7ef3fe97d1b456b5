"""How long the database may work on one statement: the limit of the kind of work a
thread is doing now (settings/base.py, "A database that stops answering").

- pages: what the web server serves (training_site/wsgi.py sets DATABASE_WORK=pages), 3 s;
- tasks: everything run by manage.py (db_worker's tasks, commands), 600 s;
- reports: a view marked `report_work` (exports, the annual report, certificates' PDF and
  ZIP) may read the whole programme: DATABASE_REPORT_STATEMENT_TIMEOUT (60 s) for the
  request, its streamed response included.

The PostgreSQL backend (training_site/postgresql/) sets each connection's statement_timeout
to `statement_timeout_seconds()` before a statement and gives each wait on the server that
long and a second more (training_site/database_deadline.py).
"""

import contextvars
import functools

from django.conf import settings
from django.core.signals import request_started

_report_work = contextvars.ContextVar("report_work", default=False)


def statement_timeout_seconds() -> int:
    """The statement timeout, in seconds, of the work this thread is doing now; 0 for none."""
    timeout = settings.STATEMENT_TIMEOUT_SECONDS
    if _report_work.get() and timeout:  # no limit stays no limit
        return max(timeout, settings.DATABASE_REPORT_STATEMENT_TIMEOUT)
    return timeout


def report_work(view):
    """A view (a function, or a class's `as_view()`) whose request is report work: from its
    start until its response is closed, which is after the last byte of a streamed
    export was sent."""

    @functools.wraps(view)
    def view_as_report(request, *args, **kwargs):
        _report_work.set(True)
        try:
            response = view(request, *args, **kwargs)
        except BaseException:
            _report_work.set(False)
            raise
        response._resource_closers.append(functools.partial(_report_work.set, False))
        return response

    return view_as_report


def _pages_again(**kwargs) -> None:
    """A report's response that was never closed leaves its thread's next request a page."""
    _report_work.set(False)


request_started.connect(_pages_again, dispatch_uid="machinery-database-work")
