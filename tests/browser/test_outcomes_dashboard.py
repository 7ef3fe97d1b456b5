"""A programme manager reads the outcomes dashboard on a phone and on a desktop screen."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_sales_import import fits_the_phone, whole_page
from tests.outcomes.world import build
from trainees import roles
from trainees.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_manager_reads_the_figures_and_their_tables(
    browser, browser_site, phone_page, screenshot
):
    world = build()
    UserFactory(username="manager", groups=[roles.PROGRAMME_MANAGERS])
    page = phone_page
    page.goto("/admin/login/")
    page.locator("input[name=username]").fill("manager")
    page.locator("input[name=password]").fill(DEFAULT_PASSWORD)
    page.locator("form button[type=submit]").first.click()

    page.goto("/admin/outcomes/?period=2025")
    expect(page.get_by_role("heading", name="成效")).to_be_visible()
    expect(page.locator(".outcomes-cards")).to_contain_text("4500.00")
    counties = page.get_by_role("region", name="各县对比")
    expect(counties.get_by_role("row", name=world.county_b.name)).to_contain_text("2700.00")
    funnel = page.get_by_role("region", name="从培训到增收（按县）")
    county_b_row = funnel.get_by_role("row", name=world.county_b.name)
    expect(county_b_row.get_by_role("cell")).to_have_text(["1", "1", "1", "1", "0"])
    assert page.locator(".outcomes svg").count() >= 3
    whole_page(screenshot, page, "phone")
    assert fits_the_phone(page)  # wide tables scroll inside their own box

    page.locator("select[name=channel]").select_option("douyin")
    page.get_by_label("时间段").fill("2025-12-01..2025-01-01")
    page.get_by_role("button", name="查看").click()
    # The message stands by the period field; the filters stay as chosen.
    expect(page.locator("#period-error")).to_contain_text("早于开始日期")
    expect(page.get_by_label("时间段")).to_have_value("2025-12-01..2025-01-01")
    expect(page.locator("select[name=channel]")).to_have_value("douyin")
    screenshot(page, "bad-period")

    # Publishing asks first, showing what will be published; then it is withdrawn.
    page.goto(f"/admin/outcomes/?period=2025&area={world.county_a.code}&channel=taobao")
    page.get_by_role("button", name="发布这些数据…").click()
    expect(page.get_by_role("heading", name="发布这些数据？")).to_be_visible()
    expect(page.locator(".outcomes-snapshot")).to_contain_text("渠道: 淘宝")
    whole_page(screenshot, page, "confirm-publish")
    assert fits_the_phone(page)
    page.get_by_role("button", name="确认发布这些数据").click()
    expect(page.get_by_role("heading", name="历史")).to_be_visible()
    page.get_by_role("link", name="撤回这些数据…").click()
    page.get_by_role("button", name="撤回这些数据").click()  # no reason: the browser asks
    page.get_by_label("原因（必填）").fill("渠道选错了")
    page.get_by_role("button", name="撤回这些数据").click()
    expect(page.locator(".help-critical")).to_contain_text("渠道选错了")
    whole_page(screenshot, page, "withdrawn")
    assert fits_the_phone(page)

    desktop = browser.new_context(viewport={"width": 1366, "height": 900}, base_url=browser_site)
    desktop.add_cookies(page.context.cookies())
    wide = desktop.new_page()
    wide.goto(f"/admin/outcomes/?period=2025&area={world.county_a.code}")
    expect(wide.locator(".outcomes-cards")).to_contain_text("1800.00")
    height = wide.evaluate("document.querySelector('main').scrollHeight")
    wide.set_viewport_size({"width": 1366, "height": height})
    screenshot(wide, "desktop-county")
    desktop.close()
