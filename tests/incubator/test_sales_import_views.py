"""The admin pages of the sales import: upload, progress and preview, confirm, and who may
use them."""

import re
from decimal import Decimal

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.models import ModelLogEntry
from wagtail.users.models import UserProfile

from incubator.choices import Channel, ReportStatus
from incubator.factories import SalesReportFactory
from incubator.models import SalesReport, ShopChannel
from machinery.imports.records import ImportStatus, import_get
from tests.incubator.scene import ROLES
from tests.incubator.test_admin_views import login
from tests.trainees.admin_cast import user_in
from trainees import roles

from .sales_files import LAST_MONTH, sales_row, sales_text

pytestmark = pytest.mark.django_db

UPLOAD = reverse("sales_import:upload")
IMPORTERS = {"coordinator", "other_coordinator", "manager"}


@pytest.fixture
def shop(scene):
    ShopChannel.objects.create(shop=scene.shop, channel=Channel.DOUYIN)
    return scene.shop


def upload(client, text: str, *, encoding: str = "utf-8", url: str = UPLOAD, name="sales.csv"):
    file = SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")
    return client.post(url, {"file": file}, follow=True)


def import_id_of(response) -> str:
    return response.redirect_chain[0][0].rstrip("/").split("/")[-1]


def snapshot() -> list[tuple]:
    return [
        *SalesReport.objects.order_by("pk").values_list("shop", "channel", "sales", "status"),
        ModelLogEntry.objects.count(),
    ]


def good_text(scene) -> str:
    """A file each importer may import: one row of a shop of their own county."""
    return sales_text([sales_row(scene.shop), sales_row(scene.other_shop)])


# Who may use the pages


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix_of_the_upload_page_and_the_listings_button(client, scene, role):
    login(client, scene, role)
    allowed = role in IMPORTERS

    page = client.get(UPLOAD)
    before = snapshot()
    posted = upload(client, sales_text([sales_row(scene.shop)]))
    listing = client.get(reverse("salesreport:index"))

    assert (page.status_code == 200) is allowed
    if not allowed:
        assert page.status_code == 302  # to the login, or the admin's "no permission"
    assert ("File: sales.csv" in posted.content.decode()) is allowed
    assert snapshot() == before
    assert (UPLOAD in listing.content.decode()) is allowed


@pytest.mark.parametrize("role", ROLES)
def test_only_the_one_who_started_an_import_sees_and_applies_it(client, scene, role):
    starter = user_in(roles.COUNTY_COORDINATORS, scene.county)  # the coordinator's colleague
    client.force_login(starter)
    import_id = import_id_of(upload(client, sales_text([sales_row(scene.shop)])))
    client.logout()
    login(client, scene, role)
    before = snapshot()

    page = client.get(reverse("sales_import:detail", args=[import_id]))
    applied = client.post(reverse("sales_import:apply", args=[import_id]))

    # Even someone allowed to import sees only their own imports.
    expected = 404 if role in IMPORTERS else 302
    assert (page.status_code, applied.status_code) == (expected, expected)
    assert snapshot() == before
    assert import_get(import_id)["status"] == ImportStatus.READY


@pytest.mark.parametrize("role", sorted(IMPORTERS))
def test_each_importer_imports_the_shops_they_run_and_no_other(client, scene, role):
    login(client, scene, role)
    mine = {"coordinator": [scene.shop], "other_coordinator": [scene.other_shop]}.get(
        role, [scene.shop, scene.other_shop]
    )

    preview = upload(client, good_text(scene)).content.decode()
    result = client.post(
        reverse("sales_import:apply", args=[import_id_of(upload(client, good_text(scene)))]),
        follow=True,
    )

    if len(mine) == 2:
        assert "create 2 reports, submitted for approval" in preview
        assert "Imported" in result.content.decode()
    else:
        assert "Nothing was imported: the file has errors" in preview
        other = ({scene.shop, scene.other_shop} - set(mine)).pop()
        assert f"There is no shop no. {other.pk} in " in preview
        assert other.name not in preview
        assert not SalesReport.objects.exists()


# The pages as a coordinator uses them


