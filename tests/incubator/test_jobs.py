"""Jobs, their workers, and whether they count for a poor household."""

import datetime
from decimal import Decimal

import pytest

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from incubator import audit
from incubator.choices import JobKind
from incubator.factories import JobFactory, ShopFactory, WorkerFactory
from incubator.jobs import job_create, job_end
from incubator.models import Job, Worker
from trainees.choices import HouseholdStatus
from trainees.factories import HouseholdFactory, valid_id_number
from trainees.models import HouseholdStatusChange

pytestmark = pytest.mark.django_db

ID_NUMBER = valid_id_number(7)
# A job elsewhere is not named: the shop may not know of it (docs/incubator.md).
ELSEWHERE = (
    "This person holds another job in that period, and nobody holds a full-time job beside "
    "another one: check the start date and the kind of job with them."
)


def hire(scene, by=None, **overrides) -> Job:
    values = {
        "shop": scene.shop,
        "worker_name": "卓玛",
        "kind": JobKind.FULL_TIME,
        "starts_on": datetime.date(2025, 5, 1),
        "monthly_wage": "3200",
    }
    return job_create(by=by or scene.owner, **(values | overrides))


def household_with(*changes):
    household = HouseholdFactory()
    for status, valid_from in changes:
        HouseholdStatusChange.objects.create(
            household=household, status=status, valid_from=valid_from
        )
    return household


@pytest.mark.parametrize("who", ["owner", "coordinator", "manager"])
def test_a_shop_records_a_job(scene, who):
    job = hire(scene, by=scene.user(who), id_number=ID_NUMBER.lower())

    job.refresh_from_db()
    assert (job.shop, job.worker.name, job.worker.id_number) == (scene.shop, "卓玛", ID_NUMBER)
    assert (job.kind, job.starts_on, job.ends_on, job.monthly_wage) == (
        JobKind.FULL_TIME,
        datetime.date(2025, 5, 1),
        None,
        Decimal("3200.00"),
    )
    assert not job.counts_for_poor_household
    [entry] = audit.history(job)
    assert (entry.action, entry.user) == (audit.JOB_CREATE, scene.user(who))
    assert entry.data["changes"]["monthly_wage"] == [None, "3200.00"]


def test_a_workers_gender_is_kept_and_given_later_to_one_recorded_without(scene):
    first = hire(scene, id_number=ID_NUMBER, gender="female", ends_on=datetime.date(2025, 5, 31))
    WorkerFactory(name="扎西", id_number=valid_id_number(8))
    later = hire(
        scene,
        worker_name="扎西",
        id_number=valid_id_number(8),
        gender="male",
        starts_on=datetime.date(2025, 6, 1),
    )

    assert first.worker.gender == "female"
    later.worker.refresh_from_db()
    assert later.worker.gender == "male"


@pytest.mark.parametrize(
    ("status", "counts"),
    [
        (HouseholdStatus.REGISTERED_POOR, True),
        (HouseholdStatus.LIFTED_OUT, True),
        (HouseholdStatus.MONITORED, True),
        (HouseholdStatus.NONE, False),
    ],
)
def test_a_job_counts_for_a_poor_household_by_the_status_on_its_start_date(scene, status, counts):
    household = household_with((status, datetime.date(2020, 1, 1)))

    job = hire(scene, household=household)

    assert (job.household_status_at_start, job.counts_for_poor_household) == (status, counts)


def test_the_status_is_the_one_on_the_start_date_not_today(scene):
    household = household_with(
        (HouseholdStatus.REGISTERED_POOR, datetime.date(2018, 1, 1)),
        (HouseholdStatus.NONE, datetime.date(2025, 6, 1)),
    )

    before = hire(scene, household=household, starts_on=datetime.date(2025, 5, 31))
    after = hire(
        scene,
        household=household,
        worker_name="次仁",
        starts_on=datetime.date(2025, 6, 1),
        shop=ShopFactory(county=scene.county, owners=[scene.owner_trainee]),
    )

    assert before.counts_for_poor_household
    assert not after.counts_for_poor_household


