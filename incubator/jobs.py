"""Jobs that shops create, and the workers who hold them.

The same person is one `Worker`: found by identity number when one is given;
without one, by name within the household; with neither, a new worker each
time (nothing tells two such people apart). A job counts for a poor household
when the worker's household was registered poor, lifted out or monitored on
the job's start date; that status is read once, when the job is created, and
kept on the job ("frozen at hiring").

An identity number may be someone's whom another shop or county recorded: the hire goes
on, and nothing the hiring person reads tells them about that record (docs/incubator.md,
"A worker recorded elsewhere"). The job keeps the name they typed; a refusal names no
other shop's job and no other household's member.
"""

import datetime
from decimal import Decimal

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from incubator import audit, poor_households, scoping
from incubator.choices import JobKind
from incubator.models import Job, Shop, Worker
from incubator.values import Errors, clean_choice, clean_day, clean_text, clean_yuan, labelled
from trainees.choices import POOR_HOUSEHOLD_STATUSES, Gender, HouseholdStatus
from trainees.identity import normalise_id_number, validate_id_number
from trainees.models import Household

WAGE_MAX_DIGITS = 10
# A job's history holds no household status: it never changes once frozen, and it is the
# household's to show (the job's record masks it for other counties; a history would not).
JOB_FIELDS = ["worker_name", "kind", "starts_on", "ends_on", "monthly_wage"]


def _label(model, field: str):
    return model._meta.get_field(field).verbose_name


def _clean_id_number(value: str) -> str:
    value = normalise_id_number(value)
    if value:
        validate_id_number(value)
    return value


def worker_for(
    *, name: str, household: Household | None, id_number: str, gender: str = ""
) -> Worker:
    """The worker these details describe, created when there is none yet (see the module);
    a gender given is kept on a worker recorded without one."""
    worker = _worker_found_or_created(name=name, household=household, id_number=id_number)
    if gender and not worker.gender:
        worker.gender = gender
        worker.save(update_fields=["gender"])
    return worker


def _worker_found_or_created(*, name: str, household: Household | None, id_number: str) -> Worker:
    id_number = normalise_id_number(id_number)
    if id_number:
        worker = Worker.objects.filter(id_number=id_number).first()
        if worker is not None:
            if household is not None and worker.household_id not in (None, household.pk):
                raise ValidationError(
                    {
                        "household": _(
                            "This identity number is recorded with another household: check "
                            "both numbers, or leave the household registry number empty."
                        )
                    }
                )
            if household is not None and worker.household_id is None:
                worker.household = household
                worker.save(update_fields=["household"])
                poor_households.refresh_jobs(
                    job_ids=Job.objects.filter(worker=worker).values_list("pk", flat=True)
                )
            return worker
    elif household is not None:
        worker = Worker.objects.filter(household=household, name=name).first()
        if worker is not None:
            return worker
    return Worker.objects.create(name=name, household=household, id_number=id_number)


def _period(starts_on: datetime.date, ends_on: datetime.date | None) -> Q:
    """Jobs whose time overlaps [starts_on, ends_on] (an open end runs on for ever)."""
    overlap = Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on)
    if ends_on is not None:
        overlap &= Q(starts_on__lte=ends_on)
    return overlap


def _check_no_clash(
    *, worker: Worker, shop: Shop, kind: str, starts_on: datetime.date, ends_on, job=None
) -> None:
    """No two jobs of one worker at one shop at once; no job beside a full-time one elsewhere.
    A job at this shop is named (its people know it); one elsewhere is not: the refusal says
    only that the person has one (see the module). `job` is the one whose end is moved."""
    overlapping = Job.objects.filter(_period(starts_on, ends_on), worker=worker)
    if job is not None:
        overlapping = overlapping.exclude(pk=job.pk)
    here = next((job for job in overlapping if job.shop_id == shop.pk), None)
    if here is not None:
        raise ValidationError(
            {
                "starts_on": _(
                    "%(worker)s already works at %(shop)s from %(start)s in that period: "
                    "end that job first."
                )
                % {"worker": here.worker_name, "shop": shop.name, "start": here.starts_on}
            }
        )
    if any(JobKind.FULL_TIME in (job.kind, kind) for job in overlapping):
        raise ValidationError(
            {
                "starts_on": _(
                    "This person holds another job in that period, and nobody holds a "
                    "full-time job beside another one: check the start date and the kind "
                    "of job with them."
                )
            }
        )


def _check_may_employ(by: AbstractBaseUser, shop: Shop) -> None:
    if not scoping.may_act_for_shop(by, shop):
        raise PermissionDenied(_("Only the shop's owners and coordinators record its jobs."))


def _refuse_end_before_start(errors: Errors, starts_on, ends_on) -> None:
    if starts_on is not None and ends_on is not None and ends_on < starts_on:
        errors.add(
            "ends_on",
            labelled(
                _label(Job, "ends_on"),
                ValidationError(
                    _("%(end)s is before the job starts (%(start)s).")
                    % {"end": ends_on, "start": starts_on}
                ),
            ),
        )


