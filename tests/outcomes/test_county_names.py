"""The dashboards and the annual report name counties in the reader's language."""

import subprocess

import pytest

from tests.incubator.scene import scene as make_scene
from tests.outcomes.test_dashboard import login
from tests.outcomes.world import build

pytestmark = pytest.mark.django_db
REPORT = "/admin/outcomes/report/"


def pdf_text(pdf: bytes) -> str:
    return subprocess.run(  # noqa: S603 (fixed arguments, no shell)
        ["pdftotext", "-", "-"],  # noqa: S607
        input=pdf,
        capture_output=True,
        check=True,
    ).stdout.decode()


@pytest.fixture
def scene():
    return make_scene()


def test_the_tibetan_report_pdf_names_the_county_in_tibetan(client, scene):
    world = build()
    login(client, scene.manager)
    response = client.get(
        REPORT, {"year": "2025", "area": world.county_a.code, "format": "pdf", "lang": "bo"}
    )
    text = "".join(pdf_text(response.content).split())
    assert "".join(world.county_a.name_bo.split()) in text
    assert world.county_a.name not in text


@pytest.mark.parametrize("language", ["zh-hans", "bo", "en"])
def test_the_prefectures_report_lists_sales_by_county_in_its_language(client, scene, language):
    world = build()
    login(client, scene.manager)
    html = client.get(REPORT, {"year": "2025", "lang": language}).content.decode()
    field = {"zh-hans": "name", "bo": "name_bo", "en": "name_en"}[language]
    for county in (world.county_a, world.county_b):
        assert f'<th scope="row">{getattr(county, field)}</th>' in html
    if language != "zh-hans":
        assert world.county_a.name not in html


def test_the_english_dashboard_names_counties_in_english(client, scene):
    world = build()
    login(client, scene.manager)  # their admin speaks English
    html = client.get("/admin/outcomes/", {"period": "2025"}).content.decode()
    assert f">{world.county_a.name_en}</option>" in html
    assert f'<th scope="row">{world.county_b.name_en}</th>' in html
