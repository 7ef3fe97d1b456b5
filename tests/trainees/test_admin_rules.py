"""The rules of cohorts, sessions, enrolments and attendance as a coordinator meets them on
the admin's forms: each a sentence in their language, on the field it concerns, nothing
saved; a session's check-in code is made for them, not typed."""

import datetime

import pytest
from bs4 import BeautifulSoup

from django.urls import reverse

from wagtail.users.models import UserProfile

from tests.trainees.admin_cast import SHANGHAI, cast
from trainees.factories import CohortFactory
from trainees.models import Attendance, Cohort, CohortSession, Enrolment

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return cast()


def reading(user, language: str):
    preferences = UserProfile.get_for_user(user)
    preferences.preferred_language = language
    preferences.save()
    return user


def field_errors(response) -> dict[str, list[str]]:
    assert response.status_code == 200
    return {name: list(errors) for name, errors in response.context["form"].errors.items()}


def shown_on_the_page(response, message: str) -> bool:
    text = " ".join(BeautifulSoup(response.content, "html.parser").get_text(" ").split())
    return message in text


def cohort_form(people, **changes) -> dict:
    data = {
        "name": "理塘电商二期",
        "county": people.county.pk,
        "courses": [people.course.pk],
        "starts_on": "2025-09-01",
        "ends_on": "2025-12-31",
        "coordinator": "",
    }
    return {**data, **changes}


@pytest.mark.parametrize(
    ("language", "message"),
    [
        (
            "en",
            "A cohort cannot end before it starts: give a last day on or after its first day.",
        ),
        ("zh-hans", "班级的结束日期不能早于开始日期：请填写开始当天或之后的日期。"),
    ],
)
def test_a_cohort_that_ends_before_it_starts_says_so_on_its_last_day(
    people, client, language, message
):
    client.force_login(reading(people.coordinator, language))

    response = client.post(
        reverse("cohort:add"), cohort_form(people, starts_on="2025-09-01", ends_on="2025-08-31")
    )

    assert field_errors(response) == {"ends_on": [message]}
    assert shown_on_the_page(response, message)
    assert "cohort_ends_after_it_starts" not in response.content.decode()
    assert not Cohort.objects.filter(name="理塘电商二期").exists()


def test_a_cohorts_new_days_keep_its_sessions(people, client):
    cohort = people.records["cohort"][0]  # with a session on 2 March 2025
    client.force_login(reading(people.coordinator, "en"))

    response = client.post(
        reverse("cohort:edit", args=[cohort.pk]),
        cohort_form(people, name=cohort.name, starts_on="2025-03-03", ends_on="2025-06-30"),
    )

    assert field_errors(response) == {
        "starts_on": [
            "The session of 2025-03-02 would fall outside the cohort's days: move or "
            "delete it first."
        ]
    }
    cohort.refresh_from_db()
    assert cohort.starts_on == datetime.date(2025, 3, 1)


def session_form(people, **changes) -> dict:
    data = {
        "cohort": people.records["cohort"][0].pk,  # 1 March to 30 June 2025
        "starts_at": "2025-04-01 09:00",
        "ends_at": "2025-04-01 12:00",
        "place": "理塘县电商公共服务中心",
    }
    return {**data, **changes}


def test_a_session_is_added_without_typing_a_code_and_gets_one(people, client):
    client.force_login(reading(people.coordinator, "en"))

    form = client.get(reverse("cohortsession:add")).context["form"]
    response = client.post(reverse("cohortsession:add"), session_form(people))

    assert "check_in_code" not in form.fields
    assert response.status_code == 302
    session = CohortSession.objects.get(starts_at=datetime.datetime(2025, 4, 1, 9, tzinfo=SHANGHAI))
    assert len(session.check_in_code) >= 22
    page = client.get(reverse("attendance_session", args=[session.pk])).content.decode()
    assert session.check_in_code in page
    listing = client.get(reverse("cohortsession:index")).content.decode()
    assert reverse("attendance_session", args=[session.pk]) in listing


def test_a_session_is_added_from_its_cohorts_page_with_the_cohort_chosen(people, client):
    cohort, other_cohort = people.records["cohort"]
    CohortFactory(county=people.county, name="班级A2")  # two to choose from
    client.force_login(reading(people.coordinator, "en"))

    page = BeautifulSoup(
        client.get(reverse("cohort:edit", args=[cohort.pk])).content, "html.parser"
    )
    [link] = page.select("#w-slim-header-buttons a[href^='/admin/cohortsession/new/']")
    form = client.get(link["href"]).context["form"]
    # Another county's cohort is not among the choices: a link naming it chooses nothing.
    elsewhere = client.get(f"{reverse('cohortsession:add')}?cohort={other_cohort.pk}")

    assert " ".join(link.get_text().split()) == "Add a session"
    assert form["cohort"].value() == cohort.pk
    assert str(other_cohort.pk) not in [
        str(value) for value, _label in form["cohort"].field.choices
    ]
    assert other_cohort.name not in elsewhere.content.decode()
    assert "selected>" not in str(elsewhere.context["form"]["cohort"])


