"""Text messages to mobile phones, through the backend named by settings.SMS_BACKEND.

A backend is a class with one method, `send(message: Sms) -> None`, that
raises `SmsError` when the message cannot be handed over.

- `LogSmsBackend` (development and the default): writes the message to the
  `trainees.sms` logger, so a developer reads the code in the console.
- `MemorySmsBackend` (tests): keeps every message in `MemorySmsBackend.outbox`.

Production plugs in a gateway later (Aliyun SMS, Tencent Cloud SMS, ...): a
class in this module, or anywhere importable, whose `send` calls the
gateway's API with `message.template` as the key of a template approved by
the gateway and `message.params` as its variables (mainland gateways only
send pre-approved templates, not free text), reading its credentials from
the environment. Point SMS_BACKEND at it in the environment.
"""

import logging
from dataclasses import dataclass, field
from typing import ClassVar, Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from trainees.identity import mask_phone

logger = logging.getLogger(__name__)


class SmsError(Exception):
    """The message could not be handed to the gateway."""


@dataclass(frozen=True)
class Sms:
    phone: str  # E.164, e.g. +8613800138000
    template: str  # what kind of message, e.g. "verification_code"
    text: str  # the whole message in the reader's language
    params: dict[str, str] = field(default_factory=dict)


class SmsBackend(Protocol):
    def send(self, message: Sms) -> None: ...


class LogSmsBackend:
    def send(self, message: Sms) -> None:
        # The number masked, as in every log line; the code is what a developer reads.
        logger.info("SMS to %s: %s", mask_phone(message.phone), message.text)


class MemorySmsBackend:
    outbox: ClassVar[list[Sms]] = []

    def send(self, message: Sms) -> None:
        self.outbox.append(message)


def get_sms_backend() -> SmsBackend:
    return import_string(settings.SMS_BACKEND)()


def send_sms(message: Sms) -> None:
    get_sms_backend().send(message)
