"""The poor households of shops' owners and jobs' workers (incubator/poor_households.py)
stay equal to a recomputation from the shops, their owners, the jobs, their workers and the
households' statuses after every kind of change: an application accepted through the
service, a shop's incubation begun through the service and its owners edited in the admin,
an owner's household changed, status changes added, moved and deleted, owners changed
through the service, a trainee deleted; jobs created and ended through the services, a
worker's household recorded."""

import datetime

import pytest

from django.urls import reverse
from django.utils import timezone

from incubator import poor_households
from incubator.choices import JobKind, Stage
from incubator.factories import ApplicationFactory, JobFactory, ShopFactory, WorkerFactory
from incubator.jobs import job_create, job_end, worker_for
from incubator.models import Job, PoorOwnerHousehold, PoorWorkerHousehold, Shop
from incubator.shops import application_decide, shop_save, shop_stage_change
from tests.incubator.test_sales_summary import form_data, login
from tests.trainees.admin_cast import user_in
from trainees import roles, services
from trainees.choices import HouseholdStatus
from trainees.factories import HouseholdFactory, TraineeFactory
from trainees.models import HouseholdStatusChange

pytestmark = pytest.mark.django_db

D = datetime.date
POOR = HouseholdStatus.LIFTED_OUT


def links() -> list[tuple]:
    return sorted(
        PoorOwnerHousehold.objects.values_list("shop_id", "household_id", "incubating_on")
    )


def worker_links() -> list[tuple]:
    return sorted(
        PoorWorkerHousehold.objects.values_list(
            "job_id", "shop_id", "household_id", "starts_on", "ends_on"
        )
    )


def assert_kept_right():
    shops = list(Shop.objects.values_list("pk", flat=True))
    recomputed = poor_households.recomputed(shops)
    assert links() == sorted((r.shop_id, r.household_id, r.incubating_on) for r in recomputed)
    jobs = list(Job.objects.values_list("pk", flat=True))
    recomputed = poor_households.workers_recomputed(jobs)
    assert worker_links() == sorted(
        (r.job_id, r.shop_id, r.household_id, r.starts_on, r.ends_on) for r in recomputed
    )


def poor_since(day: datetime.date):
    household = HouseholdFactory()
    HouseholdStatusChange.objects.create(household=household, status=POOR, valid_from=day)
    return household


@pytest.fixture
def manager(client):
    user = user_in(roles.PROGRAMME_MANAGERS)
    login(client, user)
    return user


def edit_shop(client, shop, **changes):
    shop.refresh_from_db()
    url = reverse("shop:edit", args=[shop.pk])
    data = form_data(client.get(url).context["form"])
    response = client.post(url, {**data, **changes})
    assert response.status_code == 302, response.context["form"].errors


def test_an_application_accepted_links_the_owners_poor_household_that_day(manager):
    household = poor_since(D(2020, 1, 1))
    application = ApplicationFactory(trainee=TraineeFactory(household=household))
    application = application_decide(application=application, accept=True, by=manager)
    assert links() == [(application.shop_id, household.pk, timezone.localdate())]
    assert_kept_right()


def test_the_incubation_begun_through_the_service_and_owners_edited_in_the_admin(client, manager):
    household = poor_since(D(2025, 3, 1))
    owner = TraineeFactory(household=household)
    applied = {"stage": Stage.APPLIED, "applied_on": D(2025, 1, 6), "incubating_on": None}
    early, shop = ShopFactory(owners=[owner], **applied), ShopFactory(owners=[owner], **applied)
    assert links() == []

    # A day before the household became poor: no link.
    shop_stage_change(shop=early, stage=Stage.INCUBATING, on=D(2025, 2, 28), by=manager)
    assert links() == []
    shop_stage_change(shop=shop, stage=Stage.INCUBATING, on=D(2025, 4, 1), by=manager)
    assert links() == [(shop.pk, household.pk, D(2025, 4, 1))]

    other = poor_since(D(2020, 1, 1))
    second_owner = TraineeFactory(household=other)
    edit_shop(client, shop, owners=[str(owner.pk), str(second_owner.pk)])
    assert links() == sorted(
        [(shop.pk, household.pk, D(2025, 4, 1)), (shop.pk, other.pk, D(2025, 4, 1))]
    )
    edit_shop(client, shop, owners=[str(second_owner.pk)])
    assert links() == [(shop.pk, other.pk, D(2025, 4, 1))]
    assert_kept_right()


