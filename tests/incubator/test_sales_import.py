"""The sales import's rules: what a clean file writes, and every bad row and column named
with nothing written."""

import datetime
from decimal import Decimal

import pytest

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import ModelLogEntry

from incubator import audit
from incubator.choices import Channel, ReportStatus
from incubator.factories import MonthLockFactory, SalesReportFactory, ShopFactory
from incubator.models import SalesReport, ShopChannel
from incubator.sales import sales_report_approve
from incubator.sales_import import sales_apply, sales_check
from machinery.imports.decoding import text_decode
from machinery.imports.errors import ImportFileError, ImportInvalid

from .sales_files import LAST_MONTH, NEXT_MONTH, THIS_MONTH, sales_row, sales_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop(scene):
    """County A's shop, selling on Taobao and Douyin."""
    ShopChannel.objects.create(shop=scene.shop, channel=Channel.DOUYIN)
    return scene.shop


def snapshot() -> list[tuple]:
    return [
        *SalesReport.objects.order_by("pk").values_list(
            "shop", "channel", "month", "sales", "orders", "agricultural_share", "status"
        ),
        ModelLogEntry.objects.count(),
    ]


def errors_of(text: str, by) -> list[tuple[int, str, str]]:
    """The check's errors; and applying the file raises them and writes nothing."""
    before = snapshot()
    check = sales_check(text=text, by=by)
    with pytest.raises(ImportInvalid):
        sales_apply(text=text, by=by)
    assert snapshot() == before
    return [(error.row, error.column, error.message) for error in check.errors]


def test_a_clean_file_says_what_it_creates_and_creates_submitted_reports(scene, shop):
    text = sales_text(
        [
            sales_row(shop, "淘宝", sales="12800.50", orders="96", share="80"),
            sales_row(shop, "抖音", sales="3,000", orders="20", share="100%"),
        ]
    )

    check = sales_check(text=text, by=scene.coordinator)
    sales_apply(text=text, by=scene.coordinator, file="2026-03.csv")

    assert check.errors == []
    summary = check.summary()
    assert {key: summary[key] for key in ("rows", "created", "updated", "unchanged")} == {
        "rows": 2,
        "created": 2,
        "updated": 0,
        "unchanged": 0,
    }
    assert summary["months"] == [f"{LAST_MONTH:%Y-%m}"]
    assert summary["by_channel"] == [
        {"channel": "Taobao", "reports": 1, "sales": "12,800.50"},
        {"channel": "Douyin", "reports": 1, "sales": "3,000.00"},
    ]
    assert summary["total_sales"] == "15,800.50"
    taobao = SalesReport.objects.get(shop=shop, channel=Channel.TAOBAO)
    assert (taobao.month, taobao.sales, taobao.orders, taobao.agricultural_share) == (
        LAST_MONTH,
        Decimal("12800.50"),
        96,
        80,
    )
    assert (taobao.status, taobao.created_by) == (ReportStatus.SUBMITTED, scene.coordinator)
    assert taobao.submitted_at is not None
    [entry] = audit.history(taobao)
    assert (entry.action, entry.user) == (audit.REPORT_CREATE, scene.coordinator)
    assert entry.data == {
        "changes": {
            "sales": [None, "12800.50"],
            "orders": [None, "96"],
            "agricultural_share": [None, "80"],
            "status": [None, "submitted"],
        },
        "file": "2026-03.csv",
    }
    assert entry.label == str(taobao)


def test_a_submitted_import_is_approved_like_any_report(scene, shop):
    sales_apply(text=sales_text([sales_row(shop)]), by=scene.coordinator)
    report = SalesReport.objects.get()

    sales_report_approve(report=report, by=scene.manager)

    assert SalesReport.objects.get().status == ReportStatus.APPROVED


