import datetime
import zoneinfo

import pytest

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from courses.factories import CoursePageFactory, LessonPageFactory
from tests.trainees.people import make_people
from trainees import attendance, learning
from trainees.attendance import CHECK_IN_OPENS_BEFORE_START, AttendanceError
from trainees.choices import AttendanceMethod
from trainees.factories import (
    CohortFactory,
    CohortSessionFactory,
    EnrolmentFactory,
    TraineeFactory,
)
from trainees.models import Attendance, Certificate

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


@pytest.fixture
def people():
    return make_people()


@pytest.fixture
def session(people):
    """A class of the trainee's county with the trainee and another trainee enrolled."""
    cohort = CohortFactory(county=people.county)
    EnrolmentFactory(trainee=people.trainee, cohort=cohort)
    EnrolmentFactory(trainee=people.another_trainee, cohort=cohort)
    return CohortSessionFactory(cohort=cohort)


# Sessions and their codes ---------------------------------------------------------


def running_cohort():
    """A cohort whose days run from a week ago to a week ahead."""
    today = timezone.localdate()
    return CohortFactory(
        starts_on=today - datetime.timedelta(days=7), ends_on=today + datetime.timedelta(days=7)
    )


def test_a_new_session_gets_an_unguessable_code():
    cohort = running_cohort()
    starts_at = timezone.now()
    sessions = [
        attendance.session_create(
            cohort=cohort,
            starts_at=starts_at,
            ends_at=starts_at + datetime.timedelta(hours=2),
            place="康定市电商公共服务中心",
        )
        for _ in range(2)
    ]
    codes = {session.check_in_code for session in sessions}
    assert len(codes) == 2
    assert all(len(code) >= 22 for code in codes)


def test_a_session_that_ends_before_it_starts_is_refused():
    cohort = running_cohort()
    starts_at = timezone.now()
    with pytest.raises(AttendanceError, match="must end after it starts"):
        attendance.session_create(
            cohort=cohort, starts_at=starts_at, ends_at=starts_at, place="泸定县"
        )
    assert not cohort.sessions.exists()


@pytest.mark.parametrize(
    ("starts_at", "ends_at"),
    [
        # 23:30 on the day before the first day, in Shanghai (15:30 UTC on the first day
        # would be inside: the days are local).
        (datetime.datetime(2025, 2, 28, 23, 30), datetime.datetime(2025, 3, 1, 1, 0)),
        (datetime.datetime(2025, 6, 30, 23, 0), datetime.datetime(2025, 7, 1, 0, 30)),
        (datetime.datetime(2025, 9, 1, 9, 0), datetime.datetime(2025, 9, 1, 12, 0)),
    ],
    ids=["starts-the-day-before", "ends-the-day-after", "months-later"],
)
def test_a_session_outside_its_cohorts_days_is_refused_with_those_days(starts_at, ends_at):
    cohort = CohortFactory(name="理塘电商一期", starts_on=datetime.date(2025, 3, 1))
    with pytest.raises(AttendanceError) as refused:
        attendance.session_create(
            cohort=cohort,
            starts_at=starts_at.replace(tzinfo=SHANGHAI),
            ends_at=ends_at.replace(tzinfo=SHANGHAI),
            place="理塘县电商公共服务中心",
        )
    assert refused.value.message == (
        "The cohort 理塘电商一期 runs from 2025-03-01 to 2025-06-30: its sessions start "
        "and end within those days."
    )
    assert refused.value.code == "outside_cohort"
    assert not cohort.sessions.exists()


def test_a_session_on_the_cohorts_first_and_last_day_in_shanghai_is_kept():
    cohort = CohortFactory(starts_on=datetime.date(2025, 3, 1), ends_on=datetime.date(2025, 6, 30))
    # 00:30 on the first day in Shanghai is still the day before in UTC.
    first = attendance.session_create(
        cohort=cohort,
        starts_at=datetime.datetime(2025, 3, 1, 0, 30, tzinfo=SHANGHAI),
        ends_at=datetime.datetime(2025, 3, 1, 2, 0, tzinfo=SHANGHAI),
        place="理塘县",
    )
    last = attendance.session_create(
        cohort=cohort,
        starts_at=datetime.datetime(2025, 6, 30, 21, 0, tzinfo=SHANGHAI),
        ends_at=datetime.datetime(2025, 6, 30, 23, 59, tzinfo=SHANGHAI),
        place="理塘县",
    )
    assert list(cohort.sessions.all()) == [first, last]


