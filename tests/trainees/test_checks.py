"""`check --deploy` refuses the log SMS backend in production (trainees/checks.py)."""

import pytest

from django.core.management import call_command
from django.core.management.base import SystemCheckError

from trainees.checks import check_sms_backend

LOG = "trainees.sms.LogSmsBackend"


def test_the_log_backend_with_debug_off_is_an_error(settings):
    settings.DEBUG = False
    settings.SMS_BACKEND = LOG

    errors = check_sms_backend(None)

    assert [error.id for error in errors] == ["trainees.E001"]
    assert errors[0].is_serious()


def test_the_deploy_check_fails_on_the_log_backend(settings):
    settings.DEBUG = False
    settings.SMS_BACKEND = LOG

    with pytest.raises(SystemCheckError, match="trainees.E001"):
        call_command("check", deploy=True)


def test_the_log_backend_is_allowed_with_debug_on(settings):
    settings.DEBUG = True
    settings.SMS_BACKEND = LOG

    assert check_sms_backend(None) == []


def test_another_backend_passes(settings):
    settings.DEBUG = False
    settings.SMS_BACKEND = "trainees.sms.MemorySmsBackend"

    assert check_sms_backend(None) == []


def test_a_backend_that_cannot_be_imported_is_an_error(settings):
    settings.DEBUG = False
    settings.SMS_BACKEND = "trainees.sms.NoSuchBackend"

    assert [error.id for error in check_sms_backend(None)] == ["trainees.E002"]


GATEWAY_SETTINGS = {
    "SMS_SIGN_NAME": "雄鹰工程",
    "SMS_TEMPLATES": {
        "verification_code": {"zh-hans": "SMS_100"},
        "account_already_exists": {"zh-hans": "SMS_101"},
        "unknown_account": {"zh-hans": "SMS_102"},
        "application_news": {"zh-hans": "SMS_103"},
        "follow_up": {"zh-hans": "SMS_104"},
        "session_tomorrow": {"zh-hans": "SMS_105"},
        "sales_report_due": {"zh-hans": "SMS_106"},
    },
    "SMS_ALIYUN": {
        "ACCESS_KEY_ID": "id",
        "ACCESS_KEY_SECRET": "secret",
        "ENDPOINT": "https://dysmsapi.aliyuncs.com",
    },
    "SMS_TENCENT": {
        "SECRET_ID": "id",
        "SECRET_KEY": "key",
        "SDK_APP_ID": "1400000000",
        "REGION": "ap-guangzhou",
        "ENDPOINT": "https://sms.tencentcloudapi.com",
    },
}
GATEWAYS = ["trainees.sms_gateways.AliyunSmsBackend", "trainees.sms_gateways.TencentSmsBackend"]


@pytest.mark.parametrize("backend", GATEWAYS)
def test_a_gateway_with_its_credentials_sign_and_chinese_templates_passes(settings, backend):
    settings.DEBUG = False
    settings.SMS_BACKEND = backend
    for name, value in GATEWAY_SETTINGS.items():
        setattr(settings, name, value)

    assert check_sms_backend(None) == []


@pytest.mark.parametrize("backend", GATEWAYS)
def test_a_gateway_without_credentials_is_an_error_naming_what_is_missing(settings, backend):
    settings.DEBUG = False
    settings.SMS_BACKEND = backend
    for name, value in GATEWAY_SETTINGS.items():
        setattr(settings, name, value)
    settings.SMS_ALIYUN = {**settings.SMS_ALIYUN, "ACCESS_KEY_SECRET": ""}
    settings.SMS_TENCENT = {**settings.SMS_TENCENT, "SECRET_KEY": ""}

    [error] = check_sms_backend(None)

    assert error.id == "trainees.E003"
    assert ("ACCESS_KEY_SECRET" if "Aliyun" in backend else "SECRET_KEY") in error.msg


def test_a_gateway_without_a_chinese_template_for_a_kind_is_an_error(settings):
    settings.DEBUG = False
    settings.SMS_BACKEND = GATEWAYS[0]
    for name, value in GATEWAY_SETTINGS.items():
        setattr(settings, name, value)
    settings.SMS_TEMPLATES = {
        **GATEWAY_SETTINGS["SMS_TEMPLATES"],
        "unknown_account": {"bo": "SMS_202"},
    }
    settings.SMS_SIGN_NAME = ""

    [error] = check_sms_backend(None)

    assert error.id == "trainees.E003"
    assert "SMS_TEMPLATES['unknown_account']['zh-hans']" in error.msg
    assert "SMS_SIGN_NAME" in error.msg


def test_the_deploy_check_fails_on_a_gateway_without_templates(settings):
    settings.DEBUG = False
    settings.SMS_BACKEND = GATEWAYS[1]
    settings.SMS_TEMPLATES = {}

    with pytest.raises(SystemCheckError, match="trainees.E003"):
        call_command("check", deploy=True)
