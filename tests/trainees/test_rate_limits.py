"""Log-in, sign-up, SMS codes and password reset are rate-limited (ACCOUNT_RATE_LIMITS).

Each limit answers 429 Too Many Requests with a message saying to wait, in the
language of the URL, makes nothing, and leaves another address or account alone.
"""

import pytest

from django.core import mail
from django.test import Client

from tests.trainees.test_accounts import PASSWORD, logged_in_user
from trainees.factories import DEFAULT_PASSWORD, ProfileFactory, UserFactory
from trainees.models import Profile

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
SIGNUP = "/accounts/signup/"
LOGIN_CODE = "/accounts/login/code/"
RESET = "/accounts/password/reset/"
ADMIN_LOGIN = "/admin/login/"

WAIT_ZH = "短时间内尝试次数太多。请等几分钟再试。"
WAIT_EN = "You have tried this too many times in a short while. Wait a few minutes, then try again."
FAILED_ZH = "登录失败次数过多，请稍后重试。"
FAILED_EN = "Too many failed login attempts. Try again later."


def from_ip(ip: str) -> Client:
    """A browser of its own (no cookies) at the address `ip`."""
    return Client(REMOTE_ADDR=ip)


def signup_data(**fields) -> dict:
    data = {"phone": "", "email": "", "username": "", "password1": PASSWORD, "password2": PASSWORD}
    return {**data, **fields}


def assert_refused(response, message: str):
    assert response.status_code == 429
    assert message in response.content.decode()


# Log in


@pytest.mark.parametrize(("prefix", "message"), [("", WAIT_ZH), ("/en", WAIT_EN)])
def test_the_31st_log_in_from_one_address_within_a_minute_is_refused(prefix, message):
    UserFactory(username="zhuoma")
    for _ in range(30):
        response = from_ip("203.0.113.7").post(
            LOGIN, {"login": "zhuoma", "password": DEFAULT_PASSWORD}
        )
        assert response.status_code == 302

    refused = from_ip("203.0.113.7")
    response = refused.post(f"{prefix}{LOGIN}", {"login": "zhuoma", "password": DEFAULT_PASSWORD})

    assert_refused(response, message)
    assert not logged_in_user(refused).is_authenticated
    other = from_ip("198.51.100.2")
    assert other.post(LOGIN, {"login": "zhuoma", "password": DEFAULT_PASSWORD}).status_code == 302


@pytest.mark.parametrize(("prefix", "message"), [("", FAILED_ZH), ("/en", FAILED_EN)])
def test_ten_failed_log_ins_from_one_address_refuse_the_eleventh(prefix, message):
    UserFactory(username="zhuoma")
    for n in range(10):
        from_ip("203.0.113.7").post(LOGIN, {"login": f"guess-{n}", "password": "guess"})

    response = from_ip("203.0.113.7").post(
        f"{prefix}{LOGIN}", {"login": "zhuoma", "password": DEFAULT_PASSWORD}
    )

    assert_refused(response, message)
    other = from_ip("198.51.100.2")
    assert other.post(LOGIN, {"login": "zhuoma", "password": DEFAULT_PASSWORD}).status_code == 302
    assert logged_in_user(other).username == "zhuoma"


def test_failed_log_ins_for_one_account_leave_another_account_alone():
    UserFactory(username="zhuoma")
    UserFactory(username="pema")
    for _ in range(5):
        from_ip("203.0.113.7").post(LOGIN, {"login": "zhuoma", "password": "guess"})

    refused = from_ip("203.0.113.7").post(LOGIN, {"login": "zhuoma", "password": DEFAULT_PASSWORD})
    allowed = from_ip("203.0.113.7").post(LOGIN, {"login": "pema", "password": DEFAULT_PASSWORD})

    assert_refused(refused, FAILED_ZH)
    assert allowed.status_code == 302


