"""The trainee export as a programme office opens it, read back as Excel would (CSV through
the csv module with utf-8-sig, XLSX through openpyxl), in Chinese and English, by each role
that may export it: labels not codes, whole personal numbers only for the county's
coordinator and managers, and a file holding them says so on its first line and in its name."""

import pytest

from django.urls import reverse

from tests.export_files import csv_table, xlsx_table
from tests.trainees.people import make_people
from tests.trainees.test_local_time import admin_in
from trainees.factories import TraineeFactory
from trainees.identity import mask_id_number, mask_phone

pytestmark = pytest.mark.django_db

HEADINGS = {
    "zh-hans": [
        "名称",
        "县（市）",
        "性别",
        "出生年份",
        "文化程度",
        "村",
        "家庭户",
        "身份证号",
        "手机号",
    ],
    "en": [
        "Name",
        "County",
        "Gender",
        "Year of birth",
        "Education",
        "Village",
        "Household",
        "Identity number",
        "Mobile phone",
    ],
}
FEMALE = {"zh-hans": "女", "en": "Female"}
SENIOR_SCHOOL = {"zh-hans": "高中", "en": "Senior middle school"}
NOTE_START = {"zh-hans": "本文件含未脱敏的个人信息", "en": "This file holds personal data unmasked"}
UNMASKED_NAME = {"zh-hans": "trainees-未脱敏", "en": "trainees-unmasked"}
# Who sees the county's trainees, and whole.
SEES = {"coordinator": "whole", "manager": "whole", "other_coordinator": None}


@pytest.fixture
def people():
    people = make_people()
    TraineeFactory(county=people.county, name="卓玛", gender="female", education="senior")
    return people


def chosen(table, name: str) -> list:
    return [row for row in table.rows if (getattr(row[0], "value", row[0])) == name]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("role", sorted(SEES))
def test_the_trainee_export_by_role_and_language(client, people, role, language):
    admin_in(client, people.users[role], language)
    trainee = next(t for t in people.county.trainees.all() if t.name == "卓玛")
    url = reverse("trainee:index")

    text = csv_table(client.get(url, {"export": "csv"}))
    sheet = xlsx_table(client.get(url, {"export": "xlsx"}))

    assert text.raw.startswith(b"\xef\xbb\xbf")
    assert text.heading == HEADINGS[language]
    assert sheet.heading == HEADINGS[language]
    if SEES[role] is None:
        assert chosen(text, "卓玛") == []
        assert (text.note, sheet.note) == (None, None)
        assert text.filename == "trainees.csv"
        return
    [row] = chosen(text, "卓玛")
    [cells] = chosen(sheet, "卓玛")
    assert row[2] == cells[2].value == FEMALE[language]
    assert row[4] == cells[4].value == SENIOR_SCHOOL[language]
    assert row[7] == cells[7].value == trainee.id_number
    assert row[8] == "'" + trainee.phone  # "+86…" is text, never a formula
    assert cells[8].value == trainee.phone
    assert text.note.startswith(NOTE_START[language])
    assert sheet.note.startswith(NOTE_START[language])
    assert text.filename == f"{UNMASKED_NAME[language]}.csv"
    assert sheet.filename == f"{UNMASKED_NAME[language]}.xlsx"
    assert mask_id_number(trainee.id_number) not in text.raw.decode("utf-8-sig")
    assert mask_phone(trainee.phone) not in text.raw.decode("utf-8-sig")
