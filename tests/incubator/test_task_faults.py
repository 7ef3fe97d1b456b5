"""A sales import whose worker is killed part-way: run again, it completes and leaves each
report and each history entry once (see tests/trainees/test_task_faults.py for the kill)."""

import pytest

from wagtail.models import ModelLogEntry

from incubator import sales_import, sales_import_tasks
from incubator.choices import Channel, ReportStatus
from incubator.factories import SalesReportFactory
from incubator.models import SalesReport, ShopChannel
from incubator.sales_import_tasks import sales_import_confirm, sales_import_start
from machinery.imports.records import ImportStatus, import_get
from tests.trainees.test_task_faults import killed

from .sales_files import LAST_MONTH, sales_row, sales_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def checked_import(scene):
    """A file that creates a Douyin report and updates the Taobao draft, checked."""
    ShopChannel.objects.create(shop=scene.shop, channel=Channel.DOUYIN)
    SalesReportFactory(
        shop=scene.shop, channel=Channel.TAOBAO, month=LAST_MONTH, status=ReportStatus.DRAFT
    )
    text = sales_text([sales_row(scene.shop, "淘宝", sales="1.00"), sales_row(scene.shop, "抖音")])
    import_id = sales_import_start(user=scene.coordinator, filename="sales.csv", text=text)
    assert import_get(import_id)["status"] == ImportStatus.READY
    return import_id


def reports() -> list[tuple]:
    return list(SalesReport.objects.order_by("channel").values_list("channel", "sales", "status"))


def test_a_sales_import_killed_part_way_writes_nothing_and_its_rerun_imports_it_once(
    scene, checked_import, monkeypatch
):
    before, entries = reports(), ModelLogEntry.objects.count()
    monkeypatch.setattr(sales_import, "_update_reports", killed)  # after creating the new one

    sales_import_confirm(import_id=checked_import)

    assert (reports(), ModelLogEntry.objects.count()) == (before, entries)
    assert import_get(checked_import)["status"] == ImportStatus.APPLYING
    monkeypatch.undo()
    sales_import_tasks.sales_apply_task.enqueue(checked_import)

    assert [(channel, status) for channel, _sales, status in reports()] == [
        (Channel.DOUYIN, ReportStatus.SUBMITTED),
        (Channel.TAOBAO, ReportStatus.SUBMITTED),
    ]
    assert ModelLogEntry.objects.count() == entries + 2  # one created, one updated
    assert import_get(checked_import)["status"] == ImportStatus.APPLIED


def test_a_sales_import_killed_after_writing_and_run_again_leaves_no_duplicate(
    scene, checked_import, monkeypatch
):
    entries = ModelLogEntry.objects.count()
    monkeypatch.setattr(sales_import_tasks, "record_applied", killed)

    sales_import_confirm(import_id=checked_import)
    written = reports()
    assert len(written) == 2
    monkeypatch.undo()
    sales_import_tasks.sales_apply_task.enqueue(checked_import)

    assert reports() == written
    assert ModelLogEntry.objects.count() == entries + 2
    record = import_get(checked_import)
    assert record["status"] == ImportStatus.APPLIED
    assert (record["summary"]["created"], record["summary"]["unchanged"]) == (0, 2)


def test_an_applied_sales_import_run_again_stays_applied(scene, checked_import):
    sales_import_confirm(import_id=checked_import)
    applied, written = import_get(checked_import), reports()

    sales_import_tasks.sales_check_task.enqueue(checked_import)
    sales_import_tasks.sales_apply_task.enqueue(checked_import)

    assert import_get(checked_import) == applied
    assert reports() == written
