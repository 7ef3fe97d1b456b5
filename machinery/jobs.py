"""The record of a background job, for the person who started it: status and progress.

Imports (machinery.imports) and the apps' batches keep their record in the cache (Redis
in production, shared by the web servers and the task workers) rather than in
a model: it says who started the job, in which language, its status and what
it produced, and expires with the job. Progress is a separate key, written
often by the task and read by the page that refreshes itself; the page shows it with
the template "machinery/jobs/progress.html".
"""

import time
import uuid
from collections.abc import Callable

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.cache import cache
from django.utils import translation

Progress = Callable[[int, int], None]

# A job whose progress has not moved for this long was killed: no step takes nearly as long.
STALLED_AFTER = 10 * 60


class JobRecords:
    """The records of one kind of job, e.g. `JobRecords("roster-import", timeout=6 * 3600)`."""

    def __init__(self, kind: str, *, timeout: int):
        self.kind = kind
        self.timeout = timeout

    def key(self, job_id: str, part: str = "") -> str:
        """The cache key of the job's record, or of one of its other parts (`part`)."""
        return f"{self.kind}:{job_id}:{part}" if part else f"{self.kind}:{job_id}"

    def create(self, *, user: AbstractBaseUser, **fields) -> dict:
        """A new record started by `user` in the active language; its "id" names the job."""
        job_id = uuid.uuid4().hex
        record = {
            "id": job_id,
            "started_by": user.pk,
            "language": translation.get_language(),
            **fields,
        }
        cache.set(self.key(job_id), record, self.timeout)
        cache.set(self.key(job_id, "heartbeat"), time.time(), self.timeout)
        return record

    def get(self, job_id: str) -> dict | None:
        return cache.get(self.key(job_id))

    def get_own(self, job_id: str, user: AbstractBaseUser) -> dict | None:
        """The record if `user` started the job; None if it expired or is someone else's."""
        record = self.get(job_id)
        if record is None or record["started_by"] != user.pk:
            return None
        return record

    def update(self, job_id: str, **changes) -> dict:
        record = self.get(job_id) or {}
        record.update(changes)
        cache.set(self.key(job_id), record, self.timeout)
        return record

    def progress(self, job_id: str) -> tuple[int, int]:
        """(done, total); (0, 0) before the task has said anything."""
        return cache.get(self.key(job_id, "progress"), (0, 0))

    def progress_setter(self, job_id: str) -> Progress:
        def progress(done: int, total: int) -> None:
            cache.set(self.key(job_id, "progress"), (done, total), self.timeout)
            cache.set(self.key(job_id, "heartbeat"), time.time(), self.timeout)

        return progress

    def is_stalled(self, job_id: str, *, after: int) -> bool:
        """Whether the job's progress has not moved for `after` seconds: a worker killed
        outright (no `except` ran) leaves its record saying it is still running."""
        heartbeat = cache.get(self.key(job_id, "heartbeat"))
        return heartbeat is not None and time.time() - heartbeat > after
