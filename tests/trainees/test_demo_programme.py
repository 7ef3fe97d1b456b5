"""The plan of the demo programme and its clock, without loading it (test_load_demo.py
loads it): its people's identity numbers, the days it counts back from, and the clock the
services read while its history is replayed."""

import datetime
import zoneinfo

import pytest

from django.utils import timezone

from incubator.demo import SHOPS
from trainees.demo_programme import COHORTS, HOUSEHOLDS, PEOPLE, Days, happening_at
from trainees.identity import validate_id_number
from trainees.phones import normalise_phone

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def test_the_clock_reads_the_moment_and_comes_back_even_when_a_step_fails():
    real_now = timezone.now
    moment = datetime.datetime(2025, 3, 1, 10, tzinfo=SHANGHAI)

    with happening_at(moment):
        assert timezone.now() == moment
        assert timezone.localdate() == datetime.date(2025, 3, 1)
    assert timezone.now is real_now
    with pytest.raises(ZeroDivisionError), happening_at(moment):
        1 / 0  # noqa: B018
    assert timezone.now is real_now


@pytest.mark.parametrize(
    "now",
    [
        datetime.datetime(2027, 1, 1, 0, 30, tzinfo=SHANGHAI),  # the first half hour of a year
        datetime.datetime(2027, 1, 2, 8, tzinfo=SHANGHAI),
        datetime.datetime(2026, 12, 7, 21, tzinfo=SHANGHAI),
    ],
)
def test_this_years_moments_are_in_this_year_and_never_after_now(now):
    days = Days(now=now)

    for back in (0, 1, 12, 20, 400):
        moment = days.this_year(back, datetime.time(20, 30))
        assert moment.astimezone(SHANGHAI).year == now.year
        assert moment < now
    assert days.ago(400) < now and days.at(days.today, datetime.time(23)) < now


def test_every_person_has_a_valid_distinct_identity_number_and_demo_phones_are_valid():
    numbers = [person.id_number for person in PEOPLE]

    for number in numbers:
        validate_id_number(number)
    assert len(set(numbers)) == len(numbers)
    for person in PEOPLE:
        if person.phone:
            assert normalise_phone(person.phone) == person.phone
            assert person.phone.startswith("+86138000000")  # plainly made up


def test_the_plan_names_only_its_people_and_households_of_their_own_county():
    people = {person.key: person for person in PEOPLE}

    for plan in COHORTS:
        for member in plan.members:
            assert people[member.key].county == plan.county, (plan.name, member.key)
    for person in PEOPLE:
        if person.household:
            assert HOUSEHOLDS[person.household][0] == person.village, person.key
    for shop in SHOPS:
        county = people[shop.trainee].county
        for job in shop.jobs:
            assert not job.household or job.household.startswith(county), (shop.name, job)
