"""The record of a background job, for the person who started it: status and progress.

Imports (machinery.imports) and the apps' batches keep their record in the cache (Redis
in production, shared by the web servers and the task workers) rather than in
a model: it says who started the job, in which language, its status and what
it produced, and expires with the job. Progress is a separate key, written
often by the task and read by the page that refreshes itself; the page shows it with
the template "machinery/jobs/progress.html".

A worker killed outright (kill -9, the machine lost) runs no `except`: its job would say
"running" for ever. So a job's task holds a lease while it runs (`JobRecords.task`): a
thread beside it writes the time to the cache every JOB_HEARTBEAT_SECONDS, however long
one step takes. A job whose lease is older than JOB_LEASE_SECONDS has lost its worker:
`JobRecords.get_own` (the page its starter watches) and `dead_jobs_sweep` (every worker,
every JOB_SWEEP_SECONDS; docs/deploy.md) mark it failed, with a message saying where it
stopped, and leave a notice shown on its starter's next admin page.
"""

import contextlib
import datetime
import functools
import logging
import threading
import time
import uuid
from collections.abc import Callable, Iterator

from django_tasks import task as django_task
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.cache import cache
from django.utils import timezone, translation
from django.utils.module_loading import import_string

from machinery.cache_health import cache_answers

logger = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
# stopped_message(record, done, total): why a job whose worker stopped failed, and where.
StoppedMessage = Callable[[dict, int, int], str]

FAILED = "failed"
NOTICE_TIMEOUT = 7 * 24 * 60 * 60


class JobRecords:
    """The records of one kind of job, e.g. `JobRecords("roster-import", timeout=6 * 3600,
    running={"checking"}, stopped_message=...)`: `running` are the statuses of a job whose
    task is queued or under way."""

    def __init__(
        self,
        kind: str,
        *,
        timeout: int,
        running: frozenset[str] = frozenset(),
        stopped_message: StoppedMessage | None = None,
    ):
        self.kind = kind
        self.timeout = timeout
        self.running = running
        self.stopped_message = stopped_message

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
        return record

    def get(self, job_id: str) -> dict | None:
        return cache.get(self.key(job_id))

    def get_own(self, job_id: str, user: AbstractBaseUser) -> dict | None:
        """The record if `user` started it; None if it expired or is someone else's. A job
        whose worker stopped is marked failed here, so the page its starter watches says so
        as soon as its lease has expired."""
        record = self.get(job_id)
        if record is None or record["started_by"] != user.pk:
            return None
        age = self.lease_age(job_id)
        running = record.get("status") in self.running
        if running and age is not None and age > settings.JOB_LEASE_SECONDS:
            record = self.mark_stopped(job_id)
        if record.get("status") not in self.running:
            notices_drop(user.pk, self.key(job_id))  # seen here: not again on the next page
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

        return progress

    # Running the job's task, and its lease ------------------------------------------------

    def task(self, function: Callable) -> Callable:
        """`function(job_id)` as a django_tasks task that holds the job's lease while it runs;
        the tasks of a kind of job are declared with it, `@RECORDS.task`."""

        @functools.wraps(function)
        def leased(job_id: str, *args, **kwargs):
            with self.lease(job_id):
                return function(job_id, *args, **kwargs)

        leased.job_records = self
        return django_task()(leased)

    def enqueue(self, job_id: str, task) -> None:
        """Queue `task` (one of `self.task`'s) for the job. A lease left by its previous task
        is dropped: the job is waiting for a worker, which has not stopped."""
        cache.delete(self.key(job_id, "lease"))
        task.enqueue(job_id)

    @contextlib.contextmanager
    def lease(self, job_id: str) -> Iterator[None]:
        """Writes the time to the job's lease now and every JOB_HEARTBEAT_SECONDS until the
        block ends. A thread does it, so one long step (a single SQL statement, one big PDF)
        keeps the lease; a killed process writes no more, and the lease expires."""
        stop = threading.Event()

        def beat() -> None:
            while not stop.wait(settings.JOB_HEARTBEAT_SECONDS):
                cache.set(self.key(job_id, "lease"), time.time(), self.timeout)

        heartbeat = threading.Thread(target=beat, name=f"lease {job_id}", daemon=True)
        cache.set(self.key(job_id, "lease"), time.time(), self.timeout)
        heartbeat.start()
        try:
            yield
        finally:
            stop.set()
            heartbeat.join()

    def lease_age(self, job_id: str) -> float | None:
        """Seconds since the job's task last wrote its lease; None if it has not started
        (or has only just, which only `dead_jobs_sweep` tells apart, from the task's row)."""
        beat = cache.get(self.key(job_id, "lease"))
        return None if beat is None else time.time() - beat

    def mark_stopped(self, job_id: str) -> dict | None:
        """A running job whose worker stopped: failed, with `stopped_message` in its
        starter's language, and a notice for their next admin page. Any other is left."""
        record = self.get(job_id)
        if record is None or record["status"] not in self.running:
            return record
        done, total = self.progress(job_id)
        with translation.override(record["language"]):
            message = self.stopped_message(record, done, total)
        record = self.update(job_id, status=FAILED, message=message)
        notice_add(record["started_by"], self.key(job_id), message)
        return record


