"""A worker's identity number: whole in the job listing and export for whoever runs the
shop's county, absent for everyone else, and never on the shop owner's own page."""

import pytest

from django.urls import reverse

from tests.incubator.scene import ROLES, records_of
from tests.incubator.test_admin_views import export, login

pytestmark = pytest.mark.django_db

JOBS_SEEN = {"coordinator": {0}, "other_coordinator": {1}, "manager": {0, 1}}


@pytest.fixture
def jobs(scene):
    return records_of(scene)["job"]


@pytest.mark.parametrize("role", sorted(JOBS_SEEN))
def test_the_job_export_holds_whole_numbers_of_the_counties_the_person_runs_only(
    client, scene, jobs, role
):
    login(client, scene, role)

    listing = client.get(reverse("job:index")).content.decode()
    exported = {row["shop"]: row["worker.id_number"] for row in export(client, "job")}

    for county, job in enumerate(jobs):
        if county in JOBS_SEEN[role]:
            assert exported[job.shop.name] == job.worker.id_number
            assert job.worker.name in listing
        else:
            assert job.shop.name not in exported
            assert job.worker.id_number not in listing


@pytest.mark.parametrize("role", sorted(set(ROLES) - set(JOBS_SEEN)))
def test_anyone_else_gets_no_job_listing_or_export(client, scene, jobs, role):
    login(client, scene, role)

    for response in (
        client.get(reverse("job:index")),
        client.get(reverse("job:index"), {"export": "csv"}),
    ):
        assert response.status_code != 200
        assert jobs[0].worker.id_number not in response.content.decode()


def test_the_shop_owner_sees_their_workers_by_name_not_number(client, scene, jobs):
    client.force_login(scene.owner)

    page = client.get(reverse("my_shop", args=[scene.shop.pk])).content.decode()

    assert jobs[0].worker.name in page
    assert jobs[0].worker.id_number not in page
