"""The admin pages of certificate batches: start from the listing, progress, ZIP download."""

import io
import re
import zipfile

import pytest

from django.urls import reverse
from django.utils import timezone

from wagtail.users.models import UserProfile

from tests.trainees.admin_cast import cast, user_in
from trainees import certificate_batches, roles
from trainees.factories import CertificateFactory, EnrolmentFactory
from trainees.tasks import CERTIFICATE_BATCHES, BatchStatus

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "trainee_user",
    "another_trainee_user",
    "instructor",
    "coordinator",
    "other_coordinator",
    "manager",
]
MAY_START = {"coordinator", "other_coordinator", "manager"}
START = reverse("certificate:batch_start")
DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def people():
    people = cast()
    for role in ROLES[1:]:
        in_english(getattr(people, role))
    return people


def in_english(user):
    preferences = UserProfile.get_for_user(user)
    preferences.preferred_language = "en"
    preferences.save()
    return user


def login(client, people, role):
    client.logout()
    if role != "anonymous":
        client.force_login(getattr(people, role))


def start(client, query: str = ""):
    """Posts the start form as the page offers it; the batch's id, or None if none started."""
    response = client.post(f"{START}?{query}" if query else START)
    started = re.fullmatch(rf"{START}([0-9a-f]{{32}})/", response.get("Location", ""))
    return started[1] if started else None


def zip_names(response) -> list[str]:
    data = b"".join(response.streaming_content)
    return sorted(zipfile.ZipFile(io.BytesIO(data)).namelist())


def pdf_names(*certificates) -> list[str]:
    return sorted(f"{certificate.number}.pdf" for certificate in certificates)


# Who may start a batch -----------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_only_coordinators_and_managers_reach_the_start_page(client, people, role):
    login(client, people, role)

    response = client.get(START)

    assert (response.status_code == 200) is (role in MAY_START)
    if role not in MAY_START:
        assert response.status_code == 302
        assert response["Location"].startswith(
            (reverse("wagtailadmin_login"), reverse("wagtailadmin_home"))
        )


@pytest.mark.parametrize("role", ROLES)
def test_only_coordinators_and_managers_start_a_batch(client, people, role, private_storage):
    login(client, people, role)

    batch_id = start(client)

    assert (batch_id is not None) is (role in MAY_START)
    assert private_storage.exists() is (role in MAY_START)


def test_the_listing_offers_the_zip_with_its_filters(client, people):
    login(client, people, "manager")
    course = people.course.pk

    listing = client.get(
        reverse("certificate:index"), {"enrolment__course": course, "p": 1}
    ).content.decode()
    results = client.get(
        reverse("certificate:index_results"), {"enrolment__course": course}
    ).content.decode()

    link = f'href="{START}?enrolment__course={course}"'
    assert link in listing
    assert link in results
    assert "Download these certificates (ZIP)" in listing


def test_the_listing_offers_no_zip_when_nothing_is_listed(client, people):
    login(client, people, "manager")

    listing = client.get(reverse("certificate:index"), {"q": "nobody has this name"})

    assert "Download these certificates (ZIP)" not in listing.content.decode()


# Who sees a batch ----------------------------------------------------------------------


@pytest.mark.parametrize("role", [*ROLES, "another_coordinator_of_the_county"])
def test_only_the_starter_sees_the_batch_and_downloads_its_zip(client, people, role):
    login(client, people, "coordinator")
    batch_id = start(client)
    if role == "another_coordinator_of_the_county":
        client.force_login(user_in(roles.COUNTY_COORDINATORS, people.county))
    else:
        login(client, people, role)

    page = client.get(reverse("certificate:batch", args=[batch_id]))
    download = client.get(reverse("certificate:batch_zip", args=[batch_id]))

    if role == "coordinator":
        assert page.status_code == 200
        assert download.status_code == 200
    elif role in MAY_START or role == "another_coordinator_of_the_county":
        # Even someone who may make batches of their own gets nothing of this one.
        assert page.status_code == 404
        assert download.status_code == 404
    else:
        assert page.status_code == 302
        assert download.status_code == 302


def test_a_coordinator_who_no_longer_runs_the_county_loses_the_batch(client, people):
    login(client, people, "coordinator")
    batch_id = start(client)
    people.coordinator.profile.county = people.other_county
    people.coordinator.profile.save()

    assert client.get(reverse("certificate:batch", args=[batch_id])).status_code == 404
    assert client.get(reverse("certificate:batch_zip", args=[batch_id])).status_code == 404


# What a batch holds ----------------------------------------------------------------------


def test_a_coordinators_zip_holds_their_countys_certificates_only(client, people):
    here, _there = people.records["certificate"]
    login(client, people, "coordinator")

    batch_id = start(client)

    download = client.get(reverse("certificate:batch_zip", args=[batch_id]))
    assert zip_names(download) == pdf_names(here)


def test_a_coordinator_of_another_county_cannot_ask_for_this_countys_certificates(client, people):
    _here, there = people.records["certificate"]
    login(client, people, "other_coordinator")
    query = f"enrolment__trainee__county={people.county.pk}"

    page = client.get(f"{START}?{query}").content.decode()
    batch_id = start(client, query)

    assert "These filters are not valid here: county." in page
    assert "Make the ZIP file" not in page
    assert batch_id is None
    # Without the filter, the batch holds their own county's certificate.
    own = start(client)
    assert zip_names(client.get(reverse("certificate:batch_zip", args=[own]))) == pdf_names(there)


