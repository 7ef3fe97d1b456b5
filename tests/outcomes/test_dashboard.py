"""The outcomes dashboard: who sees which area, the figures and their tables, and every bad
parameter answered with a clear message (400 or 404), never an error page."""

import io

import pytest
from bs4 import BeautifulSoup
from openpyxl import load_workbook

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.users.models import UserProfile

from incubator.factories import ShopFactory
from tests.incubator.scene import ROLES
from tests.incubator.scene import scene as make_scene
from tests.outcomes.world import build

pytestmark = pytest.mark.django_db

URL = "/admin/outcomes/"


@pytest.fixture
def scene():
    return make_scene()


def login(client, user):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(user)


@pytest.mark.parametrize("role", ROLES)
def test_only_managers_and_coordinators_see_the_dashboard(client, scene, role):
    if role != "anonymous":
        login(client, scene.user(role))
    response = client.get(URL)
    if role in {"manager", "coordinator", "other_coordinator"}:
        assert response.status_code == 200
    elif role == "anonymous":
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]
    else:
        # The trainees cannot enter the admin; the instructor may, but not here.
        assert response.status_code in {302, 403}
        assert "trainees trained" not in response.content.decode()


def test_a_coordinator_sees_their_county_and_never_another(client, scene):
    login(client, scene.coordinator)
    response = client.get(URL)
    assert response.context["scope"].area.county_id == scene.county.pk
    options = [code for _, group in response.context["choices"]["areas"] for code, _ in group]
    assert scene.other_county.code not in options and "" not in options
    assert client.get(URL, {"area": scene.other_county.code}).status_code == 404
    login(client, scene.manager)
    assert client.get(URL, {"area": scene.other_county.code}).status_code == 200


@pytest.mark.parametrize(
    ("params", "status", "message"),
    [
        ({"period": "2025-12-01..2025-01-01"}, 400, "ends (2025-01-01) before it starts"),
        ({"period": "last year"}, 400, "is not a period"),
        ({"period": "2025-13"}, 400, "is not a period"),
        ({"period": "2025-02-30..2025-03-01"}, 400, "2025-02-30 is not a date"),
        ({"area": "999999"}, 404, "No county or township has the code"),
        ({"area": "<script>"}, 404, "No county or township has the code"),
        ({"channel": "ebay"}, 400, "Channel “ebay” is not in the list"),
        ({"track": "abc"}, 400, "Track “abc” is not in the list"),
        ({"cohort": "999999"}, 400, "Cohort “999999” is not in the list"),
    ],
)
def test_bad_parameters_get_a_clear_message(client, scene, params, status, message):
    login(client, scene.manager)
    response = client.get(URL, params)
    assert response.status_code == status
    assert message in response.content.decode()


@pytest.mark.parametrize(
    ("period", "message"),
    [
        ("2025-12-01..2025-01-01", "The period ends (2025-01-01) before it starts (2025-12-01)."),
        ("0000", "0000 is not a year of the programme: write a year from 2000 to 2099."),
        ("9999-Q1", "9999 is not a year of the programme: write a year from 2000 to 2099."),
        ("1999-12-01..2025-01-31", "1999 is not a year of the programme"),
        ("2025-13", "“2025-13” is not a period: write a year (2026)"),
    ],
)
def test_a_bad_period_keeps_the_filters_and_shows_its_message_on_the_period_field(
    client, scene, period, message
):
    world = build()
    login(client, scene.manager)
    chosen = {"area": world.county_a.code, "cohort": str(world.k1.pk), "channel": "douyin"}
    response = client.get(URL, {**chosen, "period": period})
    assert response.status_code == 400
    page = BeautifulSoup(response.content, "html.parser")
    field = page.select_one("input[name=period]")
    assert field["value"] == period and field["aria-invalid"] == "true"
    assert "period-error" in field["aria-describedby"]
    assert message in page.select_one("#period-error").get_text()
    for name, value in chosen.items():
        assert page.select_one(f"select[name={name}] option[selected]")["value"] == value
    # No figures of another period are shown in their place.
    assert "figures" not in response.context
    assert "trainees trained" not in response.content.decode()