def test_the_starter_sees_the_preview_and_confirms_it(client, scene, shop):
    SalesReportFactory(shop=shop, channel=Channel.DOUYIN, sales=Decimal("10.00"))
    login(client, scene, "coordinator")
    text = sales_text(
        [sales_row(shop, "淘宝", sales="12800.50"), sales_row(shop, "抖音", sales="20")]
    )

    preview = upload(client, text)

    page = preview.content.decode()
    import_id = import_id_of(preview)
    assert preview.redirect_chain[0][0] == reverse("sales_import:detail", args=[import_id])
    assert "The file is correct. Importing it will:" in page
    assert "create 1 report, submitted for approval" in page
    assert "change and submit 1 draft or returned report" in page
    assert "leave 0 reports as they are" in page
    assert f"Months: {LAST_MONTH:%Y-%m}" in page
    assert "<td>Taobao</td><td>1</td><td>12,800.50</td>" in page
    assert "<td>Douyin</td><td>1</td><td>20.00</td>" in page
    assert f"<td>{shop.name} ({shop.pk})</td><td>Douyin</td>" in page
    assert "<td>Draft</td><td>10.00</td><td>20.00</td>" in page
    assert SalesReport.objects.get().sales == Decimal("10.00")

    result = client.post(reverse("sales_import:apply", args=[import_id]), follow=True)

    assert "Imported" in result.content.decode()
    assert set(SalesReport.objects.values_list("channel", "sales", "status")) == {
        ("taobao", Decimal("12800.50"), "submitted"),
        ("douyin", Decimal("20.00"), "submitted"),
    }


def test_the_history_of_an_imported_report_names_the_file(client, scene, shop):
    login(client, scene, "coordinator")
    preview = upload(client, sales_text([sales_row(shop)]), name="三月销售.csv")
    client.post(reverse("sales_import:apply", args=[import_id_of(preview)]))
    report = SalesReport.objects.get()

    history = client.get(reverse("salesreport:history", args=[report.pk])).content.decode()

    assert "Sales report created: " in history
    assert "status: – → Submitted" in history  # the fields' order is the database's (jsonb)
    assert "(imported from 三月销售.csv)" in history


def test_the_same_file_uploaded_again_shows_nothing_to_do(client, scene, shop):
    login(client, scene, "coordinator")
    text = sales_text([sales_row(shop, "淘宝"), sales_row(shop, "抖音")])
    first = upload(client, text)
    client.post(reverse("sales_import:apply", args=[import_id_of(first)]))
    after_first = snapshot()

    again = upload(client, text)
    client.post(reverse("sales_import:apply", args=[import_id_of(again)]))

    page = again.content.decode()
    assert "create 0 reports" in page
    assert "change and submit 0 draft or returned reports" in page
    assert "leave 2 reports as they are" in page
    assert snapshot() == after_first


@pytest.mark.parametrize("encoding", ["gbk", "utf-8-sig"])
def test_gbk_and_bom_files_upload(client, scene, shop, encoding):
    login(client, scene, "coordinator")

    page = upload(client, sales_text([sales_row(shop, "抖音")]), encoding=encoding)

    assert "create 1 report, submitted for approval" in page.content.decode()


def test_a_file_in_another_encoding_is_refused_on_the_form(client, scene, shop):
    login(client, scene, "coordinator")

    response = upload(client, sales_text([sales_row(shop)]), encoding="utf-16")

    assert response.redirect_chain == []
    assert "Wrong file encoding: save the file as CSV in UTF-8 or GBK" in response.content.decode()
    assert not SalesReport.objects.exists()


def test_errors_are_listed_by_row_and_column_and_nothing_can_be_confirmed(client, scene, shop):
    login(client, scene, "coordinator")

    response = upload(client, sales_text([sales_row(shop), sales_row(shop, "抖音", sales="-3")]))

    page = response.content.decode()
    assert "Nothing was imported: the file has errors" in page
    assert (
        "<td>3</td><td>销售额</td><td>Sales (yuan): Enter 0 or more: an amount cannot be "
        "negative.</td>"
    ) in page
    assert "Confirm and import" not in page
    client.post(reverse("sales_import:apply", args=[import_id_of(response)]))
    assert not SalesReport.objects.exists()


def test_a_month_before_the_shop_applied_is_an_error_in_the_preview(client, scene, shop):
    login(client, scene, "coordinator")

    response = upload(client, sales_text([sales_row(shop), sales_row(shop, month="2024-12")]))

    page = response.content.decode()
    assert "Nothing was imported: the file has errors" in page
    assert (
        "<td>3</td><td>月份</td><td>高原松茸小店 has no Taobao sales to report before 2025-01: "
        "the first month allowed is 2025-01 (when the shop applied, or the channel opened if "
        "later).</td>"
    ) in page
    client.post(reverse("sales_import:apply", args=[import_id_of(response)]))
    assert not SalesReport.objects.exists()


