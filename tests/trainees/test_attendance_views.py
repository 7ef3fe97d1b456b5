import datetime

import pytest

from tests.trainees.people import ROLES, make_people
from trainees.choices import AttendanceMethod
from trainees.factories import CohortFactory, CohortSessionFactory, EnrolmentFactory
from trainees.models import Attendance

pytestmark = pytest.mark.django_db

MAY_TAKE_ATTENDANCE = {"coordinator", "manager"}
MAY_CHECK_IN = {"trainee", "another_trainee"}


@pytest.fixture
def people():
    return make_people()


@pytest.fixture
def session(people):
    cohort = CohortFactory(county=people.county)
    EnrolmentFactory(trainee=people.trainee, cohort=cohort)
    EnrolmentFactory(trainee=people.another_trainee, cohort=cohort)
    return CohortSessionFactory(cohort=cohort)


def session_url(session) -> str:
    return f"/en/attendance/sessions/{session.pk}/"


def check_in_url(session) -> str:
    return f"/en/attendance/check-in/{session.check_in_code}/"


# The coordinator's page -----------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_who_may_open_the_attendance_page(client, people, session, role):
    people.log_in(client, role)
    response = client.get(session_url(session))
    if role == "anonymous":
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    elif role in MAY_TAKE_ATTENDANCE:
        assert response.status_code == 200
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("role", ROLES)
def test_who_may_save_attendance(client, people, session, role):
    people.log_in(client, role)
    response = client.post(session_url(session), {"present": [people.trainee.pk]})
    if role in MAY_TAKE_ATTENDANCE:
        assert response.status_code == 302
        assert Attendance.objects.filter(session=session).count() == 2
    else:
        assert response.status_code in {302, 403}
        assert not Attendance.objects.exists()


def test_an_unknown_session_is_not_found(client, people):
    people.log_in(client, "manager")
    assert client.get("/en/attendance/sessions/999999/").status_code == 404


def test_the_page_lists_the_roster_with_a_checkbox_each(client, people, session):
    people.log_in(client, "coordinator")
    page = client.get(session_url(session)).content.decode()
    for trainee in (people.trainee, people.another_trainee):
        assert trainee.name in page
        assert f'name="present" value="{trainee.pk}"' in page


def test_the_page_shows_the_check_in_qr_code_and_code(client, people, session):
    people.log_in(client, "coordinator")
    page = client.get(session_url(session)).content.decode()
    assert "<svg" in page
    assert session.check_in_code in page
    assert f"http://testserver/en/attendance/check-in/{session.check_in_code}/" in page
    assert "<script" not in page.split('<main id="main">')[1]


def test_saving_the_roster_records_it_and_says_so(client, people, session):
    people.log_in(client, "coordinator")
    response = client.post(session_url(session), {"present": [people.trainee.pk]}, follow=True)
    assert "Attendance saved." in response.content.decode()
    records = {a.trainee: (a.present, a.method) for a in Attendance.objects.all()}
    assert records == {
        people.trainee: (True, AttendanceMethod.ROSTER),
        people.another_trainee: (False, AttendanceMethod.ROSTER),
    }
    page = response.content.decode()
    assert f'value="{people.trainee.pk}" checked' in page
    assert f'value="{people.another_trainee.pk}" checked' not in page


@pytest.mark.parametrize(
    ("present", "message"),
    [
        (["not-a-number"], "was not filled in as expected"),
        (["999999"], "not on the roster of this cohort"),
    ],
)
def test_a_bad_roster_form_is_refused_and_writes_nothing(client, people, session, present, message):
    people.log_in(client, "coordinator")
    response = client.post(session_url(session), {"present": present})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Attendance.objects.exists()


def test_the_page_says_when_each_trainee_checked_in_in_local_time(client, people, session):
    people.log_in(client, "trainee")
    client.post(check_in_url(session))
    # Checked in at 01:05 UTC: 09:05 in Ganzi.
    moment = datetime.datetime(2026, 3, 10, 1, 5, tzinfo=datetime.UTC)
    Attendance.objects.update(recorded_at=moment)
    people.log_in(client, "coordinator")

    english = client.get(session_url(session)).content.decode()
    chinese = client.get(f"/attendance/sessions/{session.pk}/").content.decode()

    assert "(checked in at 09:05)" in english
    assert "(已签到 09:05)" in chinese
    assert "01:05" not in english
    # The other trainee, not checked in, is listed without a time.
    line = next(line for line in english.splitlines() if people.another_trainee.name in line)
    assert "checked in" not in line


def test_the_page_leads_back_to_the_cohorts_sessions_in_the_admin(client, people, session):
    people.log_in(client, "coordinator")

    page = client.get(session_url(session)).content.decode()

    assert f'href="/admin/cohortsession/?cohort={session.cohort_id}"' in page
    assert "All sessions of this cohort" in page


# The trainee's check-in -----------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_who_may_check_in(client, people, session, role):
    people.log_in(client, role)
    response = client.post(check_in_url(session))
    if role == "anonymous":
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    elif role in MAY_CHECK_IN:
        assert response.status_code == 200
        assert "You are checked in" in response.content.decode()
    else:
        assert response.status_code == 403
        assert "not enrolled in the class of this session" in response.content.decode()
    expected = 1 if role in MAY_CHECK_IN else 0
    assert Attendance.objects.count() == expected


def test_opening_the_check_in_link_asks_before_writing(client, people, session):
    people.log_in(client, "trainee")
    response = client.get(check_in_url(session))
    assert response.status_code == 200
    assert "check me in" in response.content.decode()
    assert not Attendance.objects.exists()


def test_checking_in_twice_says_already_checked_in(client, people, session):
    people.log_in(client, "trainee")
    client.post(check_in_url(session))
    for response in (client.post(check_in_url(session)), client.get(check_in_url(session))):
        assert "You are already checked in" in response.content.decode()
    assert Attendance.objects.count() == 1


def test_an_unknown_code_is_refused(client, people, session):
    people.log_in(client, "trainee")
    response = client.post("/en/attendance/check-in/made-up-code/")
    assert response.status_code == 404
    assert "This check-in code is not known" in response.content.decode()
    assert not Attendance.objects.exists()


def test_a_check_in_outside_the_session_is_refused(client, people, session):
    session.starts_at -= datetime.timedelta(days=1)
    session.ends_at -= datetime.timedelta(days=1)
    session.save()
    people.log_in(client, "trainee")
    for response in (client.get(check_in_url(session)), client.post(check_in_url(session))):
        assert response.status_code == 400
        assert "check-in is closed" in response.content.decode()
    assert not Attendance.objects.exists()


def test_a_session_without_a_place_leaves_no_dangling_separator(client, people, session):
    session.place = ""
    session.save()
    people.log_in(client, "trainee")
    html = client.get(check_in_url(session)).content.decode()
    assert " · </p>" not in html and "·</p>" not in html