def test_each_bad_value_gets_its_message_beside_its_own_field(client, scene):
    build()
    login(client, scene.manager)
    response = client.get(URL, {"period": "2025-13", "channel": "ebay", "track": "abc"})
    assert response.status_code == 400
    page = BeautifulSoup(response.content, "html.parser")
    assert "is not a period" in page.select_one("#period-error").get_text()
    assert page.select_one("#channel-error").get_text() == "Channel “ebay” is not in the list."
    assert page.select_one("#track-error").get_text() == "Track “abc” is not in the list."
    assert page.select_one("#cohort-error") is None


def test_the_dashboard_shows_the_figures_with_a_table_beside_each_chart(client, scene):
    world = build()
    login(client, scene.manager)
    response = client.get(URL, {"period": "2025"})
    html = response.content.decode()
    assert response.context["figures"]["sales"]["total"] == "4500.00"
    assert html.count("<svg") >= 3  # sales by month, reporting, channels, counties
    assert "<script" not in html.split('class="nice-padding outcomes"')[1].split("</main>")[0]
    for name in (world.county_a.name_en, world.county_b.name_en, "832 platform"):
        assert name in html
    assert "4,500.00" in html


def test_the_cohorts_are_listed_once_a_county_is_chosen(client, scene):
    world = build()
    login(client, scene.manager)

    def cohort_options(params):
        response = client.get(URL, {"period": "2025", **params})
        return [name for _, name in response.context["choices"]["cohorts"]], response

    listed, response = cohort_options({})
    assert listed == []
    assert "Choose a county to list its cohorts." in response.content.decode()
    listed, response = cohort_options({"area": world.county_a.code})
    assert listed == [world.k1.name]
    assert "Choose a county to list its cohorts." not in response.content.decode()
    # A cohort asked for over the whole prefecture stays chosen in the list.
    listed, response = cohort_options({"cohort": world.k2.pk})
    assert listed == [world.k2.name]
    assert f'<option value="{world.k2.pk}" selected>' in response.content.decode()


def test_the_prefectures_funnel_is_by_county_and_a_countys_by_cohort(client, scene):
    world = build()
    login(client, scene.manager)
    html = client.get(URL, {"period": "2025"}).content.decode()
    funnel = html.split('id="funnel"')[1].split("</section>")[0]
    assert "From training to income, by county" in funnel
    assert world.county_a.name_en in funnel and world.k1.name not in funnel
    html = client.get(URL, {"period": "2025", "area": world.county_a.code}).content.decode()
    funnel = html.split('id="funnel"')[1].split("</section>")[0]
    assert "From training to income, by cohort" in funnel
    assert world.k1.name in funnel


def test_the_dashboard_leaves_out_sales_by_cohort_and_the_spreadsheet_has_them(client, scene):
    world = build()
    login(client, scene.manager)
    shown = client.get(URL, {"period": "2025"}).context["figures"]["sales"]
    assert "by_cohort" not in shown
    response = client.get(
        "/admin/outcomes/report/", {"year": "2025", "format": "xlsx", "lang": "en"}
    )
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    rows = list(workbook["By cohort"].values)
    assert (world.k2.name, 2700) in rows and (world.k1.name, 1800) in rows


def test_a_coordinator_filtering_on_a_cohort_of_another_county_is_refused(client, scene):
    world = build()
    login(client, scene.coordinator)
    other = world.k2 if world.k2.county_id != scene.county.pk else world.k1
    response = client.get(URL, {"period": "2025", "cohort": other.pk})
    assert response.status_code == 400


def test_the_dashboard_takes_as_many_queries_with_more_data(client, scene):
    login(client, scene.manager)
    build()
    client.get(URL, {"period": "2025"})

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(URL, {"period": "2025"}).status_code == 200
        return len(captured)

    few = queries()
    build()
    ShopFactory.create_batch(3)
    assert queries() == few