def test_the_status_is_frozen_at_hiring(scene):
    household = household_with((HouseholdStatus.MONITORED, datetime.date(2024, 1, 1)))
    job = hire(scene, household=household)

    HouseholdStatusChange.objects.filter(household=household).update(status=HouseholdStatus.NONE)

    job.refresh_from_db()
    assert job.counts_for_poor_household
    assert job.household_status_at_start == HouseholdStatus.MONITORED


def test_a_job_with_an_unknown_household_does_not_count(scene):
    job = hire(scene)

    assert (job.household_status_at_start, job.counts_for_poor_household) == (
        HouseholdStatus.NONE,
        False,
    )


# The same worker


def test_the_same_identity_number_is_the_same_worker(scene):
    first = hire(scene, id_number=ID_NUMBER, kind=JobKind.PART_TIME)
    other_shop = ShopFactory(county=scene.county, owners=[scene.owner_trainee])

    second = hire(scene, id_number=ID_NUMBER, kind=JobKind.PART_TIME, shop=other_shop)

    assert second.worker == first.worker
    assert Worker.objects.count() == 1


def test_without_an_identity_number_the_same_name_in_the_same_household_is_the_same_worker(
    scene,
):
    household = household_with()
    first = hire(scene, household=household, kind=JobKind.SEASONAL)
    other_shop = ShopFactory(county=scene.county, owners=[scene.owner_trainee])

    second = hire(scene, household=household, kind=JobKind.SEASONAL, shop=other_shop)
    third = hire(scene, household=household, worker_name="次仁", shop=other_shop)

    assert second.worker == first.worker
    assert third.worker != first.worker


def test_with_neither_each_job_has_its_own_worker(scene):
    first = hire(scene)
    second = hire(scene, shop=ShopFactory(county=scene.county, owners=[scene.owner_trainee]))

    assert first.worker != second.worker


def test_an_identity_number_of_another_households_worker_is_refused(scene):
    hire(scene, id_number=ID_NUMBER, household=household_with())

    with pytest.raises(ValidationError) as error:
        hire(
            scene,
            id_number=ID_NUMBER,
            household=household_with(),
            shop=ShopFactory(county=scene.county, owners=[scene.owner_trainee]),
        )

    assert error.value.message_dict == {
        "household": [
            "This identity number is recorded with another household: check both numbers, "
            "or leave the household registry number empty."
        ]
    }
    assert Job.objects.count() == 1


# Bad input


def test_a_job_ending_before_it_starts_is_refused(scene):
    with pytest.raises(ValidationError) as error:
        hire(scene, ends_on=datetime.date(2025, 4, 30))

    assert error.value.message_dict == {
        "ends_on": ["Ends on: 2025-04-30 is before the job starts (2025-05-01)."]
    }
    assert not Job.objects.exists()
    assert not Worker.objects.exists()


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        (
            "monthly_wage",
            "-100",
            "Monthly wage (yuan): Enter 0 or more: an amount cannot be negative.",
        ),
        ("monthly_wage", "面议", "Monthly wage (yuan): Enter a number, such as 2500."),
        (
            "kind",
            "forever",
            "Kind: Choose a kind of job from the list: Full-time, Part-time, Seasonal.",
        ),
        ("worker_name", "  ", "Worker: This cannot be empty."),
        ("gender", "other", "Gender: Choose a gender from the list: Female, Male."),
        (
            "id_number",
            "513334199001010000",
            "Identity number: This identity number's check digit is wrong; "
            "check it against the card.",
        ),
        (
            "id_number",
            valid_id_number(7, born="20990101"),
            "Identity number: The birth date inside this identity number, 2099-01-01, "
            "is in the future; check it against the card.",
        ),
        (
            "id_number",
            valid_id_number(7, area="993334"),
            "Identity number: The first two digits of this identity number, 99, are not a "
            "province's code; check it against the card.",
        ),
        ("starts_on", "soon", "Starts on: Enter a date such as 2026-03-15."),
    ],
)
def test_bad_job_details_are_refused_naming_the_field(scene, field, typed, message):
    with pytest.raises(ValidationError) as error:
        hire(scene, **{field: typed})

    assert error.value.message_dict == {field: [message]}
    assert not Job.objects.exists()
    assert not Worker.objects.exists()