def test_a_file_without_a_required_column_says_which(client, scene):
    login(client, scene, "coordinator")

    response = upload(client, "月份,店铺编号,店铺,渠道,销售额,订单数\r\n2026-01,1,店,淘宝,1,1\r\n")

    assert "The header row lacks these columns: 农产品占比." in response.content.decode()


def test_a_running_import_shows_its_progress_and_refreshes_itself(client, scene, shop, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    login(client, scene, "coordinator")

    page = upload(client, sales_text([sales_row(shop)])).content.decode()

    assert "Checking the file…" in page
    assert "<progress" in page
    assert '<meta http-equiv="refresh" content="2">' in page


def test_an_import_that_fails_while_writing_says_so_and_writes_nothing(
    client, scene, shop, monkeypatch
):
    login(client, scene, "coordinator")
    import_id = import_id_of(upload(client, sales_text([sales_row(shop)])))

    def broken(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr("incubator.sales_import_tasks.sales_apply", broken)
    result = client.post(reverse("sales_import:apply", args=[import_id]), follow=True)

    assert "The import failed" in result.content.decode()
    assert not SalesReport.objects.exists()


def test_confirming_checks_the_file_again_against_the_database(client, scene, shop):
    login(client, scene, "coordinator")
    import_id = import_id_of(upload(client, sales_text([sales_row(shop, sales="900")])))
    # Meanwhile, the shop reports its own figures and the manager approves them.
    SalesReportFactory(shop=shop, sales=Decimal("800.00"), status=ReportStatus.APPROVED)

    result = client.post(reverse("sales_import:apply", args=[import_id]), follow=True)

    page = result.content.decode()
    assert "Nothing was imported: the file has errors" in page
    assert "that is approved, with other figures (800.00 yuan)" in page
    assert SalesReport.objects.get().sales == Decimal("800.00")


def test_a_sales_import_is_not_an_area_import_and_back(client, scene, shop):
    login(client, scene, "coordinator")
    sales_id = import_id_of(upload(client, sales_text([sales_row(shop)])))
    areas_id = import_id_of(
        upload(client, "乡镇代码,乡镇\r\n513301100,某镇\r\n", url=reverse("area_import:upload"))
    )

    assert client.get(reverse("area_import:detail", args=[sales_id])).status_code == 404
    assert client.post(reverse("roster_import:apply", args=[sales_id])).status_code == 404
    assert client.get(reverse("sales_import:detail", args=[areas_id])).status_code == 404
    assert client.post(reverse("sales_import:apply", args=[areas_id])).status_code == 404
    assert import_get(sales_id)["status"] == ImportStatus.READY


def test_the_export_of_the_sales_report_listing_imports_as_it_is(client, scene, shop):
    SalesReportFactory(shop=shop, status=ReportStatus.APPROVED)
    SalesReportFactory(shop=shop, channel=Channel.DOUYIN, status=ReportStatus.SUBMITTED)
    login(client, scene, "coordinator")
    before = snapshot()
    response = client.get(reverse("salesreport:index"), {"export": "csv"})
    exported = b"".join(response.streaming_content).decode("utf-8")

    preview = upload(client, exported).content.decode()

    assert "leave 2 reports as they are" in preview
    assert "create 0 reports" in preview
    assert snapshot() == before


def test_the_shop_listing_shows_the_number_the_import_asks_for(client, scene, shop):
    login(client, scene, "coordinator")

    listing = client.get(reverse("shop:index")).content.decode()
    response = client.get(reverse("shop:index"), {"export": "csv"})
    exported = b"".join(response.streaming_content).decode("utf-8-sig")

    assert re.search(rf"<td[^>]*>\s*{shop.pk}\s*</td>", listing)
    assert "shop no." in listing.lower()
    assert exported.startswith("店铺编号,店铺,")
    assert f"\r\n{shop.pk},{shop.name}," in exported


def test_a_coordinator_reading_chinese_gets_the_errors_in_chinese(client, scene, shop):
    preferences = UserProfile.get_for_user(scene.coordinator)
    preferences.preferred_language = "zh-hans"
    preferences.save()
    client.force_login(scene.coordinator)

    page = upload(client, sales_text([sales_row(scene.other_shop)])).content.decode()

    assert f"{scene.county.name}没有编号为 {scene.other_shop.pk} 的店铺。" in page
