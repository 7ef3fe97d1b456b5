"""Monthly sales reports and month locks."""

import datetime
from decimal import Decimal

import pytest

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from incubator import audit
from incubator.choices import Channel, ReportStatus
from incubator.factories import MonthLockFactory, SalesReportFactory
from incubator.models import MonthLock, SalesReport
from incubator.sales import (
    month_is_locked,
    month_lock,
    month_unlock,
    sales_report_approve,
    sales_report_create,
    sales_report_return,
    sales_report_submit,
    sales_report_update,
)

pytestmark = pytest.mark.django_db

THIS_MONTH = timezone.localdate().replace(day=1)
LAST_MONTH = (THIS_MONTH - datetime.timedelta(days=1)).replace(day=1)
NEXT_MONTH = (THIS_MONTH + datetime.timedelta(days=31)).replace(day=1)


def create(scene, by=None, **overrides):
    values = {
        "shop": scene.shop,
        "channel": Channel.TAOBAO,
        "month": LAST_MONTH,
        "sales": "12800.50",
        "orders": "96",
        "agricultural_share": "80",
    }
    return sales_report_create(by=by or scene.owner, **(values | overrides))


def submitted(scene, **overrides) -> SalesReport:
    return SalesReportFactory(shop=scene.shop, status=ReportStatus.SUBMITTED, **overrides)


def unchanged(report: SalesReport) -> bool:
    before = {field: getattr(report, field) for field in ("sales", "orders", "status")}
    report.refresh_from_db()
    return before == {field: getattr(report, field) for field in ("sales", "orders", "status")}


# Creating


@pytest.mark.parametrize("who", ["owner", "coordinator", "manager"])
def test_a_shop_reports_a_months_sales_as_a_draft(scene, who):
    report = create(scene, by=scene.user(who))

    report.refresh_from_db()
    assert (report.shop, report.channel, report.month) == (scene.shop, "taobao", LAST_MONTH)
    assert (report.sales, report.orders, report.agricultural_share) == (Decimal("12800.50"), 96, 80)
    assert report.status == ReportStatus.DRAFT
    [entry] = audit.history(report)
    assert (entry.action, entry.user) == (audit.REPORT_CREATE, scene.user(who))
    assert entry.data["changes"] == {
        "sales": [None, "12800.50"],
        "orders": [None, "96"],
        "agricultural_share": [None, "80"],
    }


def test_this_month_may_be_reported_and_any_day_stands_for_its_month(scene):
    report = create(scene, month=timezone.localdate())

    assert report.month == THIS_MONTH


@pytest.mark.parametrize(
    "who", ["other_owner", "trainee", "other_coordinator", "instructor", "anonymous"]
)
def test_only_owners_and_those_who_run_the_county_report_sales(scene, who):
    with pytest.raises(PermissionDenied, match="report its sales"):
        create(scene, by=scene.user(who))

    assert not SalesReport.objects.exists()


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("sales", "-1", "Sales (yuan): Enter 0 or more: an amount cannot be negative."),
        ("sales", "一万", "Sales (yuan): Enter a number, such as 1234.50."),
        ("sales", "", "Sales (yuan): Enter a number, such as 1234.50."),
        ("orders", "-3", "Orders: Enter 0 or more: a count cannot be negative."),
        ("orders", "many", "Orders: Enter a number, such as 25."),
        (
            "agricultural_share",
            "120",
            "Share of agricultural products (%): "
            "Enter a whole percentage from 0 to 100, such as 35.",
        ),
        (
            "month",
            NEXT_MONTH,
            f"Month: {NEXT_MONTH:%Y-%m} has not begun yet: report a month once it has started.",
        ),
        ("month", "last month", "Month: Enter the month as year and month, such as 2026-03."),
    ],
)
def test_bad_figures_are_refused_naming_the_field_and_nothing_is_written(
    scene, field, typed, message
):
    with pytest.raises(ValidationError) as error:
        create(scene, **{field: typed})

    assert error.value.message_dict == {field: [message]}
    assert not SalesReport.objects.exists()
    assert not audit.history(scene.shop).exists()