@pytest.mark.parametrize("kind", [JobKind.FULL_TIME, JobKind.PART_TIME, JobKind.SEASONAL])
def test_a_worker_employed_full_time_elsewhere_in_the_same_period_is_refused(scene, kind):
    worker = WorkerFactory(id_number=ID_NUMBER, name="卓玛")
    JobFactory(
        worker=worker,
        shop=scene.other_shop,
        kind=JobKind.FULL_TIME,
        starts_on=datetime.date(2025, 1, 1),
        ends_on=datetime.date(2025, 6, 30),
    )

    with pytest.raises(ValidationError) as error:
        hire(scene, id_number=ID_NUMBER, kind=kind, starts_on=datetime.date(2025, 6, 30))

    assert error.value.message_dict == {"starts_on": [ELSEWHERE]}
    assert Job.objects.count() == 1


def test_a_full_time_job_beside_a_part_time_one_elsewhere_is_refused(scene):
    worker = WorkerFactory(id_number=ID_NUMBER)
    JobFactory(worker=worker, shop=scene.other_shop, kind=JobKind.PART_TIME)

    with pytest.raises(ValidationError, match="holds another job in that period"):
        hire(
            scene, id_number=ID_NUMBER, kind=JobKind.FULL_TIME, starts_on=datetime.date(2026, 1, 1)
        )

    assert Job.objects.count() == 1


def test_part_time_jobs_side_by_side_are_fine(scene):
    worker = WorkerFactory(id_number=ID_NUMBER)
    JobFactory(worker=worker, shop=scene.other_shop, kind=JobKind.PART_TIME)

    job = hire(scene, id_number=ID_NUMBER, kind=JobKind.SEASONAL)

    assert job.worker == worker


@pytest.mark.parametrize(
    ("starts_on", "ends_on"),
    [
        (datetime.date(2025, 7, 1), None),  # after the other job ended
        (datetime.date(2024, 1, 1), datetime.date(2024, 12, 31)),  # before it started
    ],
)
def test_a_full_time_job_outside_the_other_ones_period_is_fine(scene, starts_on, ends_on):
    worker = WorkerFactory(id_number=ID_NUMBER)
    JobFactory(
        worker=worker,
        shop=scene.other_shop,
        starts_on=datetime.date(2025, 1, 1),
        ends_on=datetime.date(2025, 6, 30),
    )

    job = hire(scene, id_number=ID_NUMBER, starts_on=starts_on, ends_on=ends_on)

    assert job.worker == worker


def test_an_open_ended_job_elsewhere_clashes_with_any_later_job(scene):
    worker = WorkerFactory(id_number=ID_NUMBER)
    JobFactory(worker=worker, shop=scene.other_shop, starts_on=datetime.date(2025, 1, 1))

    with pytest.raises(ValidationError, match="holds another job in that period"):
        hire(scene, id_number=ID_NUMBER, starts_on=timezone.localdate())


def test_two_jobs_of_one_worker_at_one_shop_at_once_are_refused(scene):
    hire(scene, id_number=ID_NUMBER, kind=JobKind.PART_TIME)

    with pytest.raises(ValidationError) as error:
        hire(
            scene, id_number=ID_NUMBER, kind=JobKind.PART_TIME, starts_on=datetime.date(2025, 8, 1)
        )

    assert error.value.message_dict == {
        "starts_on": [
            "卓玛 already works at 高原松茸小店 from 2025-05-01 in that period: end that job first."
        ]
    }
    assert Job.objects.count() == 1


@pytest.mark.parametrize("who", ["other_owner", "trainee", "other_coordinator", "instructor"])
def test_only_owners_and_those_who_run_the_county_record_jobs(scene, who):
    with pytest.raises(PermissionDenied):
        hire(scene, by=scene.user(who))

    assert not Job.objects.exists()
    assert not Worker.objects.exists()


