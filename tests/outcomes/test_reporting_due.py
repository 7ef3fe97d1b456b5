"""Reporting on time counts a month only once its reports are due: the month has ended and
its grace period (to the end of the next month's 10th, Asia/Shanghai) has passed. Before
that the month's shops are neither on time nor late. Tested on the boundary days with the
clock fixed (time-machine), in Shanghai time."""

import datetime
from decimal import Decimal

import pytest
import time_machine

from django.urls import reverse

from incubator.choices import Channel
from incubator.factories import ShopFactory
from incubator.sales_summary import report_due
from outcomes import indicators
from outcomes.areas import WHOLE_PREFECTURE, area_from_code
from outcomes.indicators import Scope
from outcomes.periods import period_from_text
from tests.incubator.scene import scene as make_scene
from tests.outcomes.test_dashboard import login
from tests.outcomes.world import SHANGHAI, D, build, report
from trainees.models import County

pytestmark = pytest.mark.django_db

NOVEMBER = D(2025, 11, 1)


def shanghai(day: datetime.date, hour: int = 0, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=SHANGHAI)


@pytest.mark.parametrize(
    ("today", "due"),
    [
        (D(2025, 11, 15), False),  # the month runs
        (D(2025, 11, 30), False),  # its last day
        (D(2025, 12, 1), False),  # the first day after: the grace period runs
        (D(2025, 12, 10), False),  # the grace period's last day
        (D(2025, 12, 11), True),  # due
        (D(2026, 3, 1), True),
    ],
)
def test_a_month_is_due_once_it_ended_and_its_grace_period_passed(today, due):
    assert report_due(NOVEMBER, today=today) is due


# The world of tests/outcomes/world.py: in 2025 shop S1 (county A, Taobao and 832) is active
# in June-August and October-December; S2 (county B) in January, February, June-August and
# December. On time: June (S2) and October (S1); November's Taobao report was approved on
# 12 December, late. Counted up to October: 2 on time of 6 active shop-months.
UP_TO_OCTOBER = Decimal("33.3")  # 2 of 6
UP_TO_NOVEMBER = Decimal("28.6")  # 2 of 7


@pytest.mark.parametrize(
    ("moment", "november_due", "expected"),
    [
        (shanghai(D(2025, 11, 30), 23, 59), False, UP_TO_OCTOBER),  # November's last minute
        (shanghai(D(2025, 12, 1)), False, UP_TO_OCTOBER),  # the first day after it
        (shanghai(D(2025, 12, 10), 23, 59), False, UP_TO_OCTOBER),  # the grace's last minute
        (shanghai(D(2025, 12, 11)), True, UP_TO_NOVEMBER),  # due
        # 16:00 UTC on the 10th is already the 11th in Shanghai.
        (datetime.datetime(2025, 12, 10, 16, 0, tzinfo=datetime.UTC), True, UP_TO_NOVEMBER),
        (datetime.datetime(2025, 12, 10, 15, 59, tzinfo=datetime.UTC), False, UP_TO_OCTOBER),
    ],
)
def test_the_periods_share_counts_the_months_due_on_the_day_in_shanghai(
    moment, november_due, expected
):
    world = build()
    with time_machine.travel(moment, tick=False):
        # The scope's day is today's in Shanghai, as on the dashboard and in the API.
        for area in (WHOLE_PREFECTURE, area_from_code(world.township_a.code)):
            scope = Scope(area=area, period=period_from_text("2025"))
            figures = indicators.reporting_completeness(scope)
            november = figures["by_month"][NOVEMBER]
            assert november["due"] is november_due
            if area == WHOLE_PREFECTURE:
                assert figures["share"] == expected
                assert figures["by_month"][D(2025, 12, 1)]["due"] is False
            if not november_due:
                assert (november["on_time"], november["share"]) == (None, None)
                assert november["active"] == 1  # S1 is active, neither on time nor late


@pytest.fixture
def litang_shop():
    """A shop of 理塘县 selling on Douyin in 2026, its October report approved on 5 November:
    on 7 December November and December are not due yet."""
    litang = County.objects.get(code="513334")
    shop = ShopFactory(county=litang, channels=[Channel.DOUYIN])
    report(shop, Channel.DOUYIN, D(2026, 10, 1), "800", decided=shanghai(D(2026, 11, 5), 10))
    return litang


def test_on_7_december_the_dashboard_counts_no_month_not_yet_due(client, litang_shop):
    scene = make_scene()
    login(client, scene.manager)
    with time_machine.travel(shanghai(D(2026, 12, 7), 9), tick=False):
        response = client.get(
            reverse("outcomes_dashboard"), {"area": litang_shop.code, "period": "2026"}
        )
    reporting = response.context["figures"]["reporting"]
    # Before the fix: October on time, November and December late: 33 % (or 50 %).
    assert reporting["share"] == "100.0"
    assert [month for month, row in reporting["by_month"].items() if not row["due"]] == [
        "2026-11",
        "2026-12",
    ]
    html = response.content.decode()
    assert html.count("not due yet") == 2
    assert "100.0%" in html


def test_after_the_grace_period_the_missing_report_is_late(client, litang_shop):
    scene = make_scene()
    login(client, scene.manager)
    with time_machine.travel(shanghai(D(2026, 12, 11)), tick=False):
        response = client.get(
            reverse("outcomes_dashboard"), {"area": litang_shop.code, "period": "2026"}
        )
    reporting = response.context["figures"]["reporting"]
    assert reporting["by_month"]["2026-11"] == {
        "active": 1,
        "on_time": 0,
        "share": "0.0",
        "due": True,
    }
    assert reporting["share"] == "50.0"  # October on time, November late