def test_a_renewed_code_replaces_the_old_one(session, people):
    old_code = session.check_in_code
    new_code = attendance.session_check_in_code_renew(session=session)
    assert new_code != old_code
    session.refresh_from_db()
    assert session.check_in_code == new_code
    with pytest.raises(AttendanceError, match="not known"):
        attendance.attendance_check_in(code=old_code, user=people.trainee.user)


# The roster -----------------------------------------------------------------------


def test_the_roster_lists_the_cohort_s_trainees_only(session, people):
    EnrolmentFactory(trainee=TraineeFactory(county=people.county))  # no cohort
    EnrolmentFactory(trainee=TraineeFactory(county=people.county), cohort=CohortFactory())
    roster = attendance.session_roster(session)
    assert {trainee for trainee, _ in roster} == {people.trainee, people.another_trainee}


def test_a_trainee_in_two_courses_of_the_cohort_is_listed_once(session, people):
    EnrolmentFactory(trainee=people.trainee, cohort=session.cohort)
    assert len(attendance.session_roster(session)) == 2


def test_saving_the_roster_records_everyone_present_or_absent(session, people):
    attendance.attendance_roster_save(session=session, present_trainee_ids=[people.trainee.pk])
    records = {a.trainee: (a.present, a.method) for a in session.attendances.all()}
    assert records == {
        people.trainee: (True, AttendanceMethod.ROSTER),
        people.another_trainee: (False, AttendanceMethod.ROSTER),
    }


def test_saving_the_roster_again_changes_the_records_without_duplicates(session, people):
    attendance.attendance_roster_save(session=session, present_trainee_ids=[people.trainee.pk])
    attendance.attendance_roster_save(
        session=session, present_trainee_ids=[people.another_trainee.pk]
    )
    records = {a.trainee: a.present for a in session.attendances.all()}
    assert records == {people.trainee: False, people.another_trainee: True}


def test_the_roster_keeps_a_qr_check_in_it_agrees_with(session, people):
    attendance.attendance_check_in(code=session.check_in_code, user=people.trainee.user)
    attendance.attendance_roster_save(session=session, present_trainee_ids=[people.trainee.pk])
    record = session.attendances.get(trainee=people.trainee)
    assert (record.present, record.method) == (True, AttendanceMethod.QR_CODE)


def test_ticking_someone_not_on_the_roster_writes_nothing(session, people):
    stranger = TraineeFactory(county=people.county)
    with pytest.raises(AttendanceError, match="not on the roster of this cohort"):
        attendance.attendance_roster_save(
            session=session, present_trainee_ids=[people.trainee.pk, stranger.pk]
        )
    assert not Attendance.objects.exists()


def test_a_refused_roster_leaves_earlier_records_as_they_were(session, people):
    attendance.attendance_roster_save(session=session, present_trainee_ids=[people.trainee.pk])
    with pytest.raises(AttendanceError):
        attendance.attendance_roster_save(session=session, present_trainee_ids=[999_999])
    records = {a.trainee: a.present for a in session.attendances.all()}
    assert records == {people.trainee: True, people.another_trainee: False}


# Check-in -------------------------------------------------------------------------


def test_a_trainee_checks_in_with_the_code(session, people):
    result = attendance.attendance_check_in(code=session.check_in_code, user=people.trainee.user)
    assert not result.already_checked_in
    record = Attendance.objects.get()
    assert (record.session, record.trainee) == (session, people.trainee)
    assert (record.present, record.method) == (True, AttendanceMethod.QR_CODE)


def test_checking_in_twice_says_so_and_writes_one_record(session, people):
    attendance.attendance_check_in(code=session.check_in_code, user=people.trainee.user)
    again = attendance.attendance_check_in(code=session.check_in_code, user=people.trainee.user)
    assert again.already_checked_in
    assert Attendance.objects.count() == 1


def test_a_trainee_marked_absent_who_checks_in_is_present(session, people):
    attendance.attendance_roster_save(session=session, present_trainee_ids=[])
    result = attendance.attendance_check_in(code=session.check_in_code, user=people.trainee.user)
    assert not result.already_checked_in
    record = session.attendances.get(trainee=people.trainee)
    assert (record.present, record.method) == (True, AttendanceMethod.QR_CODE)


def test_check_in_opens_fifteen_minutes_before_the_start(session, people):
    opens_at = session.starts_at - datetime.timedelta(minutes=15)
    attendance.attendance_check_in(
        code=session.check_in_code, user=people.trainee.user, now=opens_at
    )
    assert Attendance.objects.count() == 1


def test_check_in_is_open_until_the_end(session, people):
    attendance.attendance_check_in(
        code=session.check_in_code, user=people.trainee.user, now=session.ends_at
    )
    assert Attendance.objects.count() == 1


