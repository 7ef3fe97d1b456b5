"""One log line for an outage, not two chained tracebacks of ninety lines.

While the database or Redis is away, every request fails the same known way: a traceback
per request says nothing new and buries everything else. A filter on the log handlers
(settings LOGGING) turns a record whose exception is an outage (a database connection
lost, refused or cut, Redis unreachable) into one line: the message (Django's names the
path), the exception's class and its text. Any other exception keeps its traceback.
"""

import logging

from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from django.db import InterfaceError, OperationalError

OUTAGES = (OperationalError, InterfaceError, RedisConnectionError, RedisTimeoutError)


class OneLineOutages(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        outage = record.exc_info[1] if record.exc_info else None
        if isinstance(outage, OUTAGES):
            text = " ".join(str(outage).split())  # libpq's messages run over several lines
            record.msg = f"{record.getMessage()} ({type(outage).__name__}: {text})"
            record.args = None
            record.exc_info = None
            record.exc_text = None
        return True
