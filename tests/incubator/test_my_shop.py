"""My shop: what a shop's owner sees and does on the site, who else may open it, and every
bad input refused on the page with nothing written."""

import datetime
import re
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from courses.image_forms import NOT_AN_IMAGE_MESSAGE
from incubator.choices import Channel, JobKind, MilestoneKind, ReportStatus
from incubator.factories import (
    JobFactory,
    MilestoneFactory,
    MonthLockFactory,
    SalesReportFactory,
    ShopFactory,
    WorkerFactory,
    png_bytes,
)
from incubator.models import Job, Milestone, SalesReport, ShopChannel
from incubator.my_shop import month_to_report
from incubator.sales import before_start_message
from incubator.values import add_months, this_month
from tests.incubator.scene import ROLES
from trainees.choices import HouseholdStatus
from trainees.factories import HouseholdFactory, valid_id_number
from trainees.models import HouseholdStatusChange

pytestmark = pytest.mark.django_db

LAST_MONTH = add_months(this_month(), -1)


def login(client, scene, role):
    if role != "anonymous":
        client.force_login(scene.user(role))


def page(client, shop, month=None):
    url = reverse("my_shop", args=[shop.pk])
    return client.get(url, {"month": f"{month:%Y-%m}"} if month else {})


def report_data(channel=Channel.TAOBAO, month=LAST_MONTH, send=True, **figures):
    data = {
        "channel": channel,
        "month": f"{month:%Y-%m}" if isinstance(month, datetime.date) else month,
        f"{channel}-sales": "12800.50",
        f"{channel}-orders": "215",
        f"{channel}-agricultural_share": "90",
    }
    data.update({f"{channel}-{name}": value for name, value in figures.items()})
    data["send" if send else "save"] = "1"
    return data


def post_report(client, shop, **kwargs):
    return client.post(reverse("my_shop_report", args=[shop.pk]), report_data(**kwargs))


def job_data(**changes):
    data = {
        "worker_name": "次仁卓玛",
        "id_number": "",
        "household_number": "",
        "kind": JobKind.FULL_TIME,
        "starts_on": "2026-05-01",
        "monthly_wage": "2600",
    }
    data.update(changes)
    return {f"job-{name}": value for name, value in data.items()}


def errors_of(response) -> str:
    """The text of the field errors and of the error messages above a page sent back."""
    html = response.content.decode()
    parts = html.split('class="field-error"')[1:] + html.split('class="message error"')[1:]
    return " ".join(part.split("</", 1)[0].split(">", 1)[1] for part in parts)


# Who may open it


@pytest.mark.parametrize("role", ROLES)
def test_only_the_owner_opens_the_shop_and_its_forms(client, scene, role):
    """Coordinators and managers work in the admin; everyone but the owner gets 404 here,
    anonymous people the login page, and nobody else's post writes anything."""
    login(client, scene, role)
    shop = scene.shop
    job = JobFactory(shop=shop)
    posts = {
        "my_shop_report": ([shop.pk], report_data()),
        "my_shop_job_add": ([shop.pk], job_data()),
        "my_shop_job_end": ([shop.pk, job.pk], {f"end-{job.pk}-ends_on": "2026-06-30"}),
        "my_shop_milestone_add": (
            [shop.pk],
            {"milestone-kind": MilestoneKind.FIRST_LISTING, "milestone-achieved_on": "2026-01-05"},
        ),
    }
    response = page(client, shop)
    statuses = [response.status_code]
    for name, (args, data) in posts.items():
        statuses.append(client.post(reverse(name, args=args), data).status_code)
    if role == "owner":
        assert statuses == [200, 302, 302, 302, 400]  # the milestone lacks its screenshot
        assert SalesReport.objects.filter(shop=shop).count() == 1
        assert Job.objects.filter(shop=shop).count() == 2
    else:
        expected = 302 if role == "anonymous" else 404
        assert statuses == [expected] * 5
        if role == "anonymous":
            assert response["Location"].startswith(reverse("account_login"))
        assert not SalesReport.objects.exists()
        assert Job.objects.get().ends_on is None


