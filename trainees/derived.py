"""The tables derived from trainees' records, and how apps above add theirs.

Every write to what a derived table is made of goes through a service of the app that owns
the row, which refreshes the tables it affects in its own transaction (no signals):

- trainees/training_summary.py (TraineeMonth, CertifiedTrainee): a trainee's enrolments,
  certificates, county and household, and their household's statuses; refreshed by
  `training_summary.refresh` from the services of trainees/learning.py, services.py and
  roster.py.
- Apps above read trainees' households and statuses too (the incubator's poor households of
  shops' owners). A trainees' service that changes a trainee's household or a household's
  statuses, or deletes a trainee, writes inside `households_changing(trainee_ids=...)`:
  each function registered under HOUSEHOLDS_CHANGED_HOOK is called before the write with
  the trainees concerned (to note what it derives from them, e.g. the shops they own) and
  returns what to call after it.
"""

from collections.abc import Callable, Iterable
from contextlib import contextmanager

from wagtail import hooks

# fn(*, trainee_ids: set[int]) -> Callable[[], None], registered by the apps above.
HOUSEHOLDS_CHANGED_HOOK = "trainees_households_changed"


@contextmanager
def households_changing(*, trainee_ids: Iterable[int]):
    """Around a write that changes the trainees' households or their statuses, or deletes
    them: the tables of the apps above are refreshed after it, in the same transaction."""
    ids = set(trainee_ids) - {None}
    after: list[Callable[[], None]] = [
        changing(trainee_ids=ids) for changing in hooks.get_hooks(HOUSEHOLDS_CHANGED_HOOK)
    ]
    yield
    for refresh in after:
        refresh()


def stored(instance, field: str):
    """The value of `field` as stored, before this save (None for a new row)."""
    if instance.pk is None:
        return None
    return type(instance).objects.filter(pk=instance.pk).values_list(field, flat=True).first()