# Ending


def test_a_job_ends_and_the_end_is_kept_in_its_history(scene):
    job = hire(scene)

    job_end(job=job, ends_on=datetime.date(2025, 10, 31), by=scene.coordinator)

    job.refresh_from_db()
    assert job.ends_on == datetime.date(2025, 10, 31)
    entry = audit.history(job).first()
    assert (entry.action, entry.user) == (audit.JOB_END, scene.coordinator)
    assert entry.message == "Job ended: ends on: – → 2025-10-31"


def test_ending_before_the_start_is_refused(scene):
    job = hire(scene)

    with pytest.raises(ValidationError) as error:
        job_end(job=job, ends_on=datetime.date(2025, 4, 1), by=scene.owner)

    assert error.value.message_dict == {
        "ends_on": ["Ends on: 2025-04-01 is before the job starts (2025-05-01)."]
    }
    job.refresh_from_db()
    assert job.ends_on is None


def test_a_job_starting_tomorrow_is_refused_and_nothing_is_written(scene):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    with pytest.raises(ValidationError) as error:
        hire(scene, id_number=ID_NUMBER, starts_on=tomorrow)

    assert error.value.message_dict == {
        "starts_on": [
            f"Starts on: {tomorrow} has not come yet: record the job on the day it starts."
        ]
    }
    assert not Job.objects.exists()
    assert not Worker.objects.exists()


def test_a_job_starting_today_is_recorded(scene):
    job = hire(scene, starts_on=timezone.localdate())

    assert job.starts_on == timezone.localdate()


def test_a_planned_last_day_can_be_corrected_until_it_has_passed(scene):
    today = timezone.localdate()
    job = hire(scene, ends_on=today + datetime.timedelta(days=90))

    job_end(job=job, ends_on=today + datetime.timedelta(days=30), by=scene.owner)
    job_end(job=job, ends_on=today, by=scene.coordinator)

    job.refresh_from_db()
    assert job.ends_on == today
    assert [entry.action for entry in audit.history(job)][:2] == [audit.JOB_END, audit.JOB_END]


def test_a_later_last_day_that_runs_into_the_next_job_is_refused(scene):
    today = timezone.localdate()
    first = hire(
        scene,
        id_number=ID_NUMBER,
        starts_on=datetime.date(2025, 5, 1),
        ends_on=today + datetime.timedelta(days=10),
    )
    # Recorded before jobs had to have begun: the same person, full time elsewhere from day 11.
    JobFactory(
        worker=first.worker,
        shop=scene.other_shop,
        starts_on=today + datetime.timedelta(days=11),
    )

    with pytest.raises(ValidationError, match="holds another job in that period"):
        job_end(job=first, ends_on=today + datetime.timedelta(days=60), by=scene.owner)

    first.refresh_from_db()
    assert first.ends_on == today + datetime.timedelta(days=10)


def test_a_job_ends_once(scene):
    job = hire(scene)
    job_end(job=job, ends_on=datetime.date(2025, 6, 1), by=scene.owner)

    with pytest.raises(ValidationError, match="already ended on 2025-06-01"):
        job_end(job=job, ends_on=datetime.date(2025, 7, 1), by=scene.owner)

    job.refresh_from_db()
    assert job.ends_on == datetime.date(2025, 6, 1)


def test_another_shops_owner_cannot_end_a_job(scene):
    job = hire(scene)

    with pytest.raises(PermissionDenied):
        job_end(job=job, ends_on=datetime.date(2025, 6, 1), by=scene.other_owner)

    job.refresh_from_db()
    assert job.ends_on is None


def test_a_worker_stored_with_a_lower_case_x_is_stored_upper_case_and_found_again(scene):
    Worker.objects.create(name="卓玛", id_number=f" {ID_NUMBER.lower()} ")

    job = hire(scene, id_number=ID_NUMBER.lower())

    assert list(Worker.objects.values_list("id_number", flat=True)) == [ID_NUMBER]
    assert job.worker.id_number == ID_NUMBER
