"""The incubator's Wagtail admin: a permission matrix over every view and role, and the
forms of the rules (decisions, stages, jobs, locks) as coordinators and managers use them."""

import datetime

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from wagtail.users.models import UserProfile

from incubator.admin_views import IncubatorViewSetGroup
from incubator.choices import ApplicationStatus, JobKind, ReportStatus, Stage
from incubator.factories import JobFactory, SalesReportFactory, ShopFactory
from incubator.models import Job, MonthLock, SalesReport, Shop
from tests.export_files import csv_table, xlsx_table
from tests.incubator.scene import ROLES, records_of
from trainees.choices import HouseholdStatus
from trainees.factories import HouseholdFactory
from trainees.models import HouseholdStatusChange

pytestmark = pytest.mark.django_db

VIEWSET_CLASSES = IncubatorViewSetGroup.items
VIEWSETS = [viewset.model._meta.model_name for viewset in VIEWSET_CLASSES]
# Plain records; the rest follow rules.
EDITABLE = {
    "shop",
    "shopchannel",
    "product",
    "enterprise",
    "purchase",
    "traineebusiness",
    "shareholding",
    "dividend",
}
LAST_MONTH = (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)


@pytest.fixture
def records(scene):
    return records_of(scene)


def login(client, scene, role):
    """Log in as `role`; the admin speaks English to them, so that messages can be read."""
    user = scene.user(role)
    if role != "anonymous":
        preferences = UserProfile.get_for_user(user)
        preferences.preferred_language = "en"
        preferences.save()
        client.force_login(user)
    return user


def allowed(response) -> bool:
    """200: shown; a login redirect, 403, 404 or the admin's "no permission" redirect: not."""
    return response.status_code == 200


def may(role: str, viewset: str, action: str) -> bool:
    """What each role may do through the generic views, within its scope."""
    if role == "manager":
        return action in {"index", "inspect", "history"} or viewset in EDITABLE
    if role in {"coordinator", "other_coordinator"}:
        return action in {"index", "inspect", "history"} or (
            viewset in EDITABLE and action in {"add", "edit"}
        )
    return False


# Which county's record (0: A, 1: B) each role reaches.
REACH = {"coordinator": {0}, "other_coordinator": {1}, "manager": {0, 1}}


# One test per role, looping over the views: the scene is costly to build.


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix_of_the_listing_export_and_add_views(client, scene, records, role):
    login(client, scene, role)

    for viewset in VIEWSETS:
        index = reverse(f"{viewset}:index")
        expected = may(role, viewset, "index")
        assert allowed(client.get(index)) == expected, viewset
        assert allowed(client.get(index, {"export": "csv"})) == expected, viewset
        assert allowed(client.get(index, {"export": "xlsx"})) == expected, viewset
        assert allowed(client.get(reverse(f"{viewset}:add"))) == may(role, viewset, "add"), viewset


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix_of_the_views_of_one_record(client, scene, records, role):
    login(client, scene, role)

    for viewset in VIEWSETS:
        for index, record in enumerate(records[viewset]):
            reached = index in REACH.get(role, set()) or viewset == "monthlock"
            for action in ("edit", "inspect", "history", "delete"):
                response = client.get(reverse(f"{viewset}:{action}", args=[record.pk]))
                expected = may(role, viewset, action) and reached
                assert allowed(response) == expected, (viewset, action, index, response)
                if may(role, viewset, action) and not reached:
                    assert response.status_code == 404


ACTIONS = {
    "application:accept": "application",
    "application:ask": "application",
    "application:decline": "application",
    "shop:stage": "shop",
    "salesreport:decide": "salesreport",
    "job:end": "job",
}


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix_of_the_forms_of_the_rules(client, scene, records, role):
    login(client, scene, role)

    for action, viewset in ACTIONS.items():
        for index, record in enumerate(records[viewset]):
            response = client.get(reverse(action, args=[record.pk]))
            assert allowed(response) == (index in REACH.get(role, set())), (action, index, response)


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix_of_adding_jobs_and_locking_months(client, scene, records, role):
    login(client, scene, role)
    lock = records["monthlock"][0]

    assert allowed(client.get(reverse("job:hire"))) == (role in REACH)
    assert allowed(client.get(reverse("monthlock:lock"))) == (role == "manager")
    assert allowed(client.get(reverse("monthlock:unlock", args=[lock.pk]))) == (role == "manager")