def test_the_other_owner_cannot_reach_this_shop_through_their_own_urls(client, scene):
    """A job of one shop is not ended through the URL of another shop its owner owns."""
    job = JobFactory(shop=scene.shop)
    client.force_login(scene.other_owner)
    url = reverse("my_shop_job_end", args=[scene.other_shop.pk, job.pk])
    response = client.post(url, {f"end-{job.pk}-ends_on": "2026-06-30"})
    assert response.status_code == 404
    job.refresh_from_db()
    assert job.ends_on is None


def test_my_shop_goes_straight_to_the_one_shop_lists_several_and_explains_none(client, scene):
    client.force_login(scene.owner)
    response = client.get(reverse("my_shops"))
    assert response.status_code == 302
    assert response["Location"] == reverse("my_shop", args=[scene.shop.pk])

    second = ShopFactory(county=scene.county, owners=[scene.owner_trainee], name="理塘牦牛肉")
    response = client.get(reverse("my_shops"))
    assert response.status_code == 200
    assert scene.shop.name in response.content.decode()
    assert second.name in response.content.decode()

    client.force_login(scene.trainee)
    response = client.get(reverse("my_shops"))
    assert "You have no shop in the programme yet" in response.content.decode()


def test_my_learning_links_an_owner_to_their_shop(client, scene):
    client.force_login(scene.owner)
    assert reverse("my_shops") in client.get(reverse("learning_home")).content.decode()
    client.force_login(scene.trainee)
    assert reverse("my_shops") not in client.get(reverse("learning_home")).content.decode()


@pytest.mark.parametrize("role", ["owner", "other_owner", "trainee", "coordinator", "manager"])
def test_the_my_shop_card_of_my_learning_shows_for_owners_only(client, scene, role):
    """The incubator adds it through trainees' LEARNING_HOME_EXTRAS_HOOK."""
    card = (
        f'<p class="card card-body"><a class="button" href="{reverse("my_shops")}">My shop</a>'
        " Fill in this month's sales, add jobs and record milestones.</p>"
    )
    client.force_login(scene.user(role))
    html = client.get(reverse("learning_home")).content.decode()
    assert (card in html) == (role in {"owner", "other_owner"})


# What the owner sees


def test_the_page_shows_the_stage_the_months_reports_jobs_and_milestones(client, scene):
    shop = scene.shop
    SalesReportFactory(
        shop=shop, status=ReportStatus.RETURNED, return_reason="订单数与后台截图不符"
    )
    JobFactory(shop=shop, worker=WorkerFactory(name="格桑"), kind=JobKind.SEASONAL)
    MilestoneFactory(
        shop=shop, kind=MilestoneKind.FIRST_ORDER, achieved_on=datetime.date(2025, 3, 1)
    )
    client.force_login(scene.owner)
    html = page(client, shop).content.decode()
    assert f"Sales report for {LAST_MONTH:%Y-%m}" in html  # the month due now
    assert "Incubating" in html and "2025-02-03" in html
    assert "订单数与后台截图不符" in html  # why it was returned, with its form to correct it
    assert 'name="taobao-sales"' in html
    assert "格桑" in html and "Seasonal" in html
    assert "First order" in html and "2025-03-01" in html
    # A milestone already reached is not offered again.
    assert f'value="{MilestoneKind.FIRST_ORDER}"' not in html
    assert f'value="{MilestoneKind.FIRST_LISTING}"' in html


def test_a_submitted_report_shows_its_figures_and_no_form(client, scene):
    SalesReportFactory(shop=scene.shop, status=ReportStatus.SUBMITTED, sales=Decimal("777.70"))
    client.force_login(scene.owner)
    html = page(client, scene.shop).content.decode()
    assert "777.70" in html
    assert 'name="taobao-sales"' not in html


def test_months_to_report_are_never_in_the_future_nor_before_the_shop_began(scene):
    shop = scene.shop  # applied in January 2025
    assert month_to_report(shop, None) == LAST_MONTH
    assert month_to_report(shop, f"{this_month():%Y-%m}") == this_month()
    assert month_to_report(shop, "2025-03") == datetime.date(2025, 3, 1)
    assert month_to_report(shop, f"{add_months(this_month(), 1):%Y-%m}") == LAST_MONTH
    assert month_to_report(shop, "2025-13") == LAST_MONTH
    assert month_to_report(shop, "<script>") == LAST_MONTH
    assert month_to_report(shop, "2024-06") == datetime.date(2025, 1, 1)


