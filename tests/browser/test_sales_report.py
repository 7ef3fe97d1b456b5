"""A shop owner files the month's sales report on a phone; the county's coordinator approves it
in the admin, and the owner sees it approved and counted in the chart."""

import pytest
from playwright.sync_api import expect

from benchmarks.browser import PHONE_CONTEXT, PHONE_WIDTH
from incubator.choices import Channel, ReportStatus
from incubator.factories import ShopFactory
from incubator.models import SalesReport
from incubator.values import add_months, this_month
from tests.browser.conftest import page_width
from trainees import roles
from trainees.factories import DEFAULT_PASSWORD, ProfileFactory, TraineeFactory, UserFactory
from trainees.models import County

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SHOP = "高原松茸小店"


def log_in(page, path: str, username: str, field: str = "login"):
    page.goto(path)
    page.locator(f"input[name={field}]").fill(username)
    page.locator("input[name=password]").fill(DEFAULT_PASSWORD)
    page.locator("main form button[type=submit]").first.click()


def test_an_owner_files_a_report_on_a_phone_and_the_coordinator_approves_it(
    browser, browser_site, phone_page, screenshot
):
    county = County.objects.get(code="513334")
    owner = TraineeFactory(county=county, user=UserFactory(username="dolma"))
    ShopFactory(
        name=SHOP, county=county, owners=[owner], channels=[Channel.TAOBAO, Channel.PLATFORM_832]
    )
    coordinator = UserFactory(username="coordinator", groups=[roles.COUNTY_COORDINATORS])
    ProfileFactory(user=coordinator, county=county)
    month = add_months(this_month(), -1)
    page = phone_page

    log_in(page, "/shop/", "dolma")
    expect(page.get_by_role("heading", level=1)).to_have_text(SHOP)
    expect(page.get_by_role("heading", name=f"{month:%Y-%m} 销售月报")).to_be_visible()
    screenshot(page, "my-shop")
    assert page_width(page) <= PHONE_WIDTH

    taobao = page.locator("article", has=page.get_by_role("heading", name="淘宝"))
    taobao.get_by_label("销售额（元）").fill("-300")
    taobao.get_by_label("订单数").fill("215")
    taobao.get_by_label("农产品占比（%）").fill("90")
    taobao.get_by_role("button", name="提交审核").click()
    taobao = page.locator("article", has=page.get_by_role("heading", name="淘宝"))
    expect(taobao.get_by_role("alert")).to_contain_text("不能为负数")
    screenshot(page, "refused")
    assert not SalesReport.objects.exists()

    taobao.get_by_label("销售额（元）").fill("12,800.50")
    taobao.get_by_role("button", name="提交审核").click()
    expect(page.get_by_text(f"已提交审核：淘宝，{month:%Y-%m}。")).to_be_visible()
    expect(taobao.locator(".badge")).to_have_text("已提交")
    screenshot(page, "sent")
    report = SalesReport.objects.get()
    assert (report.status, str(report.sales)) == (ReportStatus.SUBMITTED, "12800.50")

    # The coordinator, on another phone, approves it in the admin.
    admin = browser.new_context(**PHONE_CONTEXT, base_url=browser_site).new_page()
    log_in(admin, "/admin/login/", "coordinator", field="username")
    admin.goto("/admin/salesreport/?status=submitted")
    expect(admin.get_by_role("link", name=SHOP)).to_be_visible()
    screenshot(admin, "admin-queue")
    admin.goto(f"/admin/salesreport/decide/{report.pk}/")
    admin.get_by_label("通过", exact=True).check()
    admin.get_by_role("button", name="审核").click()
    expect(admin.get_by_text("已通过：")).to_be_visible()
    screenshot(admin, "admin-approved")
    admin.context.close()
    report.refresh_from_db()
    assert (report.status, report.decided_by) == (ReportStatus.APPROVED, coordinator)

    page.reload()
    taobao = page.locator("article", has=page.get_by_role("heading", name="淘宝"))
    expect(taobao.locator(".badge")).to_have_text("已通过")
    expect(taobao).to_contain_text("12800.50")
    page.get_by_text("以表格查看数据").click()
    expect(page.get_by_role("row", name=f"{month:%Y-%m}")).to_contain_text("12800.50")
    assert page.locator(".sales-chart rect.approved").nth(10).bounding_box()["height"] > 50
    screenshot(page, "approved")