def test_every_bad_figure_is_named_at_once(scene):
    with pytest.raises(ValidationError) as error:
        create(scene, sales="abc", orders="-1", agricultural_share="x", channel="ebay")

    assert sorted(error.value.message_dict) == ["agricultural_share", "channel", "orders", "sales"]
    assert not SalesReport.objects.exists()


def test_a_second_report_for_the_same_shop_channel_and_month_is_refused(scene):
    first = create(scene)

    with pytest.raises(ValidationError) as error:
        create(scene, sales="1", month=LAST_MONTH + datetime.timedelta(days=9))

    assert error.value.message_dict == {
        "month": [
            f"高原松茸小店 already has a report for Taobao in {LAST_MONTH:%Y-%m}: "
            "open it and change it instead of adding another."
        ]
    }
    assert list(SalesReport.objects.all()) == [first]
    assert unchanged(first)


def test_the_same_month_on_another_channel_is_another_report(scene):
    scene.shop.channels.create(channel=Channel.DOUYIN)
    create(scene)

    create(scene, channel=Channel.DOUYIN)

    assert SalesReport.objects.filter(shop=scene.shop, month=LAST_MONTH).count() == 2


def test_a_channel_the_shop_does_not_sell_on_is_refused(scene):
    with pytest.raises(ValidationError) as error:
        create(scene, channel=Channel.JD)

    assert error.value.message_dict == {
        "channel": ["高原松茸小店 does not sell on JD: add the channel to the shop first."]
    }
    assert not SalesReport.objects.exists()


@pytest.mark.parametrize(
    ("opened_on", "month", "first"),
    [
        (None, "2024-12", "2025-01"),  # the shop applied on 2025-01-06
        (datetime.date(2025, 3, 15), "2025-02", "2025-03"),  # its Taobao shop opened later
    ],
)
def test_a_month_before_the_shop_or_the_channel_began_is_refused(scene, opened_on, month, first):
    scene.shop.channels.update(opened_on=opened_on)

    with pytest.raises(ValidationError) as error:
        create(scene, month=month)

    assert error.value.message_dict == {
        "month": [
            f"高原松茸小店 has no Taobao sales to report before {first}: the first month allowed "
            f"is {first} (when the shop applied, or the channel opened if later)."
        ]
    }
    assert not SalesReport.objects.exists()
    assert create(scene, month=first).month == datetime.date.fromisoformat(f"{first}-01")


def test_a_report_for_a_locked_month_is_refused(scene):
    MonthLockFactory(month=LAST_MONTH)

    with pytest.raises(ValidationError) as error:
        create(scene)

    assert error.value.message_dict == {
        "month": [
            f"{LAST_MONTH:%Y-%m} is locked: its sales reports cannot change until a programme "
            "manager unlocks it."
        ]
    }
    assert not SalesReport.objects.exists()


# Changing and submitting


def test_a_draft_is_changed_and_the_change_is_kept(scene):
    report = create(scene)

    sales_report_update(
        report=report, sales="13000", orders=96, agricultural_share=75, by=scene.owner
    )

    report.refresh_from_db()
    assert (report.sales, report.agricultural_share) == (Decimal("13000.00"), 75)
    entry = audit.history(report).first()
    assert entry.action == audit.REPORT_UPDATE
    assert entry.data["changes"] == {
        "sales": ["12800.50", "13000.00"],
        "agricultural_share": ["80", "75"],
    }
    assert entry.message == (
        "Sales report changed: sales (yuan): 12800.50 → 13000.00; "
        "share of agricultural products (%): 80 → 75"
    )


def test_saving_the_same_figures_changes_nothing_and_logs_nothing(scene):
    report = create(scene)

    sales_report_update(
        report=report, sales="12800.5", orders="96", agricultural_share="80", by=scene.owner
    )

    assert audit.history(report).count() == 1


@pytest.mark.parametrize("status", [ReportStatus.SUBMITTED, ReportStatus.APPROVED])
def test_a_submitted_or_approved_report_is_not_changed(scene, status):
    report = SalesReportFactory(shop=scene.shop, status=status)

    with pytest.raises(ValidationError, match="can be changed only while it is a draft"):
        sales_report_update(
            report=report, sales="1", orders=1, agricultural_share=1, by=scene.coordinator
        )

    assert unchanged(report)


