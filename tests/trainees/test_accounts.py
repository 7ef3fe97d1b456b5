import logging
import re

import pytest

from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.core import mail
from django.test import Client

from trainees.factories import DEFAULT_PASSWORD, ProfileFactory, TraineeFactory, UserFactory
from trainees.models import Profile
from trainees.sms import LogSmsBackend, Sms

pytestmark = pytest.mark.django_db

SIGNUP = "/accounts/signup/"
LOGIN = "/accounts/login/"
VERIFY_PHONE = "/accounts/phone/verify/"
CONFIRM_EMAIL = "/accounts/confirm-email/"
PASSWORD = "Kangding-2020-yak"


def sign_up(client, *, language_prefix="", **fields):
    data = {"phone": "", "email": "", "username": "", "password1": PASSWORD, "password2": PASSWORD}
    data.update(fields)
    return client.post(f"{language_prefix}{SIGNUP}", data)


def confirm_e_mailed_link(client, address: str):
    """Follow, in the same browser, the confirmation link e-mailed to `address`."""
    [message] = [message for message in mail.outbox if message.to == [address]]
    link = re.search(r"http://testserver(/accounts/confirm-email/\S+/)", message.body).group(1)
    return client.post(link)


def logged_in_user(client):
    return client.get("/accounts/welcome/").wsgi_request.user


def test_phone_sign_up_sends_a_code_and_the_code_verifies_the_number(client, sms_outbox):
    response = sign_up(client, phone="138 0013 8000")

    assert response.status_code == 302
    assert response["Location"] == VERIFY_PHONE
    [message] = sms_outbox
    assert message.phone == "+8613800138000"
    assert message.template == "verification_code"
    code = message.params["code"]
    assert len(code) == 6 and code.isdigit()
    assert code in message.text
    profile = Profile.objects.get(phone="+8613800138000")
    assert not profile.phone_verified
    assert not logged_in_user(client).is_authenticated

    response = client.post(VERIFY_PHONE, {"code": code})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/welcome/"
    profile.refresh_from_db()
    assert profile.phone_verified
    assert logged_in_user(client) == profile.user
    assert list(profile.user.groups.values_list("name", flat=True)) == ["Trainees"]


def test_signed_up_trainee_logs_in_with_the_number_typed_without_86(client, sms_outbox):
    sign_up(client, phone="+8613800138000")
    client.post(VERIFY_PHONE, {"code": sms_outbox[-1].params["code"]})
    client.post("/accounts/logout/")
    assert not logged_in_user(client).is_authenticated

    response = client.post(LOGIN, {"login": "13800138000", "password": PASSWORD})

    assert response.status_code == 302
    assert logged_in_user(client).profile.phone == "+8613800138000"


def test_trainee_logs_in_with_a_code_sent_by_sms(client, sms_outbox):
    profile = ProfileFactory(phone="+8613800138000")

    response = client.post("/accounts/login/code/", {"phone": "138 0013 8000"})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/code/confirm/"
    [message] = sms_outbox
    assert message.phone == "+8613800138000"
    response = client.post("/accounts/login/code/confirm/", {"code": message.params["code"]})
    assert response.status_code == 302
    assert logged_in_user(client) == profile.user