def test_too_early_a_check_in_is_refused_with_the_opening_time(session, people):
    too_early = session.starts_at - CHECK_IN_OPENS_BEFORE_START - datetime.timedelta(seconds=1)
    with pytest.raises(AttendanceError, match="opens at") as refused:
        attendance.attendance_check_in(
            code=session.check_in_code, user=people.trainee.user, now=too_early
        )
    assert refused.value.code == "too_early"
    assert not Attendance.objects.exists()


def test_after_the_end_a_check_in_is_refused(session, people):
    too_late = session.ends_at + datetime.timedelta(seconds=1)
    with pytest.raises(AttendanceError, match="check-in is closed") as refused:
        attendance.attendance_check_in(
            code=session.check_in_code, user=people.trainee.user, now=too_late
        )
    assert refused.value.code == "too_late"
    assert not Attendance.objects.exists()


@pytest.mark.parametrize("code", ["", "not-a-code", "x" * 200])
def test_an_unknown_code_is_refused(session, people, code):
    with pytest.raises(AttendanceError, match="check-in code is not known"):
        attendance.attendance_check_in(code=code, user=people.trainee.user)
    assert not Attendance.objects.exists()


def test_the_code_of_another_cohort_s_session_is_refused(session, people):
    other_session = CohortSessionFactory(cohort=CohortFactory(county=people.county))
    with pytest.raises(AttendanceError, match="not enrolled in the class of this session"):
        attendance.attendance_check_in(code=other_session.check_in_code, user=people.trainee.user)
    assert not Attendance.objects.exists()


def test_a_user_who_is_not_a_trainee_cannot_check_in(session, people):
    for user in (people.users["coordinator"], AnonymousUser()):
        with pytest.raises(AttendanceError, match="not enrolled"):
            attendance.attendance_check_in(code=session.check_in_code, user=user)
    assert not Attendance.objects.exists()


# Who may take attendance ----------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("trainee", False),
        ("instructor", False),
        ("coordinator", True),
        ("other_coordinator", False),
        ("manager", True),
    ],
)
def test_who_may_take_attendance(session, people, role, allowed):
    assert attendance.user_can_take_attendance(people.users[role], session) is allowed


# Attendance completes a course ----------------------------------------------------


def ended_session(cohort, days_ago: int):
    """A two-hour class of `cohort` that ended some days ago."""
    return CohortSessionFactory(
        cohort=cohort, starts_at=timezone.now() - datetime.timedelta(days=days_ago)
    )


@pytest.fixture
def course():
    """A course of one plain lesson that asks for half of the cohort's sessions."""
    course = CoursePageFactory(attendance_required=50)
    LessonPageFactory(parent=course, title="开店准备")
    return course


@pytest.fixture
def cohort(people, course):
    """A class of the trainees' county, for the course, that missed its first two sessions."""
    cohort = CohortFactory(county=people.county, courses=[course])
    ended_session(cohort, days_ago=3)
    ended_session(cohort, days_ago=2)
    return cohort


def enrol_with_lessons_done(trainee, course, cohort):
    enrolment = EnrolmentFactory(trainee=trainee, course=course, cohort=cohort)
    for lesson in learning.course_lessons(course):
        learning.lesson_mark_done(enrolment=enrolment, lesson=lesson)
    return enrolment


def certificate_of(enrolment):
    return Certificate.objects.filter(enrolment=enrolment).first()


def test_a_roster_that_brings_a_trainee_to_the_required_share_completes_the_course(
    people, course, cohort
):
    enrolment = enrol_with_lessons_done(people.trainee, course, cohort)
    others = enrol_with_lessons_done(people.another_trainee, course, cohort)
    assert certificate_of(enrolment) is None  # 0 of 2 ended sessions attended
    last_week = ended_session(cohort, days_ago=1)
    yesterday = ended_session(cohort, days_ago=0)

    attendance.attendance_roster_save(session=last_week, present_trainee_ids=[people.trainee.pk])
    assert certificate_of(enrolment) is None  # 1 of 4: 25% < 50%

    attendance.attendance_roster_save(session=yesterday, present_trainee_ids=[people.trainee.pk])

    certificate = certificate_of(enrolment)  # 2 of 4: 50%
    assert certificate is not None and certificate.is_valid
    enrolment.refresh_from_db()
    assert enrolment.completed_at is not None
    assert certificate_of(others) is None  # marked absent: 0 of 4


