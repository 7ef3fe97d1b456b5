"""Text messages to mobile phones, through the backend named by settings.SMS_BACKEND.

A backend is a class with one method, `send(message: Sms) -> SmsReceipt | None`, that
raises `SmsError` when the message cannot be handed over. `send_sms` records every
message, sent or not, on any backend, in `SmsDelivery` (the number masked, never the text).

- `LogSmsBackend` (development and the default): writes the message to the
  `trainees.sms` logger, so a developer reads the code in the console.
- `MemorySmsBackend` (tests): keeps every message in `MemorySmsBackend.outbox`.
- `trainees.sms_gateways.AliyunSmsBackend` and `TencentSmsBackend` (production): the
  gateways' own SDKs, on `GatewaySmsBackend` below, which picks the template approved for
  the message's kind and language (mainland gateways send approved templates only, never
  free text) and tries again, a bounded number of times, where the gateway asks to.
"""

import logging
import re
import time
from dataclasses import dataclass, field
from typing import ClassVar, Protocol

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import get_language

from trainees.choices import Language, SmsResult, SmsTemplate
from trainees.identity import mask_phone
from trainees.models import SmsDelivery

logger = logging.getLogger(__name__)


def active_language() -> str:
    """The interface language now active: the one a message made now is written in."""
    language = get_language()
    return language if language in Language.values else Language.ZH_HANS


class SmsError(Exception):
    """The message could not be handed to the gateway: its code (or ours) and message, and
    how many times it was tried."""

    def __init__(self, message: str, *, code: str = "", attempts: int = 1):
        super().__init__(message)
        self.message = message
        self.code = code
        self.attempts = attempts


@dataclass(frozen=True)
class Sms:
    phone: str  # E.164, e.g. +8613800138000
    template: str  # what kind of message: a trainees.choices.SmsTemplate value
    text: str  # the whole message in the reader's language
    params: dict[str, str] = field(default_factory=dict)
    language: str = field(default_factory=active_language)  # the language `text` is in


@dataclass(frozen=True)
class SmsReceipt:
    """What the gateway answered when it took the message."""

    code: str = ""
    message: str = ""
    attempts: int = 1


class SmsBackend(Protocol):
    def send(self, message: Sms) -> SmsReceipt | None: ...


class LogSmsBackend:
    def send(self, message: Sms) -> None:
        # The number masked, as in every log line; the code is what a developer reads.
        logger.info("SMS to %s: %s", mask_phone(message.phone), message.text)


class MemorySmsBackend:
    outbox: ClassVar[list[Sms]] = []

    def send(self, message: Sms) -> None:
        self.outbox.append(message)


class GatewayRefusal(Exception):
    """One call's failure as the gateway (or the network) gave it, and whether to try again."""

    def __init__(self, code: str, message: str, *, retry: bool):
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.retry = retry


def templates_of(kind: str) -> dict[str, str]:
    """The gateway's template codes for a kind of message, by language."""
    codes = settings.SMS_TEMPLATES.get(kind)
    return codes if isinstance(codes, dict) else {}


def template_code(message: Sms) -> str:
    """The gateway's template for the message's kind in its language, else in Chinese."""
    codes = templates_of(message.template)
    code = codes.get(message.language) or codes.get(Language.ZH_HANS)
    if not code:
        raise SmsError(
            f"SMS_TEMPLATES has no template for {message.template!r}",
            code="no_template",
            attempts=0,
        )
    return code


class GatewaySmsBackend:
    """A gateway: the template, and the tries. `call_gateway` makes one call, returns the
    gateway's code and message when it took the message, and raises `GatewayRefusal`
    otherwise. Tries at most once more than there are `settings.SMS_RETRY_DELAYS`
    (seconds to wait before each new try), and only when the refusal says to: codes are
    sent while a person waits for the page."""

    required_settings: ClassVar[dict[str, tuple[str, ...]]] = {}  # setting: its keys

    def call_gateway(self, message: Sms, template: str) -> tuple[str, str]:
        raise NotImplementedError

    def send(self, message: Sms) -> SmsReceipt:
        template = template_code(message)
        delays = (*settings.SMS_RETRY_DELAYS, None)
        for attempt, delay in enumerate(delays, start=1):
            try:
                code, text = self.call_gateway(message, template)
            except GatewayRefusal as refusal:
                if not refusal.retry or delay is None:
                    raise SmsError(refusal.message, code=refusal.code, attempts=attempt) from None
                logger.warning(
                    "SMS gateway refused (%s), trying again in %s s", refusal.code, delay
                )
                time.sleep(delay)
            else:
                return SmsReceipt(code=code, message=text, attempts=attempt)
        raise AssertionError("unreachable: the last try returns or raises")

    @classmethod
    def configuration_errors(cls) -> list[str]:
        """What production lacks to send through this gateway (the deploy check says it)."""
        missing = [
            f"{name}[{key!r}]"
            for name, keys in cls.required_settings.items()
            for key in keys
            if not getattr(settings, name, {}).get(key)
        ]
        if not settings.SMS_SIGN_NAME:
            missing.append("SMS_SIGN_NAME")
        missing += [
            f"SMS_TEMPLATES[{kind.value!r}][{Language.ZH_HANS.value!r}]"
            for kind in SmsTemplate
            if not templates_of(kind.value).get(Language.ZH_HANS)
        ]
        return missing


def get_sms_backend() -> SmsBackend:
    return import_string(settings.SMS_BACKEND)()


def without_secrets(text: str, message: Sms) -> str:
    """`text` with the message's number and parameters (the code) masked: what a gateway
    says may repeat them, and the delivery log keeps neither."""
    secrets = [message.phone, message.phone.removeprefix("+86"), *message.params.values()]
    for secret in sorted(filter(None, secrets), key=len, reverse=True):
        text = re.sub(re.escape(secret), "*" * len(secret), text)
    return text


def send_sms(message: Sms) -> None:
    """Send `message` through the configured backend and record what happened; SmsError
    when it could not be sent."""
    try:
        receipt = get_sms_backend().send(message) or SmsReceipt()
    except SmsError as error:
        _record(message, SmsResult.FAILED, error.code, error.message, error.attempts)
        raise
    _record(message, SmsResult.SENT, receipt.code, receipt.message, receipt.attempts)


def _record(message: Sms, result: str, code: str, text: str, attempts: int) -> None:
    SmsDelivery.objects.create(
        phone_masked=mask_phone(message.phone),
        template=message.template,
        language=message.language,
        backend=settings.SMS_BACKEND,
        result=result,
        gateway_code=without_secrets(code, message)[:100],
        gateway_message=without_secrets(text, message)[:500],
        attempts=attempts,
    )