def test_sign_up_in_tibetan_remembers_the_language(client, sms_outbox):
    sign_up(client, email="tsering@example.com", username="tsering")

    assert Profile.objects.get(user__username="tsering").language == "zh-hans"
    client.post("/accounts/logout/")
    client.post(
        "/bo/accounts/signup/",
        {"email": "dolma@example.com", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert Profile.objects.get(user__email="dolma@example.com").language == "bo"


def test_e_mail_sign_up_needs_no_phone_and_goes_to_the_welcome_page(client, sms_outbox):
    response = sign_up(client, email="dolma@example.com")

    assert response.status_code == 302
    assert response["Location"] == CONFIRM_EMAIL
    assert not logged_in_user(client).is_authenticated
    response = confirm_e_mailed_link(client, "dolma@example.com")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/welcome/"
    user = logged_in_user(client)
    assert user.emailaddress_set.get().verified
    assert user.email == "dolma@example.com"
    assert user.username  # generated
    assert user.groups.filter(name="Trainees").exists()
    assert sms_outbox == []


def test_sign_up_without_phone_or_e_mail_is_refused(client, django_user_model):
    response = sign_up(client, username="tashi", language_prefix="/en")

    assert response.status_code == 200
    assert "Enter a mobile phone number or an e-mail address" in response.content.decode()
    assert not django_user_model.objects.filter(username="tashi").exists()


def test_bad_phone_number_gets_a_clear_message_and_no_account(client, django_user_model):
    response = sign_up(client, phone="1380013800", username="tashi", language_prefix="/en")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Enter a mainland China mobile number: 11 digits starting with 1" in html
    assert not django_user_model.objects.filter(username="tashi").exists()
    assert not Profile.objects.exists()


def test_username_that_is_a_phone_number_is_refused(client, django_user_model):
    response = sign_up(
        client, username="13800138000", email="tashi@example.com", language_prefix="/en"
    )

    assert "A username cannot be a phone number" in response.content.decode()
    assert not django_user_model.objects.exists()


def test_wrong_code_is_refused_and_nothing_is_verified(client, sms_outbox):
    sign_up(client, phone="13800138000")
    code = sms_outbox[-1].params["code"]
    wrong = "000000" if code != "000000" else "111111"

    response = client.post(f"/en{VERIFY_PHONE}", {"code": wrong})

    assert response.status_code == 200
    assert "Incorrect code." in response.content.decode()
    assert not Profile.objects.get(phone="+8613800138000").phone_verified
    assert not logged_in_user(client).is_authenticated


def test_login_by_username(client):
    user = UserFactory(username="demo-trainee")

    response = client.post(LOGIN, {"login": "demo-trainee", "password": DEFAULT_PASSWORD})

    assert response.status_code == 302
    assert logged_in_user(client) == user


def test_login_by_e_mail(client):
    user = UserFactory(username="demo-instructor")

    response = client.post(
        LOGIN, {"login": "demo-instructor@example.com", "password": DEFAULT_PASSWORD}
    )

    assert response.status_code == 302
    assert logged_in_user(client) == user


def test_wrong_password_is_refused_with_allauths_message(client):
    UserFactory(username="demo-trainee")

    response = client.post(f"/en{LOGIN}", {"login": "demo-trainee", "password": "wrong"})

    assert response.status_code == 200
    assert "The username and/or password you specified are not correct." in (
        response.content.decode()
    )
    assert not logged_in_user(client).is_authenticated


def test_sixth_failed_login_for_one_account_is_refused_with_429(client):
    UserFactory(username="demo-trainee")
    for _ in range(5):
        response = client.post(LOGIN, {"login": "demo-trainee", "password": "guess"})
        assert response.status_code == 200

    response = client.post(f"/en{LOGIN}", {"login": "demo-trainee", "password": DEFAULT_PASSWORD})

    assert response.status_code == 429
    assert "Too many failed login attempts. Try again later." in response.content.decode()
    assert not logged_in_user(client).is_authenticated


def test_failed_logins_count_per_number_however_it_is_typed(client):
    ProfileFactory(phone="+8613800138000")
    for typed in (
        "13800138000",
        "138 0013 8000",
        "+8613800138000",
        "008613800138000",
        "8613800138000",
    ):
        client.post(LOGIN, {"login": typed, "password": "guess"})

    response = client.post(LOGIN, {"login": "+86 138 0013 8000", "password": DEFAULT_PASSWORD})

    assert response.status_code == 429


def test_log_backend_writes_the_code_and_the_masked_number_to_the_trainees_sms_logger(caplog):
    with caplog.at_level(logging.INFO, logger="trainees.sms"):
        LogSmsBackend().send(
            Sms(phone="+8613800138000", template="verification_code", text="code 123456")
        )

    assert caplog.messages == ["SMS to 138****8000: code 123456"]


def test_new_sign_ups_join_only_the_trainees_group(client):
    sign_up(client, email="pema@example.com")
    confirm_e_mailed_link(client, "pema@example.com")

    user = logged_in_user(client)
    assert set(user.groups.all()) == {Group.objects.get(name="Trainees")}
    assert not user.is_staff


def test_signing_up_with_a_number_already_in_use_makes_no_second_account(
    client, sms_outbox, django_user_model
):
    ProfileFactory(phone="+8613800138000")

    sign_up(client, phone="13800138000", username="second")

    assert not django_user_model.objects.filter(username="second").exists()
    assert [(sms.phone, sms.template) for sms in sms_outbox] == [
        ("+8613800138000", "account_already_exists")
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(("prefix", "home"), [("", "/"), ("/bo", "/bo/"), ("/en", "/en/")])
def test_login_and_logout_lead_home_in_the_language_in_use(client, prefix, home):
    UserFactory(username="zhuoma", password="a-long-password-9")

    login = client.post(
        f"{prefix}/accounts/login/", {"login": "zhuoma", "password": "a-long-password-9"}
    )
    logout = client.post(f"{prefix}/accounts/logout/")

    assert login.status_code == 302 and login.url == home
    assert logout.status_code == 302 and logout.url == home


# Nothing tells a stranger whether an e-mail address has an account (ACCOUNT_PREVENT_ENUMERATION)


def sign_up_page(client, email: str) -> tuple[str, str]:
    """Where signing up with `email` leads, and that page's text without its CSRF tokens."""
    response = sign_up(client, email=email, language_prefix="/en")
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", page)
    return response["Location"], page.replace(email, "ADDRESS")


def test_signing_up_with_a_registered_e_mail_answers_as_a_new_one_and_mails_the_owner(
    django_user_model,
):
    owner = UserFactory(username="dolma", email="dolma@example.com")

    registered = sign_up_page(Client(), "dolma@example.com")
    new = sign_up_page(Client(), "pema@example.com")

    assert registered == new
    assert registered[0] == f"/en{CONFIRM_EMAIL}"
    assert "Verify Your Email Address" in registered[1]
    assert "Confirmation email sent to ADDRESS." in registered[1]
    assert list(django_user_model.objects.filter(email="dolma@example.com")) == [owner]
    [to_owner] = [message for message in mail.outbox if message.to == ["dolma@example.com"]]
    assert to_owner.subject.endswith("Account Already Exists")
    assert "an account using that email address already exists" in to_owner.body
    assert "/accounts/password/reset/" in to_owner.body
    [to_new] = [message for message in mail.outbox if message.to == ["pema@example.com"]]
    assert "To confirm this is correct, go to http://testserver/" in to_new.body
    assert "/accounts/confirm-email/" in to_new.body


def test_signing_up_with_a_registered_e_mail_lets_no_stranger_in():
    UserFactory(username="dolma", email="dolma@example.com")
    stranger = Client()
    sign_up(stranger, email="dolma@example.com")

    stranger.post(f"{CONFIRM_EMAIL}not-a-key/")

    assert not logged_in_user(stranger).is_authenticated


def test_a_registered_e_mail_with_a_phone_is_still_refused_on_the_form(client, django_user_model):
    UserFactory(username="dolma", email="dolma@example.com")

    response = sign_up(
        client, email="dolma@example.com", phone="13800138000", language_prefix="/en"
    )

    assert response.status_code == 200
    assert "A user is already registered with this email address." in response.content.decode()
    assert django_user_model.objects.filter(email="dolma@example.com").count() == 1


def test_password_reset_answers_the_same_for_a_registered_and_an_unknown_address():
    UserFactory(username="dolma", email="dolma@example.com")

    registered = Client().post("/accounts/password/reset/", {"email": "dolma@example.com"})
    unknown = Client().post("/accounts/password/reset/", {"email": "nobody@example.com"})

    assert registered.status_code == unknown.status_code == 302
    assert registered["Location"] == unknown["Location"]


def test_the_e_mail_sent_page_and_the_owners_mail_are_tibetan_under_bo():
    UserFactory(username="dolma", email="dolma@example.com")
    client = Client()

    response = sign_up(client, email="dolma@example.com", language_prefix="/bo")
    page = client.get(response["Location"]).content.decode()

    assert "གློག་ཡིག་ཁ་བྱང་ར་སྤྲོད" in page
    assert "ང་ཚོས་ཁྱེད་ལ་ར་སྤྲོད་གློག་ཡིག་ཅིག་བསྐུར་ཟིན།" in page
    assert "ར་སྤྲོད་གློག་ཡིག་ dolma@example.com ལ་བསྐུར་ཟིན།" in page
    [to_owner] = mail.outbox
    assert to_owner.subject.endswith("རྩིས་ཐོ་སྔ་ནས་ཡོད")
    assert "ཡིན་ནའང་གློག་ཡིག་ཁ་བྱང་དེ་བཀོལ་བའི་རྩིས་ཐོ་ཞིག་སྔ་ནས་ཡོད།" in to_owner.body


def messages_shown(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_a_phone_sign_up_is_greeted_by_the_masked_number_not_as_user(client, sms_outbox):
    sign_up(client, phone="138 0013 8000")

    response = client.post(VERIFY_PHONE, {"code": sms_outbox[-1].params["code"]})

    assert logged_in_user(client).username.startswith("user")
    assert messages_shown(response)[-1] == "以 138****8000 成功登录。"


def test_a_phone_sign_up_in_tibetan_is_greeted_by_the_masked_number(client, sms_outbox):
    sign_up(client, language_prefix="/bo", phone="138 0013 8000")

    response = client.post(f"/bo{VERIFY_PHONE}", {"code": sms_outbox[-1].params["code"]})

    assert messages_shown(response)[-1] == "138****8000 ནང་འཛུལ་ལེགས་གྲུབ་བྱུང་།"


@pytest.mark.parametrize(
    ("prefix", "greeting"),
    [("", "以 卓玛 成功登录。"), ("/bo", "卓玛 ནང་འཛུལ་ལེགས་གྲུབ་བྱུང་།")],
)
def test_a_trainee_is_greeted_by_the_name_they_gave(client, prefix, greeting):
    trainee = TraineeFactory(name="卓玛", user=UserFactory(username="user7"))
    # The greeting speaks the language they chose, which the log-in lands in (accounts.py).
    language = "bo" if prefix == "/bo" else "zh-hans"
    ProfileFactory(user=trainee.user, phone="+8613800138000", language=language)

    response = client.post(
        f"{prefix}{LOGIN}", {"login": "13800138000", "password": DEFAULT_PASSWORD}
    )

    assert messages_shown(response) == [greeting]


def test_an_e_mail_sign_up_without_a_name_is_greeted_by_the_address(client):
    UserFactory(username="user8", email="tsering@example.com", first_name="", last_name="")

    response = client.post(LOGIN, {"login": "tsering@example.com", "password": DEFAULT_PASSWORD})

    assert messages_shown(response) == ["以 tsering@example.com 成功登录。"]


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"phone": "138 0013", "email": ""}, "请输入中国大陆手机号：以 1 开头的 11 位数字"),
        ({"phone": "138 0013 8000", "email": "tsering@example.com"}, "请仅选择一项。"),
        # allauth itself answered 500 to this one: neither field is required.
        ({"phone": "", "email": ""}, "请输入你的手机号或邮箱地址。"),
    ],
)
def test_a_log_in_code_asked_for_wrongly_is_refused_with_the_reason_and_sends_nothing(
    client, sms_outbox, data, error
):
    ProfileFactory(phone="+8613800138000")

    response = client.post("/accounts/login/code/", data)

    assert response.status_code == 200
    assert error in response.content.decode()
    assert "手机号或邮箱" in response.content.decode()
    assert sms_outbox == []
    assert mail.outbox == []


