"""The coordinator's day on the admin's home: this week's classes, the trainees to follow
up, the follow-up calls to make, and the imports under way. Each panel shows the records of
the user's county (a programme manager's: every county), and is built from a fixed number
of queries.

"To follow up": an enrolment not completed, made at least FOLLOW_UP_DAYS days ago, with no
lesson done in the last FOLLOW_UP_DAYS days (none at all, or only older ones): the trainee
has stopped, or never started. One line per such enrolment; the count is of trainees.
"""

import datetime

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from machinery import scoping as machinery_scoping
from machinery.admin.home import HomePanel, Line
from machinery.display import local_moment, local_text, local_zone
from machinery.imports.records import running_imports
from machinery.imports.views import import_url
from trainees import follow_ups, scoping
from trainees.models import CohortSession, Enrolment, FollowUp, LessonProgress

FOLLOW_UP_DAYS = 30
LINES_SHOWN = 10


def week_of(moment: datetime.datetime) -> tuple[datetime.datetime, datetime.datetime]:
    """Monday 00:00 to the next Monday 00:00, local time, of the week of `moment`."""
    day = local_moment(moment).date()
    monday = day - datetime.timedelta(days=day.weekday())
    start = datetime.datetime.combine(monday, datetime.time(), tzinfo=local_zone())
    return start, start + datetime.timedelta(days=7)


def sessions_panel(user, now: datetime.datetime) -> HomePanel:
    start, end = week_of(now)
    sessions = machinery_scoping.visible_records(CohortSession, user).filter(
        starts_at__gte=start, starts_at__lt=end
    )
    shown = sessions.select_related("cohort").order_by("starts_at")[:LINES_SHOWN]
    return HomePanel(
        name="sessions",
        title=_("Classes this week"),
        count=sessions.count(),
        lines=[
            Line(
                text=f"{session.cohort.name} · {session.place}",
                url=reverse("cohortsession:edit", args=[session.pk]),
                detail=local_text(session.starts_at),
                action_label=_("Take attendance (QR code)"),
                action_url=reverse("attendance_session", args=[session.pk]),
            )
            for session in shown
        ],
        empty=_("No class this week."),
        more_url=reverse("cohortsession:index"),
        more_label=_("All sessions"),
        order=10,
    )


def to_follow_up(user, now: datetime.datetime):
    """The enrolments whose trainee to follow up (see the module's docstring)."""
    since = now - datetime.timedelta(days=FOLLOW_UP_DAYS)
    recent = LessonProgress.objects.filter(enrolment=OuterRef("pk"), done_at__gte=since)
    return machinery_scoping.visible_records(Enrolment, user).filter(
        ~Exists(recent), completed_at__isnull=True, enrolled_at__lt=since
    )


def follow_up_panel(user, now: datetime.datetime) -> HomePanel:
    enrolments = to_follow_up(user, now)
    shown = enrolments.select_related("trainee", "course").order_by("enrolled_at")[:LINES_SHOWN]
    return HomePanel(
        name="follow_up",
        title=_("Trainees to follow up (no progress for %(days)d days)") % {"days": FOLLOW_UP_DAYS},
        count=enrolments.values("trainee").distinct().count(),
        lines=[
            Line(
                text=f"{enrolment.trainee.name} · {enrolment.course.title}",
                url=reverse("trainee:edit", args=[enrolment.trainee_id]),
                detail=_("enrolled %(day)s") % {"day": local_text(enrolment.enrolled_at)},
            )
            for enrolment in shown
        ],
        empty=_("Every trainee made progress in the last %(days)d days.")
        % {"days": FOLLOW_UP_DAYS},
        order=40,
    )


def follow_up_calls_panel(user, now: datetime.datetime) -> HomePanel:
    """The call list (trainees/follow_up_admin.py): certified trainees to call about a
    follow-up they have not answered."""
    due = follow_ups.due_for_call(
        machinery_scoping.visible_records(FollowUp, user), timezone.localdate(now)
    )
    shown = due.select_related("certificate__enrolment__trainee").order_by("due_on", "pk")
    return HomePanel(
        name="follow_up_calls",
        title=_("Follow-up calls to make"),
        count=due.count(),
        lines=[
            Line(
                text=follow_up.certificate.enrolment.trainee.name,
                url=reverse("followup:record_call", args=[follow_up.pk]),
                detail=_("%(months)d months, due %(day)s")
                % {"months": follow_up.months, "day": local_text(follow_up.due_on)},
            )
            for follow_up in shown[:LINES_SHOWN]
        ],
        empty=_("Every follow-up due is answered."),
        more_url=reverse("followup:index"),
        more_label=_("The whole call list"),
        order=45,
    )


def imports_panel(user) -> HomePanel:
    county_id = scoping.coordinated_county_id(user)
    county_ids = None if scoping.is_programme_manager(user) else {county_id}
    imports = running_imports(county_ids=county_ids)
    return HomePanel(
        name="imports",
        title=_("Imports running"),
        count=len(imports),
        lines=[
            Line(
                text=record.get("filename", ""),
                # Only the person who started an import sees its page.
                url=import_url(record) if record.get("started_by") == user.pk else None,
                detail="" if record.get("started_by") == user.pk else _("started by someone else"),
            )
            for record in imports[:LINES_SHOWN]
        ],
        empty=_("No import running."),
        order=50,
    )


def coordinator_panels(request, panels: list) -> None:
    """`construct_homepage_panels`: the panels of whoever runs a county."""
    user = request.user
    if not scoping.runs_a_county(user):
        return
    now = timezone.now()
    panels += [
        sessions_panel(user, now),
        follow_up_panel(user, now),
        follow_up_calls_panel(user, now),
        imports_panel(user),
    ]
