"""The annual report: a page to print, its PDF and its XLSX, in the language chosen."""

import datetime
import io
import re
import subprocess

import pytest
import time_machine
from bs4 import BeautifulSoup
from openpyxl import load_workbook

from wagtail.users.models import UserProfile

from outcomes.models import Target
from tests.incubator.scene import ROLES
from tests.incubator.scene import scene as make_scene
from tests.outcomes.test_dashboard import login
from tests.outcomes.world import build

pytestmark = pytest.mark.django_db
URL = "/admin/outcomes/report/"


@pytest.fixture
def scene():
    return make_scene()


def test_the_page_prints_the_years_figures_in_chinese_by_default(client, scene):
    world = build()
    login(client, scene.manager)  # their admin speaks English; the report Chinese
    response = client.get(URL, {"year": "2025"})
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="zh-hans">' in html
    assert "雄鹰工程" in html and "2025" in html
    assert "4,500.00" in html or "4500.00" in html
    assert world.k1.name in html
    assert "@page { size: A4" in html
    assert "<script" not in html


def test_tibetan_and_english_as_chosen(client, scene):
    build()
    login(client, scene.manager)
    tibetan = client.get(URL, {"year": "2025", "lang": "bo"}).content.decode()
    english = client.get(URL, {"year": "2025", "lang": "en"}).content.decode()
    assert '<html lang="bo">' in tibetan and "ལོ" in tibetan
    assert "Eagle programme: annual report 2025" in english


def test_each_language_is_named_in_itself_whatever_the_report_is_in(client, scene):
    build()
    login(client, scene.manager)
    for language in ("zh-hans", "bo", "en"):
        html = client.get(URL, {"year": "2025", "lang": language}).content.decode()
        links = BeautifulSoup(html, "html.parser").select("a[lang]")
        assert {link["lang"]: link.get_text(strip=True) for link in links} == {
            "zh-hans": "中文",
            "bo": "བོད་ཡིག",
            "en": "English",
        }


def test_the_pdf_holds_the_figures(client, scene):
    world = build()
    login(client, scene.manager)
    response = client.get(URL, {"year": "2025", "area": world.county_a.code, "format": "pdf"})
    assert response["Content-Type"] == "application/pdf"
    assert f"eagle-{world.county_a.code}-2025.pdf" in response["Content-Disposition"]
    text = subprocess.run(  # noqa: S603 (fixed arguments, no shell)
        ["pdftotext", "-", "-"],  # noqa: S607
        input=response.content,
        capture_output=True,
        check=True,  # noqa: S607
    ).stdout.decode()
    assert world.county_a.name in text
    assert "1800" in text.replace(",", "")


def test_the_xlsx_holds_the_same_tables_as_numbers(client, scene):
    world = build()
    login(client, scene.manager)
    response = client.get(URL, {"year": "2025", "format": "xlsx", "lang": "en"})
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == [
        "Summary",
        "By month",
        "By county",
        "By channel",
        "By cohort",
        "Funnel",
    ]
    summary = {row[0]: row[1] for row in workbook["Summary"].iter_rows(values_only=True) if row}
    assert summary["Trainees trained"] == 4
    assert float(summary["Online sales (yuan)"]) == 4500.0
    counties = dict(workbook["By county"].iter_rows(min_row=2, values_only=True))
    assert float(counties[world.county_b.name_en]) == 2700.0  # an English report: English names
    funnel = list(workbook["Funnel"].iter_rows(min_row=2, values_only=True))
    assert funnel[0][:2] == (world.k1.name, 1)


@pytest.mark.parametrize(
    ("params", "status", "message"),
    [
        ({"year": "20x5"}, 400, "is not a year"),
        ({"year": "2025", "lang": "fr"}, 400, "Language “fr” is not in the list"),
        ({"year": "2025", "format": "docx"}, 400, "Format “docx” is not in the list"),
        ({"year": "2025", "area": "123"}, 404, "No county or township has the code"),
    ],
)
def test_bad_choices_get_a_clear_message(client, scene, params, status, message):
    login(client, scene.manager)
    response = client.get(URL, params)
    assert response.status_code == status
    assert message in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_who_gets_which_report(client, scene, role):
    if role != "anonymous":
        login(client, scene.user(role))
    own = client.get(URL, {"year": "2025", "area": scene.county.code})
    other = client.get(URL, {"year": "2025", "area": scene.other_county.code})
    whole = client.get(URL, {"year": "2025"})
    statuses = (own.status_code, other.status_code, whole.status_code)
    if role == "manager":
        assert statuses == (200, 200, 200)
    elif role == "coordinator":
        assert statuses == (200, 404, 200)  # without an area: their own county
        assert scene.county.name in whole.content.decode()
    elif role == "other_coordinator":
        assert statuses == (404, 200, 200)
    else:
        assert set(statuses) <= {302, 403}


