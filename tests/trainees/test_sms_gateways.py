"""The Aliyun and Tencent Cloud SMS backends (trainees/sms_gateways.py) against local fake
gateways speaking each API (tests/trainees/sms_fakes.py): never the internet."""

import time

import pytest

from trainees.choices import SmsResult
from trainees.models import SmsDelivery
from trainees.sms import Sms, SmsError, send_sms

from .sms_fakes import AliyunHandler, TencentHandler, closed_port_url, running

pytestmark = pytest.mark.django_db

TEMPLATES = {
    "verification_code": {"zh-hans": "SMS_100", "bo": "SMS_200"},
    "account_already_exists": {"zh-hans": "SMS_101"},
    "unknown_account": {"zh-hans": "SMS_102"},
}
GATEWAYS = {
    "aliyun": {
        "backend": "trainees.sms_gateways.AliyunSmsBackend",
        "handler": AliyunHandler,
        "setting": "SMS_ALIYUN",
        "credentials": {"ACCESS_KEY_ID": "test-key-id", "ACCESS_KEY_SECRET": "test-secret"},
        "key_id": "test-key-id",
        "action": "SendSms 2017-05-25",
        "ok": "OK",
    },
    "tencent": {
        "backend": "trainees.sms_gateways.TencentSmsBackend",
        "handler": TencentHandler,
        "setting": "SMS_TENCENT",
        "credentials": {
            "SECRET_ID": "test-secret-id",
            "SECRET_KEY": "test-secret-key",
            "SDK_APP_ID": "1400000000",
            "REGION": "ap-guangzhou",
        },
        "key_id": "test-secret-id",
        "action": "SendSms 2021-01-11",
        "ok": "Ok",
    },
}
PHONE = "+8613800138000"


def code_sms(language="zh-hans", code="482913") -> Sms:
    return Sms(
        phone=PHONE,
        template="verification_code",
        text=f"code {code}",
        params={"code": code},
        language=language,
    )


@pytest.fixture(params=sorted(GATEWAYS))
def gateway(request, settings):
    """Points the settings at a fake of the gateway: `gateway.at(url)`, `gateway.serve(...)`."""
    spec = GATEWAYS[request.param]

    class Gateway:
        name = request.param

        def at(self, url: str) -> None:
            settings.SMS_BACKEND = spec["backend"]
            setattr(settings, spec["setting"], {**spec["credentials"], "ENDPOINT": url})

        def serve(self, *answers: str) -> running:
            return running(spec["handler"], list(answers))

    settings.SMS_SIGN_NAME = "雄鹰工程"
    settings.SMS_TEMPLATES = TEMPLATES
    settings.SMS_TIMEOUT = 1
    settings.SMS_RETRY_DELAYS = (0.05, 0.1)
    gateway = Gateway()
    gateway.spec = spec
    return gateway


def sent_params(gateway, received) -> dict:
    """What the gateway was asked, in a form common to both."""
    params = received.params
    if gateway.name == "aliyun":
        return {
            "phone": params["PhoneNumbers"],
            "sign": params["SignName"],
            "template": params["TemplateCode"],
            "values": params.get("TemplateParam"),
        }
    return {
        "phone": params["PhoneNumberSet"][0],
        "sign": params["SignName"],
        "template": params["TemplateId"],
        "values": params.get("TemplateParamSet"),
        "app": params["SmsSdkAppId"],
    }


def test_a_code_goes_to_the_gateway_with_its_template_and_is_logged_as_sent(gateway):
    with gateway.serve("ok") as (fake, url):
        gateway.at(url)
        send_sms(code_sms())

    [received] = fake.received
    assert received.action == gateway.spec["action"]
    assert received.key_id == gateway.spec["key_id"]
    expected = {"sign": "雄鹰工程", "template": "SMS_100"}
    if gateway.name == "aliyun":
        expected |= {"phone": "13800138000", "values": '{"code": "482913"}'}
    else:
        expected |= {"phone": PHONE, "values": ["482913"], "app": "1400000000"}
    assert sent_params(gateway, received) == expected
    delivery = SmsDelivery.objects.get()
    assert (delivery.result, delivery.gateway_code, delivery.attempts) == (
        SmsResult.SENT,
        gateway.spec["ok"],
        1,
    )
    assert delivery.phone_masked == "138****8000"
    assert (delivery.template, delivery.language) == ("verification_code", "zh-hans")
    assert delivery.backend == gateway.spec["backend"]


def test_a_tibetan_message_uses_the_tibetan_template_and_english_falls_back_to_chinese(gateway):
    with gateway.serve("ok") as (fake, url):
        gateway.at(url)
        send_sms(code_sms(language="bo"))
        send_sms(code_sms(language="en"))

    assert [sent_params(gateway, r)["template"] for r in fake.received] == ["SMS_200", "SMS_100"]


