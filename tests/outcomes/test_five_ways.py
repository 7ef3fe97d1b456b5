"""The five ways of driving incomes (outcomes/five_ways.py) over a small world counted by
hand, for 2025 (today 2025-12-15).

Households (members; statuses):
- H1 (county A, 5): registered poor from 2020, none from 2025-07-01.
- H2 (county A, 3): monitored from 2025-06-01.
- H3 (county A, 4): never poor.
- H4 (county B, 2): registered poor from 2019.
- H5 (county A, 6): never poor; reached only outside 2025 or by a job too short.

Records:
- own shop: S1 (county A) began incubating 2025-02-03, owned by t1 of H3; S0 began in
  2024, owned by t5 of H5 (not 2025).
- industry: S1 bought from H1 in 2025-03 (¥1000, H1 poor then); co-operative E (county
  A) from H2 in 2025-04 (¥500, H2 not yet poor) and from H1 in 2025-09 (¥300, H1 no
  longer poor: H1 still counts poor, by March); S1 from H5 in 2024-11 (¥800, not 2025).
- start-up: t4 of H4 started a workshop on 2025-05-01 (H4 poor); t6, with no household,
  a stall (nobody to count).
- employment: at S1 a worker of H3 from 2025-03-01, open, ¥2000 a month (March to
  December: 10 months, ¥20000); at S2 (county B) a worker of H4 from 2025-06-01 to
  2025-10-31, ¥1500 (June to October: 5 months, ¥7500; poor, frozen at hiring); a worker
  of H5 from 2025-01-10 to 2025-02-08 (30 days: not counted).
- shareholding: H2 holds shares of E since 2025-01-01: dividends ¥400 on 2025-12-01 (H2
  poor then) and ¥100 on 2024-12-01 (not 2025).

So, for the prefecture (households, people, poor households, income):
- own shop: H3 → 1, 4, 0, none recorded;
- industry: H1, H2 → 2, 8, 1 (H1), ¥1800;
- start-up: H4 → 1, 2, 1, none recorded;
- employment: H3, H4 → 2, 6, 1 (H4), ¥27500;
- shareholding: H2 → 1, 3, 1, ¥400;
- over all: H1, H2, H3, H4 once each → 4, 14, 3 (H1, H2, H4; H2 poor by its dividend
  although not by its sale), ¥29700.
County A (H1, H2, H3): own shop 1, 4, 0; industry 2, 8, 1, ¥1800; start-up 0; employment
H3 → 1, 4, 0, ¥20000; shareholding 1, 3, 1, ¥400; over all 3, 12, 2, ¥22200.
County B (H4): start-up 1, 2, 1; employment 1, 2, 1, ¥7500; industry 0 households, ¥0;
over all 1, 2, 1, ¥7500.
"""

from decimal import Decimal

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from incubator.choices import IncomeWay
from incubator.factories import (
    DividendFactory,
    EnterpriseFactory,
    JobFactory,
    PurchaseFactory,
    ShareholdingFactory,
    ShopFactory,
    TraineeBusinessFactory,
    WorkerFactory,
)
from outcomes import five_ways
from outcomes.areas import WHOLE_PREFECTURE, area_from_code
from outcomes.indicators import Scope
from outcomes.periods import period_from_text
from tests.outcomes.world import TODAY, D, status
from trainees.choices import HouseholdStatus
from trainees.factories import HouseholdFactory, TraineeFactory
from trainees.models import County

pytestmark = pytest.mark.django_db

OWN, INDUSTRY, START_UP = IncomeWay.OWN_SHOP, IncomeWay.INDUSTRY, IncomeWay.START_UP
EMPLOYMENT, SHARES, TOTAL = IncomeWay.EMPLOYMENT, IncomeWay.SHAREHOLDING, five_ways.TOTAL