def test_sessions_added_from_a_cohorts_sessions_return_to_them(people, client):
    cohort = people.records["cohort"][0]
    CohortFactory(county=people.county, name="班级A2")
    client.force_login(reading(people.coordinator, "en"))
    sessions = f"{reverse('cohortsession:index')}?cohort={cohort.pk}"

    listing = BeautifulSoup(client.get(sessions).content, "html.parser")
    add = listing.select_one("#w-slim-header-buttons a[href^='/admin/cohortsession/new/']")
    form = BeautifulSoup(client.get(add["href"]).content, "html.parser")
    saved = client.post(form.select_one("main form")["action"], session_form(people))

    assert add["href"] == f"/admin/cohortsession/new/?cohort={cohort.pk}"
    assert saved.status_code == 302
    assert saved["Location"] == sessions
    assert CohortSession.objects.filter(cohort=cohort).count() == 2


def test_a_sessions_moments_are_typed_in_the_phones_own_inputs_in_local_time(people, client):
    client.force_login(reading(people.coordinator, "zh-hans"))

    # What the browser's date-and-time input sends: local time, with a "T".
    client.post(
        reverse("cohortsession:add"),
        session_form(people, starts_at="2025-04-01T09:00", ends_at="2025-04-01T12:00"),
    )
    session = CohortSession.objects.get(place="理塘县电商公共服务中心", starts_at__month=4)
    page = BeautifulSoup(
        client.get(reverse("cohortsession:edit", args=[session.pk])).content, "html.parser"
    )
    cohort_page = BeautifulSoup(
        client.get(reverse("cohort:edit", args=[session.cohort_id])).content, "html.parser"
    )

    assert session.starts_at == datetime.datetime(2025, 4, 1, 9, tzinfo=SHANGHAI)
    starts_at = page.select_one("input[name=starts_at]")
    assert (starts_at["type"], starts_at["value"]) == ("datetime-local", "2025-04-01T09:00")
    ends_on = cohort_page.select_one("input[name=ends_on]")
    assert (ends_on["type"], ends_on["value"]) == ("date", "2025-06-30")


def test_editing_a_session_keeps_its_code(people, client):
    session = people.records["cohortsession"][0]
    client.force_login(reading(people.coordinator, "en"))

    response = client.post(
        reverse("cohortsession:edit", args=[session.pk]),
        session_form(people, place="理塘县高城镇", check_in_code="typed-by-hand"),
    )

    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.place, session.check_in_code) == ("理塘县高城镇", "code-A")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"starts_at": "2025-02-28 23:30", "ends_at": "2025-03-01 01:00"}, "starts_at"),
        ({"starts_at": "2025-06-30 22:00", "ends_at": "2025-07-01 00:30"}, "ends_at"),
    ],
    ids=["starts-the-day-before", "ends-the-day-after"],
)
def test_a_session_outside_its_cohorts_days_is_refused_with_the_days(
    people, client, changes, field
):
    client.force_login(reading(people.coordinator, "en"))

    response = client.post(reverse("cohortsession:add"), session_form(people, **changes))

    message = (
        "The cohort 班级A runs from 2025-03-01 to 2025-06-30: its sessions start and "
        "end within those days."
    )
    assert field_errors(response) == {field: [message]}
    assert shown_on_the_page(response, message)
    assert CohortSession.objects.count() == 2  # the cast's own


def test_a_session_that_ends_before_it_starts_says_so_on_its_end(people, client):
    client.force_login(reading(people.coordinator, "zh-hans"))

    response = client.post(
        reverse("cohortsession:add"),
        session_form(people, starts_at="2025-04-01 09:00", ends_at="2025-04-01 08:00"),
    )

    assert field_errors(response) == {"ends_at": ["线下课次的结束时间须晚于开始时间。"]}
    assert CohortSession.objects.count() == 2


def test_a_second_enrolment_in_a_course_is_refused_on_the_course(people, client):
    enrolment = people.records["enrolment"][0]
    client.force_login(reading(people.coordinator, "en"))

    response = client.post(
        reverse("enrolment:add"),
        {
            "trainee": enrolment.trainee_id,
            "course": enrolment.course_id,
            "cohort": "",
            "source": "coordinator",
            "completed_at": "",
        },
    )

    assert field_errors(response) == {
        "course": ["This trainee is already enrolled in this course."]
    }
    assert Enrolment.objects.filter(trainee=enrolment.trainee).count() == 1


def test_a_second_attendance_at_a_session_is_refused_on_the_trainee(people, client):
    attendance = people.records["attendance"][0]
    client.force_login(reading(people.coordinator, "en"))

    response = client.post(
        reverse("attendance:add"),
        {
            "session": attendance.session_id,
            "trainee": attendance.trainee_id,
            "present": "on",
            "method": "roster",
        },
    )

    assert field_errors(response) == {
        "trainee": [
            "This trainee's attendance at this session is already recorded: change that record."
        ]
    }
    assert Attendance.objects.filter(session=attendance.session).count() == 1