def test_a_message_without_params_sends_none(gateway):
    with gateway.serve("ok") as (fake, url):
        gateway.at(url)
        send_sms(Sms(phone=PHONE, template="unknown_account", text="no account"))

    assert sent_params(gateway, fake.received[0])["values"] in (None, [])


def test_throttling_is_tried_again_after_growing_delays_then_succeeds(gateway, settings):
    settings.SMS_RETRY_DELAYS = (0.5, 1.0)  # the defaults of settings/base.py
    with gateway.serve("throttled", "throttled", "ok") as (fake, url):
        gateway.at(url)
        send_sms(code_sms())

    first, second, third = (r.at for r in fake.received)
    assert 0.5 <= second - first < 0.9
    assert 1.0 <= third - second < 1.4
    delivery = SmsDelivery.objects.get()
    assert (delivery.result, delivery.attempts) == (SmsResult.SENT, 3)


@pytest.mark.parametrize(
    "answer, codes",
    [
        ("refused", {"aliyun": "isv.MOBILE_NUMBER_ILLEGAL",
                     "tencent": "InvalidParameterValue.IncorrectPhoneNumber"}),
        ("limited", {"aliyun": "isv.BUSINESS_LIMIT_CONTROL",
                     "tencent": "LimitExceeded.PhoneNumberDailyLimit"}),
    ],
)  # fmt: skip
def test_a_permanent_refusal_is_an_sms_error_at_once_without_trying_again(gateway, answer, codes):
    with gateway.serve(answer, "ok") as (fake, url):
        gateway.at(url)
        with pytest.raises(SmsError) as raised:
            send_sms(code_sms())

    assert len(fake.received) == 1
    assert (raised.value.code, raised.value.attempts) == (codes[gateway.name], 1)
    delivery = SmsDelivery.objects.get()
    assert (delivery.result, delivery.gateway_code, delivery.attempts) == (
        SmsResult.FAILED,
        codes[gateway.name],
        1,
    )


def test_the_log_keeps_neither_the_whole_number_nor_the_code_even_when_the_gateway_repeats_them(
    gateway,
):
    with gateway.serve("refused") as (fake, url):
        gateway.at(url)
        with pytest.raises(SmsError):
            send_sms(code_sms())

    row = SmsDelivery.objects.values().get()
    stored = " ".join(str(value) for value in row.values())
    assert "13800138000" not in stored
    assert "482913" not in stored
    assert "号码" in stored or "非法手机号" in stored  # the gateway's words are kept


def test_a_gateway_answering_500_is_tried_three_times_then_an_sms_error(gateway):
    with gateway.serve("error") as (fake, url):
        gateway.at(url)
        with pytest.raises(SmsError) as raised:
            send_sms(code_sms())

    assert len(fake.received) == 3
    assert raised.value.attempts == 3
    delivery = SmsDelivery.objects.get()
    assert (delivery.result, delivery.attempts) == (SmsResult.FAILED, 3)


def test_a_closed_port_is_tried_three_times_then_an_sms_error(gateway):
    gateway.at(closed_port_url())

    with pytest.raises(SmsError) as raised:
        send_sms(code_sms())

    assert (raised.value.code, raised.value.attempts) == ("unreachable", 3)
    delivery = SmsDelivery.objects.get()
    assert (delivery.gateway_code, delivery.gateway_message) == (
        "unreachable",
        "could not reach the gateway",
    )


def test_a_gateway_that_hangs_is_an_sms_error_after_the_timeout_and_is_not_tried_again(gateway):
    with gateway.serve("hang") as (fake, url):
        gateway.at(url)
        started = time.monotonic()
        with pytest.raises(SmsError) as raised:
            send_sms(code_sms())
        waited = time.monotonic() - started

    assert 1 <= waited < 2.5
    assert len(fake.received) == 1
    assert (raised.value.code, raised.value.attempts) == ("timeout", 1)
    assert SmsDelivery.objects.get().gateway_message == "no answer within 1 s"


def test_a_kind_without_a_template_is_an_sms_error_before_any_call(gateway, settings):
    settings.SMS_TEMPLATES = {"verification_code": {"bo": "SMS_200"}}
    with gateway.serve("ok") as (fake, url):
        gateway.at(url)
        with pytest.raises(SmsError) as raised:
            send_sms(code_sms())

    assert fake.received == []
    assert raised.value.code == "no_template"
    delivery = SmsDelivery.objects.get()
    assert (delivery.result, delivery.attempts) == (SmsResult.FAILED, 0)