def month_nav(html) -> list[str]:
    """The months the navigation offers (no navigation, an empty landmark, when none)."""
    nav = BeautifulSoup(html, "html.parser").select_one("nav.month-nav")
    return [link.get_text(strip=True) for link in nav.find_all("a")] if nav else []


def test_a_shop_created_this_month_opens_on_this_month_and_its_report_is_taken(client, scene):
    """Last month is before the shop began: the page opens on the month it may report,
    offers no way back to months it cannot report, and the form it offers is accepted."""
    shop = scene.shop
    shop.applied_on = shop.incubating_on = timezone.localdate()
    shop.save()
    client.force_login(scene.owner)

    html = page(client, shop).content.decode()
    assert f"Sales report for {this_month():%Y-%m}" in html
    assert 'name="taobao-sales"' in html
    assert month_nav(html) == []
    # Asking for an earlier month shows the first one the shop may report, not a form
    # that would be refused.
    html = page(client, shop, LAST_MONTH).content.decode()
    assert f"Sales report for {this_month():%Y-%m}" in html
    assert f'name="month" value="{LAST_MONTH:%Y-%m}"' not in html

    response = post_report(client, shop, month=this_month())
    assert response.status_code == 302
    assert SalesReport.objects.get(shop=shop).month == this_month()


def test_a_shop_whose_only_channel_opened_this_month_opens_on_this_month(client, scene):
    ShopChannel.objects.filter(shop=scene.shop).update(opened_on=timezone.localdate())
    client.force_login(scene.owner)
    html = page(client, scene.shop).content.decode()
    assert f"Sales report for {this_month():%Y-%m}" in html
    assert 'name="taobao-sales"' in html
    assert month_nav(html) == []


def test_a_channel_opened_this_month_offers_no_form_for_last_month(client, scene):
    """The shop's older channel reports last month; the new one says when it starts."""
    ShopChannel.objects.create(shop=scene.shop, channel=Channel.JD, opened_on=this_month())
    client.force_login(scene.owner)
    html = page(client, scene.shop).content.decode()
    assert f"Sales report for {LAST_MONTH:%Y-%m}" in html
    assert 'name="taobao-sales"' in html
    assert 'name="jd-sales"' not in html
    assert f"This channel reports from {this_month():%Y-%m}, the month it opened." in html
    # Not open yet in the month shown: nothing to report, so no "Not reported" badge.
    jd_card = re.search(r'<h3 id="channel-jd">.*?</h3>', html, re.S).group(0)
    taobao_card = re.search(r'<h3 id="channel-taobao">.*?</h3>', html, re.S).group(0)
    assert "badge" not in jd_card
    assert "Not reported" in taobao_card
    assert month_nav(html) == [f"‹ {add_months(LAST_MONTH, -1):%Y-%m}", f"{this_month():%Y-%m} ›"]
    html = page(client, scene.shop, this_month()).content.decode()
    assert 'name="jd-sales"' in html


def test_month_navigation_stops_at_the_shops_first_month(client, scene):
    client.force_login(scene.owner)
    html = page(client, scene.shop, datetime.date(2025, 1, 1)).content.decode()
    assert "Sales report for 2025-01" in html
    assert month_nav(html) == ["2025-02 ›"]


def test_the_chart_counts_approved_and_submitted_sales_but_not_drafts(client, scene):
    shop = scene.shop
    ShopChannel.objects.create(shop=shop, channel=Channel.DOUYIN)
    two_ago = add_months(this_month(), -2)
    SalesReportFactory(shop=shop, month=two_ago, sales=Decimal("1000.00"), status="approved")
    SalesReportFactory(
        shop=shop, month=two_ago, channel=Channel.DOUYIN, sales=Decimal("250.50"), status="approved"
    )
    SalesReportFactory(shop=shop, month=LAST_MONTH, sales=Decimal("400.00"), status="submitted")
    SalesReportFactory(
        shop=shop, month=LAST_MONTH, channel=Channel.DOUYIN, sales=Decimal("99.00"), status="draft"
    )
    client.force_login(scene.owner)
    response = page(client, shop)
    bars = {bar.month: bar for bar in response.context["overview"].chart}
    assert len(bars) == 12 and max(bars) == this_month()
    assert (bars[two_ago].approved, bars[two_ago].awaiting) == (Decimal("1250.50"), 0)
    assert (bars[LAST_MONTH].approved, bars[LAST_MONTH].awaiting) == (0, Decimal("400.00"))
    assert bars[two_ago].approved_height == 120  # the highest month fills the chart
    html = response.content.decode()
    assert f'<th scope="row">{two_ago:%Y-%m}</th><td>1250.50</td>' in html