def test_bad_figures_leave_a_draft_as_it_was(scene):
    report = create(scene)

    with pytest.raises(ValidationError) as error:
        sales_report_update(
            report=report, sales="-5", orders=96, agricultural_share=80, by=scene.owner
        )

    assert list(error.value.message_dict) == ["sales"]
    assert unchanged(report)
    assert audit.history(report).count() == 1


def test_a_report_in_a_locked_month_is_not_changed_or_submitted(scene):
    report = create(scene)
    MonthLockFactory(month=LAST_MONTH)

    with pytest.raises(ValidationError, match="is locked"):
        sales_report_update(
            report=report, sales="1", orders=1, agricultural_share=1, by=scene.owner
        )
    with pytest.raises(ValidationError, match="is locked"):
        sales_report_submit(report=report, by=scene.owner)

    assert unchanged(report)


def test_a_draft_is_submitted_once(scene):
    report = create(scene)

    sales_report_submit(report=report, by=scene.owner)

    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert report.submitted_at is not None
    with pytest.raises(ValidationError, match="This report is already submitted"):
        sales_report_submit(report=report, by=scene.owner)


def test_another_shops_owner_cannot_submit(scene):
    report = create(scene)

    with pytest.raises(PermissionDenied):
        sales_report_submit(report=report, by=scene.other_owner)

    assert unchanged(report)


# Deciding


@pytest.mark.parametrize("who", ["coordinator", "manager"])
def test_a_submitted_report_is_approved_by_whoever_runs_the_county(scene, who):
    report = submitted(scene)

    sales_report_approve(report=report, by=scene.user(who))

    report.refresh_from_db()
    assert (report.status, report.decided_by) == (ReportStatus.APPROVED, scene.user(who))
    entry = audit.history(report).first()
    assert entry.action == audit.REPORT_APPROVE
    assert entry.message == "Sales report approved: status: Submitted → Approved"


@pytest.mark.parametrize("who", ["owner", "other_coordinator", "trainee", "instructor"])
def test_nobody_else_approves_or_returns(scene, who):
    report = submitted(scene)

    with pytest.raises(PermissionDenied, match="approve or return reports"):
        sales_report_approve(report=report, by=scene.user(who))
    with pytest.raises(PermissionDenied, match="approve or return reports"):
        sales_report_return(report=report, by=scene.user(who), reason="数字不对")

    assert unchanged(report)


def test_a_returned_report_is_corrected_resubmitted_and_approved(scene):
    report = create(scene)
    sales_report_submit(report=report, by=scene.owner)

    sales_report_return(report=report, by=scene.coordinator, reason=" 订单数与截图不符 ")
    report.refresh_from_db()
    assert (report.status, report.return_reason) == (ReportStatus.RETURNED, "订单数与截图不符")

    sales_report_update(
        report=report, sales="12800.50", orders=90, agricultural_share=80, by=scene.owner
    )
    sales_report_submit(report=report, by=scene.owner)
    sales_report_approve(report=report, by=scene.manager)

    report.refresh_from_db()
    assert (report.status, report.orders, report.return_reason) == (ReportStatus.APPROVED, 90, "")
    history = list(audit.history(report).order_by("timestamp", "pk"))
    assert [(entry.action, entry.user) for entry in history] == [
        (audit.REPORT_CREATE, scene.owner),
        (audit.REPORT_SUBMIT, scene.owner),
        (audit.REPORT_RETURN, scene.coordinator),
        (audit.REPORT_UPDATE, scene.owner),
        (audit.REPORT_SUBMIT, scene.owner),
        (audit.REPORT_APPROVE, scene.manager),
    ]
    assert history[2].comment == "订单数与截图不符"
    assert history[2].message == (
        "Sales report returned: status: Submitted → Returned (reason: 订单数与截图不符)"
    )


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_returning_needs_a_reason(scene, reason):
    report = submitted(scene)

    with pytest.raises(ValidationError) as error:
        sales_report_return(report=report, by=scene.coordinator, reason=reason)

    assert error.value.message_dict == {
        "reason": ["Reason for returning: say what the shop should correct."]
    }
    assert unchanged(report)