def build():
    county_a, county_b = County.objects.order_by("code")[:2]

    def household(county, members):
        return HouseholdFactory(village__township__county=county, members=members)

    h1, h2, h3 = household(county_a, 5), household(county_a, 3), household(county_a, 4)
    h4, h5 = household(county_b, 2), household(county_a, 6)
    status(
        h1,
        (D(2020, 1, 1), HouseholdStatus.REGISTERED_POOR),
        (D(2025, 7, 1), HouseholdStatus.NONE),
    )
    status(h2, (D(2025, 6, 1), HouseholdStatus.MONITORED))
    status(h4, (D(2019, 1, 1), HouseholdStatus.REGISTERED_POOR))

    t1 = TraineeFactory(county=county_a, household=h3)
    s1 = ShopFactory(county=county_a, owners=[t1], incubating_on=D(2025, 2, 3))
    t5 = TraineeFactory(county=county_a, household=h5)
    ShopFactory(county=county_a, owners=[t5], applied_on=D(2024, 4, 1), incubating_on=D(2024, 5, 1))
    s2 = ShopFactory(county=county_b, incubating_on=D(2024, 5, 1), applied_on=D(2024, 4, 1))

    co_op = EnterpriseFactory(county=county_a)
    PurchaseFactory(shop=s1, household=h1, month=D(2025, 3, 1), amount=Decimal("1000"))
    PurchaseFactory(shop=None, enterprise=co_op, household=h2, month=D(2025, 4, 1), amount=500)
    PurchaseFactory(shop=None, enterprise=co_op, household=h1, month=D(2025, 9, 1), amount=300)
    PurchaseFactory(shop=s1, household=h5, month=D(2024, 11, 1), amount=Decimal("800"))

    t4 = TraineeFactory(county=county_b, household=h4)
    TraineeBusinessFactory(trainee=t4, started_on=D(2025, 5, 1))
    TraineeBusinessFactory(trainee=TraineeFactory(county=county_a), started_on=D(2025, 6, 1))

    JobFactory(
        shop=s1, worker=WorkerFactory(household=h3), starts_on=D(2025, 3, 1), monthly_wage=2000
    )
    JobFactory(
        shop=s2,
        worker=WorkerFactory(household=h4),
        starts_on=D(2025, 6, 1),
        ends_on=D(2025, 10, 31),
        monthly_wage=1500,
        household_status_at_start=HouseholdStatus.REGISTERED_POOR,
        counts_for_poor_household=True,
    )
    JobFactory(
        shop=s1,
        worker=WorkerFactory(household=h5),
        starts_on=D(2025, 1, 10),
        ends_on=D(2025, 2, 8),
    )

    shares = ShareholdingFactory(household=h2, shop=None, enterprise=co_op, since=D(2024, 1, 1))
    DividendFactory(shareholding=shares, paid_on=D(2025, 12, 1), amount=400)
    DividendFactory(shareholding=shares, paid_on=D(2024, 12, 1), amount=100)
    return county_a, county_b


@pytest.fixture
def counties():
    return build()


def figures(area=WHOLE_PREFECTURE, period="2025") -> dict:
    scope = Scope(area=area, period=period_from_text(period), today=TODAY)
    return {
        way: (row["households"], row["people"], row["poor_households"], row["income"])
        for way, row in five_ways.five_ways(scope).items()
    }


def test_each_way_and_all_of_them_for_the_prefecture(counties):
    assert figures() == {
        OWN: (1, 4, 0, None),
        INDUSTRY: (2, 8, 1, Decimal("1800.00")),
        START_UP: (1, 2, 1, None),
        EMPLOYMENT: (2, 6, 1, Decimal("27500.00")),
        SHARES: (1, 3, 1, Decimal("400.00")),
        TOTAL: (4, 14, 3, Decimal("29700.00")),
    }


def test_a_household_reached_two_ways_counts_once_and_poor_if_poor_in_either(counties):
    total = figures()[TOTAL]
    ways = [row for way, row in figures().items() if way != TOTAL]

    assert sum(row[0] for row in ways) == 7  # H1, H2 twice, H3 twice, H4 twice
    assert total[:3] == (4, 14, 3)