def test_the_xlsx_writes_the_share_achieved_as_a_percentage(client, scene):
    build()  # 4 trainees trained in 2025
    Target.objects.create(year=2025, county=None, indicator="trainees_trained", value=500)
    login(client, scene.manager)

    response = client.get(URL, {"year": "2025", "format": "xlsx", "lang": "zh-hans"})

    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    [row] = [row for row in sheet.iter_rows() if row[0].value == "完成培训学员"]
    achieved = row[3]
    # 4 of 500 is 0.8 %: the cell holds 0.008 and shows it as a percentage.
    assert achieved.value == pytest.approx(0.008)
    assert achieved.number_format == "0.0%"


# The dashboard's filters, and what a programme office reads in the spreadsheet


def test_the_dashboards_report_link_keeps_its_filters_and_the_report_states_them(client, scene):
    world = build()
    login(client, scene.manager)
    dashboard = client.get(
        "/admin/outcomes/", {"period": "2025", "area": world.county_a.code, "channel": "taobao"}
    )
    link = BeautifulSoup(dashboard.content, "html.parser").find("a", href=re.compile(URL))
    # In the dashboard's language (the manager's admin speaks English).
    assert link["href"] == f"{URL}?area={world.county_a.code}&year=2025&channel=taobao&lang=en"

    page = BeautifulSoup(client.get(link["href"]).content, "html.parser")
    assert (
        page.select_one(".meta").get_text() == f"{world.county_a.name_en} · 2025 · Channel: Taobao"
    )
    channels = [row.th.get_text() for row in page.find("h2", string="Channels").parent.tbody("tr")]
    assert channels == ["Taobao"]  # the 832 platform's sales are left out, as on the dashboard
    formats = {a.get_text(): a["href"] for a in page.select("nav a")}
    assert (
        formats["XLSX"]
        == f"?area={world.county_a.code}&year=2025&channel=taobao&lang=en&format=xlsx"
    )
    assert formats["中文"].startswith(f"?area={world.county_a.code}&year=2025&channel=taobao&")

    response = client.get(
        URL, {"year": "2025", "area": world.county_a.code, "channel": "taobao", "format": "xlsx"}
    )
    assert f"eagle-{world.county_a.code}-2025-taobao.xlsx" in response["Content-Disposition"]
    summary = {
        row[0]: row[1]
        for row in load_workbook(io.BytesIO(response.content))["汇总"].iter_rows(values_only=True)
        if row[0]
    }
    assert summary["筛选条件"] == "渠道: 淘宝"
    whole = client.get(URL, {"year": "2025", "format": "xlsx"})
    summary = dict(
        row[:2]
        for row in load_workbook(io.BytesIO(whole.content))["汇总"].iter_rows(values_only=True)
    )
    assert summary["筛选条件"] == "无：全部方向、班级和渠道"


def test_a_filter_that_cannot_be_read_gets_a_clear_message(client, scene):
    login(client, scene.manager)
    response = client.get(URL, {"year": "2025", "channel": "tiktok"})
    assert response.status_code == 400
    assert "Channel “tiktok” is not in the list" in response.content.decode()


def test_the_xlsx_says_when_it_was_made_and_writes_every_share_as_a_percentage(client, scene):
    build()
    login(client, scene.manager)
    # 15 December 2025 at 07:30 in Shanghai, still the 14th in UTC.
    with time_machine.travel(
        datetime.datetime(2025, 12, 14, 23, 30, tzinfo=datetime.UTC), tick=False
    ):
        response = client.get(URL, {"year": "2025", "format": "xlsx"})
    workbook = load_workbook(io.BytesIO(response.content))
    summary = {row[0].value: row[1] for row in workbook["汇总"].iter_rows() if row[0].value}
    made = summary["生成于"]
    assert made.value == datetime.datetime(2025, 12, 15, 7, 30)
    assert made.number_format == "yyyy年m月d日 hh:mm"
    # Reports on time: 2 of the 7 active shop-months due by then (test_reporting_due.py).
    reporting = summary["次月10日前审核通过的月报"]
    assert (reporting.value, reporting.number_format) == (pytest.approx(0.286), "0.0%")
    certified = summary["取证率"]
    assert certified.number_format.endswith("%") and 0 < certified.value <= 1
    assert summary["农产品占比"].number_format.endswith("%")
    assert summary["培训人次"].value == 6  # courses completed in 2025

    months = {row[0].value: row for row in workbook["按月"].iter_rows(min_row=2)}
    # October: S1 active, its reports on time; November: S1 active, its Taobao report late.
    assert (months["2025-10"][3].value, months["2025-10"][4].value) == (1, 1)
    assert months["2025-10"][4].number_format == "0%"
    assert (months["2025-11"][3].value, months["2025-11"][4].value) == (0, 0)
    assert months["2025-12"][3].value == "尚未到期"
    assert months["2025-12"][4].value is None


def test_from_a_tibetan_dashboard_the_report_opens_in_tibetan(client, scene):
    build()
    login(client, scene.manager)
    profile = UserProfile.get_for_user(scene.manager)
    profile.preferred_language = "bo"
    profile.save()
    dashboard = client.get("/admin/outcomes/", {"period": "2025"})
    link = BeautifulSoup(dashboard.content, "html.parser").find("a", href=re.compile(URL))

    page = client.get(link["href"]).content.decode()

    assert '<html lang="bo">' in page
