"""Hiring someone whose identity number another county recorded (docs/incubator.md, "A
worker recorded elsewhere"): the hire goes on, counted from their household on the start
date, and nothing the hiring person or their coordinator reads names the other record."""

import datetime

import pytest

from django.urls import reverse

from incubator.admin_views import JobViewSet
from incubator.choices import JobKind
from incubator.factories import JobFactory, WorkerFactory
from incubator.models import Job, Worker
from tests.export_files import csv_table
from tests.incubator.test_admin_views import login as admin_login
from tests.incubator.test_jobs import ELSEWHERE
from tests.incubator.test_my_shop import job_data
from trainees.choices import HouseholdStatus
from trainees.factories import HouseholdFactory, valid_id_number
from trainees.models import HouseholdStatusChange

pytestmark = pytest.mark.django_db

ID_NUMBER = valid_id_number(41)
TYPED = "次仁卓玛"  # the name the employer types
REGISTERED = "格桑拉姆"  # the name the other county recorded


@pytest.fixture
def elsewhere(scene):
    """A worker of a poor household of county B, part-time at county B's shop since
    2024-03-17."""
    household = HouseholdFactory(village__township__county=scene.other_county)
    HouseholdStatusChange.objects.create(
        household=household,
        status=HouseholdStatus.REGISTERED_POOR,
        valid_from=datetime.date(2020, 1, 1),
    )
    worker = WorkerFactory(name=REGISTERED, id_number=ID_NUMBER, household=household)
    JobFactory(
        worker=worker,
        shop=scene.other_shop,
        kind=JobKind.PART_TIME,
        starts_on=datetime.date(2024, 3, 17),
        monthly_wage="1999",
        household_status_at_start=HouseholdStatus.REGISTERED_POOR,
        counts_for_poor_household=True,
    )
    return worker


def assert_names_nothing_of(text: str, scene, worker) -> None:
    household = worker.household
    for secret in (
        REGISTERED,
        scene.other_shop.name,
        scene.other_county.name,
        household.registry_number,
        household.village.name,
        household.village.township.name,
        "2024-03-17",
        "1999",
    ):
        assert secret not in text, secret


# My shop's jobs form


def test_the_owner_hires_them_and_sees_only_what_they_typed(client, scene, elsewhere):
    client.force_login(scene.owner)

    response = client.post(
        reverse("my_shop_job_add", args=[scene.shop.pk]),
        job_data(id_number=ID_NUMBER, kind=JobKind.SEASONAL, starts_on="2026-05-01"),
    )
    page = client.get(response["Location"]).content.decode()

    job = Job.objects.get(shop=scene.shop)
    assert (job.worker, job.worker_name) == (elsewhere, TYPED)
    # Counted from the person's household on the start date (the one rule, status_on).
    assert (job.household_status_at_start, job.counts_for_poor_household) == (
        HouseholdStatus.REGISTERED_POOR,
        True,
    )
    assert f"Job added: {TYPED}" in page
    assert_names_nothing_of(page, scene, elsewhere)
    elsewhere.refresh_from_db()
    assert elsewhere.name == REGISTERED  # the other county's record is left as it was


