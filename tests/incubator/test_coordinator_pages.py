"""The coordinator's screens lead to each other: the admin's home shows their day (classes
this week, applications and reports waiting, imports running, trainees to follow up), and
the pages of a cohort, a session, a shop and a sales report link to what belongs to them.
Each for the county's coordinator and a manager, and none of it for another county's."""

import datetime
import re

import pytest
from bs4 import BeautifulSoup

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from wagtail.users.models import UserProfile

from incubator.choices import ReportStatus, Stage
from incubator.factories import ApplicationFactory, SalesReportFactory
from incubator.models import SalesReport, Shop
from machinery.imports.records import IMPORTS, ImportStatus
from tests.incubator.scene import records_of
from tests.incubator.test_admin_views import login
from trainees.factories import CohortFactory, EnrolmentFactory, TraineeFactory
from trainees.models import CohortSession, Enrolment

pytestmark = pytest.mark.django_db


def class_this_week(county, name: str) -> CohortSession:
    cohort = CohortFactory(county=county, name=name)
    return CohortSession.objects.create(
        cohort=cohort,
        starts_at=timezone.now(),
        ends_at=timezone.now() + datetime.timedelta(hours=2),
        place=f"{name}教室",
        check_in_code=f"code-{name}",
    )


def stalled_enrolment(county, name: str) -> Enrolment:
    enrolment = EnrolmentFactory(trainee=TraineeFactory(county=county, name=name))
    Enrolment.objects.filter(pk=enrolment.pk).update(
        enrolled_at=timezone.now() - datetime.timedelta(days=45)
    )
    return enrolment


@pytest.fixture
def day(scene):
    """In each county: a class this week, an application and a report waiting, a trainee
    who stopped 45 days ago."""
    records = records_of(scene)
    return {
        "records": records,
        "sessions": [
            class_this_week(scene.county, "甲班"),
            class_this_week(scene.other_county, "乙班"),
        ],
        "stalled": [
            stalled_enrolment(scene.county, "卓玛"),
            stalled_enrolment(scene.other_county, "扎西"),
        ],
    }


def home(client) -> str:
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    return response.content.decode()


def test_the_coordinators_home_shows_their_countys_day_with_links(client, scene, day):
    login(client, scene, "coordinator")

    page = home(client)

    here_session, there_session = day["sessions"]
    assert reverse("attendance_session", args=[here_session.pk]) in page
    assert reverse("attendance_session", args=[there_session.pk]) not in page
    here_application, there_application = day["records"]["application"]
    assert reverse("application:inspect", args=[here_application.pk]) in page
    assert reverse("application:inspect", args=[there_application.pk]) not in page
    here_report, there_report = day["records"]["salesreport"]
    assert reverse("salesreport:inspect", args=[here_report.pk]) in page
    assert reverse("salesreport:inspect", args=[there_report.pk]) not in page
    assert "卓玛" in page and "扎西" not in page
    assert "Classes this week" in page and "Imports running" in page
    for panel in ("sessions", "applications", "reports", "follow_up"):
        assert f'id="home-{panel}-title"' in page
    assert page.count("data-count>1<") == 4  # one of each in the county; no import running


def test_another_countys_coordinator_sees_none_of_this_countys_items(client, scene, day):
    login(client, scene, "other_coordinator")

    page = home(client)

    assert reverse("attendance_session", args=[day["sessions"][0].pk]) not in page
    assert reverse("application:inspect", args=[day["records"]["application"][0].pk]) not in page
    assert reverse("salesreport:inspect", args=[day["records"]["salesreport"][0].pk]) not in page
    assert "卓玛" not in page and "扎西" in page


def test_a_manager_sees_every_countys_day(client, scene, day):
    login(client, scene, "manager")

    page = home(client)

    for session in day["sessions"]:
        assert reverse("attendance_session", args=[session.pk]) in page
    for report in day["records"]["salesreport"]:
        assert reverse("salesreport:inspect", args=[report.pk]) in page
    assert "卓玛" in page and "扎西" in page


@pytest.mark.parametrize("role", ["owner", "trainee", "instructor"])
def test_others_see_no_panel_and_no_page_search_without_pages_to_edit(client, scene, day, role):
    login(client, scene, role)

    response = client.get(reverse("wagtailadmin_home"))

    page = response.content.decode()
    assert 'id="home-sessions"' not in page
    if role != "instructor":
        assert "Search all pages" not in page


def test_the_page_search_is_hidden_from_a_coordinator_who_edits_no_page(client, scene, day):
    login(client, scene, "coordinator")

    assert "Search all pages" not in home(client)


