"""Follow-ups of certified trainees, as indicators (docs/outcomes.md, "Follow-ups").

Of a `Scope`: the follow-ups (trainees/follow_ups.py) due within the period and by the
scope's day, of certificates still valid, whose trainee is in the area (by their own
record, as indicator 1), within the track and cohort chosen; the channel filter does not
apply. Counted in SQL in one query, whatever the number of follow-ups.
"""

from django.db.models import Count, Q

from outcomes.indicators import Scope, _in_track_and_cohort, _trainee_in_area, share
from trainees.choices import FollowUpWork
from trainees.follow_ups import FOLLOW_UP_MONTHS
from trainees.models import FollowUp

ANSWERED = Q(answered_at__isnull=False)


def follow_ups_due(scope: Scope):
    last_day = min(scope.period.end, scope.today)
    due = FollowUp.objects.filter(
        due_on__gte=scope.period.start,
        due_on__lte=last_day,
        certificate__revoked_at__isnull=True,
    ).filter(_trainee_in_area(scope.area, "certificate__enrolment__trainee__"))
    return _in_track_and_cohort(due, scope, "certificate__enrolment__")


def _figures(due: int, answered: int, employed: int, self_employed: int, online: int) -> dict:
    return {
        "due": due,
        "answered": answered,
        "response_rate": share(answered, due),
        "employed": employed,
        "employed_share": share(employed, answered),
        "self_employed": self_employed,
        "self_employed_share": share(self_employed, answered),
        "selling_online": online,
        "selling_online_share": share(online, answered),
    }


def follow_ups(scope: Scope) -> dict:
    """The response rate, and of those who answered the share employed, self-employed and
    selling online: at each of 3, 6 and 12 months (`by_months`) and all together."""
    rows = (
        follow_ups_due(scope)
        .order_by()
        .values("months")
        .annotate(
            due=Count("pk"),
            answered=Count("pk", filter=ANSWERED),
            employed=Count("pk", filter=ANSWERED & Q(working=FollowUpWork.EMPLOYED)),
            self_employed=Count("pk", filter=ANSWERED & Q(working=FollowUpWork.SELF_EMPLOYED)),
            online=Count("pk", filter=ANSWERED & Q(sells_online=True)),
        )
    )
    counts = {months: (0, 0, 0, 0, 0) for months in FOLLOW_UP_MONTHS}
    for row in rows:
        counts[row["months"]] = (
            row["due"],
            row["answered"],
            row["employed"],
            row["self_employed"],
            row["online"],
        )
    totals = [sum(column) for column in zip(*counts.values(), strict=True)]
    return {
        **_figures(*totals),
        "by_months": {months: _figures(*counts[months]) for months in FOLLOW_UP_MONTHS},
    }