def test_a_qr_check_in_that_brings_a_trainee_to_the_required_share_completes_the_course(
    people, course, cohort
):
    enrolment = enrol_with_lessons_done(people.trainee, course, cohort)
    ended_session(cohort, days_ago=1).attendances.create(
        trainee=people.trainee, method=AttendanceMethod.ROSTER
    )
    today = CohortSessionFactory(cohort=cohort)  # started ten minutes ago
    assert certificate_of(enrolment) is None  # 1 of 3 ended sessions: 33%

    result = attendance.attendance_check_in(code=today.check_in_code, user=people.trainee.user)

    # A session the trainee is present at counts before it ends: 2 of 4.
    assert [certificate.enrolment for certificate in result.certificates] == [enrolment]
    assert certificate_of(enrolment).is_valid


def test_checking_in_while_lessons_remain_completes_nothing(people, course, cohort):
    enrolment = EnrolmentFactory(trainee=people.trainee, course=course, cohort=cohort)
    today = CohortSessionFactory(cohort=cohort)
    for session in cohort.sessions.all():
        session.attendances.create(trainee=people.trainee, method=AttendanceMethod.ROSTER)

    result = attendance.attendance_check_in(code=today.check_in_code, user=people.trainee.user)

    assert result.certificates == ()
    assert certificate_of(enrolment) is None
    enrolment.refresh_from_db()
    assert enrolment.completed_at is None


def test_a_roster_while_lessons_remain_completes_nothing(people, course, cohort):
    enrolment = EnrolmentFactory(trainee=people.trainee, course=course, cohort=cohort)
    for session in cohort.sessions.all():
        attendance.attendance_roster_save(session=session, present_trainee_ids=[people.trainee.pk])

    assert certificate_of(enrolment) is None
    # The lesson done at last completes the course, attendance being enough.
    lesson = learning.course_lessons(course).get()
    assert learning.lesson_mark_done(enrolment=enrolment, lesson=lesson) is not None


def test_attendance_completes_only_courses_of_the_session_s_cohort(people, course, cohort):
    elsewhere = CohortFactory(county=people.county, courses=[course])
    ended_session(elsewhere, days_ago=1)  # missed: 0 of 1
    enrolment = enrol_with_lessons_done(people.trainee, course, elsewhere)
    assert certificate_of(enrolment) is None
    EnrolmentFactory(trainee=people.trainee, cohort=cohort)  # on this cohort's roster too
    today = CohortSessionFactory(cohort=cohort)

    attendance.attendance_roster_save(session=today, present_trainee_ids=[people.trainee.pk])

    assert certificate_of(enrolment) is None


def test_attendance_taken_off_later_keeps_the_certificate(people, course, cohort):
    enrolment = enrol_with_lessons_done(people.trainee, course, cohort)
    sessions = list(cohort.sessions.all())
    for session in sessions:
        attendance.attendance_roster_save(session=session, present_trainee_ids=[people.trainee.pk])
    certificate = certificate_of(enrolment)
    assert certificate is not None

    for session in sessions:
        attendance.attendance_roster_save(session=session, present_trainee_ids=[])
    assert not learning.requirements_left(enrolment).met
    # Ticked again: nothing is issued twice and nothing is refused.
    attendance.attendance_roster_save(session=sessions[0], present_trainee_ids=[people.trainee.pk])

    # Only a programme manager revokes a certificate.
    assert list(Certificate.objects.filter(enrolment=enrolment)) == [certificate]
    certificate.refresh_from_db()
    assert certificate.is_valid
    enrolment.refresh_from_db()
    assert enrolment.completed_at is not None


def queries_of_a_roster_save(course, county, trainees: int, *, lessons_done: bool) -> int:
    """The queries of ticking `trainees` trainees present at the cohort's last session.

    Each has missed the cohort's first session, so this attendance brings
    them to 50%; with their lessons done, it completes their course.
    """
    cohort = CohortFactory(county=county, courses=[course])
    ended_session(cohort, days_ago=2)
    session = ended_session(cohort, days_ago=1)
    present = []
    for _ in range(trainees):
        trainee = TraineeFactory(county=county)
        if lessons_done:
            enrol_with_lessons_done(trainee, course, cohort)
        else:
            EnrolmentFactory(trainee=trainee, course=course, cohort=cohort)
        present.append(trainee.pk)
    with CaptureQueriesContext(connection) as queries:
        attendance.attendance_roster_save(session=session, present_trainee_ids=present)
    completed = Certificate.objects.filter(enrolment__cohort=cohort).count()
    assert completed == (trainees if lessons_done else 0)
    return len(queries)


@pytest.mark.parametrize("lessons_done", [False, True], ids=["lessons-left", "completing"])
def test_a_roster_save_takes_as_many_queries_for_20_trainees_as_for_2(people, course, lessons_done):
    few = queries_of_a_roster_save(course, people.county, 2, lessons_done=lessons_done)
    many = queries_of_a_roster_save(course, people.county, 20, lessons_done=lessons_done)
    assert few == many