def test_a_household_counts_as_poor_by_its_status_on_the_day(counties):
    # H2 was not poor on the day of its sale (April), poor on its dividend's (December);
    # H1 poor in March, no longer in September.
    first_half = figures(period="2025-01-01..2025-06-30")
    assert first_half[INDUSTRY] == (2, 8, 1, Decimal("1500.00"))
    assert figures(period="2025-09")[INDUSTRY] == (1, 5, 0, Decimal("300.00"))
    assert figures(period="2025-12")[SHARES] == (1, 3, 1, Decimal("400.00"))


def test_each_county_counts_the_households_of_its_villages(counties):
    county_a, county_b = (area_from_code(county.code) for county in counties)

    assert figures(county_a) == {
        OWN: (1, 4, 0, None),
        INDUSTRY: (2, 8, 1, Decimal("1800.00")),
        START_UP: (0, 0, 0, None),
        EMPLOYMENT: (1, 4, 0, Decimal("20000.00")),
        SHARES: (1, 3, 1, Decimal("400.00")),
        TOTAL: (3, 12, 2, Decimal("22200.00")),
    }
    assert figures(county_b) == {
        OWN: (0, 0, 0, None),
        INDUSTRY: (0, 0, 0, Decimal("0.00")),
        START_UP: (1, 2, 1, None),
        EMPLOYMENT: (1, 2, 1, Decimal("7500.00")),
        SHARES: (0, 0, 0, Decimal("0.00")),
        TOTAL: (1, 2, 1, Decimal("7500.00")),
    }


def test_wages_count_the_months_a_job_ran_up_to_the_period_or_today(counties):
    # The open job at S1 from March: March to June in the first half; to December (today's
    # month) in the year.
    assert figures(period="2025-01-01..2025-06-30")[EMPLOYMENT][3] == Decimal("8000.00") + (
        Decimal("1500.00")  # H4's job, June only
    )
    assert figures(period="2024")[EMPLOYMENT] == (0, 0, 0, Decimal("0.00"))


def test_the_count_takes_as_many_queries_with_more_data(counties):
    scope = Scope(area=WHOLE_PREFECTURE, period=period_from_text("2025"), today=TODAY)
    with CaptureQueriesContext(connection) as few:
        five_ways.five_ways(scope)
    build()  # as much again
    with CaptureQueriesContext(connection) as more:
        counted = five_ways.five_ways(scope)

    assert len(more) == len(few) == 5
    assert counted[TOTAL]["households"] == 8


def test_the_api_gives_each_way_and_the_distinct_total(client, counties):
    from tests.outcomes.test_api import get, new_token

    _, plain = new_token(county=counties[1])
    answer = get(client, plain, period="2025").json()

    assert answer["calculation_version"] == 3
    assert answer["figures"]["five_ways"] == {
        "own_shop": {"households": 0, "people": 0, "poor_households": 0, "income": None},
        "industry": {"households": 0, "people": 0, "poor_households": 0, "income": "0.00"},
        "start_up": {"households": 1, "people": 2, "poor_households": 1, "income": None},
        "employment": {"households": 1, "people": 2, "poor_households": 1, "income": "7500.00"},
        "shareholding": {"households": 0, "people": 0, "poor_households": 0, "income": "0.00"},
        "total": {"households": 1, "people": 2, "poor_households": 1, "income": "7500.00"},
    }


def test_the_dashboard_shows_each_way_and_all_of_them(client, counties):
    from bs4 import BeautifulSoup

    from tests.incubator.scene import scene as make_scene
    from tests.outcomes.test_dashboard import URL, login

    login(client, make_scene().coordinator)  # county A's
    page = BeautifulSoup(client.get(URL, {"period": "2025"}).content, "html.parser")

    table = page.find(id="five-ways").find_parent("section").find("table")
    rows = [
        [cell.get_text(strip=True) for cell in row.find_all(["th", "td"])]
        for row in table.tbody.find_all("tr")
    ]
    assert rows == [
        ["Own online shop", "1", "4", "0", "not recorded"],
        ["E-commerce industry", "2", "8", "1", "1,800.00"],
        ["Starting a business", "0", "0", "0", "not recorded"],
        ["Employment", "1", "4", "0", "20,000.00"],
        ["Shareholding", "1", "3", "1", "400.00"],
        ["All five ways, each household once", "3", "12", "2", "22,200.00"],
    ]