def test_the_page_takes_as_many_queries_with_much_history_as_with_little(client, scene):
    client.force_login(scene.owner)
    url = reverse("my_shop", args=[scene.shop.pk])

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    few = queries()
    for n in range(1, 13):
        SalesReportFactory(shop=scene.shop, month=add_months(this_month(), -n), status="approved")
        JobFactory(shop=scene.shop, starts_on=datetime.date(2025, 1, n))
    for kind in list(MilestoneKind)[:4]:
        MilestoneFactory(shop=scene.shop, kind=kind)
    ShopFactory.create_batch(5, county=scene.county)
    assert queries() == few


# Filling in the month's report


def test_the_owner_saves_a_draft_then_sends_it_for_approval(client, scene):
    client.force_login(scene.owner)
    response = post_report(client, scene.shop, send=False)
    assert response.status_code == 302
    assert response["Location"].endswith(f"?month={LAST_MONTH:%Y-%m}#report")
    report = SalesReport.objects.get()
    assert (report.status, report.sales, report.orders, report.agricultural_share) == (
        ReportStatus.DRAFT,
        Decimal("12800.50"),
        215,
        90,
    )
    follow = client.get(response["Location"])
    assert "Saved as a draft: Taobao" in follow.content.decode()

    post_report(client, scene.shop, sales="13000")
    report.refresh_from_db()
    assert (report.status, report.sales) == (ReportStatus.SUBMITTED, Decimal("13000.00"))
    assert report.created_by == scene.owner


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"sales": "-5"}, "Enter 0 or more"),
        ({"sales": "一万"}, "Enter a number"),
        ({"orders": "2.5"}, "Orders"),
        ({"agricultural_share": "120"}, "share of agricultural products"),
        ({"month": f"{add_months(this_month(), 1):%Y-%m}"}, "has not begun yet"),
        ({"month": "March"}, "Enter the month as year and month"),
    ],
)
def test_bad_figures_are_refused_on_the_form_and_nothing_is_written(
    client, scene, changes, message
):
    client.force_login(scene.owner)
    response = post_report(client, scene.shop, **changes)
    assert response.status_code == 400
    assert message.lower() in errors_of(response).lower()
    assert not SalesReport.objects.exists()


def test_a_bad_change_leaves_the_draft_as_it_was(client, scene):
    report = SalesReportFactory(shop=scene.shop, sales=Decimal("500.00"))
    client.force_login(scene.owner)
    response = post_report(client, scene.shop, sales="-1")
    assert response.status_code == 400
    report.refresh_from_db()
    assert (report.sales, report.status) == (Decimal("500.00"), ReportStatus.DRAFT)
    # What was typed stays in the form, to correct it.
    assert 'value="-1"' in response.content.decode()


def test_a_locked_month_is_refused_and_its_forms_are_gone(client, scene):
    MonthLockFactory(month=LAST_MONTH)
    client.force_login(scene.owner)
    response = post_report(client, scene.shop)
    assert response.status_code == 400
    assert "is locked" in response.content.decode()
    assert not SalesReport.objects.exists()
    html = page(client, scene.shop).content.decode()
    assert f"{LAST_MONTH:%Y-%m} is locked" in html
    assert 'name="taobao-sales"' not in html


def test_a_channel_the_shop_does_not_sell_on_is_refused(client, scene):
    client.force_login(scene.owner)
    response = post_report(client, scene.shop, channel=Channel.JD)
    assert response.status_code == 400
    assert "does not sell on JD" in response.content.decode()
    assert not SalesReport.objects.exists()


