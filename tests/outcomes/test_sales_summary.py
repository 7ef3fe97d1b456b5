"""Summaries and reports give the same figures: every indicator of a prefecture or county
scope, read from the sales summaries (incubator/sales_summary.py), equals the same
indicator computed from the approved reports themselves, over a random world of shops."""

import datetime
from decimal import Decimal

import pytest

from django.utils import timezone

from courses.factories import CoursePageFactory
from incubator import sales
from incubator.choices import Channel, ReportStatus
from incubator.factories import SalesReportFactory, ShopFactory
from incubator.models import SalesReport
from outcomes import indicators
from outcomes.areas import WHOLE_PREFECTURE, area_from_code
from outcomes.indicators import Scope
from outcomes.periods import period_from_text
from tests.incubator.test_sales_summary import (
    add_channel,
    delete_channel,
    login,
    move_shop,
    random_world,
)
from tests.trainees.admin_cast import user_in
from trainees import roles
from trainees.factories import CohortFactory, EnrolmentFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 1, 20)
PERIODS = [
    "2025",
    "2024",
    "2026",
    "2024-01-01..2025-12-31",
    "2024-10-15..2025-02-20",
    "2025-Q4",
    "2025-01",
    "2024-12",
    "2026-01",
]
CHANNELS = ["", Channel.PLATFORM_832, Channel.TAOBAO]
# Douyin: the channel added in the admin, and reported now and then without being listed.
MORE_CHANNELS = {"2025": [Channel.DOUYIN], "2024-01-01..2025-12-31": [Channel.DOUYIN]}


def with_cohorts(world):
    """Owners of most shops enrolled in a cohort of their county; one in two cohorts."""
    course, other_course = CoursePageFactory(), CoursePageFactory()
    cohorts = [
        CohortFactory(county=county, starts_on=datetime.date(2025, 3, 1))
        for county in (world.county_a, world.county_a, world.county_b)
    ]
    for n, shop in enumerate(world.shops[:-2]):
        owner = shop.owners.get()
        in_county = [cohort for cohort in cohorts if cohort.county_id == shop.county_id]
        EnrolmentFactory(trainee=owner, course=course, cohort=in_county[n % len(in_county)])
    EnrolmentFactory(trainee=world.shops[0].owners.get(), course=other_course, cohort=cohorts[1])
    return cohorts


@pytest.fixture
def world(client):
    """The random world of tests/incubator/test_sales_summary.py, with cohorts, some
    reports approved by a manager and, in the admin, a channel added, another deleted and a
    shop moved to the other county."""
    world = random_world(seed=2026)
    with_cohorts(world)
    for report in world.submitted[::3]:
        sales.sales_report_approve(report=report, by=world.manager)
    login(client, world.manager)
    one_channel = next(shop for shop in world.shops if shop.channels.count() == 1)
    two_channels = next(shop for shop in world.shops if shop.channels.count() == 2)
    add_channel(client, one_channel, Channel.DOUYIN)
    delete_channel(client, two_channels.channels.order_by("channel").first())
    move_shop(client, world.shops[-1], world.county_a)  # from county B
    return world


def scopes(world):
    areas = [
        WHOLE_PREFECTURE,
        area_from_code(world.county_a.code),
        area_from_code(world.county_b.code),
    ]
    for area in areas:
        for period in PERIODS:
            for channel in CHANNELS + MORE_CHANNELS.get(period, []):
                yield Scope(
                    area=area, period=period_from_text(period), today=TODAY, channel=channel
                )


def from_reports(monkeypatch, scope: Scope) -> dict:
    """The figures of `scope` computed from the reports, as for a township or a cohort."""
    with monkeypatch.context() as patch:
        patch.setattr(indicators, "_summarised", lambda scope: False)
        return indicators.compute(scope)


def differences(monkeypatch, scope: Scope) -> list[str]:
    summarised, reported = indicators.compute(scope), from_reports(monkeypatch, scope)
    name = f"{scope.area} {scope.period} {scope.channel or 'all channels'}"
    return [
        f"{name}: {key}: summaries {summarised[key]!r} != reports {reported[key]!r}"
        for key in summarised
        if summarised[key] != reported[key]
    ]


def test_summaries_and_reports_give_the_same_figures_for_every_scope(monkeypatch, world):
    """For each county and both years there is something to compare: sales, active shops,
    a median, reporting on time and not, and cohorts."""
    for period in ("2024", "2025"):
        for area in (area_from_code(world.county_a.code), area_from_code(world.county_b.code)):
            figures = indicators.compute(
                Scope(area=area, period=period_from_text(period), today=TODAY)
            )
            assert figures["sales"]["total"] > 0
            assert figures["active_shops"] > 0
            assert figures["median_monthly_sales"] is not None
            assert 0 < figures["reporting"]["share"] < 100
            assert figures["sales"]["by_cohort"]

    mismatches = [line for scope in scopes(world) for line in differences(monkeypatch, scope)]

    assert mismatches == []


def test_the_comparison_sees_figures_changed_behind_the_summaries_back(monkeypatch):
    """A report's sales changed by a bare update: the two ways then differ."""
    world = random_world(seed=11, shops=4)
    report = SalesReport.objects.filter(
        status=ReportStatus.APPROVED, month__year=2025, sales__gt=0
    ).first()
    SalesReport.objects.filter(pk=report.pk).update(sales=report.sales + 100)

    scope = Scope(area=WHOLE_PREFECTURE, period=period_from_text("2025"), today=TODAY)

    assert world.shops
    assert any(": sales:" in line for line in differences(monkeypatch, scope))


def test_a_shop_is_on_time_only_when_the_channels_it_still_lists_were(client, monkeypatch):
    """For 2025-06 a shop's Taobao report was approved late and its Douyin one on time. Once
    Douyin is deleted, the shop still owes only its Taobao report, which was late: the month
    is not on time, from the summaries or from the reports."""
    shop = ShopFactory(channels=[Channel.TAOBAO, Channel.DOUYIN])
    june = datetime.date(2025, 6, 1)
    for channel, day in ((Channel.TAOBAO, 20), (Channel.DOUYIN, 5)):
        SalesReportFactory(
            shop=shop,
            channel=channel,
            month=june,
            sales=Decimal("800.00"),
            status=ReportStatus.APPROVED,
            decided_at=timezone.make_aware(datetime.datetime(2025, 7, day, 9)),
        )
    scope = Scope(
        area=area_from_code(shop.county.code), period=period_from_text("2025-06"), today=TODAY
    )
    expected = {"active": 1, "on_time": 0, "share": Decimal("0.0"), "due": True}
    assert indicators.reporting_completeness(scope)["by_month"][june] == expected
    login(client, user_in(roles.PROGRAMME_MANAGERS))
    delete_channel(client, shop.channels.get(channel=Channel.DOUYIN))
    assert indicators.reporting_completeness(scope)["by_month"][june] == expected
    assert from_reports(monkeypatch, scope)["reporting"]["by_month"][june] == expected
