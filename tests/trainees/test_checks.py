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