EXPORTED = {viewset.model._meta.model_name: viewset.list_export for viewset in VIEWSET_CLASSES}


def export(client, viewset) -> list[dict]:
    """The CSV export's rows, keyed by the exported field (headings are in the admin's language)."""
    table = csv_table(client.get(reverse(f"{viewset}:index"), {"export": "csv"}))
    return [dict(zip(EXPORTED[viewset], row, strict=True)) for row in table.rows]


@pytest.mark.parametrize("viewset", ["application", "shop", "salesreport", "job"])
def test_a_coordinator_lists_and_exports_only_their_own_county(client, scene, records, viewset):
    here, there = records[viewset]
    login(client, scene, "coordinator")

    listing = client.get(reverse(f"{viewset}:index")).content.decode()

    assert reverse(f"{viewset}:inspect", args=[here.pk]) in listing
    assert reverse(f"{viewset}:inspect", args=[there.pk]) not in listing
    assert len(export(client, viewset)) == 1


def test_the_job_export_holds_the_whole_identity_number_for_the_countys_coordinator(
    client, scene, records
):
    here, _ = records["job"]
    login(client, scene, "coordinator")

    [row] = export(client, "job")

    assert row["worker.id_number"] == here.worker.id_number


def test_listings_take_as_many_queries_with_many_rows_as_with_few(client, scene):
    login(client, scene, "manager")

    def queries(viewset):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse(f"{viewset}:index")).status_code == 200
        return len(captured)

    SalesReportFactory(shop=scene.shop, status=ReportStatus.SUBMITTED)
    few = {viewset: queries(viewset) for viewset in ("shop", "salesreport")}
    for _ in range(6):
        shop = ShopFactory(county=scene.other_county)
        SalesReportFactory(shop=shop, status=ReportStatus.SUBMITTED)

    assert {viewset: queries(viewset) for viewset in ("shop", "salesreport")} == few


# The forms of the rules


def test_a_coordinator_accepts_an_application_and_the_shop_starts_incubating(
    client, scene, records
):
    application, _ = records["application"]
    login(client, scene, "coordinator")

    response = client.post(reverse("application:accept", args=[application.pk]), follow=True)

    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED
    assert application.shop.stage == Stage.INCUBATING
    # The message leads to the new shop.
    shop_link = f'href="{reverse("shop:edit", args=[application.shop_id])}"'
    message = response.content.decode().split('class="messages"')[1].split("</ul>")[0]
    assert shop_link in message and "Open the shop" in message


def test_declining_without_a_reason_says_so_on_the_form_and_changes_nothing(client, scene, records):
    application, _ = records["application"]
    login(client, scene, "coordinator")

    response = client.post(reverse("application:decline", args=[application.pk]), {"reason": " "})

    assert response.status_code == 200
    assert response.context["form"].errors["reason"] == [
        "Reason for declining: say why, so that the trainee can improve."
    ]
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


def test_a_coordinator_approves_a_report_and_its_history_shows_who(client, scene, records):
    report, _ = records["salesreport"]
    login(client, scene, "coordinator")

    client.post(reverse("salesreport:decide", args=[report.pk]), {"decision": "approve"})
    login(client, scene, "manager")
    history = client.get(reverse("salesreport:history", args=[report.pk])).content.decode()

    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED
    assert "Sales report approved: status: Submitted → Approved" in history
    assert reverse("salesreport:edit", args=[report.pk]) not in history  # reports are not edited


