"""Wagtail's site history lists entries of every county: coordinators are kept out of it."""

import pytest

from wagtail.log_actions import log

from tests.trainees.people import ROLES, make_people
from trainees.factories import TraineeFactory

pytestmark = pytest.mark.django_db

# What each role gets at the report and its results: the report, the login page, or the
# dashboard with Wagtail's "no permission" message.
EXPECTED = {
    "anonymous": "login",
    "trainee": "login",
    "another_trainee": "login",
    "instructor": "report",
    "coordinator": "refused",
    "other_coordinator": "refused",
    "manager": "report",
}


def outcome(response) -> str:
    if response.status_code == 200:
        return "report"
    assert response.status_code == 302
    return "login" if response.url.startswith("/admin/login/") else "refused"


@pytest.fixture
def people():
    return make_people()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "path", ["/admin/reports/site-history/", "/admin/reports/site-history/results/"]
)
def test_site_history_by_role(client, people, role, path):
    people.log_in(client, role)
    response = client.get(path)
    assert outcome(response) == EXPECTED[role]


def test_a_coordinator_neither_reads_another_countys_names_there_nor_finds_it_in_the_menu(
    client, people
):
    other = TraineeFactory(county=people.other_county, name="次仁拉姆")
    log(instance=other, action="wagtail.create", user=people.users["manager"])
    client.force_login(people.users["manager"])
    assert "次仁拉姆" in client.get("/admin/reports/site-history/").content.decode()
    assert "/admin/reports/site-history/" in client.get("/admin/").content.decode()

    client.force_login(people.users["coordinator"])
    response = client.get("/admin/reports/site-history/", follow=True)
    assert "次仁拉姆" not in response.content.decode()
    assert response.redirect_chain == [("/admin/", 302)]
    menu = client.get("/admin/").content.decode()
    assert "/admin/reports/site-history/" not in menu