def test_a_draft_and_a_returned_report_get_the_files_figures_and_are_submitted(scene, shop):
    draft = SalesReportFactory(shop=shop, channel=Channel.TAOBAO, sales=Decimal("100.00"))
    returned = SalesReportFactory(
        shop=shop,
        channel=Channel.DOUYIN,
        sales=Decimal("200.00"),
        orders=5,
        agricultural_share=50,
        status=ReportStatus.RETURNED,
        return_reason="抖音的订单数不对",
        decided_by=scene.manager,
        decided_at=datetime.datetime(2026, 1, 5, tzinfo=datetime.UTC),
    )
    text = sales_text(
        [
            sales_row(shop, "淘宝", sales="120.00", orders="3", share="90"),
            sales_row(shop, "抖音", sales="200.00", orders="7", share="50"),
        ]
    )

    summary = sales_apply(text=text, by=scene.manager, file="fix.csv").summary()

    assert (summary["created"], summary["updated"]) == (0, 2)
    assert [(u["channel"], u["status"], u["before"], u["after"]) for u in summary["updates"]] == [
        ("Taobao", "Draft", "100.00", "120.00"),
        ("Douyin", "Returned", "200.00", "200.00"),
    ]
    draft.refresh_from_db()
    returned.refresh_from_db()
    assert (draft.sales, draft.orders, draft.status) == (Decimal("120.00"), 3, "submitted")
    assert (returned.orders, returned.status, returned.return_reason) == (7, "submitted", "")
    assert (returned.decided_by, returned.decided_at) == (None, None)
    [entry] = audit.history(returned)
    assert entry.action == audit.REPORT_UPDATE
    assert entry.data["changes"] == {"orders": ["5", "7"], "status": ["returned", "submitted"]}
    assert audit.history(draft).get().data["changes"]["sales"] == ["100.00", "120.00"]


def test_importing_the_same_file_twice_changes_nothing_the_second_time(scene, shop):
    text = sales_text([sales_row(shop, "淘宝"), sales_row(shop, "抖音")])
    sales_apply(text=text, by=scene.coordinator)
    after_first = snapshot()
    updated_at = list(SalesReport.objects.values_list("updated_at", flat=True))

    again = sales_apply(text=text, by=scene.coordinator).summary()

    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 2)
    assert snapshot() == after_first
    assert list(SalesReport.objects.values_list("updated_at", flat=True)) == updated_at


@pytest.mark.parametrize("status", [ReportStatus.SUBMITTED, ReportStatus.APPROVED])
def test_a_decided_or_waiting_report_with_the_same_figures_is_left_alone_even_when_locked(
    scene, shop, status
):
    SalesReportFactory(
        shop=shop, sales=Decimal("12800.50"), orders=96, agricultural_share=80, status=status
    )
    MonthLockFactory(month=LAST_MONTH)
    before = snapshot()

    check = sales_apply(text=sales_text([sales_row(shop)]), by=scene.manager)

    assert check.summary()["unchanged"] == 1
    assert snapshot() == before


# Bad input: the message, and nothing written


@pytest.mark.parametrize(
    ("change", "column", "message"),
    [
        ({"sales": "-5"}, "销售额", "Sales (yuan): Enter 0 or more: an amount cannot be negative."),
        ({"sales": "一万"}, "销售额", "Sales (yuan): Enter a number, such as 1234.50."),
        (
            {"sales": "12.345"},
            "销售额",
            "Sales (yuan): Enter at most two decimal places (yuan and fen).",
        ),
        ({"orders": "-1"}, "订单数", "Orders: Enter 0 or more: a count cannot be negative."),
        ({"orders": "多"}, "订单数", "Orders: Enter a number, such as 25."),
        (
            {"share": "120"},
            "农产品占比",
            "Share of agricultural products (%): "
            "Enter a whole percentage from 0 to 100, such as 35.",
        ),
        (
            {"month": NEXT_MONTH},
            "月份",
            f"Month: {NEXT_MONTH:%Y-%m} has not begun yet: report a month once it has started.",
        ),
        ({"month": "三月"}, "月份", "Month: Enter the month as year and month, such as 2026-03."),
        (
            {"channel": "拼多"},
            "渠道",
            "Channel: Choose a channel from the list: Taobao, Tmall, JD, Pinduoduo, Youzan, "
            "Weidian, Douyin, Kuaishou, 832 platform, WeChat mini-program, Offline.",
        ),
        (
            {"channel": "快手"},
            "渠道",
            "高原松茸小店 does not sell on Kuaishou: add the channel to the shop first.",
        ),
        ({"sales": ""}, "销售额", "This field is required."),
        ({"channel": ""}, "渠道", "This field is required."),
    ],
)
def test_a_bad_value_is_named_by_row_and_column(scene, shop, change, column, message):
    text = sales_text([sales_row(shop, "抖音"), sales_row(shop, **change)])

    assert errors_of(text, scene.coordinator) == [(3, column, message)]


