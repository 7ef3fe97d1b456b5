"""A programme manager's day in the Chinese admin on a 1366x900 screen, on 7 December 2026 at
07:30 in Shanghai (still 6 December in UTC): the dashboard opened from the menu and narrowed to
理塘县, 2026 and Douyin; a bad period refused beside its field with the filters kept; figures
published once confirmed (cancelling publishes nothing), corrected and withdrawn with their
reasons; the history, the public API and the downloads read back as a programme office reads
them. November and December are not due on 7 December: they are not counted late.

The data: one shop of 理塘县 selling on Douyin and Taobao. Douyin: September 500 yuan (approved
late, on 20 October), October 800 (approved on 5 November), November 600 (waiting, approved
during the day). Taobao: October 1000 (approved on 5 November).
"""

import csv
import datetime
import io
import tempfile
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from openpyxl import load_workbook
from playwright.sync_api import expect

from incubator.choices import Channel, ReportStatus
from incubator.factories import SalesReportFactory, ShopFactory
from outcomes.models import Snapshot
from tests.browser.test_sales_report import log_in
from trainees import roles
from trainees.factories import UserFactory
from trainees.models import County

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SHANGHAI = ZoneInfo("Asia/Shanghai")
MORNING = datetime.datetime(2026, 12, 7, 7, 30, tzinfo=SHANGHAI)  # 2026-12-06 23:30 UTC
TODAY = "2026-12-07 07:3"  # a local time of the walk, to the ten minutes
SHOTS = Path(tempfile.gettempdir()) / "managerday"
DESKTOP = {"viewport": {"width": 1366, "height": 900}, "locale": "zh-CN"}


def shanghai(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=SHANGHAI)


@pytest.fixture
def shots():
    """shot(page, "name"): the whole of the admin's <main> as a PNG in /tmp/managerday/, once
    it is checked not to scroll sideways."""
    SHOTS.mkdir(exist_ok=True)
    for old in SHOTS.glob("*.png"):
        old.unlink()
    taken = []

    def shot(page, name: str) -> None:
        # Nothing is cut off at the screen's width, nor scrolls sideways.
        assert page.evaluate("document.scrollingElement.scrollWidth") <= 1366, page.url
        height = page.evaluate("document.querySelector('main')?.scrollHeight || 900")
        page.set_viewport_size({"width": 1366, "height": max(height, 900)})
        taken.append(name)
        page.screenshot(path=str(SHOTS / f"{len(taken):02d}-{name}.png"))
        page.set_viewport_size({"width": 1366, "height": 900})

    return shot


def litang_shop():
    litang = County.objects.get(code="513334")
    shop = ShopFactory(
        name="理塘牦牛肉直播间", county=litang, channels=[Channel.DOUYIN, Channel.TAOBAO]
    )

    def report(channel, month, sales, decided=None, status=ReportStatus.APPROVED):
        return SalesReportFactory(
            shop=shop,
            channel=channel,
            month=month,
            sales=sales,
            agricultural_share=100,
            status=status,
            decided_at=decided,
        )

    report(Channel.DOUYIN, datetime.date(2026, 9, 1), 500, shanghai(datetime.date(2026, 10, 20)))
    report(Channel.DOUYIN, datetime.date(2026, 10, 1), 800, shanghai(datetime.date(2026, 11, 5)))
    report(Channel.TAOBAO, datetime.date(2026, 10, 1), 1000, shanghai(datetime.date(2026, 11, 5)))
    waiting = report(Channel.DOUYIN, datetime.date(2026, 11, 1), 600, status=ReportStatus.SUBMITTED)
    return litang, waiting


def bearer(page, path: str, token: str):
    response = page.request.get(path, headers={"Authorization": f"Bearer {token}"})
    assert response.ok, response.text()
    return response.json()


