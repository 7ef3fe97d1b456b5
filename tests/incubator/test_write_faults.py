"""The database failing in the middle of a sales report's write: nothing of it is left.

Each test lets the first writes happen, then fails a later step the way a lost
connection does (OperationalError), and finds the reports, their history and the
sales summaries as they were; the same call made again once the database answers
completes.
"""

import datetime
from pathlib import Path

import pytest

from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError

from wagtail.models import ModelLogEntry

from incubator import audit, sales, sales_import, sales_summary
from incubator.choices import Channel, MilestoneKind, ReportStatus
from incubator.factories import SalesReportFactory, png_bytes
from incubator.models import Milestone, MonthlySales, SalesReport, ShopChannel, ShopYearSales
from incubator.sales import sales_report_approve, sales_report_create, sales_report_save
from incubator.sales_import import sales_apply
from incubator.shops import milestone_record

from .sales_files import LAST_MONTH, sales_row, sales_text

pytestmark = pytest.mark.django_db

FIGURES = {"sales": "12800.50", "orders": "96", "agricultural_share": "80"}


def connection_lost(*args, **kwargs):
    raise OperationalError("server closed the connection unexpectedly")


def then_connection_lost(function):
    """`function` that does its writes, then loses the connection."""

    def written_then_lost(*args, **kwargs):
        function(*args, **kwargs)
        connection_lost()

    return written_then_lost


def everything() -> list:
    """What a sales write may touch: the reports, their history and the summaries."""
    return [
        list(
            SalesReport.objects.order_by("pk").values_list(
                "shop", "channel", "month", "sales", "orders", "status", "decided_at"
            )
        ),
        ModelLogEntry.objects.count(),
        list(MonthlySales.objects.order_by("pk").values()),
        list(ShopYearSales.objects.order_by("pk").values()),
    ]


def test_a_new_report_whose_history_entry_fails_is_not_kept(scene, monkeypatch):
    before = everything()
    monkeypatch.setattr(audit, "record", connection_lost)

    with pytest.raises(OperationalError):
        sales_report_create(
            shop=scene.shop, channel=Channel.TAOBAO, month=LAST_MONTH, by=scene.owner, **FIGURES
        )

    assert everything() == before
    monkeypatch.undo()
    sales_report_create(
        shop=scene.shop, channel=Channel.TAOBAO, month=LAST_MONTH, by=scene.owner, **FIGURES
    )
    assert SalesReport.objects.filter(shop=scene.shop).count() == 1


def test_a_report_saved_and_submitted_whose_submission_fails_leaves_no_draft(scene, monkeypatch):
    before = everything()
    # The draft and its history entry are written; submitting it fails.
    monkeypatch.setattr(sales, "_move", then_connection_lost(sales._move))

    with pytest.raises(OperationalError):
        sales_report_save(
            shop=scene.shop,
            channel=Channel.TAOBAO,
            month=LAST_MONTH,
            by=scene.owner,
            submit=True,
            **FIGURES,
        )

    assert everything() == before


def test_an_approval_whose_summaries_fail_half_way_leaves_the_report_submitted(scene, monkeypatch):
    report = SalesReportFactory(shop=scene.shop, status=ReportStatus.SUBMITTED)
    before = everything()
    # The report is approved and the summaries of its year written; then the connection goes.
    monkeypatch.setattr(sales_summary, "_recompute", then_connection_lost(sales_summary._recompute))

    with pytest.raises(OperationalError):
        sales_report_approve(report=report, by=scene.coordinator)

    assert everything() == before
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    monkeypatch.undo()
    sales_report_approve(report=report, by=scene.coordinator)
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED
    assert MonthlySales.objects.filter(county=scene.county, month=report.month).exists()


@pytest.fixture
def import_text(scene):
    """A file that creates a report (Douyin) and updates another (Taobao)."""
    ShopChannel.objects.create(shop=scene.shop, channel=Channel.DOUYIN)
    SalesReportFactory(
        shop=scene.shop, channel=Channel.TAOBAO, month=LAST_MONTH, status=ReportStatus.DRAFT
    )
    return sales_text([sales_row(scene.shop, "淘宝", sales="1.00"), sales_row(scene.shop, "抖音")])


@pytest.mark.parametrize(
    "failing", ["_update_reports", "audit"], ids=["after-creating", "after-updating"]
)
def test_an_import_that_fails_part_way_writes_nothing(scene, import_text, monkeypatch, failing):
    before = everything()
    if failing == "audit":  # the reports are created and updated; their history fails
        monkeypatch.setattr(audit, "record_many", connection_lost)
    else:  # the new report is created; updating the other fails
        monkeypatch.setattr(sales_import, failing, connection_lost)

    with pytest.raises(OperationalError):
        sales_apply(text=import_text, by=scene.coordinator)

    assert everything() == before
    monkeypatch.undo()
    sales_apply(text=import_text, by=scene.coordinator)
    assert SalesReport.objects.filter(shop=scene.shop, status=ReportStatus.SUBMITTED).count() == 2


def test_a_milestone_whose_history_entry_fails_keeps_neither_its_row_nor_its_screenshot(
    scene, monkeypatch
):
    """The screenshot is stored before the row is written; the row goes with the
    transaction, and the file with it, instead of staying pointed at by nothing."""
    monkeypatch.setattr(audit, "record", connection_lost)

    with pytest.raises(OperationalError):
        milestone_record(
            shop=scene.shop,
            kind=MilestoneKind.FIRST_ORDER,
            achieved_on=datetime.date(2026, 1, 5),
            evidence=SimpleUploadedFile("shop.png", png_bytes(), "image/png"),
            by=scene.owner,
        )

    assert Milestone.objects.count() == 0
    media = Path(django_settings.MEDIA_ROOT)
    assert not media.exists() or [path for path in media.rglob("*") if path.is_file()] == []