def test_a_month_before_the_shop_applied_or_the_channel_opened_is_refused(scene, shop):
    """The shop applied on 2025-01-06; its Douyin shop opened on 2025-05-20."""
    ShopChannel.objects.filter(shop=shop, channel=Channel.DOUYIN).update(
        opened_on=datetime.date(2025, 5, 20)
    )
    rows = [
        sales_row(shop, "淘宝", month="2024-12"),
        sales_row(shop, "淘宝", month="2025-01"),
        sales_row(shop, "抖音", month="2025-04"),
        sales_row(shop, "抖音", month="2025-05"),
    ]

    errors = errors_of(sales_text(rows), scene.coordinator)

    assert errors == [
        (
            2,
            "月份",
            "高原松茸小店 has no Taobao sales to report before 2025-01: the first month allowed "
            "is 2025-01 (when the shop applied, or the channel opened if later).",
        ),
        (
            4,
            "月份",
            "高原松茸小店 has no Douyin sales to report before 2025-05: the first month allowed "
            "is 2025-05 (when the shop applied, or the channel opened if later).",
        ),
    ]


def test_a_report_for_a_locked_month_is_refused(scene, shop):
    MonthLockFactory(month=LAST_MONTH)
    SalesReportFactory(shop=shop, channel=Channel.DOUYIN)  # a draft: it would change

    rows = [sales_row(shop, "淘宝"), sales_row(shop, "抖音"), sales_row(shop, month=THIS_MONTH)]

    errors = errors_of(sales_text(rows), scene.manager)

    locked = (
        f"{LAST_MONTH:%Y-%m} is locked: its sales reports cannot change until a programme "
        "manager unlocks it."
    )
    assert errors == [(2, "月份", locked), (3, "月份", locked)]


def test_a_month_unlocked_again_may_be_imported(scene, shop):
    lock = MonthLockFactory(month=LAST_MONTH)
    lock.unlocked_at, lock.unlocked_by = lock.locked_at, scene.manager
    lock.save()

    sales_apply(text=sales_text([sales_row(shop)]), by=scene.manager)

    assert SalesReport.objects.count() == 1


def test_the_same_shop_channel_and_month_twice_in_the_file_is_an_error(scene, shop):
    text = sales_text(
        [sales_row(shop, "淘宝"), sales_row(shop, "抖音"), sales_row(shop, "Taobao", sales="1")]
    )

    assert errors_of(text, scene.coordinator) == [
        (4, "", f"高原松茸小店 on Taobao in {LAST_MONTH:%Y-%m} is already on row 2 of the file.")
    ]


def test_a_row_repeated_is_named_even_when_the_first_has_errors_too(scene, shop):
    text = sales_text([sales_row(shop, sales="-1"), sales_row(shop, sales="-2")])

    errors = errors_of(text, scene.coordinator)

    assert [(row, column) for row, column, _message in errors] == [
        (2, "销售额"),
        (3, "销售额"),
        (3, ""),
    ]
    assert errors[2][2].endswith("is already on row 2 of the file.")