@pytest.mark.parametrize("language", ["zh-hans", "bo"])
def test_a_month_before_the_channel_opened_is_refused_in_the_readers_language(
    client, scene, language
):
    ShopChannel.objects.filter(shop=scene.shop).update(opened_on=this_month())
    client.force_login(scene.owner)
    with translation.override(language):
        url = reverse("my_shop_report", args=[scene.shop.pk])
        expected = before_start_message(scene.shop, Channel.TAOBAO, this_month())
    assert f"{this_month():%Y-%m}" in expected

    response = client.post(url, report_data(month=LAST_MONTH))

    assert response.status_code == 400
    assert expected in errors_of(response)
    assert not SalesReport.objects.exists()


def test_a_month_before_the_shop_applied_is_refused(client, scene):
    scene.shop.applied_on = this_month()
    scene.shop.incubating_on = this_month()
    scene.shop.save()
    client.force_login(scene.owner)

    response = post_report(client, scene.shop, month=LAST_MONTH)

    assert response.status_code == 400
    assert f"the first month allowed is {this_month():%Y-%m}" in errors_of(response)
    assert not SalesReport.objects.exists()


def test_a_report_sent_for_approval_cannot_be_changed_by_the_shop(client, scene):
    report = SalesReportFactory(shop=scene.shop, status=ReportStatus.SUBMITTED, sales=Decimal("9"))
    client.force_login(scene.owner)
    response = post_report(client, scene.shop, sales="10")
    assert response.status_code == 400
    assert "can be changed only while it is a draft or returned" in response.content.decode()
    report.refresh_from_db()
    assert report.sales == Decimal("9.00")


# Jobs


def test_the_owner_adds_a_job_for_a_worker_of_a_poor_household_by_its_number(client, scene):
    household = HouseholdFactory(village__township__county=scene.county)
    HouseholdStatusChange.objects.create(
        household=household, status=HouseholdStatus.LIFTED_OUT, valid_from=datetime.date(2020, 1, 1)
    )
    client.force_login(scene.owner)
    url = reverse("my_shop_job_add", args=[scene.shop.pk])
    response = client.post(url, job_data(household_number=household.registry_number))
    assert response.status_code == 302
    job = Job.objects.get()
    assert (job.worker.name, job.worker.household, job.counts_for_poor_household) == (
        "次仁卓玛",
        household,
        True,
    )
    html = client.get(response["Location"]).content.decode()
    assert "Job added: 次仁卓玛" in html
    assert "poor" not in html.lower()  # the household's status is not the shop's to see


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"worker_name": ""}, "worker"),
        # PostgreSQL keeps no NUL in text: refused with a message, not a server error.
        ({"worker_name": "次仁\x00卓玛"}, "Remove the invisible NUL character"),
        ({"monthly_wage": "-100"}, "Enter 0 or more"),
        ({"starts_on": "yesterday"}, "Enter a date such as"),
        ({"kind": "forever"}, "kind"),
        ({"household_number": "HH-NOT-THERE"}, "No household with registry number HH-NOT-THERE"),
    ],
)
def test_a_bad_job_is_refused_on_the_form_and_nothing_is_written(client, scene, changes, message):
    client.force_login(scene.owner)
    response = client.post(reverse("my_shop_job_add", args=[scene.shop.pk]), job_data(**changes))
    assert response.status_code == 400
    assert message.lower() in errors_of(response).lower()
    assert not Job.objects.exists()
    assert 'class="add" open' in response.content.decode()  # the form stays open


def test_a_household_of_another_county_is_not_found_by_its_number(client, scene):
    elsewhere = HouseholdFactory(village__township__county=scene.other_county)
    client.force_login(scene.owner)
    response = client.post(
        reverse("my_shop_job_add", args=[scene.shop.pk]),
        job_data(household_number=elsewhere.registry_number),
    )
    assert response.status_code == 400
    assert f"No household with registry number {elsewhere.registry_number}" in errors_of(response)
    assert not Job.objects.exists()