def test_the_admin_log_in_counts_failures_per_account_too():
    UserFactory(username="manager", groups=["Programme managers"])
    UserFactory(username="coordinator", groups=["County coordinators"])
    for _ in range(5):
        response = from_ip("203.0.113.7").post(
            ADMIN_LOGIN, {"username": "manager", "password": "guess"}
        )
        assert response.status_code == 200

    refused = from_ip("203.0.113.7")
    response = refused.post(ADMIN_LOGIN, {"username": "manager", "password": DEFAULT_PASSWORD})

    assert_refused(response, FAILED_ZH)
    assert not logged_in_user(refused).is_authenticated
    other = from_ip("203.0.113.7")
    response = other.post(ADMIN_LOGIN, {"username": "coordinator", "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    assert logged_in_user(other).username == "coordinator"


def test_failed_site_log_ins_count_against_the_admin_log_in_of_the_same_account():
    UserFactory(username="manager", groups=["Programme managers"])
    for _ in range(5):
        from_ip("203.0.113.7").post(LOGIN, {"login": "manager", "password": "guess"})

    response = from_ip("203.0.113.7").post(
        ADMIN_LOGIN, {"username": "manager", "password": DEFAULT_PASSWORD}
    )

    assert_refused(response, FAILED_ZH)
    other = from_ip("198.51.100.2")
    response = other.post(ADMIN_LOGIN, {"username": "manager", "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    assert logged_in_user(other).username == "manager"


@pytest.mark.parametrize(
    "login", ["zhuoma", "zhuoma@example.com", "13800138000"], ids=["username", "email", "phone"]
)
def test_a_strangers_wrong_passwords_do_not_lock_the_trainee_out(login):
    trainee = UserFactory(username="zhuoma", email="zhuoma@example.com")
    ProfileFactory(user=trainee, phone="+8613800138000", phone_verified=True)
    for _ in range(5):
        response = from_ip("203.0.113.7").post(LOGIN, {"login": login, "password": "guess"})
        assert response.status_code == 200

    stranger = from_ip("203.0.113.7")
    refused = stranger.post(LOGIN, {"login": login, "password": DEFAULT_PASSWORD})
    trainee_browser = from_ip("198.51.100.2")
    allowed = trainee_browser.post(LOGIN, {"login": login, "password": DEFAULT_PASSWORD})

    assert_refused(refused, FAILED_ZH)
    assert not logged_in_user(stranger).is_authenticated
    assert allowed.status_code == 302
    assert logged_in_user(trainee_browser) == trainee


def test_a_stranger_spreading_guesses_over_accounts_is_limited_by_address():
    UserFactory(username="zhuoma")
    UserFactory(username="pema")
    for n in range(10):
        login = "zhuoma" if n % 2 else "pema"
        from_ip("203.0.113.7").post(LOGIN, {"login": login, "password": f"guess-{n}"})

    refused = from_ip("203.0.113.7").post(LOGIN, {"login": "pema", "password": DEFAULT_PASSWORD})

    assert_refused(refused, FAILED_ZH)
    for login in ("zhuoma", "pema"):
        response = from_ip("198.51.100.2").post(
            LOGIN, {"login": login, "password": DEFAULT_PASSWORD}
        )
        assert response.status_code == 302


def test_the_31st_admin_log_in_from_one_address_within_a_minute_is_refused():
    UserFactory(username="manager", groups=["Programme managers"])
    for _ in range(30):
        from_ip("203.0.113.7").post(
            ADMIN_LOGIN, {"username": "manager", "password": DEFAULT_PASSWORD}
        )

    response = from_ip("203.0.113.7").post(
        ADMIN_LOGIN, {"username": "manager", "password": DEFAULT_PASSWORD}
    )

    assert_refused(response, WAIT_ZH)
    other = from_ip("198.51.100.2")
    assert (
        other.post(ADMIN_LOGIN, {"username": "manager", "password": DEFAULT_PASSWORD}).status_code
        == 302
    )


def test_the_admin_sends_no_password_reset_mail_of_its_own(client):
    UserFactory(username="manager", email="manager@example.org", groups=["Programme managers"])

    response = client.post("/admin/password_reset/", {"email": "manager@example.org"})

    assert response.status_code == 404
    assert mail.outbox == []


# Sign up


@pytest.mark.parametrize(("prefix", "message"), [("", WAIT_ZH), ("/en", WAIT_EN)])
def test_the_21st_sign_up_from_one_address_within_a_minute_is_refused(
    prefix, message, django_user_model
):
    for n in range(20):
        response = from_ip("203.0.113.7").post(SIGNUP, signup_data(email=f"trainee{n}@example.com"))
        assert response.status_code == 302
    assert django_user_model.objects.count() == 20

    response = from_ip("203.0.113.7").post(
        f"{prefix}{SIGNUP}", signup_data(email="late@example.com")
    )

    assert_refused(response, message)
    assert not django_user_model.objects.filter(email="late@example.com").exists()
    allowed = from_ip("198.51.100.2").post(SIGNUP, signup_data(email="late@example.com"))
    assert allowed.status_code == 302
    assert django_user_model.objects.filter(email="late@example.com").exists()


# SMS codes


@pytest.mark.parametrize(("prefix", "message"), [("", WAIT_ZH), ("/en", WAIT_EN)])
def test_a_fourth_phone_sign_up_from_one_address_within_a_minute_sends_no_code(
    prefix, message, sms_outbox, django_user_model
):
    for n in range(3):
        response = from_ip("203.0.113.7").post(SIGNUP, signup_data(phone=f"1380013800{n}"))
        assert response.status_code == 302
    assert len(sms_outbox) == 3

    response = from_ip("203.0.113.7").post(
        f"{prefix}{SIGNUP}", signup_data(phone="13800138009", username="fourth")
    )

    assert_refused(response, message)
    assert len(sms_outbox) == 3
    # Refused before the account is made, so the number is free to sign up with later.
    assert not Profile.objects.filter(phone="+8613800138009").exists()
    assert not django_user_model.objects.filter(username="fourth").exists()
    allowed = from_ip("198.51.100.2").post(SIGNUP, signup_data(phone="13800138009"))
    assert allowed.status_code == 302
    assert [sms.phone for sms in sms_outbox][-1] == "+8613800138009"


def test_a_second_text_to_one_number_within_30_seconds_is_refused(sms_outbox):
    """Signing up again with a number pesters its owner with "already has an account"."""
    from_ip("203.0.113.7").post(SIGNUP, signup_data(phone="13800138000"))
    assert len(sms_outbox) == 1

    response = from_ip("198.51.100.2").post(
        SIGNUP, signup_data(phone="138 0013 8000", username="again")
    )

    assert_refused(response, WAIT_ZH)
    assert len(sms_outbox) == 1
    assert Profile.objects.filter(phone="+8613800138000").count() == 1
    other_number = from_ip("198.51.100.2").post(SIGNUP, signup_data(phone="13900139000"))
    assert other_number.status_code == 302
    assert sms_outbox[-1].phone == "+8613900139000"


@pytest.mark.parametrize(("prefix", "message"), [("", FAILED_ZH), ("/en", FAILED_EN)])
def test_a_fourth_log_in_code_for_one_number_within_a_minute_is_refused(
    prefix, message, sms_outbox
):
    ProfileFactory(phone="+8613800138000")
    ProfileFactory(phone="+8613900139000")
    # Each request from its own browser and address, as if from different phones.
    for n in range(3):
        from_ip(f"203.0.113.{n}").post(LOGIN_CODE, {"phone": "13800138000"})
    assert len(sms_outbox) == 3

    response = from_ip("203.0.113.9").post(f"{prefix}{LOGIN_CODE}", {"phone": "+86 138 0013 8000"})

    assert_refused(response, message)
    assert len(sms_outbox) == 3
    other = from_ip("203.0.113.9").post(LOGIN_CODE, {"phone": "13900139000"})
    assert other.status_code == 302
    assert sms_outbox[-1].phone == "+8613900139000"


# Password reset


@pytest.mark.parametrize(("prefix", "message"), [("", WAIT_ZH), ("/en", WAIT_EN)])
def test_a_sixth_reset_mail_for_one_address_within_a_minute_is_refused(prefix, message):
    UserFactory(username="zhuoma", email="zhuoma@example.com")
    UserFactory(username="pema", email="pema@example.com")
    for n in range(5):
        response = from_ip(f"203.0.113.{n}").post(RESET, {"email": "zhuoma@example.com"})
        assert response.status_code == 302
    assert len(mail.outbox) == 5

    response = from_ip("203.0.113.9").post(f"{prefix}{RESET}", {"email": "zhuoma@example.com"})

    assert_refused(response, message)
    assert len(mail.outbox) == 5
    other = from_ip("203.0.113.9").post(RESET, {"email": "pema@example.com"})
    assert other.status_code == 302
    assert mail.outbox[-1].to == ["pema@example.com"]


def test_the_21st_reset_from_one_address_within_a_minute_is_refused():
    UserFactory(username="zhuoma", email="zhuoma@example.com")
    for n in range(20):
        from_ip("203.0.113.7").post(RESET, {"email": f"someone{n}@example.com"})

    response = from_ip("203.0.113.7").post(RESET, {"email": "zhuoma@example.com"})

    assert_refused(response, WAIT_ZH)
    assert len(mail.outbox) == 20  # the unknown addresses are told they have no account
    assert from_ip("198.51.100.2").post(RESET, {"email": "zhuoma@example.com"}).status_code == 302
    assert mail.outbox[-1].to == ["zhuoma@example.com"]


def test_the_21st_try_of_a_reset_link_from_one_address_within_a_minute_is_refused():
    for n in range(20):
        from_ip("203.0.113.7").post(
            f"/accounts/password/reset/key/1-guess{n}/",
            {"password1": PASSWORD, "password2": PASSWORD},
        )

    response = from_ip("203.0.113.7").post(
        "/accounts/password/reset/key/1-guess/", {"password1": PASSWORD, "password2": PASSWORD}
    )

    assert_refused(response, WAIT_ZH)
    other = from_ip("198.51.100.2").post(
        "/accounts/password/reset/key/1-guess/", {"password1": PASSWORD, "password2": PASSWORD}
    )
    assert other.status_code != 429


# Behind the proxy


def test_behind_the_proxy_each_client_is_counted_by_its_forwarded_address(settings):
    """In production every request comes from the proxy; X-Forwarded-For names the client."""
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    UserFactory(username="zhuoma")

    def through_proxy(client_ip: str) -> Client:
        return Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=client_ip)

    for n in range(10):
        through_proxy("203.0.113.7").post(LOGIN, {"login": f"guess-{n}", "password": "guess"})

    refused = through_proxy("203.0.113.7").post(
        LOGIN, {"login": "zhuoma", "password": DEFAULT_PASSWORD}
    )
    allowed = through_proxy("198.51.100.2").post(
        LOGIN, {"login": "zhuoma", "password": DEFAULT_PASSWORD}
    )

    assert_refused(refused, FAILED_ZH)
    assert allowed.status_code == 302


def test_after_a_strangers_wrong_passwords_the_trainee_still_logs_in_with_an_sms_code(
    sms_outbox,
):
    trainee = UserFactory(username="zhuoma")
    ProfileFactory(user=trainee, phone="+8613800138000", phone_verified=True)
    for _ in range(5):
        from_ip("203.0.113.7").post(LOGIN, {"login": "13800138000", "password": "guess"})

    trainee_browser = from_ip("198.51.100.2")
    response = trainee_browser.post(LOGIN_CODE, {"phone": "138 0013 8000"})
    assert response.status_code == 302
    code = sms_outbox[-1].params["code"]
    response = trainee_browser.post(f"{LOGIN_CODE}confirm/", {"code": code})

    assert response.status_code == 302
    assert logged_in_user(trainee_browser) == trainee