def test_a_log_in_code_asked_for_with_nothing_is_refused_in_tibetan(client, sms_outbox):
    response = client.post("/bo/accounts/login/code/", {"phone": "", "email": ""})

    assert response.status_code == 200
    assert "ཁ་པར་ཨང་གྲངས་སམ་གློག་འཕྲིན་ཁ་བྱང་འབྲི་རོགས།" in response.content.decode()
    assert sms_outbox == []
    assert mail.outbox == []


def shown_messages(html: str) -> list[str]:
    return re.findall(r'<li class="message [a-z]+">(.*?)</li>', html, re.S)


@pytest.mark.parametrize(
    ("prefix", "greeting"),
    [("", "以 138****8123 成功登录。"), ("/bo", "138****8123 ནང་འཛུལ་ལེགས་གྲུབ་བྱུང་།")],
)
def test_the_welcome_page_after_a_phone_sign_up_shows_one_message_with_the_masked_number(
    client, sms_outbox, prefix, greeting
):
    response = sign_up(client, language_prefix=prefix, phone="138 0013 8123")
    verify_page = client.get(response["Location"]).content.decode()
    # The page asking for the code says where it went, masked too.
    assert "138****8123" in " ".join(shown_messages(verify_page))
    assert "0013" not in " ".join(shown_messages(verify_page))

    response = client.post(f"{prefix}{VERIFY_PHONE}", {"code": sms_outbox[-1].params["code"]})
    welcome = client.get(response["Location"]).content.decode()

    assert shown_messages(welcome) == [greeting]
    assert "13800138123" not in welcome


