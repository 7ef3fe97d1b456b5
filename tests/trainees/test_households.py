import datetime

import pytest

from django.db.models import DateField, OuterRef, Value

from trainees.choices import HouseholdStatus
from trainees.models import (
    County,
    Household,
    HouseholdStatusChange,
    Township,
    Village,
    status_on,
    status_on_in_sql,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def household():
    county = County.objects.get(code="513334")
    township = Township.objects.create(county=county, code="513334100", name="高城镇")
    village = Village.objects.create(township=township, code="513334100001", name="德西一村")
    household = Household.objects.create(registry_number="5133341000010001", village=village)
    for status, day in [
        (HouseholdStatus.REGISTERED_POOR, datetime.date(2015, 3, 1)),
        (HouseholdStatus.LIFTED_OUT, datetime.date(2019, 12, 31)),
        (HouseholdStatus.MONITORED, datetime.date(2022, 6, 15)),
    ]:
        HouseholdStatusChange.objects.create(household=household, status=status, valid_from=day)
    return household


@pytest.mark.parametrize(
    ("day", "status"),
    [
        (datetime.date(2014, 12, 31), HouseholdStatus.NONE),
        (datetime.date(2015, 3, 1), HouseholdStatus.REGISTERED_POOR),
        (datetime.date(2019, 12, 30), HouseholdStatus.REGISTERED_POOR),
        (datetime.date(2019, 12, 31), HouseholdStatus.LIFTED_OUT),
        (datetime.date(2026, 1, 1), HouseholdStatus.MONITORED),
    ],
)
def test_status_on_a_day_is_the_latest_change_made_by_then(household, day, status):
    assert household.status_on(day) == status


def test_status_on_a_day_is_one_query(household, django_assert_num_queries):
    with django_assert_num_queries(1):
        household.status_on(datetime.date(2020, 1, 1))


# The one rule (trainees.models.status_on) and its SQL (status_on_in_sql) agree.

POOR = HouseholdStatus.REGISTERED_POOR
LIFTED = HouseholdStatus.LIFTED_OUT
MONITORED = HouseholdStatus.MONITORED
NONE = HouseholdStatus.NONE

HISTORIES = {
    "no change": [],
    "three changes": [
        (datetime.date(2015, 3, 1), POOR),
        (datetime.date(2019, 12, 31), LIFTED),
        (datetime.date(2022, 6, 15), MONITORED),
    ],
    "one change on the day of another's": [(datetime.date(2019, 12, 31), MONITORED)],
    "changes on two days running": [
        (datetime.date(2019, 12, 30), POOR),
        (datetime.date(2019, 12, 31), NONE),
    ],
    "back to none, then monitored": [
        (datetime.date(2016, 1, 1), POOR),
        (datetime.date(2018, 1, 1), NONE),
        (datetime.date(2020, 1, 1), MONITORED),
    ],
}
DAYS = [
    datetime.date(2014, 12, 31),  # before any change
    datetime.date(2015, 3, 1),  # the day of a change
    datetime.date(2017, 6, 1),
    datetime.date(2019, 12, 30),
    datetime.date(2019, 12, 31),  # a day with two changes (of two households)
    datetime.date(2020, 1, 1),
    datetime.date(2022, 6, 14),
    datetime.date(2022, 6, 15),
    datetime.date(2026, 1, 1),
]


@pytest.fixture
def households():
    township = Township.objects.create(
        county=County.objects.get(code="513334"), code="513334101", name="甲洼镇"
    )
    village = Village.objects.create(township=township, code="513334101001", name="甲洼村")
    made = {}
    for n, (name, history) in enumerate(HISTORIES.items()):
        household = Household.objects.create(registry_number=f"H-{n}", village=village)
        for day, status in history:
            HouseholdStatusChange.objects.create(household=household, status=status, valid_from=day)
        made[household.pk] = name
    return made


def test_the_rule_takes_the_latest_change_on_or_before_the_day_in_any_order():
    changes = [(datetime.date(2022, 6, 15), MONITORED), (datetime.date(2015, 3, 1), POOR)]
    assert status_on(changes, datetime.date(2015, 2, 28)) == NONE
    assert status_on(changes, datetime.date(2015, 3, 1)) == POOR
    assert status_on(changes, datetime.date(2022, 6, 14)) == POOR
    assert status_on(changes, datetime.date(2022, 6, 15)) == MONITORED
    assert status_on([], datetime.date(2022, 6, 15)) == NONE


@pytest.mark.parametrize("day", DAYS)
def test_the_sql_answers_as_the_rule_for_a_day_given(households, day):
    by_sql = dict(
        Household.objects.filter(pk__in=households)
        .annotate(status=status_on_in_sql("pk", day))
        .values_list("pk", "status")
    )
    assert by_sql == {pk: status_on(HISTORIES[name], day) for pk, name in households.items()}


def test_the_sql_answers_as_the_rule_for_a_day_of_the_outer_query(households):
    """As the indicators use it: the day is a column of each row (there, the enrolment's)."""
    for day in DAYS:
        by_sql = dict(
            Household.objects.filter(pk__in=households)
            .annotate(day=Value(day, output_field=DateField()))
            .annotate(status=status_on_in_sql("pk", OuterRef("day")))
            .values_list("pk", "status")
        )
        expected = {pk: status_on(HISTORIES[name], day) for pk, name in households.items()}
        assert by_sql == expected, day
        by_model = {pk: Household.objects.get(pk=pk).status_on(day) for pk in households}
        assert by_model == expected, day
