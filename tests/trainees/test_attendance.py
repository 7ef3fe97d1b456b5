import datetime

import pytest

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from tests.trainees.people import make_people
from trainees import attendance
from trainees.attendance import CHECK_IN_OPENS_BEFORE_START, AttendanceError
from trainees.choices import AttendanceMethod
from trainees.factories import (
    CohortFactory,
    CohortSessionFactory,
    EnrolmentFactory,
    TraineeFactory,
)
from trainees.models import Attendance

pytestmark = pytest.mark.django_db


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


def test_a_new_session_gets_an_unguessable_code():
    cohort = CohortFactory()
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
    cohort = CohortFactory()
    starts_at = timezone.now()
    with pytest.raises(AttendanceError, match="must end after it starts"):
        attendance.session_create(
            cohort=cohort, starts_at=starts_at, ends_at=starts_at, place="泸定县"
        )
    assert not cohort.sessions.exists()


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