@pytest.mark.parametrize(
    ("status", "word"), [(ReportStatus.SUBMITTED, "submitted"), (ReportStatus.APPROVED, "approved")]
)
def test_a_submitted_or_approved_report_with_other_figures_is_an_error(scene, shop, status, word):
    SalesReportFactory(shop=shop, sales=Decimal("500.00"), status=status)

    errors = errors_of(sales_text([sales_row(shop, sales="600")]), scene.coordinator)

    assert errors == [
        (
            2,
            "",
            f"高原松茸小店 already has a report for Taobao in {LAST_MONTH:%Y-%m} that is {word}, "
            "with other figures (500.00 yuan): it can be changed only while it is a draft or "
            "returned.",
        )
    ]


def test_an_unknown_shop_and_a_wrong_name_are_errors(scene, shop):
    text = sales_text(
        [
            ("2026-01", "99999", "无名店", "淘宝", "1", "1", "1"),
            (f"{LAST_MONTH:%Y-%m}", str(shop.pk), "高原松茸店", "淘宝", "1", "1", "1"),
            (f"{LAST_MONTH:%Y-%m}", "十二", shop.name, "淘宝", "1", "1", "1"),
            (f"{LAST_MONTH:%Y-%m}", "9" * 30, shop.name, "淘宝", "1", "1", "1"),
        ]
    )

    assert errors_of(text, scene.manager) == [
        (2, "店铺编号", "There is no shop no. 99999."),
        (
            3,
            "店铺",
            f"Shop no. {shop.pk} is “高原松茸小店”, not “高原松茸店”: "
            "check the number and the name.",
        ),
        (4, "店铺编号", "Enter the shop's number from the Shops listing, such as 12."),
        (5, "店铺编号", "Enter the shop's number from the Shops listing, such as 12."),
    ]


def test_a_coordinator_reads_another_countys_shop_as_no_shop_of_their_county(scene, shop):
    other = scene.other_shop
    unknown = ("2026-01", "99999", "x", "淘宝", 1, 1, 1)
    text = sales_text([sales_row(shop), sales_row(other), unknown])

    errors = errors_of(text, scene.coordinator)

    county = scene.county.name_en  # the message is read in English
    assert errors == [
        (3, "店铺编号", f"There is no shop no. {other.pk} in {county}."),
        (4, "店铺编号", f"There is no shop no. 99999 in {county}."),
    ]
    assert "泸定红樱桃园" not in str(errors)


def test_the_other_countys_coordinator_imports_their_own_shop(scene):
    sales_apply(text=sales_text([sales_row(scene.other_shop)]), by=scene.other_coordinator)

    assert SalesReport.objects.get().shop == scene.other_shop


def test_every_bad_row_and_column_is_named_and_nothing_is_written(scene, shop):
    text = sales_text(
        [
            sales_row(shop, "淘宝"),
            ("2026-13", str(shop.pk), "高原松茸店", "快手", "-1", "1.5", "101"),
            sales_row(shop, "抖音", orders=""),
        ]
    )

    errors = errors_of(text, scene.coordinator)

    assert [(row, column) for row, column, _message in errors] == [
        (3, "月份"),
        (3, "销售额"),
        (3, "订单数"),
        (3, "农产品占比"),
        (3, "店铺"),
        (3, "渠道"),
        (4, "订单数"),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "The file is empty: it needs a header row and one row a shop and channel."),
        ("月份,店铺编号,店铺,渠道,销售额,订单数,农产品占比\r\n", "The file is empty"),
        ("月份,店铺编号,店铺,渠道,销售额\r\n2026-01,1,x,淘宝,1\r\n", "订单数、农产品占比"),
    ],
)
def test_a_file_that_cannot_be_read_says_why(scene, text, message):
    with pytest.raises(ImportFileError, match=message):
        sales_check(text=text, by=scene.manager)


@pytest.mark.parametrize("role", ["owner", "trainee", "instructor", "anonymous"])
def test_only_whoever_runs_a_county_imports(scene, shop, role):
    with pytest.raises(PermissionDenied):
        sales_apply(text=sales_text([sales_row(shop)]), by=scene.user(role))
    assert not SalesReport.objects.exists()


