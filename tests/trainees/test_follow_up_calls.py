"""The coordinator's call list: the follow-ups due and not answered of their county, with the
form that records the answer of a call; who may see and use it, as a matrix of roles."""

import datetime

import pytest

from django.urls import reverse
from django.utils import timezone

from tests.trainees.people import ROLES, make_people
from trainees import follow_ups
from trainees.choices import FollowUpAnswerMethod, FollowUpWork, IncomeBand
from trainees.factories import CertificateFactory, EnrolmentFactory
from trainees.models import FollowUp

pytestmark = pytest.mark.django_db

LISTING = reverse("followup:index")
TODAY = timezone.localdate()
CALL = {
    "working": FollowUpWork.EMPLOYED,
    "own_shop": "no",
    "income_band": IncomeBand.UNDER_1000,
    "verified": "on",
}


def certified(trainee, issued_on):
    certificate = CertificateFactory(
        enrolment=EnrolmentFactory(trainee=trainee), issued_on=issued_on
    )
    follow_ups.follow_ups_schedule(certificates=[certificate])
    return certificate


@pytest.fixture
def people():
    return make_people()


@pytest.fixture
def due(people):
    """The trainee's 3-month follow-up, due a week ago; their 6-month one not yet due."""
    certificate = certified(people.trainee, TODAY - datetime.timedelta(days=99))
    return FollowUp.objects.get(certificate=certificate, months=3)


# Who gets what: the listing, the login page, or refused (302 to the admin's home or 403).
EXPECTED = {
    "anonymous": "login",
    "trainee": "login",
    "another_trainee": "login",
    "instructor": "refused",
    "coordinator": "listing",
    "other_coordinator": "listing",  # their own county's: empty here
    "manager": "listing",
}
RECORDS = {"coordinator", "manager"}


def outcome(response) -> str:
    if response.status_code == 200:
        return "listing"
    if response.status_code == 302 and response.url.startswith("/admin/login/"):
        return "login"
    assert response.status_code in (302, 403, 404), response.status_code
    return "refused"


@pytest.mark.parametrize("role", ROLES)
def test_who_reads_the_call_list(client, people, due, role):
    people.log_in(client, role)

    response = client.get(LISTING)

    assert outcome(response) == EXPECTED[role]
    if outcome(response) == "listing":
        shows = people.trainee.name in response.content.decode()
        assert shows == (role in RECORDS)


@pytest.mark.parametrize("role", ROLES)
def test_who_records_a_calls_answer(client, people, due, role):
    people.log_in(client, role)
    address = reverse("followup:record_call", args=[due.pk])

    opened = client.get(address)
    posted = client.post(address, CALL)

    due.refresh_from_db()
    if role in RECORDS:
        assert opened.status_code == 200
        assert posted.status_code == 302 and posted.url == LISTING
        assert due.answered_how == FollowUpAnswerMethod.CALL
        assert (due.working, due.own_shop, due.verified) == (FollowUpWork.EMPLOYED, False, True)
        assert due.recorded_by == people.users[role]
    else:
        assert outcome(opened) != "listing" and outcome(posted) != "listing"
        assert not due.is_answered


def test_the_list_holds_only_the_follow_ups_due_and_unanswered_longest_overdue_first(
    client, people, due
):
    older = FollowUp.objects.get(
        certificate=certified(people.another_trainee, TODAY - datetime.timedelta(days=200)),
        months=6,
    )
    answered = FollowUp.objects.get(certificate=older.certificate, months=3)
    follow_ups.follow_up_answer(
        follow_up=answered,
        working=FollowUpWork.NOT_WORKING,
        own_shop=False,
        channels=[],
        income_band=IncomeBand.NONE,
        consents_to_show=False,
    )
    client.force_login(people.users["coordinator"])

    html = client.get(LISTING).content.decode()

    rows = [
        reverse("followup:inspect", args=[pk]) in html for pk in (older.pk, due.pk, answered.pk)
    ]
    assert rows == [True, True, False]
    assert html.index(people.another_trainee.name) < html.index(people.trainee.name)
    assert "未发送" in html  # not sent
    six = FollowUp.objects.get(certificate=due.certificate, months=6)
    assert reverse("followup:inspect", args=[six.pk]) not in html


def test_an_incomplete_call_answer_says_what_and_saves_nothing(client, people, due):
    client.force_login(people.users["coordinator"])

    response = client.post(
        reverse("followup:record_call", args=[due.pk]), {**CALL, "own_shop": "yes"}
    )

    assert response.status_code == 200
    # You run your own shop: say where it sells.
    assert "您经营自己的店铺：请说明在哪里销售。" in response.content.decode()
    due.refresh_from_db()
    assert not due.is_answered


def test_the_coordinators_home_shows_the_calls_to_make_with_their_form(client, people, due):
    client.force_login(people.users["coordinator"])

    html = client.get("/admin/").content.decode()

    assert "待打的回访电话" in html  # Follow-up calls to make
    assert reverse("followup:record_call", args=[due.pk]) in html
    assert LISTING in html  # in the menu and under the panel


def test_another_countys_coordinator_sees_no_call_of_this_county_on_their_home(client, people, due):
    client.force_login(people.users["other_coordinator"])

    html = client.get("/admin/").content.decode()

    assert people.trainee.name not in html
    assert reverse("followup:record_call", args=[due.pk]) not in html


def test_the_phone_is_whole_for_the_countys_coordinator(client, people, due):
    client.force_login(people.users["coordinator"])

    assert people.trainee.phone in client.get(LISTING).content.decode()