def test_a_worker_employed_full_time_elsewhere_at_the_time_is_refused(client, scene):
    number = valid_id_number(77)
    worker = WorkerFactory(name="扎西", id_number=number)
    JobFactory(shop=scene.other_shop, worker=worker, starts_on=datetime.date(2026, 1, 1))
    client.force_login(scene.owner)
    response = client.post(
        reverse("my_shop_job_add", args=[scene.shop.pk]),
        job_data(worker_name="扎西", id_number=number),
    )
    assert response.status_code == 400
    assert "full-time" in errors_of(response).lower()
    assert Job.objects.count() == 1


def test_the_owner_ends_a_job_and_an_end_before_the_start_is_refused(client, scene):
    job = JobFactory(shop=scene.shop, starts_on=datetime.date(2026, 3, 1))
    client.force_login(scene.owner)
    url = reverse("my_shop_job_end", args=[scene.shop.pk, job.pk])
    response = client.post(url, {f"end-{job.pk}-ends_on": "2026-02-01"})
    assert response.status_code == 400
    assert "before the job starts" in errors_of(response)
    job.refresh_from_db()
    assert job.ends_on is None

    response = client.post(url, {f"end-{job.pk}-ends_on": "2026-04-30"})
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.ends_on == datetime.date(2026, 4, 30)


@pytest.mark.parametrize("language", ["zh-hans", "bo"])
def test_a_job_not_begun_yet_is_refused_in_the_readers_language(client, scene, language):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    client.force_login(scene.owner)
    with translation.override(language):
        url = reverse("my_shop_job_add", args=[scene.shop.pk])
        expected = _("%(day)s has not come yet: record the job on the day it starts.") % {
            "day": tomorrow
        }

    response = client.post(url, job_data(starts_on=f"{tomorrow}"))

    assert response.status_code == 400
    assert expected in errors_of(response)
    assert "has not come yet" not in errors_of(response) or language == "en"
    assert not Job.objects.exists()


def test_the_owner_corrects_a_planned_last_day(client, scene):
    planned = timezone.localdate() + datetime.timedelta(days=60)
    job = JobFactory(shop=scene.shop, starts_on=datetime.date(2026, 3, 1), ends_on=planned)
    client.force_login(scene.owner)
    html = page(client, scene.shop).content.decode()
    assert "Change the last day" in html
    url = reverse("my_shop_job_end", args=[scene.shop.pk, job.pk])

    earlier = planned - datetime.timedelta(days=30)

    response = client.post(url, {f"end-{job.pk}-ends_on": f"{earlier}"})

    assert response.status_code == 302
    job.refresh_from_db()
    assert job.ends_on == earlier


# Milestones


def milestone_post(client, shop, evidence, kind=MilestoneKind.FIRST_LISTING):
    data = {"milestone-kind": kind, "milestone-achieved_on": "2026-01-05"}
    if evidence is not None:
        data["milestone-evidence"] = evidence
    return client.post(reverse("my_shop_milestone_add", args=[shop.pk]), data)


def test_the_owner_records_a_milestone_with_a_screenshot(client, scene):
    client.force_login(scene.owner)
    screenshot = SimpleUploadedFile("shop.png", png_bytes(), content_type="image/png")
    response = milestone_post(client, scene.shop, screenshot)
    assert response.status_code == 302
    milestone = Milestone.objects.get()
    assert (milestone.kind, milestone.recorded_by) == (MilestoneKind.FIRST_LISTING, scene.owner)
    assert milestone.evidence.name.endswith(".png")


@pytest.mark.parametrize(
    ("evidence", "message"),
    [
        (None, "Add a screenshot"),
        (SimpleUploadedFile("shop.png", b"not a picture", content_type="image/png"), "image"),
    ],
)
def test_evidence_that_is_not_an_image_is_refused(client, scene, evidence, message):
    client.force_login(scene.owner)
    response = milestone_post(client, scene.shop, evidence)
    assert response.status_code == 400
    assert message.lower() in errors_of(response).lower()
    assert not Milestone.objects.exists()


def section_text(html: str, section: str) -> str:
    return BeautifulSoup(html, "html.parser").find("section", id=section).get_text(" ")


