"""A county coordinator imports a month's sales from a GBK CSV file in the admin, on a phone:
a file with errors is refused row by row, the corrected one previewed, confirmed and listed."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from benchmarks.browser import PHONE_HEIGHT, PHONE_WIDTH
from incubator.choices import Channel, ReportStatus
from incubator.factories import SalesReportFactory, ShopFactory
from incubator.models import SalesReport
from tests.browser.conftest import page_width
from tests.incubator.sales_files import LAST_MONTH, sales_row, sales_text
from tests.trainees.people import person
from trainees import roles
from trainees.factories import DEFAULT_PASSWORD
from trainees.models import County

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def fits_the_phone(page) -> bool:
    """Nothing scrolls sideways, nor is cut off by the admin's <main> (which hides what overflows
    it, so the document itself never grows wider)."""
    main_width = page.evaluate("document.querySelector('main').scrollWidth")
    return max(page_width(page), main_width) <= PHONE_WIDTH


def whole_page(screenshot, page, name: str) -> None:
    """The admin scrolls inside <main>: a window as tall as its content shows all of it."""
    height = page.evaluate("document.querySelector('main').scrollHeight")
    page.set_viewport_size({"width": PHONE_WIDTH, "height": max(height, PHONE_HEIGHT)})
    screenshot(page, name)
    page.set_viewport_size({"width": PHONE_WIDTH, "height": PHONE_HEIGHT})


def lines_of(cell) -> int:
    """How many lines a table cell's text takes."""
    return cell.evaluate(
        "td => { const r = document.createRange(); r.selectNodeContents(td);"
        " return r.getClientRects().length; }"
    )


def upload(page, csv_file, rows) -> None:
    """Write `rows` to `csv_file` in GBK, and send it from the import's upload page."""
    csv_file.write_bytes(sales_text(rows).encode("gbk"))
    expect(page.get_by_role("heading", name="导入销售数据")).to_be_visible()
    page.get_by_label("月度销售数据文件（CSV）").set_input_files(str(csv_file))
    page.get_by_role("button", name="检查文件").click()


def test_a_coordinator_imports_a_months_sales_on_a_phone(phone_page, screenshot, tmp_path):
    litang = County.objects.get(code="513334")
    mushrooms = ShopFactory(name="高原松茸小店", county=litang, channels=[Channel.TAOBAO])
    honey = ShopFactory(name="格聂蜂蜜", county=litang, channels=[Channel.TAOBAO, Channel.DOUYIN])
    draft = SalesReportFactory(shop=honey, channel=Channel.TAOBAO, sales=Decimal("500.00"))
    batang = ShopFactory(name="巴塘藏香猪", county=County.objects.get(code="513335"))
    coordinator = person(roles.COUNTY_COORDINATORS, litang)
    csv_file = tmp_path / "上月销售.csv"
    page = phone_page

    page.goto("/admin/login/")
    page.locator("input[name=username]").fill(coordinator.username)
    page.locator("input[name=password]").fill(DEFAULT_PASSWORD)
    page.locator("form button[type=submit]").first.click()
    expect(page.locator("#wagtail-sidebar, [data-wagtail-sidebar]").first).to_be_attached()
    page.goto("/admin/salesreport/")
    screenshot(page, "listing-before")
    page.get_by_role("link", name="导入销售数据（CSV）").click()
    expect(page.get_by_text("仅限理塘县店铺的销售数据。")).to_be_visible()
    whole_page(screenshot, page, "upload")
    assert fits_the_phone(page)

    # The checks run as the pages ask for them: the test settings' tasks run at once.
    upload(
        page,
        csv_file,
        [
            sales_row(mushrooms, sales="-300"),
            sales_row(honey, channel="淘宝", sales="8,600.00", orders="41"),
            sales_row(batang),
        ],
    )
    expect(page.get_by_role("heading", name="未导入任何数据：文件有错误")).to_be_visible()
    expect(page.get_by_text("2 处错误。请修改文件后重新上传。")).to_be_visible()
    errors = page.locator("table.roster-errors tbody tr")
    expect(errors).to_have_count(2)
    expect(errors.nth(0).locator("td")).to_have_text(["2", "销售额", re.compile("金额不能为负数")])
    expect(errors.nth(1).locator("td")).to_have_text(
        ["4", "店铺编号", f"理塘县没有编号为 {batang.pk} 的店铺。"]
    )
    expect(page.get_by_text("巴塘藏香猪")).to_have_count(0)
    whole_page(screenshot, page, "errors")
    assert fits_the_phone(page)
    assert list(SalesReport.objects.values_list("pk", "sales")) == [(draft.pk, draft.sales)]

    page.get_by_role("link", name="上传修改后的文件").click()
    upload(
        page,
        csv_file,
        [
            sales_row(mushrooms, sales="12,800.50", orders="96"),
            sales_row(honey, channel="淘宝", sales="8,600.00", orders="41"),
            sales_row(honey, channel="抖音", sales="3,150.00", orders="27"),
        ],
    )
    expect(page.get_by_role("heading", name="文件无误。导入后将：")).to_be_visible()
    expect(page.get_by_text("新建 2 份月报，提交待审核")).to_be_visible()
    expect(page.get_by_text("修改并提交 1 份草稿或被退回的月报")).to_be_visible()
    expect(page.get_by_text("0 份月报保持不变")).to_be_visible()
    expect(page.get_by_role("row", name="合计")).to_contain_text("24,550.50")
    changed = page.locator("table.sales-updates tbody td")
    expect(changed).to_have_text(
        [
            f"格聂蜂蜜 ({honey.pk})",
            "淘宝",
            LAST_MONTH.strftime("%Y-%m"),
            "草稿",
            "500.00",
            "8,600.00",
        ]
    )
    assert [lines_of(cell) for cell in changed.all()[1:]] == [1] * 5
    whole_page(screenshot, page, "preview")
    assert fits_the_phone(page)
    assert SalesReport.objects.count() == 1

    page.get_by_role("button", name="确认导入").click()
    expect(page.get_by_role("heading", name="已导入")).to_be_visible()
    # Said after the import as before it: not "to be changed" once they are.
    expect(page.get_by_role("heading", name="修改的月报", exact=True)).to_be_visible()
    whole_page(screenshot, page, "imported")
    assert fits_the_phone(page)
    imported = SalesReport.objects.filter(month=LAST_MONTH).order_by("shop__name", "channel")
    assert [(r.shop.name, r.channel, str(r.sales), r.status) for r in imported] == [
        ("格聂蜂蜜", Channel.DOUYIN, "3150.00", ReportStatus.SUBMITTED),
        ("格聂蜂蜜", Channel.TAOBAO, "8600.00", ReportStatus.SUBMITTED),
        ("高原松茸小店", Channel.TAOBAO, "12800.50", ReportStatus.SUBMITTED),
    ]

    page.goto("/admin/salesreport/?status=submitted")
    rows = page.locator("table.listing tbody tr")
    expect(rows).to_have_count(3)
    for row in rows.all():
        expect(row).to_contain_text("已提交")
    expect(rows.filter(has_text="高原松茸小店")).to_contain_text("12800.50")
    screenshot(page, "listing-after")
    # Wider than the phone, the listing scrolls in its own box; the status column comes
    # second, on screen without a swipe.
    assert page_width(page) <= PHONE_WIDTH
    results = page.locator("#listing-results")
    assert results.evaluate("box => getComputedStyle(box).overflowX") == "auto"
    box = page.locator("table.listing tbody tr").first.get_by_text("已提交").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE_WIDTH
    screenshot(page, "listing-scrolled")
