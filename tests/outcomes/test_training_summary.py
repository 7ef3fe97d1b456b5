"""The training summary and the records give the same figures: trainees trained (and from
poor households), certificates and poor households benefited, for the prefecture and each
county, read from trainees/training_summary.py, equal the same figures computed from the
enrolments and certificates themselves, over a random world of trainees."""

import datetime
import random

import pytest

from django.utils import timezone

from courses.factories import CoursePageFactory, ProgrammePageFactory
from outcomes import indicators
from outcomes.areas import WHOLE_PREFECTURE, area_from_code
from outcomes.indicators import Scope
from outcomes.periods import period_from_text
from trainees.choices import HouseholdStatus
from trainees.factories import (
    CertificateFactory,
    CohortFactory,
    HouseholdFactory,
    TraineeFactory,
)
from trainees.models import County, HouseholdStatusChange

from .world import at, enrol

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = D(2026, 1, 20)
WHOLE_MONTHS = ["2025", "2024", "2025-Q2", "2025-03", "2024-12", "2024-01-01..2025-06-30"]
OTHER_PERIODS = ["2024-10-15..2025-02-20"]  # not whole months: read from the records
FIGURES = ("trained", "certificates", "poor_households")


def random_day(rng: random.Random, first: datetime.date, last: datetime.date) -> datetime.date:
    return first + datetime.timedelta(days=rng.randrange((last - first).days + 1))


def random_training(seed: int):
    """Two counties; trainees with and without households (some living in the other
    county), households whose status changes, courses enrolled in and completed at random
    through 2024 and 2025, certificates issued, some of them revoked."""
    rng = random.Random(seed)
    counties = [County.objects.get(code="513334"), County.objects.get(code="513335")]
    statuses = list(HouseholdStatus)
    households = []
    for n in range(12):
        household = HouseholdFactory(
            village__township__county=counties[n % 2], members=rng.randint(1, 7)
        )
        for _change in range(rng.randint(0, 3)):
            HouseholdStatusChange.objects.get_or_create(
                household=household,
                valid_from=random_day(rng, D(2023, 6, 1), D(2025, 12, 31)),
                defaults={"status": rng.choice(statuses)},
            )
        households.append(household)
    changes = list(HouseholdStatusChange.objects.values_list("valid_from", flat=True))
    courses = [CoursePageFactory() for _ in range(3)]
    for _n in range(30):
        household = rng.choice(households + [None])
        trainee = TraineeFactory(county=rng.choice(counties), household=household)
        for course in rng.sample(courses, rng.randint(1, 3)):
            # Often on the day a status changes, or the first of a month, at 00:30 in
            # Beijing: the day before in UTC.
            enrolled = random_day(rng, D(2023, 10, 1), D(2025, 11, 30))
            if changes and rng.random() < 0.3:
                enrolled = rng.choice(changes)
            enrolled_at = at(enrolled, hour=rng.choice([0, 12]), minute=30)
            completed_at = None
            if rng.random() < 0.75:
                done = random_day(rng, enrolled, D(2025, 12, 31))
                if rng.random() < 0.3 and done.day > 1:
                    done = (done + datetime.timedelta(days=31)).replace(day=1)
                completed_at = at(done, hour=rng.choice([0, 12]), minute=30)
            enrolment = enrol(trainee, course, enrolled=enrolled_at, completed=completed_at)
            if completed_at and rng.random() < 0.8:
                revoked = timezone.now() if rng.random() < 0.2 else None
                CertificateFactory(
                    enrolment=enrolment,
                    issued_on=timezone.localdate(completed_at),
                    revoked_at=revoked,
                )
    return counties


def scopes(counties):
    areas = [WHOLE_PREFECTURE, *(area_from_code(county.code) for county in counties)]
    for area in areas:
        for period in WHOLE_MONTHS + OTHER_PERIODS:
            yield Scope(area=area, period=period_from_text(period), today=TODAY)


def figures(scope: Scope) -> dict:
    computed = indicators.compute(scope)
    return {name: computed[name] for name in FIGURES}


@pytest.mark.parametrize("seed", [2025, 2026])
def test_the_summary_and_the_records_give_the_same_figures_for_every_scope(monkeypatch, seed):
    counties = random_training(seed)
    differences, summarised = [], 0
    for scope in scopes(counties):
        from_summary = figures(scope)
        with monkeypatch.context() as patch:
            patch.setattr(indicators, "_training_summarised", lambda scope: False)
            from_records = figures(scope)
        summarised += indicators._training_summarised(scope)
        name = f"{scope.area} {scope.period}"
        differences += [
            f"{name}: {key}: summary {from_summary[key]!r} != records {from_records[key]!r}"
            for key in FIGURES
            if from_summary[key] != from_records[key]
        ]
    assert differences == []
    assert summarised == 3 * len(WHOLE_MONTHS)


def test_the_random_world_has_something_to_compare():
    """Each county's 2025 has trainees, trainees from poor households, certificates and
    poor households, so that the comparison above is not of zeros."""
    counties = random_training(2026)
    for county in counties:
        scope = Scope(area=area_from_code(county.code), period=period_from_text("2025"))
        computed = figures(scope)
        assert computed["trained"]["trainees"] > 0
        assert computed["trained"]["poor_household_trainees"] > 0
        assert computed["certificates"]["issued"] > 0
        assert computed["poor_households"]["households"] > 0


def test_a_township_a_track_a_cohort_or_broken_months_read_the_records():
    county = County.objects.get(code="513334")
    township = HouseholdFactory(village__township__county=county).village.township
    period = period_from_text("2025")
    assert indicators._training_summarised(Scope(area=WHOLE_PREFECTURE, period=period))
    assert indicators._training_summarised(Scope(area=area_from_code(county.code), period=period))
    for narrower in (
        Scope(area=area_from_code(township.code), period=period),
        Scope(area=WHOLE_PREFECTURE, period=period, track=ProgrammePageFactory()),
        Scope(area=WHOLE_PREFECTURE, period=period, cohort=CohortFactory(county=county)),
    ):
        assert not indicators._training_summarised(narrower)
    assert not indicators._training_summarised(
        Scope(area=WHOLE_PREFECTURE, period=period_from_text("2025-01-02..2025-12-31"))
    )