def test_a_draft_is_not_decided(scene):
    report = create(scene)

    with pytest.raises(ValidationError, match="still a draft"):
        sales_report_approve(report=report, by=scene.manager)

    assert unchanged(report)


def test_an_approved_report_is_not_approved_again_or_returned(scene):
    report = submitted(scene)
    sales_report_approve(report=report, by=scene.coordinator)

    with pytest.raises(ValidationError) as error:
        sales_report_return(report=report, by=scene.manager, reason="重新核对")

    assert error.value.messages[0].startswith(
        f"This report was already approved by {scene.coordinator.get_full_name()} at "
    )
    with pytest.raises(ValidationError, match="already approved"):
        sales_report_approve(report=report, by=scene.manager)
    report.refresh_from_db()
    assert (report.status, report.decided_by) == (ReportStatus.APPROVED, scene.coordinator)


def test_a_report_in_a_locked_month_is_not_decided(scene):
    report = submitted(scene, month=LAST_MONTH)
    MonthLockFactory(month=LAST_MONTH)

    with pytest.raises(ValidationError, match="is locked"):
        sales_report_approve(report=report, by=scene.manager)
    with pytest.raises(ValidationError, match="is locked"):
        sales_report_return(report=report, by=scene.manager, reason="x")

    assert unchanged(report)


# Month locks


def test_a_manager_locks_and_unlocks_a_month_and_both_are_recorded(scene):
    lock = month_lock(month=LAST_MONTH, by=scene.manager)
    assert month_is_locked(LAST_MONTH)

    unlocked = month_unlock(month=f"{LAST_MONTH:%Y-%m}", by=scene.manager, reason="补报832平台数据")

    assert unlocked.pk == lock.pk
    assert not month_is_locked(LAST_MONTH)
    lock.refresh_from_db()
    assert (lock.locked_by, lock.unlocked_by, lock.unlock_reason) == (
        scene.manager,
        scene.manager,
        "补报832平台数据",
    )
    month_lock(month=LAST_MONTH, by=scene.manager)
    assert MonthLock.objects.filter(month=LAST_MONTH).count() == 2
    assert month_is_locked(LAST_MONTH)


def test_unlocking_lets_reports_change_again(scene):
    report = create(scene)
    month_lock(month=LAST_MONTH, by=scene.manager)
    month_unlock(month=LAST_MONTH, by=scene.manager, reason="更正")

    sales_report_submit(report=report, by=scene.owner)

    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


@pytest.mark.parametrize("who", ["coordinator", "owner", "instructor", "anonymous"])
def test_only_programme_managers_lock_and_unlock(scene, who):
    with pytest.raises(PermissionDenied, match="Only programme managers"):
        month_lock(month=LAST_MONTH, by=scene.user(who))
    MonthLockFactory(month=LAST_MONTH)
    with pytest.raises(PermissionDenied, match="Only programme managers"):
        month_unlock(month=LAST_MONTH, by=scene.user(who), reason="x")

    assert MonthLock.objects.get().is_active


def test_a_month_is_locked_once(scene):
    month_lock(month=LAST_MONTH, by=scene.manager)

    with pytest.raises(ValidationError) as error:
        month_lock(month=LAST_MONTH, by=scene.manager)

    assert error.value.message_dict == {"month": [f"{LAST_MONTH:%Y-%m} is already locked."]}
    assert MonthLock.objects.count() == 1


def test_a_future_month_is_not_locked(scene):
    with pytest.raises(ValidationError, match="has not begun yet"):
        month_lock(month=NEXT_MONTH, by=scene.manager)

    assert not MonthLock.objects.exists()


def test_unlocking_needs_a_reason_and_a_locked_month(scene):
    with pytest.raises(ValidationError) as error:
        month_unlock(month=LAST_MONTH, by=scene.manager, reason="x")
    assert error.value.message_dict == {"month": [f"{LAST_MONTH:%Y-%m} is not locked."]}

    MonthLockFactory(month=LAST_MONTH)
    with pytest.raises(ValidationError) as error:
        month_unlock(month=LAST_MONTH, by=scene.manager, reason=" ")
    assert error.value.message_dict == {
        "reason": ["Reason for unlocking: say why the month must change."]
    }
    assert MonthLock.objects.get().is_active
