import datetime

import pytest

from trainees.choices import HouseholdStatus
from trainees.models import County, Household, HouseholdStatusChange, Township, Village

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
