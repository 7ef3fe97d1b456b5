"""The training side summed up ahead of time, so that the outcomes of a whole prefecture or
county read a few thousand small rows instead of walking every completed enrolment through
its trainee and household (docs/outcomes.md, "Speed").

Two tables: models.TraineeMonth, for each trainee and month, the courses completed (and of
those, the ones enrolled in while the household was poor) and the valid certificates
issued; and models.CertifiedTrainee, the cohorts in which each trainee holds a valid
certificate. They are recomputed a trainee at a time by `refresh`, which the services call
in the transaction of every change they depend on (trainees/derived.py):

- courses completed and certificates issued or revoked (trainees/learning.py: completions,
  `certificate_revoke`; `trainee_create_for_user`);
- a trainee's details, an enrolment or a household status change saved or deleted in the
  admin (trainees/services.py: `trainee_save`, `enrolment_save`,
  `household_status_change_save` and their `_delete`s, the trainees before and after);
- a roster import (trainees/roster.py).

No signal keeps them: a write that goes around these services (a test's `.save()`) leaves
them stale, as a comparison with `recomputed` shows (tests/trainees/test_derived_tables.py);
the factories refresh them themselves.

A household's village and members are read with the summary, so they need no refresh.
`rebuild` recomputes everything (after a bulk load such as benchmarks/synthetic.py, or to
repair).
"""

from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from trainees.choices import POOR_HOUSEHOLD_STATUSES
from trainees.models import (
    Certificate,
    CertifiedTrainee,
    Enrolment,
    HouseholdStatusChange,
    Trainee,
    TraineeMonth,
    status_on,
)

CHUNK = 2000  # trainees recomputed at once


@transaction.atomic
def refresh(*, trainee_ids: Iterable[int]) -> None:
    """Recompute the months and certified cohorts of each of the trainees (those deleted
    lose theirs)."""
    ids = sorted(set(trainee_ids))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        # One refresh of a trainee at a time: the second waits, then reads what the first
        # wrote (trainees locked in id order, so that two refreshes never wait for each other).
        list(Trainee.objects.select_for_update().filter(pk__in=chunk).order_by("pk").values("pk"))
        TraineeMonth.objects.filter(trainee_id__in=chunk).delete()
        TraineeMonth.objects.bulk_create(recomputed(chunk))
        CertifiedTrainee.objects.filter(trainee_id__in=chunk).delete()
        CertifiedTrainee.objects.bulk_create(certified(chunk))


@transaction.atomic
def rebuild() -> None:
    """Recompute every trainee's months and certified cohorts."""
    TraineeMonth.objects.all().delete()
    CertifiedTrainee.objects.all().delete()
    ids = list(Trainee.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        TraineeMonth.objects.bulk_create(recomputed(chunk), batch_size=CHUNK)
        CertifiedTrainee.objects.bulk_create(certified(chunk), batch_size=CHUNK)


def recomputed(trainee_ids: list[int]) -> list[TraineeMonth]:
    """The months of the trainees, computed from their records (unsaved)."""
    trainees = {  # trainee: (county, household)
        pk: (county, household)
        for pk, county, household in Trainee.objects.filter(pk__in=trainee_ids)
        .order_by()
        .values_list("pk", "county_id", "household_id")
    }
    statuses = defaultdict(list)  # household: its (valid_from, status) changes
    households = {household for _county, household in trainees.values() if household}
    for household, valid_from, status in HouseholdStatusChange.objects.filter(
        household_id__in=households
    ).values_list("household_id", "valid_from", "status"):
        statuses[household].append((valid_from, status))
    counts = defaultdict(lambda: {"completions": 0, "poor_completions": 0, "certificates": 0})
    for trainee, enrolled_at, completed_at in Enrolment.objects.filter(
        trainee_id__in=trainees, completed_at__isnull=False
    ).values_list("trainee_id", "enrolled_at", "completed_at"):
        month = timezone.localdate(completed_at).replace(day=1)
        row = counts[trainee, month]
        row["completions"] += 1
        household = trainees[trainee][1]
        enrolled_on = timezone.localdate(enrolled_at)
        if household and status_on(statuses[household], enrolled_on) in POOR_HOUSEHOLD_STATUSES:
            row["poor_completions"] += 1
    for trainee, issued_on in Certificate.objects.filter(
        enrolment__trainee_id__in=trainees, revoked_at__isnull=True
    ).values_list("enrolment__trainee_id", "issued_on"):
        counts[trainee, issued_on.replace(day=1)]["certificates"] += 1
    return [
        TraineeMonth(
            trainee_id=trainee,
            month=month,
            county_id=trainees[trainee][0],
            household_id=trainees[trainee][1],
            **row,
        )
        for (trainee, month), row in sorted(counts.items())
    ]


def certified(trainee_ids: list[int]) -> list[CertifiedTrainee]:
    """The cohorts in which the trainees hold a valid certificate (unsaved)."""
    pairs = (
        Certificate.objects.filter(
            enrolment__trainee_id__in=trainee_ids,
            enrolment__cohort__isnull=False,
            revoked_at__isnull=True,
        )
        .values_list("enrolment__cohort_id", "enrolment__trainee_id")
        .distinct()
        .order_by()
    )
    return [
        CertifiedTrainee(cohort_id=cohort, trainee_id=trainee) for cohort, trainee in sorted(pairs)
    ]