class WorkerStopped(Exception):
    """The worker running a task stopped without a word (killed, its machine lost)."""


def dead_jobs_sweep() -> int:
    """Marks failed every job task that a worker claimed and stopped running: its task row
    (django_tasks_db) says RUNNING, it started more than JOB_LEASE_SECONDS ago, and its
    job's lease has expired or was never written. Its job record is marked as
    `mark_stopped` does. Returns how many; tasks that are not jobs' are left alone."""
    if not cache_answers():
        # Leases live in the cache: with it away, every lease reads as never written, and
        # live tasks would be failed.
        logger.warning("Dead jobs not swept: the cache, which holds their leases, is away")
        return 0
    lease = datetime.timedelta(seconds=settings.JOB_LEASE_SECONDS)
    swept = 0
    for result in DBTaskResult.objects.running().filter(started_at__lt=timezone.now() - lease):
        try:
            task = import_string(result.task_path)
        except ImportError:
            continue
        records = getattr(getattr(task, "func", None), "job_records", None)
        job_id = (result.args_kwargs.get("args") or [None])[0]
        if records is None or not isinstance(job_id, str):
            continue
        age = records.lease_age(job_id)
        if age is not None and age <= settings.JOB_LEASE_SECONDS:
            continue
        records.mark_stopped(job_id)
        failed = DBTaskResult.objects.filter(pk=result.pk, status=TaskResultStatus.RUNNING)
        stopped = WorkerStopped(
            f"No heartbeat for {settings.JOB_LEASE_SECONDS} s: the worker stopped "
            f"({', '.join(result.worker_ids)})."
        )
        failed.update(
            status=TaskResultStatus.FAILED,
            finished_at=timezone.now(),
            exception_class_path=f"{WorkerStopped.__module__}.{WorkerStopped.__qualname__}",
            traceback=str(stopped),
        )
        logger.warning("Job %s of %s failed: %s", job_id, result.task_path, stopped)
        swept += 1
    return swept


# Notices: a stopped job, told on its starter's next admin page -------------------------


def notices_key(user_pk: int) -> str:
    return f"job-notices:{user_pk}"


def notice_add(user_pk: int, job_key: str, message: str) -> None:
    notices = cache.get(notices_key(user_pk), {})
    notices[job_key] = message
    cache.set(notices_key(user_pk), notices, NOTICE_TIMEOUT)


def notices_drop(user_pk: int, job_key: str) -> None:
    notices = cache.get(notices_key(user_pk))
    if notices and job_key in notices:
        del notices[job_key]
        cache.set(notices_key(user_pk), notices, NOTICE_TIMEOUT)


def notices_take(user_pk: int) -> list[str]:
    """The user's notices, once: taken, they are gone."""
    notices = cache.get(notices_key(user_pk))
    if not notices:
        return []
    cache.delete(notices_key(user_pk))
    return list(notices.values())