def _clean_start(value) -> datetime.date:
    """A job is recorded once it has begun: one not begun yet is a plan, not a job."""
    day = clean_day(value, allow_future=True)
    if day > timezone.localdate():
        raise ValidationError(
            _("%(day)s has not come yet: record the job on the day it starts.") % {"day": day},
            code="future",
        )
    return day


def household_by_number(*, registry_number: str, county) -> Household | None:
    """The household of `county` with this registry number; None when no number is given.
    Only the shop's county is searched: whoever names a household sees no other county's."""
    registry_number = (registry_number or "").strip()
    if not registry_number:
        return None
    household = Household.objects.filter(
        registry_number=registry_number, village__township__county=county
    ).first()
    if household is None:
        raise ValidationError(
            {
                "household_number": _(
                    "No household with registry number %(number)s in %(county)s: check the "
                    "number, or leave it empty."
                )
                % {"number": registry_number, "county": county.display_name}
            }
        )
    return household


@transaction.atomic
def job_create(
    *,
    shop: Shop,
    worker_name: str,
    kind: str,
    starts_on: datetime.date,
    monthly_wage: Decimal | str,
    by: AbstractBaseUser,
    household: Household | None = None,
    id_number: str = "",
    ends_on: datetime.date | None = None,
    gender: str = "",
) -> Job:
    """A job at `shop`, with its worker found or created, and the household status frozen."""
    _check_may_employ(by, shop)
    errors = Errors()
    worker_name = errors.check("worker_name", _("worker"), clean_text, worker_name, max_length=100)
    id_number = errors.check("id_number", _label(Worker, "id_number"), _clean_id_number, id_number)
    kind = errors.check(
        "kind", _label(Job, "kind"), clean_choice, kind, JobKind, what=_("a kind of job")
    )
    if gender:
        gender = errors.check(
            "gender", _label(Worker, "gender"), clean_choice, gender, Gender, what=_("a gender")
        )
    starts_on = errors.check("starts_on", _label(Job, "starts_on"), _clean_start, starts_on)
    if ends_on is not None:
        ends_on = errors.check(
            "ends_on", _label(Job, "ends_on"), clean_day, ends_on, allow_future=True
        )
    monthly_wage = errors.check(
        "monthly_wage",
        _label(Job, "monthly_wage"),
        clean_yuan,
        monthly_wage,
        max_digits=WAGE_MAX_DIGITS,
        example="2500",
    )
    _refuse_end_before_start(errors, starts_on, ends_on)
    errors.raise_if_any()

    worker = worker_for(
        name=worker_name, household=household, id_number=id_number, gender=gender or ""
    )
    # One job decision per worker at a time: the clash check sees every committed job.
    worker = Worker.objects.select_for_update().get(pk=worker.pk)
    _check_no_clash(worker=worker, shop=shop, kind=kind, starts_on=starts_on, ends_on=ends_on)
    status = worker.household.status_on(starts_on) if worker.household_id else HouseholdStatus.NONE
    job = Job.objects.create(
        shop=shop,
        worker=worker,
        worker_name=worker_name,
        kind=kind,
        starts_on=starts_on,
        ends_on=ends_on,
        monthly_wage=monthly_wage,
        household_status_at_start=status,
        counts_for_poor_household=status in POOR_HOUSEHOLD_STATUSES,
        created_by=by,
    )
    poor_households.refresh_jobs(job_ids=[job.pk])
    audit.record(
        job,
        audit.JOB_CREATE,
        by=by,
        changes=audit.changes_of(job, {}, JOB_FIELDS),
    )
    return job


def is_open(job: Job) -> bool:
    """A job runs until its last day: with none, or with a planned one not yet passed, its
    end may still be set or corrected; once the last day has passed it stays."""
    return job.ends_on is None or job.ends_on >= timezone.localdate()


@transaction.atomic
def job_end(*, job: Job, ends_on: datetime.date, by: AbstractBaseUser) -> Job:
    """The job's last day, or a planned last day corrected; not before it started."""
    _check_may_employ(by, job.shop)
    job = Job.objects.select_for_update().get(pk=job.pk)
    errors = Errors()
    ends_on = errors.check("ends_on", _label(Job, "ends_on"), clean_day, ends_on, allow_future=True)
    _refuse_end_before_start(errors, job.starts_on, ends_on)
    errors.raise_if_any()
    if not is_open(job):
        raise ValidationError(
            {"ends_on": _("This job already ended on %(day)s.") % {"day": job.ends_on}}
        )
    # A later end may run into another job of the same person.
    worker = Worker.objects.select_for_update().get(pk=job.worker_id)
    _check_no_clash(
        worker=worker,
        shop=job.shop,
        kind=job.kind,
        starts_on=job.starts_on,
        ends_on=ends_on,
        job=job,
    )
    before = audit.snapshot(job, ["ends_on"])
    job.ends_on = ends_on
    job.save(update_fields=["ends_on"])
    poor_households.refresh_jobs(job_ids=[job.pk])
    audit.record(job, audit.JOB_END, by=by, changes=audit.changes_of(job, before, ["ends_on"]))
    return job
