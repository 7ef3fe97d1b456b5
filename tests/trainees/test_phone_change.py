"""A trainee changes their mobile number (allauth's /accounts/phone/change/), through the
real views: the new number is theirs once its code is typed, the old one logs in no more,
and a number another account holds is refused without a word about that account."""

import re

import pytest

from django.test import Client

from trainees.factories import DEFAULT_PASSWORD, ProfileFactory, TraineeFactory, UserFactory
from trainees.models import Profile

pytestmark = pytest.mark.django_db

OLD = "+8613800138000"
NEW = "+8613900139123"
VERIFIED = {"": "手机号 139****9123 已验证。", "/bo": None}


def shown_messages(html: str) -> list[str]:
    return [
        re.sub(r"\s+", " ", message).strip()
        for message in re.findall(r'<li class="message [a-z]+">(.*?)</li>', html, re.S)
    ]


def log_in_by_password(client, prefix: str, login: str):
    return client.post(f"{prefix}/accounts/login/", {"login": login, "password": DEFAULT_PASSWORD})


def log_in_by_code(client, prefix: str, phone: str, sms_outbox):
    client.post(f"{prefix}/accounts/login/code/", {"phone": phone})
    code = sms_outbox[-1].params.get("code", "000000")
    client.post(f"{prefix}/accounts/login/code/confirm/", {"code": code})
    return client.get("/accounts/welcome/").wsgi_request.user


def ask_for_new_number(client, prefix: str, phone: str, sms_outbox):
    response = client.post(f"{prefix}/accounts/phone/change/", {"phone": phone})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == f"{prefix}/accounts/phone/verify/"
    assert sms_outbox[-1].phone == NEW
    return sms_outbox[-1].params["code"]


@pytest.mark.parametrize(
    ("prefix", "language", "verified"),
    [
        ("", "zh-hans", "手机号 139****9123 已验证。"),
        ("/bo", "bo", "ཁ་པར་ཨང་གྲངས་ 139****9123 ར་སྤྲོད་བྱས་ཟིན།"),
    ],
)
def test_a_trainee_changes_their_number_and_logs_in_with_the_new_one_only(
    client, sms_outbox, prefix, language, verified
):
    profile = ProfileFactory(phone=OLD, language=language)
    assert log_in_by_password(client, prefix, "138 0013 8000").status_code == 302

    code = ask_for_new_number(client, prefix, "139 0013 9123", sms_outbox)
    response = client.post(f"{prefix}/accounts/phone/verify/", {"code": code}, follow=True)

    profile.refresh_from_db()
    assert (profile.phone, profile.phone_verified) == (NEW, True)
    page = response.content.decode()
    assert shown_messages(page)[-1] == verified
    assert "13900139123" not in " ".join(shown_messages(page))

    client.post(f"{prefix}/accounts/logout/")
    assert log_in_by_code(client, prefix, "139 0013 9123", sms_outbox) == profile.user

    client.post(f"{prefix}/accounts/logout/")
    assert not log_in_by_code(client, prefix, "138 0013 8000", sms_outbox).is_authenticated
    assert sms_outbox[-1].phone == OLD and sms_outbox[-1].template == "unknown_account"
    stranger = Client()
    assert log_in_by_password(stranger, prefix, "138 0013 8000").status_code == 200
    assert not stranger.get("/accounts/welcome/").wsgi_request.user.is_authenticated


@pytest.mark.parametrize(
    ("prefix", "language", "refusal"),
    [
        ("", "zh-hans", "139****9123 已是另一个账户的手机号"),
        ("/bo", "bo", "139****9123 ནི་རྩིས་ཐོ་གཞན་ཞིག་གི་ཁ་པར་ཨང་གྲངས་ཡིན།"),
    ],
)
def test_a_number_another_account_holds_is_refused_saying_nothing_about_it(
    client, sms_outbox, prefix, language, refusal
):
    other = TraineeFactory(name="卓玛", user=UserFactory(username="dolma-owner"))
    ProfileFactory(user=other.user, phone=NEW)
    profile = ProfileFactory(phone=OLD, language=language)
    log_in_by_password(client, prefix, "138 0013 8000")

    code = ask_for_new_number(client, prefix, "139 0013 9123", sms_outbox)
    response = client.post(f"{prefix}/accounts/phone/verify/", {"code": code})

    assert response.status_code == 200
    page = response.content.decode()
    [error] = response.context["form"].errors["code"]
    assert error.startswith(refusal)
    assert "13900139123" not in error
    for secret in ("卓玛", "dolma-owner", "已验证", "ར་སྤྲོད་བྱས་ཟིན།"):
        assert secret not in page
    profile.refresh_from_db()
    assert (profile.phone, profile.phone_verified) == (OLD, True)
    assert Profile.objects.get(user=other.user).phone == NEW


def test_the_number_stays_when_the_code_is_wrong(client, sms_outbox):
    profile = ProfileFactory(phone=OLD)
    log_in_by_password(client, "", "138 0013 8000")
    code = ask_for_new_number(client, "", "139 0013 9123", sms_outbox)

    wrong = "000000" if code != "000000" else "111111"
    response = client.post("/accounts/phone/verify/", {"code": wrong})

    assert response.status_code == 200
    profile.refresh_from_db()
    assert (profile.phone, profile.phone_verified) == (OLD, True)
