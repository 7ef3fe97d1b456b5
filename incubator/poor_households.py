"""Indicator 9's links of shops to poor households, kept ahead of time so that it reads a
year's few thousand links instead of joining every owner and worker to their household
(docs/outcomes.md, "Speed"):

- models.PoorOwnerHousehold: the households poor on the day a shop began incubating,
  through one of its owners;
- models.PoorWorkerHousehold: the jobs counting for a poor household (frozen at hiring),
  with their worker's household and their days.

They are recomputed by `refresh` (a shop's owners' links) and `refresh_jobs`, in the
transaction of every change they depend on, through Django's signals (the admin's forms,
the services and the tests' factories alike): a shop saved (its incubation day), its owners
added or removed from either side, an owner saved (their household) or deleted, a household
status change saved, moved to another household or deleted; a job saved, a worker saved
(their household). A shop or a job deleted takes its links with it. `rebuild` recomputes
everything (after a bulk load such as benchmarks/synthetic.py, or to repair).
"""

from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from incubator.models import Job, PoorOwnerHousehold, PoorWorkerHousehold, Shop, Worker
from trainees.choices import POOR_HOUSEHOLD_STATUSES
from trainees.models import HouseholdStatusChange, Trainee, status_on
from trainees.training_summary import stored

CHUNK = 2000  # shops recomputed at once
Ownership = Shop.owners.through


@transaction.atomic
def refresh(*, shop_ids: Iterable[int]) -> None:
    """Recompute the links of each of the shops."""
    ids = sorted(set(shop_ids))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        # One refresh of a shop at a time, locked in id order.
        list(Shop.objects.select_for_update().filter(pk__in=chunk).order_by("pk").values("pk"))
        PoorOwnerHousehold.objects.filter(shop_id__in=chunk).delete()
        PoorOwnerHousehold.objects.bulk_create(recomputed(chunk))


@transaction.atomic
def refresh_jobs(*, job_ids: Iterable[int]) -> None:
    """Recompute the workers' links of each of the jobs."""
    ids = sorted(set(job_ids))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        PoorWorkerHousehold.objects.filter(job_id__in=chunk).delete()
        PoorWorkerHousehold.objects.bulk_create(workers_recomputed(chunk))


@transaction.atomic
def rebuild() -> None:
    """Recompute every shop's and job's links."""
    PoorOwnerHousehold.objects.all().delete()
    ids = list(
        Shop.objects.filter(incubating_on__isnull=False).order_by("pk").values_list("pk", flat=True)
    )
    for start in range(0, len(ids), CHUNK):
        PoorOwnerHousehold.objects.bulk_create(recomputed(ids[start : start + CHUNK]))
    PoorWorkerHousehold.objects.all().delete()
    ids = list(
        Job.objects.filter(counts_for_poor_household=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for start in range(0, len(ids), CHUNK):
        PoorWorkerHousehold.objects.bulk_create(workers_recomputed(ids[start : start + CHUNK]))


def recomputed(shop_ids: list[int]) -> list[PoorOwnerHousehold]:
    """The links of the shops, computed from their owners and households (unsaved)."""
    owners = list(
        Ownership.objects.filter(
            shop_id__in=shop_ids,
            shop__incubating_on__isnull=False,
            trainee__household__isnull=False,
        ).values_list("shop_id", "shop__incubating_on", "trainee__household_id")
    )
    statuses = defaultdict(list)  # household: its (valid_from, status) changes
    for household, valid_from, status in HouseholdStatusChange.objects.filter(
        household_id__in={household for _shop, _day, household in owners}
    ).values_list("household_id", "valid_from", "status"):
        statuses[household].append((valid_from, status))
    links = {
        (shop, household): day
        for shop, day, household in owners
        if status_on(statuses[household], day) in POOR_HOUSEHOLD_STATUSES
    }
    return [
        PoorOwnerHousehold(shop_id=shop, household_id=household, incubating_on=day)
        for (shop, household), day in sorted(links.items())
    ]


def workers_recomputed(job_ids: list[int]) -> list[PoorWorkerHousehold]:
    """The workers' links of the jobs (unsaved)."""
    jobs = Job.objects.filter(
        pk__in=job_ids, counts_for_poor_household=True, worker__household__isnull=False
    ).values_list("pk", "shop_id", "worker__household_id", "starts_on", "ends_on")
    return [
        PoorWorkerHousehold(
            job_id=job, shop_id=shop, household_id=household, starts_on=starts, ends_on=ends
        )
        for job, shop, household, starts, ends in jobs.order_by("pk")
    ]


def _shops_of(trainees) -> list[int]:
    return list(Ownership.objects.filter(trainee__in=trainees).values_list("shop_id", flat=True))


# The signals


def _shop_saved(sender, instance, **kwargs):
    refresh(shop_ids=[instance.pk])


def _owners_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action == "pre_clear" and reverse:
        instance._cleared_shop_ids = _shops_of([instance.pk])
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if not reverse:
        refresh(shop_ids=[instance.pk])
    elif action == "post_clear":
        refresh(shop_ids=getattr(instance, "_cleared_shop_ids", []))
    else:
        refresh(shop_ids=pk_set)


def _trainee_saved(sender, instance, **kwargs):
    refresh(shop_ids=_shops_of([instance.pk]))


def _remember_owned_shops(sender, instance, **kwargs):
    instance._owned_shop_ids = _shops_of([instance.pk])


def _trainee_deleted(sender, instance, **kwargs):
    refresh(shop_ids=getattr(instance, "_owned_shop_ids", []))


def _remember_status_household(sender, instance, **kwargs):
    instance._household_before_owner_links = stored(instance, "household_id")


def _status_changed(sender, instance, **kwargs):
    households = {instance.household_id, getattr(instance, "_household_before_owner_links", None)}
    trainees = Trainee.objects.filter(household_id__in=households - {None})
    refresh(shop_ids=_shops_of(trainees))


def _job_saved(sender, instance, **kwargs):
    refresh_jobs(job_ids=[instance.pk])


def _worker_saved(sender, instance, **kwargs):
    refresh_jobs(job_ids=Job.objects.filter(worker=instance).values_list("pk", flat=True))


def connect() -> None:
    """Called once, by the app's config."""
    post_save.connect(_shop_saved, sender=Shop)
    m2m_changed.connect(_owners_changed, sender=Ownership)
    post_save.connect(_trainee_saved, sender=Trainee)
    pre_delete.connect(_remember_owned_shops, sender=Trainee)
    post_delete.connect(_trainee_deleted, sender=Trainee)
    pre_save.connect(_remember_status_household, sender=HouseholdStatusChange)
    post_save.connect(_status_changed, sender=HouseholdStatusChange)
    post_delete.connect(_status_changed, sender=HouseholdStatusChange)
    post_save.connect(_job_saved, sender=Job)
    post_save.connect(_worker_saved, sender=Worker)