def test_an_owner_moved_to_another_household_in_the_admin(client, manager):
    owner = TraineeFactory(household=poor_since(D(2020, 1, 1)))
    shop = ShopFactory(owners=[owner])
    not_poor = HouseholdFactory()
    url = reverse("trainee:edit", args=[owner.pk])
    data = form_data(client.get(url).context["form"])
    response = client.post(url, {**data, "household": str(not_poor.pk)})
    assert response.status_code == 302, response.context["form"].errors
    assert links() == []
    assert shop.owners.get() == owner
    assert_kept_right()


def test_status_changes_added_moved_and_deleted_in_the_admin(client, manager):
    household, other_household = HouseholdFactory(), HouseholdFactory()
    shop = ShopFactory(owners=[TraineeFactory(household=household)])
    response = client.post(
        reverse("householdstatuschange:add"),
        {"household": household.pk, "status": POOR, "valid_from": "2024-01-01"},
    )
    assert response.status_code == 302, response.context["form"].errors
    assert links() == [(shop.pk, household.pk, shop.incubating_on)]

    change = HouseholdStatusChange.objects.get()
    url = reverse("householdstatuschange:edit", args=[change.pk])
    data = form_data(client.get(url).context["form"])
    response = client.post(url, {**data, "household": str(other_household.pk)})
    assert response.status_code == 302, response.context["form"].errors
    assert links() == []

    change.household = household
    services.household_status_change_save(change=change)
    assert len(links()) == 1
    response = client.post(reverse("householdstatuschange:delete", args=[change.pk]))
    assert response.status_code == 302
    assert links() == []
    assert_kept_right()


def test_owners_changed_through_the_service_and_a_trainee_deleted():
    owner = TraineeFactory(household=poor_since(D(2020, 1, 1)))
    shop, other_shop = ShopFactory(owners=[owner]), ShopFactory(owners=[owner])
    kept = TraineeFactory(household=poor_since(D(2020, 1, 1)))
    shop_save(shop=shop, owners=[owner, kept])
    assert len(links()) == 3

    shop_save(shop=shop, owners=[kept])
    shop_save(shop=other_shop, owners=[])
    assert links() == [(shop.pk, kept.household_id, shop.incubating_on)]
    shop_save(shop=other_shop, owners=[owner])
    assert len(links()) == 2
    services.trainee_delete(trainee=owner)
    assert links() == [(shop.pk, kept.household_id, shop.incubating_on)]
    assert_kept_right()


def hire(shop, by, *, household, name="拉姆"):
    """A job from 1 May 2025."""
    return job_create(
        shop=shop,
        worker_name=name,
        kind=JobKind.FULL_TIME,
        starts_on=D(2025, 5, 1),
        monthly_wage="2500",
        by=by,
        household=household,
    )


def test_jobs_created_and_ended_through_the_services(manager):
    shop = ShopFactory()
    poor, not_poor = poor_since(D(2020, 1, 1)), HouseholdFactory()
    job = hire(shop, manager, household=poor)
    hire(shop, manager, household=not_poor, name="次仁")
    # Poor only from after the start: the job does not count for a poor household.
    hire(shop, manager, household=poor_since(D(2025, 6, 1)), name="格桑")
    assert worker_links() == [(job.pk, shop.pk, poor.pk, D(2025, 5, 1), None)]

    job_end(job=job, ends_on=D(2025, 7, 1), by=manager)
    assert worker_links() == [(job.pk, shop.pk, poor.pk, D(2025, 5, 1), D(2025, 7, 1))]
    assert_kept_right()


def test_a_workers_household_recorded_moves_the_link(manager):
    worker = WorkerFactory(id_number="513334199001010011")
    job = JobFactory(
        worker=worker,
        household_status_at_start=HouseholdStatus.REGISTERED_POOR,
        counts_for_poor_household=True,
    )
    assert worker_links() == []
    other = poor_since(D(2020, 1, 1))
    worker_for(name=worker.name, household=other, id_number=worker.id_number)
    assert [row[:3] for row in worker_links()] == [(job.pk, job.shop_id, other.pk)]
    assert_kept_right()


def test_rebuild_recomputes_everything(manager):
    ShopFactory(owners=[TraineeFactory(household=poor_since(D(2020, 1, 1)))])
    ShopFactory(owners=[TraineeFactory(household=poor_since(D(2026, 1, 1)))])
    hire(ShopFactory(), manager, household=poor_since(D(2020, 1, 1)))
    before, workers_before = links(), worker_links()
    PoorOwnerHousehold.objects.all().delete()
    PoorWorkerHousehold.objects.all().delete()
    poor_households.rebuild()
    assert (links(), worker_links()) == (before, workers_before)
    assert (len(before), len(workers_before)) == (1, 1)