def test_returning_a_report_needs_a_reason(client, scene, records):
    report, _ = records["salesreport"]
    login(client, scene, "manager")

    response = client.post(reverse("salesreport:decide", args=[report.pk]), {"decision": "return"})

    assert (
        "Reason for returning: say what the shop should correct."
        in (response.context["form"].errors["reason"])
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_a_report_decided_meanwhile_is_refused_with_who_decided_it(client, scene, records):
    report, _ = records["salesreport"]
    login(client, scene, "coordinator")
    client.post(reverse("salesreport:decide", args=[report.pk]), {"decision": "approve"})
    login(client, scene, "manager")

    response = client.post(
        reverse("salesreport:decide", args=[report.pk]), {"decision": "return", "reason": "不对"}
    )

    [error] = response.context["form"].non_field_errors()
    assert error.startswith("This report was already approved by ")
    assert SalesReport.objects.get(pk=report.pk).status == ReportStatus.APPROVED


def test_a_coordinator_graduates_a_shop(client, scene):
    login(client, scene, "coordinator")
    yesterday = timezone.localdate() - datetime.timedelta(days=1)

    form = client.get(reverse("shop:stage", args=[scene.shop.pk])).context["form"]
    client.post(
        reverse("shop:stage", args=[scene.shop.pk]),
        {"stage": "graduated", "on": yesterday.isoformat(), "reason": ""},
    )

    assert [value for value, _ in form.fields["stage"].choices] == ["graduated", "closed"]
    shop = Shop.objects.get(pk=scene.shop.pk)
    assert (shop.stage, shop.graduated_on) == (Stage.GRADUATED, yesterday)


def test_a_stage_day_before_the_current_stage_is_refused_where_the_coordinator_looks(client, scene):
    login(client, scene, "coordinator")
    before = scene.shop.incubating_on - datetime.timedelta(days=1)

    response = client.post(
        reverse("shop:stage", args=[scene.shop.pk]),
        {"stage": "graduated", "on": before.isoformat(), "reason": ""},
    )

    [error] = response.context["form"].non_field_errors()
    assert error in response.content.decode()
    assert str(before) in error
    assert Shop.objects.get(pk=scene.shop.pk).stage == Stage.INCUBATING


def test_a_coordinator_adds_a_job_that_counts_for_a_poor_household(client, scene):
    household = HouseholdFactory(village__township__county=scene.county)
    HouseholdStatusChange.objects.create(
        household=household, status=HouseholdStatus.LIFTED_OUT, valid_from=datetime.date(2020, 1, 1)
    )
    login(client, scene, "coordinator")
    form = client.get(reverse("job:hire")).context["form"]

    response = client.post(
        reverse("job:hire"),
        {
            "shop": scene.shop.pk,
            "worker_name": "次仁",
            "household_number": household.registry_number,
            "kind": JobKind.SEASONAL,
            "starts_on": "2025-08-01",
            "monthly_wage": "2600",
        },
    )

    assert list(form.fields["shop"].queryset) == [scene.shop]
    assert response.status_code == 302
    job = Job.objects.get(worker__name="次仁")
    assert job.counts_for_poor_household


def test_a_household_number_not_in_the_shops_county_is_refused_on_the_form(client, scene):
    elsewhere = HouseholdFactory(village__township__county=scene.other_county)
    login(client, scene, "manager")

    response = client.post(
        reverse("job:hire"),
        {
            "shop": scene.shop.pk,
            "worker_name": "次仁",
            "household_number": elsewhere.registry_number,
            "kind": JobKind.FULL_TIME,
            "starts_on": "2025-08-01",
            "monthly_wage": "2600",
        },
    )

    assert response.context["form"].errors["household_number"] == [
        f"No household with registry number {elsewhere.registry_number} in "
        f"{scene.county.name_in('en')}: check the number, or leave it empty."
    ]
    assert not Job.objects.exists()


def test_a_job_ending_before_it_starts_is_refused_on_the_form(client, scene):
    login(client, scene, "manager")

    response = client.post(
        reverse("job:hire"),
        {
            "shop": scene.shop.pk,
            "worker_name": "次仁",
            "kind": JobKind.FULL_TIME,
            "starts_on": "2025-08-01",
            "ends_on": "2025-07-01",
            "monthly_wage": "2600",
        },
    )

    assert response.context["form"].errors["ends_on"] == [
        "Ends on: 2025-07-01 is before the job starts (2025-08-01)."
    ]
    assert not Job.objects.exists()


def test_a_job_not_begun_yet_is_refused_on_the_form(client, scene):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    login(client, scene, "coordinator")

    response = client.post(
        reverse("job:hire"),
        {
            "shop": scene.shop.pk,
            "worker_name": "次仁",
            "kind": JobKind.FULL_TIME,
            "starts_on": f"{tomorrow}",
            "monthly_wage": "2600",
        },
    )

    assert response.context["form"].errors["starts_on"] == [
        f"Starts on: {tomorrow} has not come yet: record the job on the day it starts."
    ]
    assert not Job.objects.exists()


def test_a_coordinator_corrects_a_planned_last_day_but_not_one_that_has_passed(client, scene):
    today = timezone.localdate()
    planned = JobFactory(shop=scene.shop, ends_on=today + datetime.timedelta(days=300))
    ended = JobFactory(shop=scene.shop, ends_on=today - datetime.timedelta(days=1))
    login(client, scene, "coordinator")
    listing = client.get(reverse("job:index")).content.decode()

    response = client.post(reverse("job:end", args=[planned.pk]), {"ends_on": f"{today}"})
    refused = client.post(reverse("job:end", args=[ended.pk]), {"ends_on": f"{today}"})

    assert reverse("job:end", args=[planned.pk]) in listing
    assert reverse("job:end", args=[ended.pk]) not in listing
    assert response.status_code == 302
    planned.refresh_from_db()
    assert planned.ends_on == today
    assert refused.context["form"].errors["ends_on"] == [
        f"This job already ended on {today - datetime.timedelta(days=1)}."
    ]
    ended.refresh_from_db()
    assert ended.ends_on == today - datetime.timedelta(days=1)


def test_a_channel_cannot_open_after_a_month_reported_on_it(client, scene):
    channel = scene.shop.channels.get()
    SalesReportFactory(shop=scene.shop, month=datetime.date(2025, 3, 1))
    login(client, scene, "coordinator")
    url = reverse("shopchannel:edit", args=[channel.pk])
    data = {"shop": scene.shop.pk, "channel": channel.channel, "store_name": ""}

    refused = client.post(url, {**data, "opened_on": "2025-04-01"})

    assert refused.context["form"].errors["opened_on"] == [
        "Taobao has sales reported for 2025-03: it opened in that month or earlier."
    ]
    channel.refresh_from_db()
    assert channel.opened_on is None

    accepted = client.post(url, {**data, "opened_on": "2025-03-20"})

    assert accepted.status_code == 302
    channel.refresh_from_db()
    assert channel.opened_on == datetime.date(2025, 3, 20)


def test_a_manager_locks_a_month_and_unlocks_it_with_a_reason(client, scene):
    login(client, scene, "manager")

    client.post(reverse("monthlock:lock"), {"month": f"{LAST_MONTH:%Y-%m}"})
    lock = MonthLock.objects.get()
    refused = client.post(reverse("monthlock:unlock", args=[lock.pk]), {"reason": ""})
    client.post(reverse("monthlock:unlock", args=[lock.pk]), {"reason": "补录抖音数据"})

    assert refused.context["form"].errors["reason"] == [
        "Reason for unlocking: say why the month must change."
    ]
    lock.refresh_from_db()
    assert (lock.unlocked_by, lock.unlock_reason) == (scene.manager, "补录抖音数据")


def test_the_lock_history_offers_unlock_on_a_locked_month_only(client, scene):
    login(client, scene, "manager")
    client.post(reverse("monthlock:lock"), {"month": f"{LAST_MONTH:%Y-%m}"})
    lock = MonthLock.objects.get()
    unlock_url = reverse("monthlock:unlock", args=[lock.pk])

    while_locked = client.get(reverse("monthlock:index")).content.decode()
    client.post(unlock_url, {"reason": "补录抖音数据"})
    once_unlocked = client.get(reverse("monthlock:index")).content.decode()

    assert f"{LAST_MONTH:%Y-%m}" in while_locked
    assert unlock_url in while_locked
    assert unlock_url not in once_unlocked


def test_a_history_offers_edit_only_for_a_record_with_an_edit_form(client, scene):
    login(client, scene, "coordinator")
    report = SalesReportFactory(shop=scene.shop)

    shop_history = client.get(reverse("shop:history", args=[scene.shop.pk]))
    report_history = client.get(reverse("salesreport:history", args=[report.pk]))

    assert reverse("shop:edit", args=[scene.shop.pk]) in shop_history.content.decode()
    assert [button.url for button in shop_history.context["header_buttons"]] == [
        reverse("shop:edit", args=[scene.shop.pk])
    ]
    assert report_history.context["header_buttons"] == []


def test_an_old_lock_page_does_not_lift_a_newer_lock_of_its_month(client, scene):
    login(client, scene, "manager")
    month = f"{LAST_MONTH:%Y-%m}"
    client.post(reverse("monthlock:lock"), {"month": month})
    old = MonthLock.objects.get()
    client.post(reverse("monthlock:unlock", args=[old.pk]), {"reason": "补录抖音数据"})
    client.post(reverse("monthlock:lock"), {"month": month})
    newer = MonthLock.objects.get(unlocked_at__isnull=True)

    response = client.post(reverse("monthlock:unlock", args=[old.pk]), {"reason": "再补录"})

    [error] = response.context["form"].non_field_errors()
    assert error == f"This lock was already lifted on {timezone.localdate()}."
    assert error in response.content.decode()
    newer.refresh_from_db()
    assert newer.unlocked_at is None


def test_locking_a_month_in_the_future_says_so(client, scene):
    login(client, scene, "manager")
    next_month = (timezone.localdate().replace(day=28) + datetime.timedelta(days=5)).replace(day=1)

    response = client.post(reverse("monthlock:lock"), {"month": f"{next_month:%Y-%m}"})

    assert response.context["form"].errors["month"] == [
        f"Month: {next_month:%Y-%m} has not begun yet: report a month once it has started."
    ]
    assert not MonthLock.objects.exists()


def test_the_shop_form_offers_the_coordinators_county_and_staff_as_mentors(client, scene):
    login(client, scene, "coordinator")

    form = client.get(reverse("shop:add")).context["form"]

    assert list(form.fields["county"].queryset) == [scene.county]
    assert scene.instructor in form.fields["mentor"].queryset
    assert scene.owner not in form.fields["mentor"].queryset
    assert set(form.fields["owners"].queryset) == set(
        scene.shop.owners.model.objects.filter(county=scene.county)
    )
    assert "stage" not in form.fields


def test_the_menu_shows_the_incubator_to_coordinators_and_managers_only(client, scene):
    for role, shown in (("instructor", False), ("coordinator", True), ("manager", True)):
        login(client, scene, role)
        admin_home = client.get(reverse("wagtailadmin_home")).content.decode()
        assert (reverse("salesreport:index") in admin_home) is shown, role


# The sales export as a programme office reads it


def test_the_sales_export_writes_labels_months_and_shares_as_percentages(client, scene):
    SalesReportFactory(
        shop=scene.shop,
        channel="douyin",
        month=datetime.date(2026, 3, 1),
        agricultural_share=35,
        status=ReportStatus.APPROVED,
    )
    login(client, scene, "coordinator")
    url = reverse("salesreport:index")

    text = csv_table(client.get(url, {"export": "csv"}))
    sheet = xlsx_table(client.get(url, {"export": "xlsx"}))

    [row] = text.rows
    [cells] = sheet.rows
    fields = dict(zip(EXPORTED["salesreport"], row, strict=True))
    cell = dict(zip(EXPORTED["salesreport"], cells, strict=True))
    assert (fields["channel"], fields["status"]) == ("Douyin", "Approved")
    assert fields["month"] == cell["month"].value == "2026-03"  # as the import reads it back
    assert fields["agricultural_share"] == "35%"
    assert cell["agricultural_share"].value == 0.35
    assert cell["agricultural_share"].number_format == "0%"
    assert text.note is None  # no personal data in it


def test_a_shops_second_entry_for_a_channel_or_a_product_says_so_on_its_field(client, scene):
    channel = scene.shop.channels.get()
    product = scene.shop.products.create(name="雅江松茸礼盒")
    login(client, scene, "coordinator")

    channel_refused = client.post(
        reverse("shopchannel:add"),
        {"shop": scene.shop.pk, "channel": channel.channel, "store_name": "", "opened_on": ""},
    )
    product_refused = client.post(
        reverse("product:add"),
        {"shop": scene.shop.pk, "name": product.name, "geographical_indication": ""},
    )

    assert channel_refused.context["form"].errors == {
        "channel": ["This shop already has this channel."]
    }
    assert product_refused.context["form"].errors == {
        "name": ["This shop already has a product of this name."]
    }
    assert scene.shop.channels.count() == 1
    assert scene.shop.products.count() == 1
