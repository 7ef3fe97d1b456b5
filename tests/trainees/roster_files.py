"""Places, cohorts and CSV texts shared by the roster import tests."""

import csv
import io
from dataclasses import dataclass

from courses.factories import CoursePageFactory
from trainees.factories import CohortFactory, TownshipFactory, VillageFactory, valid_id_number
from trainees.models import Cohort, County, Township, Village

HEADER = [
    "姓名",
    "性别",
    "民族",
    "出生年份",
    "文化程度",
    "手机号",
    "身份证号",
    "县",
    "乡镇",
    "村",
    "户编号",
    "家庭人口",
    "户状态",
    "状态起始日期",
    "班级",
    "入学日期",
]


@dataclass
class Places:
    litang: County
    batang: County
    township: Township
    village: Village
    batang_village: Village
    cohort: Cohort
    batang_cohort: Cohort


def make_places() -> Places:
    litang = County.objects.get(code="513334")
    batang = County.objects.get(code="513335")
    township = TownshipFactory(county=litang, code="513334001", name="高城镇")
    village = VillageFactory(township=township, code="513334001001", name="城东村")
    batang_township = TownshipFactory(county=batang, code="513335001", name="夏邛镇")
    batang_village = VillageFactory(township=batang_township, code="513335001001", name="城东村")
    courses = [CoursePageFactory(), CoursePageFactory()]
    cohort = CohortFactory(name="理塘电商一期", county=litang, courses=courses)
    batang_cohort = CohortFactory(name="巴塘电商一期", county=batang, courses=courses[:1])
    return Places(litang, batang, township, village, batang_village, cohort, batang_cohort)


def roster_row(n: int = 1, **changes: str) -> dict[str, str]:
    """A correct row of 理塘县, changed by `changes` (keys are the Chinese headers)."""
    row = {
        "姓名": f"卓玛{n}",
        "性别": "女",
        "民族": "藏族",
        "出生年份": "1990",
        "文化程度": "初中",
        "手机号": f"1380013{n:04d}",
        "身份证号": valid_id_number(n),
        "县": "理塘县",
        "乡镇": "高城镇",
        "村": "城东村",
        "户编号": f"LT-{n:04d}",
        "家庭人口": "5",
        "户状态": "脱贫户",
        "状态起始日期": "2021-01-01",
        "班级": "理塘电商一期",
        "入学日期": "2025-03-01",
    }
    row.update(changes)
    return row


def roster_text(rows: list[dict[str, str]], header: list[str] = HEADER) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()
