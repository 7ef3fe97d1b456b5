"""An action declared once: its route, its button and its view's refusal come from the
declaration. Shown through the incubator's month locks (`MonthLockViewSet.actions`): locking
is an action above the listing, unlocking one on a lock's row."""

import datetime

import pytest
from bs4 import BeautifulSoup

from django.urls import reverse

from wagtail.users.models import UserProfile

from incubator import scoping as incubator_scoping
from incubator.admin_views import MonthLockViewSet
from incubator.factories import JobFactory, MonthLockFactory
from incubator.models import Job, MonthLock
from machinery.admin.actions import Action
from machinery.admin.views import ServiceFormView
from tests.incubator.scene import scene as make_scene

pytestmark = pytest.mark.django_db


def always(user, record=None) -> bool:
    return True


def test_the_route_of_an_action_follows_its_kind():
    on_a_record = Action("stage", "Change stage", "resubmit", ServiceFormView, may=always)
    on_the_listing = Action("lock", "Lock", "lock", ServiceFormView, may=always, per_record=False)
    elsewhere = Action("revoke", "Revoke", "cross", ServiceFormView, may=always, path="<int:pk>/x/")

    assert on_a_record.route == "stage/<int:pk>/"
    assert on_the_listing.route == "lock/"
    assert elsewhere.route == "<int:pk>/x/"


def test_its_button_needs_both_the_predicate_and_the_records_state():
    action = Action(
        "end", "End", "date", ServiceFormView, may=lambda user, job: user == "A", applies=bool
    )

    assert action.allows("A", 1) and action.is_shown("A", 1)
    assert action.allows("A", 0) and not action.is_shown("A", 0)  # the form still opens
    assert not action.allows("B", 1) and not action.is_shown("B", 1)


def test_the_declaration_names_the_services_own_predicate():
    actions = {action.name: action for action in MonthLockViewSet.actions}

    assert actions["lock"].may is incubator_scoping.may_lock_months
    assert actions["unlock"].may is incubator_scoping.may_lock_months


@pytest.fixture
def scene():
    return make_scene()


def login(client, user):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(user)


def refused(response) -> bool:
    """403, or the admin's "no permission" redirect to its dashboard."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == "/admin/"
    )


def test_a_manager_gets_the_button_above_the_listing_and_the_pages(client, scene):
    lock = MonthLockFactory()
    login(client, scene.manager)

    listing = client.get(reverse("monthlock:index")).content.decode()

    assert reverse("monthlock:lock") in listing
    assert client.get(reverse("monthlock:lock")).status_code == 200
    assert client.get(reverse("monthlock:unlock", args=[lock.pk])).status_code == 200


def test_whoever_the_predicate_refuses_sees_no_button_and_is_refused(client, scene):
    lock = MonthLockFactory()
    login(client, scene.coordinator)  # sees the locks, may not lock or unlock

    listing = client.get(reverse("monthlock:index"))

    assert listing.status_code == 200
    assert reverse("monthlock:lock") not in listing.content.decode()
    assert refused(client.get(reverse("monthlock:lock")))
    assert refused(client.post(reverse("monthlock:unlock", args=[lock.pk]), {"reason": "x"}))
    assert MonthLock.objects.get(pk=lock.pk).is_active


def test_a_rows_button_shows_while_the_record_takes_the_action(client, scene):
    job = JobFactory(shop=scene.shop)
    end = reverse("job:end", args=[job.pk])
    login(client, scene.coordinator)

    assert end in client.get(reverse("job:index")).content.decode()
    Job.objects.filter(pk=job.pk).update(ends_on=datetime.date(2025, 6, 30))
    assert end not in client.get(reverse("job:index")).content.decode()


def test_a_record_that_changed_meanwhile_is_refused_on_the_form_with_why(client, scene):
    job = JobFactory(shop=scene.shop, ends_on=datetime.date(2025, 6, 30))
    login(client, scene.coordinator)

    response = client.post(reverse("job:end", args=[job.pk]), {"ends_on": "2025-07-31"})

    assert response.status_code == 200
    assert response.context["form"].errors["ends_on"] == ["This job already ended on 2025-06-30."]


def test_a_record_out_of_sight_is_not_there(client, scene):
    lock = MonthLockFactory()
    job = JobFactory(shop=scene.shop)
    login(client, scene.instructor)  # sees no lock
    assert client.get(reverse("monthlock:unlock", args=[lock.pk])).status_code == 404
    login(client, scene.other_coordinator)  # sees no job of county A
    assert client.get(reverse("job:end", args=[job.pk])).status_code == 404


def breadcrumbs(response) -> list[tuple[str, str]]:
    page = BeautifulSoup(response.content, "html.parser")
    return [
        (link.get("href", ""), " ".join(link.get_text().split()))
        for link in page.select("[data-w-breadcrumbs] ol li a")
    ]


def test_an_actions_page_leads_back_to_its_record_and_listing(client, scene):
    job = JobFactory(shop=scene.shop, worker_name="次仁")
    login(client, scene.coordinator)

    on_a_record = breadcrumbs(client.get(reverse("job:end", args=[job.pk])))
    on_the_listing = breadcrumbs(client.get(reverse("job:hire")))

    assert on_a_record == [
        ("/admin/", "Home"),
        (reverse("job:index"), "Jobs"),
        (reverse("job:inspect", args=[job.pk]), str(job)),
        ("", "End job"),
    ]
    assert on_the_listing == [
        ("/admin/", "Home"),
        (reverse("job:index"), "Jobs"),
        ("", "Add a job"),
    ]