def test_a_managers_zip_follows_the_listings_filters(client, people):
    here, there = people.records["certificate"]
    extra = CertificateFactory(enrolment=EnrolmentFactory(trainee__county=people.other_county))
    login(client, people, "manager")

    by_county = start(client, f"enrolment__trainee__county={people.other_county.pk}")
    by_course = start(client, f"enrolment__course={people.course.pk}")
    by_search = start(client, f"q={extra.number}")
    everything = start(client)

    def names(batch_id):
        return zip_names(client.get(reverse("certificate:batch_zip", args=[batch_id])))

    assert names(by_county) == pdf_names(there, extra)
    assert names(by_course) == pdf_names(here)
    assert names(by_search) == pdf_names(extra)
    assert names(everything) == pdf_names(here, there, extra)


def test_a_cohort_filter_selects_the_cohorts_certificates(client, people):
    here, _there = people.records["certificate"]
    login(client, people, "coordinator")

    batch_id = start(client, f"enrolment__cohort={here.enrolment.cohort_id}")

    assert zip_names(client.get(reverse("certificate:batch_zip", args=[batch_id]))) == pdf_names(
        here
    )


# The pages -------------------------------------------------------------------------------


def test_the_start_page_says_what_goes_in_the_zip_and_what_is_left_out(client, people):
    here, _there = people.records["certificate"]
    CertificateFactory(
        enrolment=EnrolmentFactory(trainee__county=people.county, course=people.course)
    )
    here.revoked_at = timezone.now()
    here.revoked_by = people.manager
    here.save()
    login(client, people, "coordinator")

    page = client.get(START, {"enrolment__course": people.course.pk}).content.decode()

    assert "Course: 直播带货入门" in page
    assert f"Only those of {people.county.name_in('en')}" in page
    assert "1 certificate will be put in one ZIP file" in page
    assert "1 revoked certificate is left out." in page
    assert "Make the ZIP file" in page


def test_filters_that_select_nothing_say_so_and_start_nothing(client, people):
    login(client, people, "manager")
    query = "q=nobody has this name"

    page = client.get(f"{START}?{query}").content.decode()
    batch_id = start(client, query)
    refused = client.post(f"{START}?{query}").content.decode()

    assert "These filters select no certificate; there is nothing to download." in page
    assert "Make the ZIP file" not in page
    assert batch_id is None
    assert "These filters select no certificate" in refused


def test_too_many_certificates_say_so_and_start_nothing(client, people, monkeypatch):
    monkeypatch.setattr(certificate_batches, "MAX_CERTIFICATES", 1)
    login(client, people, "manager")

    page = client.get(START).content.decode()
    refused = client.post(START)

    message = "These filters select 2 certificates; one ZIP file holds at most 1."
    assert message in page
    assert "Make the ZIP file" not in page
    assert refused.status_code == 200
    assert message in refused.content.decode()


def test_a_running_batch_shows_its_progress_and_refreshes_itself(client, people, settings):
    settings.TASKS = DUMMY_TASKS
    login(client, people, "manager")

    page = client.get(reverse("certificate:batch", args=[start(client)])).content.decode()

    assert "Drawing the certificates…" in page
    assert "0 of 2 certificates" in page
    assert '<progress class="w-w-full" max="2" value="0">' in page
    assert '<meta http-equiv="refresh" content="2">' in page
    assert "Download the ZIP file" not in page


def test_a_finished_batch_offers_its_zip(client, people):
    here, there = people.records["certificate"]
    login(client, people, "manager")
    batch_id = start(client, f"enrolment__course={people.course.pk}")

    page = client.get(reverse("certificate:batch", args=[batch_id])).content.decode()
    download = client.get(reverse("certificate:batch_zip", args=[batch_id]))

    assert "The ZIP file is ready" in page
    assert "1 certificate, " in page
    assert "Kept for you until " in page
    assert "Course: 直播带货入门" in page
    assert "<progress" not in page
    assert 'http-equiv="refresh"' not in page
    assert reverse("certificate:batch_zip", args=[batch_id]) in page
    assert download["Content-Type"] == "application/zip"
    assert download["Content-Disposition"].startswith('attachment; filename="certificates-')
    assert zip_names(download) == pdf_names(here)


def test_a_failed_batch_says_so_and_offers_to_try_again(client, people, monkeypatch):
    here, _there = people.records["certificate"]
    login(client, people, "manager")
    query = f"enrolment__course={people.course.pk}"
    with monkeypatch.context() as patch:
        patch.setattr(
            "trainees.certificate_batches.CertificateRenderer.render",
            lambda *args, **kwargs: 1 / 0,
        )
        batch_id = start(client, query)

    page = client.get(reverse("certificate:batch", args=[batch_id])).content.decode()
    download = client.get(reverse("certificate:batch_zip", args=[batch_id]))
    again = client.post(f"{START}?{query}")

    assert "The ZIP file could not be made" in page
    assert "The certificates could not be put in a ZIP file. Please try again." in page
    assert f'action="{START}?{query}"' in page
    assert "Try again" in page
    assert download.status_code == 404
    assert CERTIFICATE_BATCHES.get(batch_id)["status"] == BatchStatus.FAILED
    retried = re.fullmatch(rf"{START}([0-9a-f]{{32}})/", again["Location"])[1]
    assert CERTIFICATE_BATCHES.get(retried)["status"] == BatchStatus.READY


def test_an_expired_batch_is_not_found(client, people):
    login(client, people, "manager")

    assert client.get(reverse("certificate:batch", args=["0" * 32])).status_code == 404
    assert client.get(reverse("certificate:batch_zip", args=["0" * 32])).status_code == 404


def test_a_zip_deleted_from_the_storage_is_not_found(client, people, private_storage):
    login(client, people, "manager")
    batch_id = start(client)

    (private_storage / CERTIFICATE_BATCHES.get(batch_id)["file_name"]).unlink()

    assert client.get(reverse("certificate:batch_zip", args=[batch_id])).status_code == 404
