"""Attendance at a cohort's offline sessions: the coordinator's roster, the trainees' QR check-in.

Check-in is open from CHECK_IN_OPENS_BEFORE_START before a session starts
until it ends: people arrive early to a class and should not have to wait
for the clock to check in.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from trainees import learning, scoping
from trainees.choices import AttendanceMethod
from trainees.models import (
    Attendance,
    Certificate,
    Cohort,
    CohortSession,
    Enrolment,
    Trainee,
    new_check_in_code,
    session_days_problem,
)

CHECK_IN_OPENS_BEFORE_START = datetime.timedelta(minutes=15)

User = AbstractBaseUser | AnonymousUser


class AttendanceError(ValidationError):
    """A roster or check-in that was refused; nothing was written."""


def user_can_take_attendance(user: User, session: CohortSession) -> bool:
    return scoping.runs_county(user, session.cohort.county_id)


def session_create(
    *, cohort: Cohort, starts_at: datetime.datetime, ends_at: datetime.datetime, place: str
) -> CohortSession:
    """A session of `cohort`, with a new check-in code; refused (nothing written) when it ends
    before it starts or falls outside the cohort's days (`models.session_days_problem`)."""
    if ends_at <= starts_at:
        raise AttendanceError(_("A session must end after it starts."), code="ends_before_start")
    problems = session_days_problem(cohort, starts_at, ends_at)
    if problems:
        raise AttendanceError(next(iter(problems.values())), code="outside_cohort")
    return CohortSession.objects.create(
        cohort=cohort, starts_at=starts_at, ends_at=ends_at, place=place
    )


def session_check_in_code_renew(*, session: CohortSession) -> str:
    """A new code for the session (a photo of the old one went round); the old one stops working."""
    session.check_in_code = new_check_in_code()
    session.save(update_fields=["check_in_code"])
    return session.check_in_code


def session_roster(session: CohortSession) -> list[tuple[Trainee, Attendance | None]]:
    """The trainees enrolled with the session's cohort, by name, each with any attendance."""
    trainees = (
        Trainee.objects.filter(enrolments__cohort_id=session.cohort_id).distinct().order_by("name")
    )
    attendances = {a.trainee_id: a for a in session.attendances.all()}
    return [(trainee, attendances.get(trainee.pk)) for trainee in trainees]


def _attendance_taken(*, session: CohortSession, present_ids: set[int]) -> list[Certificate]:
    """Completes the courses that the trainees just marked present at `session` have now done.

    Taking attendance is the last step of a course whose lessons are done:
    the certificate comes in the same transaction. Attendance taken off later
    leaves a certificate alone (only a programme manager revokes one).
    """
    if not present_ids:
        return []
    return learning.completions_check(
        enrolments=Enrolment.objects.filter(cohort_id=session.cohort_id, trainee_id__in=present_ids)
    )


@transaction.atomic
def attendance_roster_save(
    *, session: CohortSession, present_trainee_ids: Iterable[int]
) -> list[Attendance]:
    """Records every trainee on the roster as present (ticked) or absent (not ticked).

    A trainee whose recorded presence does not change keeps their record as it
    is (a QR check-in stays a QR check-in). The number of queries does not
    grow with the number of trainees.
    """
    present = set(present_trainee_ids)
    roster = [trainee for trainee, _attendance in session_roster(session)]
    unknown = present - {trainee.pk for trainee in roster}
    if unknown:
        raise AttendanceError(
            _("Some of the ticked people are not on the roster of this cohort; reload the page."),
            code="not_on_roster",
        )
    existing = {a.trainee_id: a for a in session.attendances.select_for_update()}
    now = timezone.now()
    saved, new, changed = [], [], []
    for trainee in roster:
        is_present = trainee.pk in present
        attendance = existing.get(trainee.pk)
        if attendance is None:
            attendance = Attendance(
                session=session, trainee=trainee, present=is_present, method=AttendanceMethod.ROSTER
            )
            new.append(attendance)
        elif attendance.present != is_present:
            attendance.present = is_present
            attendance.method = AttendanceMethod.ROSTER
            attendance.recorded_at = now  # bulk_update does not touch auto_now fields
            changed.append(attendance)
        saved.append(attendance)
    Attendance.objects.bulk_create(new)
    Attendance.objects.bulk_update(changed, ["present", "method", "recorded_at"])
    _attendance_taken(
        session=session,
        present_ids={a.trainee_id for a in new + changed if a.present},
    )
    return saved


@dataclass(frozen=True)
class CheckIn:
    attendance: Attendance
    already_checked_in: bool
    certificates: tuple[Certificate, ...] = ()  # of the courses this check-in completed


def check_in_session(
    *, code: str, user: User, now: datetime.datetime | None = None
) -> CohortSession:
    """The session whose code this is, if `user` may check in to it now; nothing is written."""
    session = CohortSession.objects.select_related("cohort").filter(check_in_code=code).first()
    if session is None:
        raise AttendanceError(
            _("This check-in code is not known. Scan the code shown in your class again."),
            code="unknown_code",
        )
    trainee = Trainee.objects.filter(user_id=user.pk).first() if user.is_authenticated else None
    if trainee is None or not trainee.enrolments.filter(cohort_id=session.cohort_id).exists():
        raise AttendanceError(
            _("You are not enrolled in the class of this session, so you cannot check in to it."),
            code="not_enrolled",
        )
    now = now or timezone.now()
    opens_at = session.starts_at - CHECK_IN_OPENS_BEFORE_START
    if now < opens_at:
        raise AttendanceError(
            _("Check-in for this session opens at %(time)s.")
            % {"time": date_format(timezone.localtime(opens_at), "DATETIME_FORMAT")},
            code="too_early",
        )
    if now > session.ends_at:
        raise AttendanceError(
            _("This session ended at %(time)s; check-in is closed.")
            % {"time": date_format(timezone.localtime(session.ends_at), "DATETIME_FORMAT")},
            code="too_late",
        )
    return session


@transaction.atomic
def attendance_check_in(*, code: str, user: User, now: datetime.datetime | None = None) -> CheckIn:
    """Marks the user's trainee present at the session of `code`, by QR code.

    Checking in twice changes nothing. A trainee the roster marked absent who
    then checks in during the session is marked present.
    """
    session = check_in_session(code=code, user=user, now=now)
    trainee = Trainee.objects.get(user_id=user.pk)
    attendance, created = Attendance.objects.select_for_update().get_or_create(
        session=session,
        trainee=trainee,
        defaults={"present": True, "method": AttendanceMethod.QR_CODE},
    )
    if not created:
        if attendance.present:
            return CheckIn(attendance=attendance, already_checked_in=True)
        attendance.present = True
        attendance.method = AttendanceMethod.QR_CODE
        attendance.save(update_fields=["present", "method", "recorded_at"])
    certificates = _attendance_taken(session=session, present_ids={trainee.pk})
    return CheckIn(
        attendance=attendance, already_checked_in=False, certificates=tuple(certificates)
    )