def test_each_message_shows_in_the_section_the_redirect_lands_on(client, scene):
    """Where the #anchor takes the reader on a phone, not at the top, out of sight."""
    client.force_login(scene.owner)
    screenshot = SimpleUploadedFile("shop.png", png_bytes(), content_type="image/png")
    sends = [
        (lambda: post_report(client, scene.shop, send=False), "report", "Saved as a draft"),
        (
            lambda: client.post(reverse("my_shop_job_add", args=[scene.shop.pk]), job_data()),
            "jobs",
            "Job added: 次仁卓玛",
        ),
        (lambda: milestone_post(client, scene.shop, screenshot), "milestones", "recorded"),
    ]

    for send, section, message in sends:
        response = send()
        assert response["Location"].endswith(f"#{section}")
        html = client.get(response["Location"]).content.decode()
        assert message in section_text(html, section)
        assert html.count(message) == 1  # not at the top of the page as well


@pytest.mark.parametrize("language", ["zh-hans", "bo"])
def test_a_file_that_is_not_an_image_is_refused_in_the_readers_language(client, scene, language):
    """Not Django's or Wagtail's message, which Tibetan readers got in Chinese."""
    client.force_login(scene.owner)
    broken = SimpleUploadedFile("shop.png", b"not a picture", content_type="image/png")
    with translation.override(language):
        url = reverse("my_shop_milestone_add", args=[scene.shop.pk])
        expected = str(NOT_AN_IMAGE_MESSAGE)
    data = {"milestone-kind": MilestoneKind.FIRST_LISTING, "milestone-achieved_on": "2026-01-05"}

    response = client.post(url, {**data, "milestone-evidence": broken})

    assert response.status_code == 400
    assert expected in errors_of(response)
    assert "图片" not in errors_of(response) or language == "zh-hans"
    assert not Milestone.objects.exists()


def test_a_milestone_already_reached_is_refused(client, scene):
    MilestoneFactory(shop=scene.shop, kind=MilestoneKind.FIRST_LISTING)
    client.force_login(scene.owner)
    screenshot = SimpleUploadedFile("shop.png", png_bytes(), content_type="image/png")
    response = milestone_post(client, scene.shop, screenshot)
    assert response.status_code == 400
    assert "was already recorded" in response.content.decode()
    assert Milestone.objects.count() == 1


def test_the_page_speaks_chinese_and_tibetan(client, scene):
    client.force_login(scene.owner)
    chinese = client.get(f"/shop/{scene.shop.pk}/").content.decode()
    tibetan = client.get(f"/bo/shop/{scene.shop.pk}/").content.decode()
    assert "销售" in chinese
    assert "Sales report for" not in chinese and "Sales report for" not in tibetan


@pytest.mark.parametrize(("language", "prefix"), [("zh-hans", ""), ("bo", "/bo")])
def test_the_form_and_the_sent_report_name_sales_and_orders_with_the_same_words(
    client, scene, language, prefix
):
    """A report being filled in (Taobao) and one sent (JD) side by side: the same words."""
    ShopChannel.objects.create(shop=scene.shop, channel=Channel.JD)
    SalesReportFactory(shop=scene.shop, channel=Channel.JD, status=ReportStatus.SUBMITTED)
    client.force_login(scene.owner)
    soup = BeautifulSoup(
        client.get(f"{prefix}/shop/{scene.shop.pk}/").content.decode(), "html.parser"
    )
    labels = [
        soup.select_one(f'label[for="id_taobao-{name}"]').get_text(strip=True)
        for name in ("sales", "orders")
    ]
    facts = [dt.get_text(strip=True) for dt in soup.select("dl.facts dt")][:2]
    assert labels == facts
    if language == "bo":
        assert labels == ["ཚོང་འབབ། (སྒོར་)", "ཉོ་ཐོའི་གྲངས།"]


def test_the_shops_county_line_has_no_dangling_separator(client, scene):
    client.force_login(scene.owner)
    county = scene.shop.county.display_name

    def county_line():
        soup = BeautifulSoup(page(client, scene.shop).content.decode(), "html.parser")
        return soup.select_one("h1 + p.meta").get_text()

    assert county_line() == f"{county} · Taobao"
    ShopChannel.objects.filter(shop=scene.shop).delete()
    assert county_line() == county  # no channel yet: not "理塘县 ·"