def test_a_managers_day_publishing_figures_they_can_stand_behind(browser, browser_site, shots):
    with time_machine.travel(MORNING, tick=True):
        litang, waiting = litang_shop()
        UserFactory(
            username="manager",
            first_name="泽仁卓玛",  # a Tibetan name: no family name
            last_name="",
            groups=[roles.PROGRAMME_MANAGERS],
        )
        context = browser.new_context(**DESKTOP, base_url=browser_site, accept_downloads=True)
        page = context.new_page()
        page.set_default_timeout(10_000)
        log_in(page, "/admin/login/", "manager", field="username")

        # The dashboard from the menu, narrowed to a county, a year and a channel.
        page.get_by_role("link", name="成效", exact=True).click()
        expect(page.get_by_role("heading", name="成效")).to_be_visible()
        form = page.locator("form.outcomes-filters")
        form.get_by_label("地区").select_option(label="理塘县")
        form.get_by_label("时间段").fill("2026")
        form.get_by_label("渠道").select_option(label="抖音")
        page.get_by_role("button", name="查看").click()
        cards = page.locator(".outcomes-cards")
        expect(cards).to_contain_text("1300.00")  # Douyin only: September and October
        # September late, October on time; November and December not due yet: 1 of 2.
        expect(cards.locator("li").last).to_contain_text("50.0%")
        trend = page.get_by_role("region", name="按月销售额与填报")
        for month in ("2026-11", "2026-12"):
            expect(trend.get_by_role("row", name=month)).to_contain_text("尚未到期")
        expect(trend.get_by_role("row", name="2026-09")).to_contain_text("0 (0.0%)")
        shots(page, "dashboard-litang-douyin")

        # A bad period: the message beside the field, the other filters kept.
        form.get_by_label("时间段").fill("2026-12-01..2026-01-01")
        page.get_by_role("button", name="查看").click()
        period = form.get_by_label("时间段")
        error = page.locator("#period-error")
        expect(error).to_contain_text("早于开始日期")
        expect(period).to_have_attribute("aria-invalid", "true")
        field, message = period.bounding_box(), error.bounding_box()
        assert 0 <= message["y"] - (field["y"] + field["height"]) < 40  # just below it
        expect(period).to_have_value("2026-12-01..2026-01-01")
        expect(form.get_by_label("地区")).to_have_value(litang.code)
        expect(form.get_by_label("渠道")).to_have_value("douyin")
        shots(page, "bad-period")
        form.get_by_label("时间段").fill("2026")
        page.get_by_role("button", name="查看").click()

        # Publishing asks first; cancelling publishes nothing and keeps the filters.
        page.get_by_role("button", name="发布这些数据…").click()
        expect(page.get_by_role("heading", name="发布这些数据？")).to_be_visible()
        scope = page.locator("main dl.outcomes-snapshot")
        expect(scope).to_contain_text("理塘县")
        expect(scope).to_contain_text("2026")
        expect(scope).to_contain_text("渠道: 抖音")
        shots(page, "confirm-publish")
        page.get_by_role("link", name="不发布，返回看板").click()
        expect(form.get_by_label("渠道")).to_have_value("douyin")
        assert not Snapshot.objects.exists()

        page.get_by_role("button", name="发布这些数据…").click()
        page.get_by_label("备注").fill("报州商务局")
        page.get_by_role("button", name="确认发布这些数据").click()
        expect(page.get_by_text("已发布：理塘县 · 2026 · 抖音。")).to_be_visible()
        douyin = Snapshot.objects.get()

        # The county's figures of every channel, published too.
        page.goto(f"/admin/outcomes/?area={litang.code}&period=2026")
        page.get_by_role("button", name="发布这些数据…").click()
        page.get_by_role("button", name="确认发布这些数据").click()
        expect(page.get_by_text("已发布：理塘县 · 2026。")).to_be_visible()
        every_channel = Snapshot.objects.exclude(pk=douyin.pk).get()

        # The list tells the two apart by their filters.
        page.get_by_role("link", name="成效", exact=True).click()
        page.get_by_role("link", name="已发布数据").click()
        rows = page.locator("main table tbody tr")
        expect(rows).to_have_count(2)
        expect(rows.filter(has_text="渠道: 抖音")).to_contain_text("理塘县")
        expect(rows.filter(has_text="渠道: 抖音")).to_contain_text("2026")
        expect(rows.filter(has_text="渠道: 抖音")).to_contain_text(TODAY)
        expect(rows.filter(has_text="报州商务局")).to_contain_text("渠道: 抖音")
        shots(page, "published-list")

        # The November Douyin report, waiting on the home page, is approved.
        page.goto("/admin/")
        page.locator("#home-reports").get_by_role("link", name="理塘牦牛肉直播间").click()
        page.get_by_role("link", name="通过").click()
        page.get_by_role("button", name="审核").click()
        expect(page.get_by_text("已通过：")).to_be_visible()
        waiting.refresh_from_db()
        assert waiting.status == ReportStatus.APPROVED

        # The Douyin figures corrected, with the reason; the values that change shown first.
        page.goto("/admin/outcomes/published/")
        rows.filter(has_text="渠道: 抖音").get_by_role("link", name="理塘县").click()
        page.get_by_role("link", name="更正这些数据…").click()
        changes = page.get_by_role("table", name="变动内容")
        expect(changes.get_by_role("row", name="网络销售额（元）")).to_contain_text("1300.00")
        expect(changes.get_by_role("row", name="网络销售额（元）")).to_contain_text("1900.00")
        page.get_by_label("原因（必填）").fill("11月抖音月报审核通过")
        shots(page, "correct")
        page.get_by_role("button", name="更正这些数据").click()
        expect(page.get_by_text("已更正：理塘县 · 2026 · 抖音。")).to_be_visible()
        history = page.get_by_role("region", name="历史").locator("tbody tr")
        expect(history).to_have_count(2)
        expect(history.nth(0).get_by_role("cell").nth(1)).to_have_text("已发布")
        expect(history.nth(1)).to_contain_text("已更正")
        expect(history.nth(1)).to_contain_text("11月抖音月报审核通过")
        expect(history.nth(1)).to_contain_text("1300.00 → 1900.00")
        for row in (history.nth(0), history.nth(1)):
            expect(row).to_contain_text(TODAY)
            expect(row).to_contain_text("泽仁卓玛")
        shots(page, "corrected")

        # The figures of every channel withdrawn, with the reason.
        page.goto("/admin/outcomes/published/")
        rows.filter(has_text="无").get_by_role("link", name="理塘县").click()
        page.get_by_role("link", name="撤回这些数据…").click()
        page.get_by_label("原因（必填）").fill("与抖音数据重复报送")
        page.get_by_role("button", name="撤回这些数据").click()
        expect(page.locator("main .help-critical")).to_contain_text("与抖音数据重复报送")
        history = page.get_by_role("region", name="历史").locator("tbody tr")
        expect(history.nth(1)).to_contain_text("已撤回")
        expect(history.nth(1)).to_contain_text(TODAY)
        expect(history.nth(1)).to_contain_text("泽仁卓玛")
        shots(page, "withdrawn")

        # Another system reads the published figures with a token made in the admin.
        page.get_by_role("link", name="成效 API 令牌").click()
        page.get_by_role("link", name="新建令牌").first.click()
        page.get_by_label("系统").fill("州商务局数据平台")
        page.get_by_role("button", name="创建").click()
        token = page.locator("#api-token").input_value()
        listed = bearer(page, "/api/outcomes/published/", token)["published"]
        assert [item["id"] for item in listed] == [douyin.pk]  # the withdrawn one is left out
        assert listed[0]["filters"]["channel"] == "douyin"
        assert listed[0]["corrected"] is True
        assert listed[0]["corrected_at"].startswith("2026-12-07T07:3")
        assert listed[0]["corrected_at"].endswith("+08:00")
        one = bearer(page, f"/api/outcomes/published/{douyin.pk}/", token)
        [correction] = one["history"]
        assert correction["reason"] == "11月抖音月报审核通过"
        sales = [row for row in correction["values"] if row["indicator"] == "online_sales"]
        assert sales == [{"indicator": "online_sales", "before": "1300.00", "after": "1900.00"}]
        gone = bearer(page, f"/api/outcomes/published/{every_channel.pk}/", token)
        assert gone["withdrawn_at"].startswith("2026-12-07T07:3")

        # The published figures' CSV: a BOM, labels, local times, shares as percentages.
        page.goto("/admin/outcomes/published/")
        with page.expect_download() as download:
            page.get_by_role("link", name="下载（CSV）").click()
        raw = Path(download.value.path()).read_bytes()
        assert raw.startswith("\ufeff".encode())
        [row] = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
        assert (row["地区"], row["时间段"], row["渠道"]) == ("理塘县", "2026", "抖音")
        assert row["网络销售额（元）"] == "1900.00"
        assert row["10日前审核通过的月报（%）"] == "50%"
        assert row["发布于"].startswith(TODAY) and row["最近更正"].startswith(TODAY)
        assert row["发布人"] == "泽仁卓玛"

        # The dashboard's export: the annual report of the figures chosen, as a spreadsheet.
        page.goto(f"/admin/outcomes/?area={litang.code}&period=2026&channel=douyin")
        with context.expect_page() as opened:
            page.get_by_role("link", name="2026 年度报告").click()
        report = opened.value
        expect(report.locator(".meta")).to_contain_text("渠道: 抖音")
        shots(report, "annual-report")
        with report.expect_download() as download:
            report.get_by_role("link", name="XLSX").click()
        assert download.value.suggested_filename == f"eagle-{litang.code}-2026-douyin.xlsx"
        workbook = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
        summary = {
            row[0].value: row[1] for row in workbook["汇总"].iter_rows() if row and row[0].value
        }
        assert summary["地区"].value == "理塘县"
        assert summary["筛选条件"].value == "渠道: 抖音"
        made = summary["生成于"]  # a date and time Excel reads, in Shanghai
        assert f"{made.value:%Y-%m-%d %H:%M}".startswith(TODAY)
        assert made.number_format == "yyyy年m月d日 hh:mm"
        assert float(summary["网络销售额（元）"].value) == 1900.0
        share = summary["次月10日前审核通过的月报"]
        assert (share.value, share.number_format) == (0.5, "0%")  # 50 %, not 50 or 0.5 %
        months = {row[0].value: row for row in workbook["按月"].iter_rows(min_row=2)}
        assert (months["2026-09"][3].value, months["2026-09"][4].value) == (0, 0)
        assert (months["2026-10"][3].value, months["2026-10"][4].value) == (1, 1)
        assert (months["2026-11"][3].value, months["2026-11"][4].value) == ("尚未到期", None)
        channels = dict(workbook["按渠道"].iter_rows(min_row=2, values_only=True))
        assert list(channels) == ["抖音"]  # labels, and only the channel chosen
        context.close()
