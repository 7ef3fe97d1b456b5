"""Each indicator over the hand-counted world of tests/outcomes/world.py, for 2025."""

import datetime
from decimal import Decimal

import pytest

from courses.factories import CoursePageFactory
from incubator.choices import Channel
from outcomes import indicators
from outcomes.areas import WHOLE_PREFECTURE, area_from_code
from outcomes.indicators import Scope
from outcomes.periods import period_from_text
from tests.outcomes.world import TODAY, D, at, build, enrol, status
from trainees.choices import HouseholdStatus
from trainees.factories import (
    CertificateFactory,
    CohortFactory,
    HouseholdFactory,
    TraineeFactory,
    VillageFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build()


def scope(area=WHOLE_PREFECTURE, period="2025", **filters) -> Scope:
    return Scope(area=area, period=period_from_text(period), today=TODAY, **filters)


def county(world, letter):
    return area_from_code((world.county_a if letter == "A" else world.county_b).code)


def test_trainees_trained_count_people_and_person_times_in_shanghai_days(world):
    # t4's course completed at 23:30 on 2024-12-31 in Shanghai is 2024's, though 2025 in UTC.
    assert indicators.trainees_trained(scope()) == {
        "trainees": 4,
        "person_times": 6,
        "poor_household_trainees": 2,
    }
    assert indicators.trainees_trained(scope(county(world, "A"))) == {
        "trainees": 3,
        "person_times": 4,
        "poor_household_trainees": 1,
    }
    township = area_from_code(world.township_a.code)
    assert indicators.trainees_trained(scope(township))["trainees"] == 1


def test_a_trainee_counts_as_poor_by_the_household_status_on_the_enrolment_date(world):
    """t3's household became monitored on 2025-03-01: the enrolment of 2025-02-15 is not
    from a poor household, the one of 2025-04-01 is."""
    assert indicators.trainees_trained(scope(county(world, "B"), "2025-04")) == {
        "trainees": 1,
        "person_times": 1,
        "poor_household_trainees": 0,
    }
    assert indicators.trainees_trained(scope(county(world, "B"), "2025-05")) == {
        "trainees": 1,
        "person_times": 1,
        "poor_household_trainees": 1,
    }


def test_the_track_and_the_cohort_narrow_the_training_figures(world):
    assert indicators.trainees_trained(scope(track=world.track)) == {
        "trainees": 3,
        "person_times": 3,
        "poor_household_trainees": 1,
    }
    assert indicators.trainees_trained(scope(cohort=world.k1))["trainees"] == 1


def test_certificates_leave_out_revoked_ones_and_rate_against_completions(world):
    assert indicators.certificates(scope(), completions=6) == {
        "issued": 3,
        "certification_rate": Decimal("50.0"),
    }
    assert indicators.certificates(scope(period="2030"), completions=0) == {
        "issued": 0,
        "certification_rate": None,
    }


def test_incubations_new_in_the_period_and_in_all(world):
    assert indicators.incubations(scope()) == {"new": 1, "cumulative": 2}
    assert indicators.incubations(scope(county(world, "A"))) == {"new": 1, "cumulative": 1}
    assert indicators.incubations(scope(period="2024")) == {"new": 1, "cumulative": 1}


def test_active_shops_sold_in_the_last_three_months_of_the_period(world):
    assert indicators.active_shops(scope()) == 2
    assert indicators.active_shops(scope(county(world, "A"))) == 1
    assert indicators.active_shops(scope(channel=Channel.PLATFORM_832)) == 1
    # In 2025-09 the shops' last sales (2025-06) are more than 3 months old.
    assert indicators.active_shops(scope(period="2025-09")) == 0
    assert indicators.active_shops(scope(period="2025-08")) == 1


def test_sales_count_approved_reports_only_and_split_them(world):
    figures = indicators.sales(scope())
    assert figures["total"] == Decimal("4500.00")
    assert figures["platform_832"] == Decimal("800.00")
    assert figures["agricultural_share"] == Decimal("77.8")
    # By code: published figures read the same in every language.
    assert figures["by_channel"] == {"taobao": Decimal("3700.00"), "832": Decimal("800.00")}
    assert figures["by_county"] == {
        world.county_b.name: Decimal("2700.00"),
        world.county_a.name: Decimal("1800.00"),
    }
    assert figures["by_cohort"] == {world.k2.name: Decimal("2700"), world.k1.name: Decimal("1800")}
    assert list(figures["by_month"]) == [datetime.date(2025, m, 1) for m in range(1, 13)]
    assert figures["by_month"][datetime.date(2025, 12, 1)] == Decimal("2100.00")
    assert figures["by_month"][datetime.date(2025, 1, 1)] == 0
    assert indicators.sales(scope(channel=Channel.PLATFORM_832))["total"] == Decimal("800.00")
    assert indicators.sales(scope(cohort=world.k1))["total"] == Decimal("1800.00")


def test_median_monthly_sales_of_active_shops(world):
    assert indicators.median_monthly_sales(scope()) == Decimal("187.50")  # 150 and 225
    assert indicators.median_monthly_sales(scope(period="2025-09")) is None


def test_jobs_created_last_ninety_days_or_are_still_open(world):
    assert indicators.jobs_created(scope()) == {"jobs": 3, "poor_household_jobs": 2}
    assert indicators.jobs_created(scope(county(world, "A"))) == {
        "jobs": 1,
        "poor_household_jobs": 1,
    }


def test_poor_households_are_counted_once_however_many_links_they_have(world):
    # HP: a trainee, a shop owner and a worker; HM: a trainee and a worker.
    assert indicators.poor_households_benefited(scope()) == {"households": 2, "people": 9}
    assert indicators.poor_households_benefited(scope(county(world, "A"))) == {
        "households": 1,
        "people": 5,
    }
    assert indicators.poor_households_benefited(scope(county(world, "B"))) == {
        "households": 1,
        "people": 4,
    }


def test_a_trainee_counts_in_their_county_and_their_household_in_its_own(world):
    """t5 is recorded in county A, but their poor household HB lives in county B: A counts the
    trainee, B the household, and compute (which reads them once) agrees with each figure."""
    hb = HouseholdFactory(village=VillageFactory(township__county=world.county_b), members=6)
    status(hb, (D(2024, 1, 1), HouseholdStatus.REGISTERED_POOR))
    t5 = TraineeFactory(county=world.county_a, household=hb)
    enrol(t5, CoursePageFactory(), enrolled=at(D(2025, 2, 1)), completed=at(D(2025, 3, 1)))

    a, b = county(world, "A"), county(world, "B")
    assert indicators.trainees_trained(scope(a))["poor_household_trainees"] == 2
    assert indicators.trainees_trained(scope(b))["poor_household_trainees"] == 1
    assert indicators.poor_households_benefited(scope(a)) == {"households": 1, "people": 5}
    assert indicators.poor_households_benefited(scope(b)) == {"households": 2, "people": 10}
    for area in (WHOLE_PREFECTURE, a, b):
        figures = indicators.compute(scope(area))
        assert figures["trained"] == indicators.trainees_trained(scope(area))
        assert figures["poor_households"] == indicators.poor_households_benefited(scope(area))
    assert indicators.compute(scope())["trained"]["poor_household_trainees"] == 3


def test_reporting_completeness_needs_every_channel_approved_by_the_tenth(world):
    figures = indicators.reporting_completeness(scope())
    by_month = {
        month.month: (row["on_time"], row["active"]) for month, row in figures["by_month"].items()
    }
    assert by_month == {
        1: (0, 1), 2: (0, 1), 3: (0, 0), 4: (0, 0), 5: (0, 0),
        6: (1, 1), 7: (0, 1), 8: (0, 1), 9: (0, 0),
        10: (1, 1), 11: (0, 1), 12: (None, 2),
    }  # fmt: skip
    # S2's sales of 2024-12 keep it active in January and February. On TODAY (15 December)
    # December's reports are not due yet: neither on time nor late, and not counted.
    assert figures["by_month"][D(2025, 12, 1)]["due"] is False
    assert figures["share"] == Decimal("28.6")  # 2 of 7
    # Once December's grace period has passed, its two late shops count.
    after = Scope(area=WHOLE_PREFECTURE, period=period_from_text("2025"), today=D(2026, 1, 11))
    figures = indicators.reporting_completeness(after)
    assert figures["by_month"][D(2025, 12, 1)] == {
        "active": 2, "on_time": 0, "share": Decimal("0.0"), "due": True
    }  # fmt: skip
    assert figures["share"] == Decimal("22.2")  # 2 of 9


def test_the_funnel_follows_each_cohorts_certified_trainees_to_shops_and_jobs(world):
    rows = indicators.funnel(scope())
    assert [
        (
            row["cohort"],
            row["certified"],
            row["shop_owners"],
            row["selling_shops"],
            row["jobs"],
            row["poor_household_jobs"],
        )
        for row in rows
    ] == [(world.k1, 1, 1, 1, 1, 1), (world.k2, 1, 1, 1, 2, 1)]
    assert [row["cohort"] for row in indicators.funnel(scope(county(world, "B")))] == [world.k2]


def test_the_funnel_by_county_counts_a_trainee_of_two_cohorts_and_their_shop_once(world):
    k3 = CohortFactory(county=world.county_a, starts_on=D(2025, 3, 1), ends_on=D(2025, 8, 31))
    t1 = world.shops["S1"].owners.get()
    course = CoursePageFactory()
    e = enrol(t1, course, enrolled=at(D(2025, 3, 1)), completed=at(D(2025, 4, 1)), cohort=k3)
    CertificateFactory(enrolment=e, issued_on=D(2025, 4, 1))

    def figures(row):
        return [row[key] for key in ("certified", "shop_owners", "selling_shops", "jobs")]

    by_cohort = {row["cohort"]: figures(row) for row in indicators.funnel(scope())}
    assert by_cohort == {world.k1: [1, 1, 1, 1], k3: [1, 1, 1, 1], world.k2: [1, 1, 1, 2]}
    by_county = {row["county"]: figures(row) for row in indicators.funnel(scope(), by_county=True)}
    assert by_county == {world.county_a.name: [1, 1, 1, 1], world.county_b.name: [1, 1, 1, 2]}


def test_compute_takes_as_many_queries_with_more_data(world, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        indicators.compute(scope())
    build()  # as much again
    with CaptureQueriesContext(connection) as more:
        figures = indicators.compute(scope())
    assert len(more) == len(few)
    assert figures["trained"]["trainees"] == 8
