"""The certificate's public page shows the outcome its holder agreed to show, and nothing
without their consent (trainees/follow_ups.py, `public_outcome`)."""

import datetime

import pytest
import time_machine

from django.utils import timezone

from tests.trainees.people import person
from trainees import follow_ups, roles
from trainees.choices import FollowUpWork, IncomeBand, SellingChannel
from trainees.factories import CertificateFactory
from trainees.models import FollowUp

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate():
    made = CertificateFactory(issued_on=datetime.date(2025, 9, 1))
    follow_ups.follow_ups_schedule(certificates=[made])
    return made


def answer(certificate, months, *, when, consents=True, own_shop=True, by=None, **changes):
    values = {
        "working": FollowUpWork.SELF_EMPLOYED,
        "channels": [SellingChannel.TAOBAO],
        "income_band": IncomeBand.FROM_5000,
        **changes,
    }
    with time_machine.travel(datetime.datetime(*when, 12, tzinfo=datetime.UTC)):
        follow_ups.follow_up_answer(
            follow_up=FollowUp.objects.get(certificate=certificate, months=months),
            own_shop=own_shop,
            consents_to_show=consents,
            by=by,
            **values,
        )


def page(client, certificate):
    return client.get(f"/en/certificates/verify/{certificate.verification_code}/").content.decode()


def test_a_shop_its_holder_agreed_to_show_is_on_the_page_as_the_holder_says(client, certificate):
    answer(certificate, 3, when=(2025, 12, 5))
    answer(certificate, 6, when=(2026, 3, 3), channels=["taobao", "douyin", "offline"])

    html = page(client, certificate)

    assert "Runs their own shop on Taobao, Douyin since 2025 (as the holder says)" in html
    assert "5,000" not in html  # the income is never shown


def test_an_outcome_checked_by_the_programme_says_so(client, certificate):
    coordinator = person(roles.COUNTY_COORDINATORS, certificate.enrolment.trainee.county)
    answer(certificate, 3, when=(2026, 1, 5), by=coordinator, verified=True)

    assert "Runs their own shop on Taobao since 2026 (checked by the programme)" in page(
        client, certificate
    )


def test_nothing_is_shown_without_consent(client, certificate):
    answer(certificate, 3, when=(2025, 12, 5), consents=False)

    html = page(client, certificate)

    assert "Since the training" not in html and "Taobao" not in html


def test_consent_taken_back_at_the_next_follow_up_hides_the_earlier_answer(client, certificate):
    answer(certificate, 3, when=(2025, 12, 5))
    answer(certificate, 6, when=(2026, 3, 3), consents=False)

    assert "Taobao" not in page(client, certificate)


def test_work_without_a_shop_is_shown_as_work(client, certificate):
    answer(certificate, 3, when=(2025, 12, 5), own_shop=False, channels=[], working="employed")

    assert "<dd>Employed (as the holder says)</dd>" in page(client, certificate)


def test_nothing_is_shown_of_someone_not_working_nor_of_a_revoked_certificate(client, certificate):
    answer(certificate, 3, when=(2025, 12, 5), own_shop=False, channels=[], working="not_working")
    assert "Since the training" not in page(client, certificate)

    answer(certificate, 6, when=(2026, 3, 3))
    certificate.revoked_at = timezone.now()
    certificate.save()
    assert "Since the training" not in page(client, certificate)


def test_the_outcome_speaks_the_readers_language(client, certificate):
    answer(certificate, 3, when=(2025, 12, 5))

    chinese = client.get(f"/certificates/verify/{certificate.verification_code}/").content
    assert "淘宝" in chinese.decode() and "Runs their own shop" not in chinese.decode()
