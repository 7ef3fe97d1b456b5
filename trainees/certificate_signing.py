"""A certificate's signed statement, the keys that sign it and the signed revocation list.

The QR code printed on a certificate opens its verification page with a statement signed
with Ed25519 after the `#`, which the browser never sends to the server:

    /certificates/verify/<code>/#<payload>.<signature>      (both base64url, no padding)

The payload is UTF-8 text of six lines:

    1                   the format
    Ab3dE5              the id of the key that signed it
    EAGLE-2026-000042   the certificate number
    20261129            the day it was issued (Asia/Shanghai)
    卓**姆               the holder's name, masked as the verification page masks it
    网店开设入门          the course title, in the certificate's language

The verification page checks it in the browser (trainees/static/trainees/
certificate-check.js) against the public keys of /certificates/keys.json and the signed
revocation list of /certificates/revocations.json, which it keeps for when there is no
connection; `statement_check` here is the same check in Python. Keys come from the
environment only (docs/deploy.md, "Certificate signing keys"; docs/learning.md).
"""

import base64
import binascii
import datetime
import functools
import hashlib
import logging
import re
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from trainees.models import Certificate

logger = logging.getLogger(__name__)

STATEMENT_FORMAT = "1"
STATEMENT_LINES = 6
# The first line of a signed revocation list: what the same key signs there can never be
# read as a certificate's statement, nor the reverse.
REVOCATIONS_FORMAT = "eagle-revocations/1"
KEY_ID = re.compile(r"[A-Za-z0-9_-]{1,16}")
KEY_BYTES = 32
SIGNATURE_BYTES = 64


class KeyConfigurationError(ImproperlyConfigured):
    """CERTIFICATE_SIGNING_KEYS or CERTIFICATE_RETIRED_KEYS cannot be read."""


class StatementRefused(ValueError):
    """A statement that is not the programme's: altered, forged, or signed with a key that
    is not (or no longer) published."""


def b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64decode(text: str) -> bytes:
    """base64url or standard base64, padded or not; ValueError for anything else."""
    if not re.fullmatch(r"[A-Za-z0-9_+/-]*={0,2}", text):
        raise ValueError("not base64")
    text = text.rstrip("=").replace("-", "+").replace("_", "/")
    try:
        return base64.b64decode(text + "=" * (-len(text) % 4), validate=True)
    except binascii.Error as error:
        raise ValueError("not base64") from error