def test_an_import_running_shows_to_its_county_with_a_link_for_whoever_started_it(
    client, scene, day
):
    from django_tasks_db.models import DBTaskResult

    record = IMPORTS.create(
        user=scene.coordinator,
        kind="roster",
        county_id=scene.county.pk,
        filename="名单.csv",
        status=ImportStatus.CHECKING,
    )
    DBTaskResult.objects.create(
        task_path="trainees.tasks.roster_check_task",
        args_kwargs={"args": [record["id"]], "kwargs": {}},
        status="READY",
        queue_name="default",
        backend_name="default",
        priority=0,
        run_after=timezone.now(),
    )

    login(client, scene, "coordinator")
    page = home(client)
    assert "名单.csv" in page
    assert reverse("roster_import:detail", args=[record["id"]]) in page
    login(client, scene, "manager")
    page = home(client)
    assert "名单.csv" in page and "started by someone else" in page
    login(client, scene, "other_coordinator")
    assert "名单.csv" not in home(client)


def test_the_home_takes_as_many_queries_with_many_records_as_with_few(client, scene, day):
    login(client, scene, "manager")
    home(client)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            home(client)
        return len(captured)

    few = queries()
    for n in range(3):
        class_this_week(scene.county, f"丙班{n}")
        stalled_enrolment(scene.county, f"拉姆{n}")
        ApplicationFactory(trainee=TraineeFactory(county=scene.county))
        SalesReportFactory(
            shop=scene.shop, status=ReportStatus.SUBMITTED, month=datetime.date(2025, n + 1, 1)
        )
    assert queries() == few


# Links between the pages


def test_a_session_leads_to_its_attendance_page_from_its_row_and_its_page(client, scene, day):
    session = day["sessions"][0]
    login(client, scene, "coordinator")

    listing = client.get(reverse("cohortsession:index")).content.decode()
    edit = client.get(reverse("cohortsession:edit", args=[session.pk])).content.decode()

    attendance = reverse("attendance_session", args=[session.pk])
    assert attendance in listing and attendance in edit
    assert client.get(attendance).status_code == 200


def test_a_sessions_attendance_link_comes_next_to_it_on_one_line(client, scene, day):
    session = day["sessions"][0]
    login(client, scene, "coordinator")

    listing = BeautifulSoup(client.get(reverse("cohortsession:index")).content, "html.parser")

    # Second, on screen on a phone (the last columns are not), and never a word a line.
    headings = [" ".join(th.get_text().split()) for th in listing.select("table.listing thead th")]
    cell = listing.select("table.listing tbody tr")[0].select("td")[1]
    assert headings[:3] == ["Session", "Attendance", "Place"]
    assert cell.a["href"].endswith(f"/attendance/sessions/{session.pk}/")
    assert " ".join(cell.get_text().split()) == "Take attendance (QR code)"
    assert "eagle-one-line" in cell["class"]


def test_a_cohort_leads_to_its_sessions_enrolments_and_roster_import(client, scene, day):
    cohort = day["sessions"][0].cohort
    login(client, scene, "coordinator")

    page = client.get(reverse("cohort:edit", args=[cohort.pk])).content.decode()

    assert f"{reverse('cohortsession:index')}?cohort={cohort.pk}" in page
    assert f"{reverse('enrolment:index')}?cohort={cohort.pk}" in page
    assert "Sessions (1)" in page and "Enrolments (0)" in page
    assert (
        reverse("attendance_session", args=[day["sessions"][0].pk])
        in client.get(f"{reverse('cohortsession:index')}?cohort={cohort.pk}").content.decode()
    )
    assert reverse("roster_import:upload") in page


@pytest.mark.parametrize("role", ["coordinator", "manager"])
def test_a_shop_leads_to_its_records_its_stage_and_its_history(client, scene, day, role):
    shop = scene.shop
    login(client, scene, role)

    page = client.get(reverse("shop:edit", args=[shop.pk])).content.decode()

    for url_name in ("shopchannel", "product", "salesreport", "job", "milestone"):
        assert f"{reverse(f'{url_name}:index')}?shop={shop.pk}" in page
    assert "Channels (1)" in page and "Sales reports (1)" in page and "Jobs (1)" in page
    assert reverse("shop:stage", args=[shop.pk]) in page
    assert "History" in page
    reports = client.get(f"{reverse('salesreport:index')}?shop={shop.pk}").content.decode()
    assert scene.other_shop.name not in reports.split("</select>")[-1]


def test_another_countys_coordinator_reaches_no_shop_page_here(client, scene, day):
    login(client, scene, "other_coordinator")

    assert client.get(reverse("shop:edit", args=[scene.shop.pk])).status_code == 404


def test_in_chinese_the_stage_form_starts_on_today(client, scene, day):
    """Today shows in the browser's date field (2026-12-07; Django's Chinese 2026/12/07 would
    leave it empty, and the form would then say the day is required)."""
    user = login(client, scene, "coordinator")
    preferences = UserProfile.get_for_user(user)
    preferences.preferred_language = "zh-hans"
    preferences.save()
    page = BeautifulSoup(
        client.get(reverse("shop:stage", args=[scene.shop.pk])).content, "html.parser"
    )
    assert page.select_one("input[name=on]")["value"] == f"{timezone.localdate():%Y-%m-%d}"


