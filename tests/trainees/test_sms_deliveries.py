"""The delivery log of text messages (trainees.models.SmsDelivery): written by every send on
any backend, shown to programme managers only, and a failed send said on the page."""

import datetime
import logging

import pytest

from django.utils import timezone, translation

from tests.trainees.people import ROLES, make_people
from trainees.choices import SmsResult
from trainees.models import SmsDelivery
from trainees.sms import Sms, send_sms

from .sms_fakes import closed_port_url

pytestmark = pytest.mark.django_db

LISTING = "/admin/smsdelivery/"
PASSWORD = "Kangding-2020-yak"


def code_sms(code="482913") -> Sms:
    return Sms(
        phone="+8613800138000",
        template="verification_code",
        text=f"code {code}",
        params={"code": code},
    )


@pytest.mark.parametrize("backend", ["trainees.sms.MemorySmsBackend", "trainees.sms.LogSmsBackend"])
def test_every_backend_records_the_message_masked_and_without_its_code(settings, backend, caplog):
    settings.SMS_BACKEND = backend

    with caplog.at_level(logging.INFO, logger="trainees.sms"), translation.override("bo"):
        send_sms(code_sms())  # made in Tibetan: the language active where it is made

    delivery = SmsDelivery.objects.get()
    assert (delivery.phone_masked, delivery.template, delivery.language) == (
        "138****8000",
        "verification_code",
        "bo",
    )
    assert (delivery.backend, delivery.result, delivery.attempts) == (backend, SmsResult.SENT, 1)
    stored = " ".join(str(value) for value in SmsDelivery.objects.values().get().values())
    assert "13800138000" not in stored
    assert "482913" not in stored


def test_a_tibetan_phone_sign_up_is_sent_and_logged_in_tibetan(client, sms_outbox):
    client.post(
        "/bo/accounts/signup/",
        {"phone": "138 0013 8000", "password1": PASSWORD, "password2": PASSWORD},
    )

    [message] = sms_outbox
    assert message.language == "bo"
    assert SmsDelivery.objects.get().language == "bo"


@pytest.fixture
def gateway_down(settings):
    """The Aliyun backend pointed at a port where nothing listens."""
    settings.SMS_BACKEND = "trainees.sms_gateways.AliyunSmsBackend"
    settings.SMS_ALIYUN = {
        "ACCESS_KEY_ID": "test-key-id",
        "ACCESS_KEY_SECRET": "test-secret",
        "ENDPOINT": closed_port_url(),
    }
    settings.SMS_SIGN_NAME = "雄鹰工程"
    settings.SMS_TEMPLATES = {"verification_code": {"zh-hans": "SMS_100"}}
    settings.SMS_RETRY_DELAYS = (0.01, 0.01)


COULD_NOT_SEND = "短信暂时发不出去"  # "The text message could not be sent just now."


def test_a_log_in_code_the_gateway_cannot_take_is_said_on_the_page_not_a_server_error(
    client, gateway_down
):
    from trainees.factories import ProfileFactory

    ProfileFactory(phone="+8613800138000")

    response = client.post("/accounts/login/code/", {"phone": "138 0013 8000"}, follow=True)

    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == "/accounts/login/code/confirm/"
    assert COULD_NOT_SEND in response.content.decode()
    delivery = SmsDelivery.objects.get()
    assert (delivery.result, delivery.gateway_code, delivery.attempts) == (
        SmsResult.FAILED,
        "unreachable",
        3,
    )


def test_a_sign_up_whose_code_cannot_be_sent_says_so_on_the_page(client, gateway_down):
    response = client.post(
        "/accounts/signup/",
        {"phone": "138 0013 8000", "password1": PASSWORD, "password2": PASSWORD},
        follow=True,
    )

    assert response.status_code == 200
    assert COULD_NOT_SEND in response.content.decode()
    assert SmsDelivery.objects.get().result == SmsResult.FAILED


@pytest.fixture
def people():
    return make_people()


# What each role gets from the log's listing: the listing, the login page, or refused.
EXPECTED = {
    "anonymous": "login",
    "trainee": "login",
    "another_trainee": "login",
    "instructor": "refused",
    "coordinator": "refused",
    "other_coordinator": "refused",
    "manager": "listing",
}


def outcome(response) -> str:
    if response.status_code == 200:
        return "listing"
    if response.status_code == 302 and response.url.startswith("/admin/login/"):
        return "login"
    assert response.status_code in (302, 403), response.status_code
    return "refused"


@pytest.mark.parametrize("role", ROLES)
def test_only_programme_managers_read_the_log(client, people, role):
    SmsDelivery.objects.create(
        phone_masked="139****9000",
        template="verification_code",
        language="bo",
        backend="trainees.sms_gateways.TencentSmsBackend",
        result=SmsResult.FAILED,
        gateway_code="LimitExceeded.PhoneNumberDailyLimit",
    )
    people.log_in(client, role)

    response = client.get(LISTING)

    assert outcome(response) == EXPECTED[role]
    if EXPECTED[role] == "listing":
        assert "LimitExceeded.PhoneNumberDailyLimit" in response.content.decode()


def test_the_manager_reads_masked_numbers_local_times_and_the_gateways_answer(client, people):
    SmsDelivery.objects.create(
        sent_at=datetime.datetime(2025, 3, 1, 0, 30, tzinfo=datetime.UTC),
        phone_masked="138****8000",
        template="verification_code",
        language="zh-hans",
        backend="trainees.sms_gateways.AliyunSmsBackend",
        result=SmsResult.SENT,
        gateway_code="OK",
        attempts=2,
    )
    client.force_login(people.users["manager"])

    page = client.get(LISTING).content.decode()

    assert "138****8000" in page
    assert "08:30" in page  # 00:30 UTC is 08:30 in Asia/Shanghai
    assert "已交给短信网关" in page  # the result by its label, in the manager's Chinese
    response = client.get(f"{LISTING}?export=csv")
    export = b"".join(response.streaming_content).decode("utf-8-sig")
    assert (
        "138****8000" in export and "2025-03-01 08:30" in export
    )  # local time, written so that it sorts


def test_the_log_is_in_the_managers_menu_and_not_the_coordinators(client, people):
    client.force_login(people.users["manager"])
    assert LISTING in client.get("/admin/").content.decode()

    client.force_login(people.users["coordinator"])
    assert LISTING not in client.get("/admin/").content.decode()


def test_nobody_deletes_or_edits_an_entry_from_the_admin(client, people):
    entry = SmsDelivery.objects.create(
        phone_masked="138****8000",
        template="verification_code",
        language="zh-hans",
        backend="trainees.sms.MemorySmsBackend",
        result=SmsResult.SENT,
        sent_at=timezone.now(),
    )
    client.force_login(people.users["manager"])

    assert outcome(client.post(f"{LISTING}delete/{entry.pk}/")) == "refused"
    assert outcome(client.post(f"{LISTING}edit/{entry.pk}/", {})) == "refused"
    assert SmsDelivery.objects.filter(pk=entry.pk, result=SmsResult.SENT).exists()