def test_a_full_time_job_beside_their_job_elsewhere_is_refused_naming_nothing(
    client, scene, elsewhere
):
    client.force_login(scene.owner)

    response = client.post(
        reverse("my_shop_job_add", args=[scene.shop.pk]),
        job_data(id_number=ID_NUMBER, kind=JobKind.FULL_TIME, starts_on="2026-05-01"),
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert ELSEWHERE in page
    assert_names_nothing_of(page, scene, elsewhere)
    assert not Job.objects.filter(shop=scene.shop).exists()


def test_a_household_of_their_county_other_than_theirs_is_refused_naming_nothing(
    client, scene, elsewhere
):
    own = HouseholdFactory(village__township__county=scene.county)
    client.force_login(scene.owner)

    response = client.post(
        reverse("my_shop_job_add", args=[scene.shop.pk]),
        job_data(id_number=ID_NUMBER, household_number=own.registry_number, kind=JobKind.SEASONAL),
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "This identity number is recorded with another household" in page
    assert_names_nothing_of(page, scene, elsewhere)
    assert not Job.objects.filter(shop=scene.shop).exists()
    elsewhere.refresh_from_db()
    assert elsewhere.household != own


def test_the_same_person_already_at_this_shop_is_named_as_this_shop_typed_them(
    client, scene, elsewhere
):
    client.force_login(scene.owner)
    url = reverse("my_shop_job_add", args=[scene.shop.pk])
    client.post(url, job_data(id_number=ID_NUMBER, kind=JobKind.SEASONAL))

    response = client.post(url, job_data(id_number=ID_NUMBER, kind=JobKind.SEASONAL))

    page = response.content.decode()
    assert f"{TYPED} already works at {scene.shop.name} from 2026-05-01" in page
    assert_names_nothing_of(page, scene, elsewhere)
    assert Job.objects.filter(shop=scene.shop).count() == 1


# The admin's hire view, listing, export and record


def hire_in_admin(client, **changes):
    data = {
        "shop": "",
        "worker_name": "次仁",
        "id_number": ID_NUMBER,
        "household_number": "",
        "kind": JobKind.SEASONAL,
        "starts_on": "2026-05-01",
        "ends_on": "",
        "monthly_wage": "2600",
    }
    return client.post(reverse("job:hire"), data | changes, follow=True)


def exported(client) -> list[dict]:
    table = csv_table(client.get(reverse("job:index"), {"export": "csv"}))
    return [dict(zip(JobViewSet.list_export, row, strict=True)) for row in table.rows]


def test_the_coordinator_hires_them_and_reads_nothing_of_the_other_county(client, scene, elsewhere):
    admin_login(client, scene, "coordinator")

    response = hire_in_admin(client, shop=scene.shop.pk)

    job = Job.objects.get(shop=scene.shop)
    assert (job.worker, job.worker_name, job.counts_for_poor_household) == (
        elsewhere,
        "次仁",
        True,
    )
    listing = response.content.decode()
    assert f"Job added: 次仁 @ {scene.shop.name}" in listing
    record = client.get(reverse("job:inspect", args=[job.pk])).content.decode()
    history = client.get(reverse("job:history", args=[job.pk])).content.decode()
    [row] = exported(client)
    assert "次仁" in history
    for text in (listing, record, history, str(row)):
        assert_names_nothing_of(text, scene, elsewhere)
        assert "Registered poor" not in text
        assert "建档立卡贫困户" not in text
    # The household's status is its county's to read, not the shop's county's.
    assert (row["worker_name"], row["worker.id_number"]) == ("次仁", ID_NUMBER)
    assert (row["get_household_status_at_start_display"], row["counts_for_poor_household"]) == (
        "***",
        "***",
    )


def test_a_full_time_hire_beside_their_job_elsewhere_is_refused_on_the_admin_form(
    client, scene, elsewhere
):
    admin_login(client, scene, "coordinator")

    response = hire_in_admin(client, shop=scene.shop.pk, kind=JobKind.FULL_TIME)

    page = response.content.decode()
    assert ELSEWHERE in page
    assert_names_nothing_of(page, scene, elsewhere)
    assert not Job.objects.filter(shop=scene.shop).exists()
    assert Worker.objects.get().name == REGISTERED


@pytest.mark.parametrize(
    ("reader", "status"),
    # (The export is in the reader's admin language, English here, as the listing is.)
    [("manager", "Registered poor (建档立卡贫困户)"), ("other_coordinator", None)],
)
def test_the_status_is_read_whole_by_whoever_runs_the_households_county(
    client, scene, elsewhere, reader, status
):
    admin_login(client, scene, "coordinator")
    hire_in_admin(client, shop=scene.shop.pk)
    admin_login(client, scene, reader)

    rows = {row["shop"]: row for row in exported(client)}

    # The other county's coordinator sees no job of this county's shop at all.
    assert rows.get(scene.shop.name, {}).get("get_household_status_at_start_display") == status
