"""Indicator 9's links of shops to poor households, kept ahead of time so that it reads a
year's few thousand links instead of joining every owner and worker to their household
(docs/outcomes.md, "Speed"):

- models.PoorOwnerHousehold: the households poor on the day a shop began incubating,
  through one of its owners;
- models.PoorWorkerHousehold: the jobs counting for a poor household (frozen at hiring),
  with their worker's household and their days.

They are recomputed by `refresh` (a shop's owners' links) and `refresh_jobs`, which the
services call in the transaction of every change they depend on (no signals):

- a shop created with its owners (`shops.application_decide`), its incubation begun
  (`shops.shop_stage_change`), its owners changed (`shops.shop_save`, the admin's form);
- an owner's household or their household's statuses changed, or an owner deleted, by
  the trainees' services (trainees/services.py, roster.py): `owners_changing`, registered
  under trainees/derived.py's HOUSEHOLDS_CHANGED_HOOK, notes their shops before the write
  and refreshes them after;
- a job created or ended (`jobs.job_create`, `job_end`), a worker's household recorded
  (`jobs.worker_for`).

A shop or a job deleted takes its links with it. The factories refresh them too. `rebuild`
recomputes everything (after a bulk load such as benchmarks/synthetic.py, or to repair).
"""

from collections import defaultdict
from collections.abc import Callable, Iterable

from django.db import transaction

from incubator.models import Job, PoorOwnerHousehold, PoorWorkerHousehold, Shop
from trainees.choices import POOR_HOUSEHOLD_STATUSES
from trainees.models import HouseholdStatusChange, status_on

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


def shops_of(trainee_ids: Iterable[int]) -> set[int]:
    """The shops the trainees own."""
    ids = sorted(set(trainee_ids))
    shops = set()
    for start in range(0, len(ids), CHUNK):
        shops.update(
            Ownership.objects.filter(trainee_id__in=ids[start : start + CHUNK]).values_list(
                "shop_id", flat=True
            )
        )
    return shops


def owners_changing(*, trainee_ids: set[int]) -> Callable[[], None]:
    """Registered under trainees' HOUSEHOLDS_CHANGED_HOOK (incubator/wagtail_hooks.py): before
    a trainees' service changes the trainees' households or statuses, or deletes them, the
    shops they own; the refresh of those shops, called after."""
    shop_ids = shops_of(trainee_ids)
    return lambda: refresh(shop_ids=shop_ids)