def test_a_log_in_code_sent_by_sms_is_announced_with_the_masked_number(client, sms_outbox):
    ProfileFactory(phone="+8613800138123")
    response = client.post("/accounts/login/code/", {"phone": "138 0013 8123"}, follow=True)
    shown = shown_messages(response.content.decode())
    assert len(shown) == 1 and "138****8123" in shown[0]
    assert "0013" not in shown[0]


def test_a_logged_in_trainee_verifying_their_number_is_told_so_masked(client, sms_outbox):
    profile = ProfileFactory(phone="+8613800138123", phone_verified=False)
    client.force_login(profile.user)
    client.post("/accounts/phone/change/", {"action": "verify"})
    response = client.post(VERIFY_PHONE, {"code": sms_outbox[-1].params["code"]}, follow=True)
    profile.refresh_from_db()
    assert profile.phone_verified
    assert shown_messages(response.content.decode())[-1] == "手机号 138****8123 已验证。"


@pytest.mark.parametrize("prefix", ["", "/bo"])
def test_the_code_log_in_page_asks_for_the_phone_first(client, prefix):
    html = client.get(f"{prefix}/accounts/login/code/").content.decode()
    assert 'name="phone"' in html and 'name="email"' in html
    assert html.index('name="phone"') < html.index('name="email"')


@pytest.mark.parametrize(
    ("prefix", "rule"),
    [("", "你的密码不能全都是数字。"), ("/bo", "གསང་གྲངས་ཚང་མ་ཨང་ཀི་ཡིན་མི་ཆོག")],
)
def test_the_sign_up_password_points_screen_readers_to_its_rules(client, prefix, rule):
    """The rules are a list: in a <span> inside the field's <p>, a browser closed the <p>
    at the list and left the element the field names empty. They stand on their own."""
    html = client.get(f"{prefix}{SIGNUP}").content.decode()
    described_by = re.search(r'name="password1"[^>]*aria-describedby="([^"]+)"', html).group(1)
    found = re.search(rf'<(\w+) class="helptext" id="{described_by}">(.*?)</\1>', html, re.S)
    assert found, f"no element {described_by}"
    tag, rules = found.groups()
    assert tag == "div"
    assert rule in rules and "<li>" in rules
    # Not inside an open paragraph: the <p> before it is closed.
    before = html[: found.start()]
    assert before.rfind("</p>") > before.rfind("<p>")