def raw_public_key(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def raw_private_key(key: Ed25519PrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.Raw,
        serialization.PrivateFormat.Raw,
        serialization.NoEncryption(),
    )


def key_id_for(key: Ed25519PublicKey) -> str:
    """A short id naming the key: the start of its public key's SHA-256, base64url."""
    return b64encode(hashlib.sha256(raw_public_key(key)).digest())[:6]


# The keys


@dataclass(frozen=True)
class KeyRing:
    """The key that signs, and every public key a statement may be checked with (the
    signing key's first), by id."""

    signing_key_id: str
    signing_key: Ed25519PrivateKey
    public_keys: dict[str, Ed25519PublicKey]
    ephemeral: bool = False

    def sign(self, message: bytes) -> bytes:
        return self.signing_key.sign(message)


def _entries(values: list[str], setting: str) -> list[tuple[str, bytes]]:
    """Each "key-id:base64" entry as (id, 32 bytes); the message names the entry by its
    place and id, never its key."""
    entries = []
    for place, value in enumerate(values, start=1):
        key_id, separator, encoded = value.strip().partition(":")
        if not separator or not KEY_ID.fullmatch(key_id):
            raise KeyConfigurationError(
                f"{setting}: entry {place} is not written key-id:base64 (a key id of 1 to 16 "
                "letters, digits, - or _, a colon, then the key)."
            )
        try:
            raw = b64decode(encoded.strip())
        except ValueError:
            raw = b""
        if len(raw) != KEY_BYTES:
            raise KeyConfigurationError(
                f"{setting}: the key of {key_id!r} (entry {place}) is not {KEY_BYTES} bytes "
                "of base64; make one with `python manage.py certificate_signing_key`."
            )
        entries.append((key_id, raw))
    return entries


def key_ring_from(signing: list[str], retired: list[str]) -> KeyRing:
    """The key ring of these settings' values; KeyConfigurationError names what is wrong."""
    private = [
        (key_id, Ed25519PrivateKey.from_private_bytes(raw))
        for key_id, raw in _entries(signing, "CERTIFICATE_SIGNING_KEYS")
    ]
    if not private:
        raise KeyConfigurationError(
            "CERTIFICATE_SIGNING_KEYS is empty: certificates cannot be signed. Make a key with "
            "`python manage.py certificate_signing_key` and set it in the environment "
            "(docs/deploy.md, Certificate signing keys)."
        )
    public = [(key_id, key.public_key()) for key_id, key in private] + [
        (key_id, Ed25519PublicKey.from_public_bytes(raw))
        for key_id, raw in _entries(retired, "CERTIFICATE_RETIRED_KEYS")
    ]
    ids = [key_id for key_id, _ in public]
    if repeated := sorted({key_id for key_id in ids if ids.count(key_id) > 1}):
        raise KeyConfigurationError(
            f"The key id {repeated[0]!r} is given to more than one key in "
            "CERTIFICATE_SIGNING_KEYS and CERTIFICATE_RETIRED_KEYS: give each key its own id."
        )
    signing_key_id, signing_key = private[0]
    return KeyRing(signing_key_id, signing_key, dict(public))


@functools.cache
def _ephemeral_key() -> Ed25519PrivateKey:
    key = Ed25519PrivateKey.generate()
    logger.warning(
        "Certificate signing: CERTIFICATE_SIGNING_KEYS is not set, so this process signs "
        "with an ephemeral key (id %s) made at start-up. Statements it signs stop verifying "
        "when the process ends. Production settings refuse to start without a key "
        "(docs/deploy.md, Certificate signing keys).",
        key_id_for(key.public_key()),
    )
    return key


@functools.lru_cache(maxsize=8)
def _key_ring(signing: tuple[str, ...], retired: tuple[str, ...], ephemeral: bool) -> KeyRing:
    if signing or not ephemeral:
        return key_ring_from(list(signing), list(retired))
    key = _ephemeral_key()
    key_id = key_id_for(key.public_key())
    public = {key_id: key.public_key()}
    for retired_id, raw in _entries(list(retired), "CERTIFICATE_RETIRED_KEYS"):
        public.setdefault(retired_id, Ed25519PublicKey.from_public_bytes(raw))
    return KeyRing(key_id, key, public, ephemeral=True)


def key_ring() -> KeyRing:
    """The keys of the settings: CERTIFICATE_SIGNING_KEYS (the first signs, the others
    only verify), CERTIFICATE_RETIRED_KEYS (public keys only). Without a signing key,
    development and the tests (CERTIFICATE_EPHEMERAL_SIGNING_KEY) sign with a key made for
    the process; production raises KeyConfigurationError (and its check refuses to
    start, trainees.E004)."""
    return _key_ring(
        tuple(settings.CERTIFICATE_SIGNING_KEYS),
        tuple(settings.CERTIFICATE_RETIRED_KEYS),
        bool(settings.CERTIFICATE_EPHEMERAL_SIGNING_KEY),
    )


def public_keys_document() -> dict:
    """What /certificates/keys.json publishes: each key's id and raw public key."""
    ring = key_ring()
    return {
        "keys": [
            {
                "id": key_id,
                "ed25519": b64encode(raw_public_key(key)),
                "signs": key_id == ring.signing_key_id,
            }
            for key_id, key in ring.public_keys.items()
        ]
    }


# Statements


def one_line(text: str) -> str:
    """The text with its runs of white space (line breaks included) made one space."""
    return " ".join(text.split())


@dataclass(frozen=True)
class Statement:
    number: str
    holder: str
    course_title: str
    issued_on: datetime.date
    key_id: str

    def payload(self) -> bytes:
        lines = [
            STATEMENT_FORMAT,
            self.key_id,
            self.number,
            f"{self.issued_on:%Y%m%d}",
            self.holder,
            self.course_title,
        ]
        return "\n".join(one_line(line) for line in lines).encode("utf-8")


def statement_sign(*, number: str, holder: str, course_title: str, issued_on: datetime.date) -> str:
    """The statement signed with the signing key: "<payload>.<signature>", base64url."""
    ring = key_ring()
    statement = Statement(
        number=number,
        holder=holder,
        course_title=course_title,
        issued_on=issued_on,
        key_id=ring.signing_key_id,
    )
    payload = statement.payload()
    return f"{b64encode(payload)}.{b64encode(ring.sign(payload))}"


def statement_read(signed: str, *, ring: KeyRing | None = None) -> Statement:
    """The statement, if a published key signed it as it is; StatementRefused otherwise."""
    ring = ring or key_ring()
    encoded_payload, _, encoded_signature = signed.partition(".")
    try:
        payload = b64decode(encoded_payload)
        signature = b64decode(encoded_signature)
        lines = payload.decode("utf-8").split("\n")
    except (ValueError, UnicodeDecodeError) as error:
        raise StatementRefused("not a statement") from error
    if (
        len(lines) != STATEMENT_LINES
        or lines[0] != STATEMENT_FORMAT
        or len(signature) != SIGNATURE_BYTES
    ):
        raise StatementRefused("not a statement")
    _, key_id, number, issued, holder, course_title = lines
    if not re.fullmatch(r"[0-9]{8}", issued):
        raise StatementRefused("not a statement")
    key = ring.public_keys.get(key_id)
    if key is None:
        raise StatementRefused(f"unknown key {key_id!r}")
    try:
        key.verify(signature, payload)
    except InvalidSignature as error:
        raise StatementRefused("not signed by the programme") from error
    try:
        issued_on = datetime.date(int(issued[:4]), int(issued[4:6]), int(issued[6:]))
    except ValueError as error:
        raise StatementRefused("not a statement") from error
    return Statement(
        number=number,
        holder=holder,
        course_title=course_title,
        issued_on=issued_on,
        key_id=key_id,
    )


# The revocation list


def revocations_message(*, key_id: str, made_at: str, revoked: list[str]) -> bytes:
    return "\n".join([REVOCATIONS_FORMAT, key_id, made_at, *revoked]).encode("utf-8")


def revocation_list_sign(revoked: list[str], *, now: datetime.datetime | None = None) -> dict:
    """The numbers revoked, the time the list was made (Asia/Shanghai, to the second) and
    its signature, as /certificates/revocations.json publishes them."""
    ring = key_ring()
    made_at = timezone.localtime(now).replace(microsecond=0).isoformat()
    revoked = sorted(revoked)
    message = revocations_message(key_id=ring.signing_key_id, made_at=made_at, revoked=revoked)
    return {
        "key_id": ring.signing_key_id,
        "made_at": made_at,
        "revoked": revoked,
        "signature": b64encode(ring.sign(message)),
    }


def revocation_list() -> dict:
    """Every certificate number revoked, signed now."""
    return revocation_list_sign(
        list(Certificate.objects.filter(revoked_at__isnull=False).values_list("number", flat=True))
    )


def revocation_list_read(document: dict, *, ring: KeyRing | None = None) -> dict:
    """The list, if a published key signed it as it is; StatementRefused otherwise."""
    ring = ring or key_ring()
    try:
        key = ring.public_keys.get(document["key_id"])
        revoked = list(document["revoked"])
        message = revocations_message(
            key_id=document["key_id"], made_at=document["made_at"], revoked=revoked
        )
        signature = b64decode(document["signature"])
    except (KeyError, TypeError, ValueError) as error:
        raise StatementRefused("not a revocation list") from error
    if key is None:
        raise StatementRefused(f"unknown key {document['key_id']!r}")
    try:
        key.verify(signature, message)
    except InvalidSignature as error:
        raise StatementRefused("revocation list not signed by the programme") from error
    return document


@dataclass(frozen=True)
class Check:
    statement: Statement
    revoked: bool
    list_made_at: str


def statement_check(signed: str, *, revocations: dict, ring: KeyRing | None = None) -> Check:
    """What the verification page tells offline: the statement, and whether the signed
    revocation list names its number; StatementRefused when either is not the
    programme's."""
    ring = ring or key_ring()
    statement = statement_read(signed, ring=ring)
    revocations = revocation_list_read(revocations, ring=ring)
    return Check(
        statement=statement,
        revoked=statement.number in revocations["revoked"],
        list_made_at=revocations["made_at"],
    )
