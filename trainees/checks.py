"""System checks of the trainees app: the SMS gateway's with `python manage.py check --deploy`,
the certificate signing keys' with every command."""

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.utils.module_loading import import_string

from trainees.certificate_signing import KeyConfigurationError, key_ring
from trainees.sms import LogSmsBackend


@register(deploy=True)
def check_sms_backend(app_configs, **kwargs) -> list[Error]:
    """Production (DEBUG off) must name a real SMS gateway, with what it needs: the log
    backend would write every log-in code to the logs, and nobody would receive it."""
    if settings.DEBUG:
        return []
    try:
        backend = import_string(settings.SMS_BACKEND)
    except ImportError as error:
        return [
            Error(
                f"SMS_BACKEND {settings.SMS_BACKEND!r} cannot be imported: {error}",
                hint="Set SMS_BACKEND in the environment to the dotted path of a gateway "
                "backend; see trainees/sms.py and docs/deploy.md.",
                id="trainees.E002",
            )
        ]
    if isinstance(backend, type) and issubclass(backend, LogSmsBackend):
        return [
            Error(
                "SMS_BACKEND is the log backend (trainees.sms.LogSmsBackend) with DEBUG off: "
                "every log-in code would be written to the logs and no phone would get it.",
                hint="Set SMS_BACKEND in the environment to a gateway backend; see "
                "trainees/sms.py and docs/deploy.md.",
                id="trainees.E001",
            )
        ]
    missing = getattr(backend, "configuration_errors", list)()
    if missing:
        return [
            Error(
                f"SMS_BACKEND {settings.SMS_BACKEND!r} lacks: {', '.join(missing)}.",
                hint="Set the gateway's credentials, SMS_SIGN_NAME and SMS_TEMPLATES (a "
                "Chinese template for every kind of message) in the environment; see "
                "docs/deploy.md.",
                id="trainees.E003",
            )
        ]
    return []


@register(Tags.security)
def check_certificate_signing_keys(app_configs, **kwargs) -> list[Error]:
    """Every command (migrate, runserver, check) refuses to run with production settings
    and no certificate signing key, or keys it cannot read: certificates would go out
    without their signed statement, or not at all. Development and the tests sign with a
    key made for the process instead (CERTIFICATE_EPHEMERAL_SIGNING_KEY)."""
    try:
        key_ring()
    except KeyConfigurationError as error:
        return [
            Error(
                str(error),
                hint="Set CERTIFICATE_SIGNING_KEYS in the environment to the line that "
                "`python manage.py certificate_signing_key` prints; see docs/deploy.md, "
                "Certificate signing keys.",
                id="trainees.E004",
            )
        ]
    return []
