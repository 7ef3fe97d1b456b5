"""The coordinator's day on a phone (390x844): the admin's home shows this week's class with
its attendance link and the report waiting; the sales list shows each report's status without
scrolling sideways; the report's page carries its approve and return buttons, and the
cohort's page its links, each whole on the screen (they wrap onto more lines)."""

import datetime

import pytest
from playwright.sync_api import expect

from django.utils import timezone

from benchmarks.browser import PHONE_WIDTH
from incubator.choices import Channel, ReportStatus
from incubator.factories import SalesReportFactory, ShopFactory
from tests.browser.screen_checks import cut_off
from tests.browser.test_sales_report import log_in
from trainees import roles
from trainees.factories import CohortFactory, ProfileFactory, UserFactory
from trainees.models import CohortSession, County

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_coordinators_home_and_sales_list_on_a_phone(phone_page, screenshot):
    county = County.objects.get(code="513334")
    cohort = CohortFactory(county=county, name="直播带货一班")
    session = CohortSession.objects.create(
        cohort=cohort,
        starts_at=timezone.now(),
        ends_at=timezone.now() + datetime.timedelta(hours=2),
        place="理塘县电商公共服务中心",
        check_in_code="browser-home",
    )
    shop = ShopFactory(name="高原松茸小店", county=county, channels=[Channel.TAOBAO])
    report = SalesReportFactory(shop=shop, channel=Channel.TAOBAO, status=ReportStatus.SUBMITTED)
    coordinator = UserFactory(username="coordinator", groups=[roles.COUNTY_COORDINATORS])
    ProfileFactory(user=coordinator, county=county)
    page = phone_page

    log_in(page, "/admin/login/", "coordinator", field="username")
    page.goto("/admin/")
    sessions = page.locator("#home-sessions")
    expect(sessions).to_contain_text("直播带货一班")
    expect(sessions.get_by_role("link", name="考勤（二维码）")).to_have_attribute(
        "href", f"/attendance/sessions/{session.pk}/"
    )
    expect(page.locator("#home-reports")).to_contain_text("高原松茸小店")
    expect(page.locator(".w-dashboard form[role=search]")).to_have_count(0)
    screenshot(page, "home")
    assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE_WIDTH

    page.goto("/admin/salesreport/")
    status = page.locator("#listing-results td", has_text="已提交").first
    expect(status).to_be_visible()
    assert status.bounding_box()["x"] + status.bounding_box()["width"] <= PHONE_WIDTH
    screenshot(page, "sales-list")

    page.goto(f"/admin/salesreport/inspect/{report.pk}/")
    for name in ("通过", "退回网店"):
        expect(page.get_by_role("link", name=name)).to_be_in_viewport(ratio=1)
    assert cut_off(page) == []
    screenshot(page, "report")

    page.goto(f"/admin/cohort/edit/{cohort.pk}/")
    for name in ("线下课次 (1)", "报名 (0)", "导入花名册"):
        expect(page.locator("header").get_by_role("link", name=name)).to_be_in_viewport(ratio=1)
    assert cut_off(page) == []
    screenshot(page, "cohort")
