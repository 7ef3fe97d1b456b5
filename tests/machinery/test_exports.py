"""Every spreadsheet export writes what was stored as text Excel shows as typed: a string that
starts like a formula is never run as one (CSV: a leading "'"; XLSX: a string cell), numbers
stay numbers, and a control character already stored neither breaks the export nor hides in it.
Free text people type refuses control characters with a message naming the field."""

import io
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from django.urls import reverse
from django.utils import translation

from wagtail.users.models import UserProfile

from incubator.factories import JobFactory, WorkerFactory
from incubator.models import Job
from machinery import exports
from tests.export_files import csv_table, xlsx_table
from tests.incubator.scene import scene as incubator_scene
from trainees.factories import TraineeFactory
from trainees.models import Trainee

pytestmark = pytest.mark.django_db

FORMULA_LIKE = [
    '=HYPERLINK("http://x","y")',
    "+1",
    "-2",
    "@SUM(A1)",
    "\tcmd",
    "\rcmd",
]
REPLACED = "\ufffd"


def as_read(value: str) -> str:
    """A string as openpyxl reads it back: XML reads a carriage return as a line feed."""
    return value.replace("\r", "\n")


@pytest.fixture
def scene():
    return incubator_scene()


def login_manager(client, scene):
    preferences = UserProfile.get_for_user(scene.manager)
    preferences.preferred_language = "en"
    preferences.save()
    client.force_login(scene.manager)


def csv_rows(response) -> list[list[str]]:
    """The heading and the rows (after the line saying the file holds personal data)."""
    table = csv_table(response)
    return [table.heading, *table.rows]


def xlsx_cells(response) -> list[tuple]:
    """Each body row's cells, as openpyxl reads them back."""
    return xlsx_table(response).rows


def test_the_rule_neutralises_strings_only():
    for value in FORMULA_LIKE:
        assert exports.csv_value(value) == "'" + value
    assert exports.csv_value("卓玛") == "卓玛"
    assert exports.csv_value("a-b=c") == "a-b=c"
    assert exports.csv_value(-5) == -5
    assert exports.csv_value(Decimal("-5.50")) == Decimal("-5.50")
    assert exports.csv_value("a\x1bb\tc\nd") == f"a{REPLACED}b\tc\nd"


def test_a_sheet_made_by_the_rule_reads_back_as_text_and_numbers():
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Sheet")
    for value in FORMULA_LIKE:
        sheet.append(exports.xlsx_row(sheet, [value, -5, Decimal("2.5")]))
    sheet.append(exports.xlsx_row(sheet, ["a\x1bb", None, 0]))
    out = io.BytesIO()
    workbook.save(out)

    rows = list(load_workbook(io.BytesIO(out.getvalue())).active.iter_rows())
    for value, (text, number, decimal) in zip(FORMULA_LIKE, rows, strict=False):
        assert (text.data_type, text.value) == ("s", as_read(value))
        assert (number.data_type, number.value) == ("n", -5)
        assert (decimal.data_type, decimal.value) == ("n", 2.5)
    assert rows[-1][0].value == f"a{REPLACED}b"


def jobs_with_worker_names(scene, names):
    return [
        JobFactory(shop=scene.shop, worker=WorkerFactory(name=name), monthly_wage=Decimal("2600"))
        for name in names
    ]


def test_the_job_listing_exports_formula_like_names_as_text(client, scene):
    jobs_with_worker_names(scene, FORMULA_LIKE)
    login_manager(client, scene)
    url = reverse("job:index")

    header, *body = csv_rows(client.get(url, {"export": "csv"}))
    worker, wage = 0, 7  # list_export: worker, ..., monthly_wage
    assert sorted(row[worker] for row in body) == sorted("'" + name for name in FORMULA_LIKE)
    assert {row[wage] for row in body} == {"2600.00"}

    cells = xlsx_cells(client.get(url, {"export": "xlsx"}))
    assert sorted(row[worker].value for row in cells) == sorted(map(as_read, FORMULA_LIKE))
    assert {row[worker].data_type for row in cells} == {"s"}
    assert {(row[wage].data_type, row[wage].value) for row in cells} == {("n", 2600)}


def test_a_stored_control_character_does_not_break_the_exports(client, scene):
    jobs_with_worker_names(scene, ["次仁\x1b卓玛"])
    TraineeFactory(county=scene.county, name="卓\x1b玛")
    login_manager(client, scene)

    [row] = xlsx_cells(client.get(reverse("job:index"), {"export": "xlsx"}))
    assert row[0].value == f"次仁{REPLACED}卓玛"
    [csv_row] = csv_rows(client.get(reverse("job:index"), {"export": "csv"}))[1:]
    assert csv_row[0] == f"次仁{REPLACED}卓玛"

    names = {
        row[0].value for row in xlsx_cells(client.get(reverse("trainee:index"), {"export": "xlsx"}))
    }
    assert f"卓{REPLACED}玛" in names


def test_the_my_shop_job_form_refuses_a_control_character_and_stores_nothing(client, scene):
    client.force_login(scene.owner)
    with translation.override("en"):
        url = reverse("my_shop_job_add", args=[scene.shop.pk])
    data = {
        "job-worker_name": "次仁\x1b卓玛",
        "job-id_number": "",
        "job-household_number": "",
        "job-kind": "full_time",
        "job-starts_on": "2026-05-01",
        "job-monthly_wage": "2600",
    }

    response = client.post(url, data)

    assert response.status_code == 400
    assert (
        "Worker: Remove the control character (an invisible character) at position 3."
        in response.content.decode()
    )
    assert not Job.objects.exists()


def test_the_admin_trainee_form_refuses_a_control_character(client, scene):
    trainee = scene.owner_trainee
    login_manager(client, scene)
    url = reverse("trainee:edit", args=[trainee.pk])
    from tests.training_site.test_hostile_input import form_values

    form = form_values(client.get(url).content.decode())
    response = client.post(url, {**form, "name": "卓玛\x07"})

    assert response.status_code == 200
    assert "Remove the control character (an invisible character) at position 3." in (
        response.content.decode()
    )
    assert Trainee.objects.get(pk=trainee.pk).name == trainee.name


def test_a_roster_row_with_a_control_character_is_refused_naming_its_column():
    from tests.trainees.roster_files import HEADER, make_places, roster_row
    from tests.training_site.test_hostile_input import csv_text
    from trainees.roster import roster_check

    make_places()
    row = roster_row(1, 姓名="卓\x1b玛")
    check = roster_check(text=csv_text(HEADER, [list(row.values())]), county=None)

    assert not check.rows
    assert any(
        (error.row, error.column) == (2, "姓名")
        and error.message == "Remove the control character (an invisible character) at position 2."
        for error in check.errors
    )
