"""An error that belongs to no field is shown above every kind of admin form, among
Wagtail's messages, and nothing is written: the generic add and edit views (the form's own
validation, and a save service's refusal), an action's form (a sales report decided by
another coordinator meanwhile) and an import's upload."""

import datetime

import pytest
from bs4 import BeautifulSoup

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from wagtail.users.models import UserProfile

from incubator.choices import ReportStatus
from incubator.models import SalesReport
from machinery.admin.services import RecordServices
from machinery.imports.views import ImportUploadForm
from tests.incubator.scene import records_of
from tests.incubator.scene import scene as make_scene
from tests.trainees.admin_cast import user_in
from trainees import roles
from trainees.choices import HouseholdStatus
from trainees.factories import HouseholdFactory
from trainees.models import HouseholdStatusChange

pytestmark = pytest.mark.django_db


def in_english(user):
    preferences = UserProfile.get_for_user(user)
    preferences.preferred_language = "en"
    preferences.save()
    return user


def messages_shown(response) -> str:
    """The text of the messages Wagtail shows at the top of an admin page."""
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    return " ".join(page.select_one("div.messages").get_text(" ").split())


@pytest.fixture
def scene():
    return make_scene()


@pytest.fixture
def coordinator(scene):
    return in_english(scene.coordinator)


def test_two_coordinators_deciding_one_report_the_second_reads_who_decided_it(scene):
    report, _ = records_of(scene)["salesreport"]
    first, second = Client(), Client()  # two people, two browsers
    first_coordinator = scene.coordinator
    first.force_login(first_coordinator)
    second.force_login(in_english(user_in(roles.COUNTY_COORDINATORS, scene.county)))
    decide = reverse("salesreport:decide", args=[report.pk])
    assert second.get(decide).status_code == 200  # the second opens the form first
    first.post(decide, {"decision": "approve"})
    decided = SalesReport.objects.get(pk=report.pk)

    response = second.post(decide, {"decision": "return", "reason": "销量不对"})

    shown = messages_shown(response)
    name = first_coordinator.get_full_name()
    assert f"Nothing was saved. This report was already approved by {name} at " in shown
    after = SalesReport.objects.get(pk=report.pk)
    assert (after.status, after.decided_by, after.decided_at) == (
        ReportStatus.APPROVED,
        first_coordinator,
        decided.decided_at,
    )


def test_a_rule_of_the_record_is_shown_on_its_field_and_announced_above_the_form(
    client, scene, coordinator
):
    household = HouseholdFactory(village__township__county=scene.county)
    day = datetime.date(2021, 1, 1)
    HouseholdStatusChange.objects.create(
        household=household, status=HouseholdStatus.LIFTED_OUT, valid_from=day
    )
    client.force_login(coordinator)

    response = client.post(
        reverse("householdstatuschange:add"),
        {"household": household.pk, "status": HouseholdStatus.MONITORED, "valid_from": day},
    )

    assert "could not be created due to errors" in messages_shown(response)
    assert response.context["form"].errors == {
        "valid_from": ["This household already has a status from this day: change that one."]
    }
    assert list(household.status_changes.values_list("status", flat=True)) == [
        HouseholdStatus.LIFTED_OUT
    ]


def test_a_save_services_refusal_is_shown_above_the_edit_form(
    client, scene, coordinator, monkeypatch
):
    def refuse(services, form):
        raise ValidationError("The shop changed meanwhile: open it again.")

    monkeypatch.setattr(RecordServices, "call_save", refuse)
    client.force_login(coordinator)
    shop = scene.shop

    form = client.get(reverse("shop:edit", args=[shop.pk])).context["form"]
    data = {key: value for key, value in form.initial.items() if value is not None}

    response = client.post(
        reverse("shop:edit", args=[shop.pk]),
        {**data, "name": "改过的名字", "owners": [owner.pk for owner in shop.owners.all()]},
    )

    shown = messages_shown(response)
    assert "The shop changed meanwhile: open it again." in shown
    shop.refresh_from_db()
    assert shop.name == "高原松茸小店"


def test_an_upload_forms_error_of_no_field_is_shown_above_it(client, scene, monkeypatch):
    def clean(form):
        form.add_error(None, "Another import of yours is still being checked.")

    monkeypatch.setattr(ImportUploadForm, "clean", clean)
    manager = in_english(scene.manager)
    client.force_login(manager)

    response = client.post(
        reverse("roster_import:upload"),
        {"file": SimpleUploadedFile("roster.csv", "姓名\n".encode())},
    )

    assert "Another import of yours is still being checked." in messages_shown(response)