def test_moving_a_shops_stage_from_its_page_shows_in_its_history(client, scene, day):
    shop = scene.shop
    login(client, scene, "coordinator")
    response = client.post(
        reverse("shop:stage", args=[shop.pk]),
        {"stage": Stage.GRADUATED, "on": timezone.localdate().isoformat(), "reason": "毕业"},
    )
    assert response.status_code == 302

    page = client.get(reverse("shop:edit", args=[shop.pk])).content.decode()

    assert "毕业" in page
    assert Shop.objects.get(pk=shop.pk).stage == Stage.GRADUATED


def test_a_stage_not_allowed_from_the_current_one_is_refused_and_changes_nothing(
    client, scene, day
):
    shop = scene.shop
    login(client, scene, "coordinator")

    response = client.post(
        reverse("shop:stage", args=[shop.pk]),
        {"stage": Stage.APPLIED, "on": timezone.localdate().isoformat()},
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["stage"]
    assert "Select a valid choice. applied is not one of the available choices." in (
        response.content.decode()
    )
    assert Shop.objects.get(pk=shop.pk).stage == Stage.INCUBATING


def test_another_countys_coordinator_cannot_move_the_stage(client, scene, day):
    shop = scene.shop
    login(client, scene, "other_coordinator")

    response = client.post(
        reverse("shop:stage", args=[shop.pk]),
        {"stage": Stage.GRADUATED, "on": timezone.localdate().isoformat()},
    )

    assert response.status_code == 404
    assert Shop.objects.get(pk=shop.pk).stage == Stage.INCUBATING


# The sales report's own page


@pytest.mark.parametrize("role", ["coordinator", "manager"])
def test_a_reports_page_offers_approve_and_return(client, scene, day, role):
    report = day["records"]["salesreport"][0]
    login(client, scene, role)

    page = client.get(reverse("salesreport:inspect", args=[report.pk])).content.decode()

    decide = reverse("salesreport:decide", args=[report.pk])
    assert f"{decide}?decision=approve" in page and f"{decide}?decision=return" in page
    assert f'href="{decide}"' not in page  # the two buttons, not a third "Decide"
    assert not re.search(r"<dd[^>]*>\s*None\s*</dd>", page)  # "—", not "None"


def test_a_reports_page_names_its_month_as_the_listing_does(client, scene, day):
    report = day["records"]["salesreport"][0]
    login(client, scene, "coordinator")

    page = client.get(reverse("salesreport:inspect", args=[report.pk])).content.decode()

    month = re.search(r"Month\s*</dt>\s*<dd[^>]*>\s*([^<]*?)\s*</dd>", page)
    assert month is not None and month.group(1) == f"{report.month:%Y-%m}"


def test_approving_from_the_reports_page(client, scene, day):
    report = day["records"]["salesreport"][0]
    login(client, scene, "coordinator")
    form = client.get(f"{reverse('salesreport:decide', args=[report.pk])}?decision=approve")
    assert form.context["form"].initial == {"decision": "approve"}

    client.post(reverse("salesreport:decide", args=[report.pk]), {"decision": "approve"})

    assert SalesReport.objects.get(pk=report.pk).status == ReportStatus.APPROVED
    page = client.get(reverse("salesreport:inspect", args=[report.pk])).content.decode()
    assert "?decision=approve" not in page  # decided: no more buttons


def test_returning_from_the_reports_page_without_a_reason_says_so(client, scene, day):
    report = day["records"]["salesreport"][0]
    login(client, scene, "coordinator")

    response = client.post(
        f"{reverse('salesreport:decide', args=[report.pk])}?decision=return",
        {"decision": "return", "reason": ""},
    )

    assert "Reason for returning" in response.context["form"].errors["reason"][0]
    assert SalesReport.objects.get(pk=report.pk).status == ReportStatus.SUBMITTED


def test_another_countys_coordinator_gets_no_report_buttons(client, scene, day):
    report = day["records"]["salesreport"][0]
    login(client, scene, "other_coordinator")

    assert client.get(reverse("salesreport:inspect", args=[report.pk])).status_code == 404


def test_the_sales_list_shows_the_status_next_to_the_shop(client, scene, day):
    login(client, scene, "coordinator")

    page = client.get(reverse("salesreport:index")).content.decode()

    listing = page[page.index('id="listing-results"') :]
    head = listing[listing.index("<thead") : listing.index("</thead>")]
    labels = [
        " ".join(re.sub(r"<[^>]+>", " ", th).split()) for th in re.split(r"<th[\s>]", head)[1:]
    ]
    labels = [label.lstrip("> ").lower() for label in labels if label.lstrip("> ")]
    assert labels[:3] == ["shop", "status", "month"], labels