# Reading


def test_a_gbk_file_with_english_headers_and_channel_names_in_any_language(scene, shop):
    ShopChannel.objects.create(shop=shop, channel=Channel.PLATFORM_832)
    ShopChannel.objects.create(shop=shop, channel=Channel.WECHAT)
    header = ("Shop name", "agricultural share", "MONTH", "Channel", "Sales", "orders", "shop id")
    rows = [
        (shop.name, "80", "2026年1月", channel, "￥1,234.5", "9", str(shop.pk))
        for channel in ("832平台", "Douyin", "ཐའོ་པའོ།", "wechat")
    ]
    text = sales_text(rows, header=header)
    # Tibetan has no GBK form: the Chinese and English rows go through GBK.
    gbk = text_decode(sales_text(rows[:2] + rows[3:], header=header).encode("gbk"))

    check = sales_check(text=text, by=scene.coordinator)
    from_gbk = sales_check(text=gbk, by=scene.coordinator)

    assert check.errors == []
    assert [(row.channel, row.month, row.sales) for row in check.rows] == [
        ("832", datetime.date(2026, 1, 1), Decimal("1234.50")),
        ("douyin", datetime.date(2026, 1, 1), Decimal("1234.50")),
        ("taobao", datetime.date(2026, 1, 1), Decimal("1234.50")),
        ("wechat", datetime.date(2026, 1, 1), Decimal("1234.50")),
    ]
    assert [row.channel for row in from_gbk.rows] == ["832", "douyin", "wechat"]


def test_a_gbk_file_with_a_bad_row_is_read_and_its_error_named(scene, shop):
    text = text_decode(sales_text([sales_row(shop, sales="负数")]).encode("gbk"))

    assert errors_of(text, scene.coordinator) == [
        (2, "销售额", "Sales (yuan): Enter a number, such as 1234.50.")
    ]


# Speed


def test_checking_takes_as_many_queries_for_60_rows_as_for_6(scene):
    shops = ShopFactory.create_batch(30, county=scene.county, channels=[Channel.TAOBAO, Channel.JD])
    for shop in shops[:3]:
        SalesReportFactory(shop=shop)
    MonthLockFactory(month=datetime.date(2025, 1, 1))

    def queries(count: int, by) -> int:
        rows = [sales_row(shop, channel) for shop in shops[:count] for channel in ("淘宝", "京东")]
        with CaptureQueriesContext(connection) as captured:
            assert sales_check(text=sales_text(rows), by=by).is_valid
        return len(captured)

    for by in (scene.manager, scene.coordinator):
        queries(1, by)  # the user's groups and county, read once a request
        assert queries(3, by) == queries(30, by)


def test_applying_writes_in_bulk(scene):
    shops = ShopFactory.create_batch(30, county=scene.county, channels=[Channel.TAOBAO, Channel.JD])

    def queries(count: int) -> int:
        rows = [sales_row(shop, channel) for shop in shops[:count] for channel in ("淘宝", "京东")]
        SalesReport.objects.all().delete()
        with CaptureQueriesContext(connection) as captured:
            sales_apply(text=sales_text(rows), by=scene.manager)
        return len(captured)

    queries(1)  # the user's groups, read once a request
    assert queries(3) == queries(30)


def test_a_report_saved_while_the_file_is_applied_stops_it_with_nothing_written(
    scene, shop, monkeypatch
):
    SalesReportFactory(shop=shop, status=ReportStatus.SUBMITTED)
    before = snapshot()
    # As if the report had been saved between the check and the write.
    monkeypatch.setattr("incubator.sales_import._existing_reports", lambda *args, **kwargs: {})

    with pytest.raises(ImportFileError, match="Someone saved a report of this file's shops"):
        sales_apply(text=sales_text([sales_row(shop, "抖音"), sales_row(shop)]), by=scene.manager)

    assert snapshot() == before
