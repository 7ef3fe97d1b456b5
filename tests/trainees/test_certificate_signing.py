"""A certificate's signed statement, its keys and the signed revocation list
(trainees/certificate_signing.py): what a phone checks without a connection, checked here
the same way in Python."""

import base64
import datetime
import logging
import re

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from django.core.management import call_command
from django.core.management.base import CommandError, SystemCheckError

from trainees import certificate_signing
from trainees.certificate_signing import (
    KeyConfigurationError,
    StatementRefused,
    b64decode,
    b64encode,
    key_ring,
    raw_private_key,
    raw_public_key,
    revocation_list_sign,
    statement_check,
    statement_read,
    statement_sign,
)
from trainees.checks import check_certificate_signing_keys

ISSUED = datetime.date(2026, 11, 29)


def new_key(key_id: str) -> tuple[str, str]:
    """A key pair as the environment writes it: (private entry, public entry)."""
    key = Ed25519PrivateKey.generate()
    return (
        f"{key_id}:{b64encode(raw_private_key(key))}",
        f"{key_id}:{b64encode(raw_public_key(key.public_key()))}",
    )


@pytest.fixture
def old_key():
    return new_key("k2026")


@pytest.fixture
def keys(settings, old_key):
    """The programme signing with one key of its own (not the tests' ephemeral one)."""
    settings.CERTIFICATE_SIGNING_KEYS = [old_key[0]]
    settings.CERTIFICATE_RETIRED_KEYS = []
    settings.CERTIFICATE_EPHEMERAL_SIGNING_KEY = False
    return settings


def sign(**changes) -> str:
    values = {
        "number": "EAGLE-2026-000042",
        "holder": "卓**姆",
        "course_title": "网店开设入门",
        "issued_on": ISSUED,
    }
    return statement_sign(**(values | changes))


def with_payload(signed: str, payload: bytes) -> str:
    """The signed statement with its payload replaced and its signature kept."""
    return f"{b64encode(payload)}.{signed.partition('.')[2]}"


# Signing and reading


def test_a_signed_statement_reads_back_as_it_was_signed(keys):
    signed = sign()

    statement = statement_read(signed)

    assert statement.number == "EAGLE-2026-000042"
    assert statement.holder == "卓**姆"
    assert statement.course_title == "网店开设入门"
    assert statement.issued_on == ISSUED
    assert statement.key_id == "k2026"


def test_the_statement_is_six_lines_of_text_and_a_64_byte_signature(keys):
    payload, _, signature = sign().partition(".")

    assert b64decode(payload).decode() == (
        "1\nk2026\nEAGLE-2026-000042\n20261129\n卓**姆\n网店开设入门"
    )
    assert len(b64decode(signature)) == 64
    assert "=" not in payload + signature and "+" not in payload and "/" not in payload


def test_a_line_break_in_a_title_cannot_add_a_line(keys):
    statement = statement_read(sign(course_title="网店\n开设  入门"))

    assert statement.course_title == "网店 开设 入门"


@pytest.mark.parametrize(
    ("line", "value"),
    [(2, "EAGLE-2026-000043"), (3, "20251129"), (4, "扎**玛"), (5, "直播带货实战")],
    ids=["number", "date", "holder", "course"],
)
def test_a_tampered_statement_is_refused(keys, line, value):
    signed = sign()
    lines = b64decode(signed.partition(".")[0]).decode().split("\n")
    lines[line] = value

    with pytest.raises(StatementRefused, match="not signed by the programme"):
        statement_read(with_payload(signed, "\n".join(lines).encode()))


def test_a_statement_signed_with_a_key_of_someone_else_is_refused(keys, settings, old_key):
    # A forger's key, given the programme's key id.
    settings.CERTIFICATE_SIGNING_KEYS = [new_key("k2026")[0]]
    forged = sign()
    settings.CERTIFICATE_SIGNING_KEYS = [old_key[0]]

    with pytest.raises(StatementRefused, match="not signed by the programme"):
        statement_read(forged)


def test_an_unknown_key_id_is_refused(keys, settings, old_key):
    settings.CERTIFICATE_SIGNING_KEYS = [new_key("elsewhere")[0]]
    signed = sign()
    settings.CERTIFICATE_SIGNING_KEYS = [old_key[0]]

    with pytest.raises(StatementRefused, match="unknown key 'elsewhere'"):
        statement_read(signed)


@pytest.mark.parametrize(
    "signed",
    ["", "abc", "abc.def", "!!!.???", "MQ.AAAA", "a.b.c"],
)
def test_what_is_not_a_statement_is_refused(keys, signed):
    with pytest.raises(StatementRefused):
        statement_read(signed)


def test_a_payload_of_another_format_is_refused_even_signed(keys):
    ring = key_ring()
    payload = "2\nk2026\nEAGLE-2026-000042\n20261129\n卓**姆\n网店开设入门".encode()

    with pytest.raises(StatementRefused, match="not a statement"):
        statement_read(f"{b64encode(payload)}.{b64encode(ring.sign(payload))}")


# Rotating keys


def test_a_rotated_key_still_verifies_the_certificates_it_signed(keys, settings, old_key):
    before = sign(number="EAGLE-2026-000001")
    new_entry, _ = new_key("k2027")
    # The new key first (it signs), the old one kept after it (it only verifies).
    settings.CERTIFICATE_SIGNING_KEYS = [new_entry, old_key[0]]

    after = sign(number="EAGLE-2027-000001")

    assert statement_read(before).key_id == "k2026"
    assert statement_read(after).key_id == "k2027"
    published = certificate_signing.public_keys_document()["keys"]
    assert [(key["id"], key["signs"]) for key in published] == [
        ("k2027", True),
        ("k2026", False),
    ]


def test_a_retired_key_is_kept_by_its_public_key_alone(keys, settings, old_key):
    before = sign()
    settings.CERTIFICATE_SIGNING_KEYS = [new_key("k2027")[0]]
    settings.CERTIFICATE_RETIRED_KEYS = [old_key[1]]

    assert statement_read(before).key_id == "k2026"

    settings.CERTIFICATE_RETIRED_KEYS = []
    with pytest.raises(StatementRefused, match="unknown key 'k2026'"):
        statement_read(before)


def test_the_published_keys_are_public_keys_only(keys, old_key):
    document = certificate_signing.public_keys_document()

    assert document == {
        "keys": [{"id": "k2026", "ed25519": old_key[1].partition(":")[2], "signs": True}]
    }
    assert old_key[0].partition(":")[2] not in str(document)


# The revocation list


def test_a_revoked_number_is_reported_revoked(keys):
    signed = sign(number="EAGLE-2026-000042")
    revocations = revocation_list_sign(["EAGLE-2026-000042", "EAGLE-2026-000007"])

    check = statement_check(signed, revocations=revocations)

    assert check.revoked is True
    assert check.statement.number == "EAGLE-2026-000042"
    assert statement_check(sign(number="EAGLE-2026-000043"), revocations=revocations).revoked is (
        False
    )


def test_the_revocation_list_is_dated_in_local_time_and_sorted(keys):
    now = datetime.datetime(2026, 11, 29, 17, 30, 5, 123, tzinfo=datetime.UTC)

    revocations = revocation_list_sign(["EAGLE-2026-000042", "EAGLE-2026-000007"], now=now)

    assert revocations["made_at"] == "2026-11-30T01:30:05+08:00"
    assert revocations["revoked"] == ["EAGLE-2026-000007", "EAGLE-2026-000042"]
    assert revocations["key_id"] == "k2026"


@pytest.mark.parametrize(
    "change",
    [
        lambda revocations: revocations["revoked"].remove("EAGLE-2026-000042"),
        lambda revocations: revocations.update(made_at="2027-01-01T00:00:00+08:00"),
        lambda revocations: revocations.update(signature=b64encode(bytes(64))),
        lambda revocations: revocations.pop("signature"),
    ],
    ids=["number taken off", "date moved", "signature replaced", "signature missing"],
)
def test_a_tampered_revocation_list_is_refused(keys, change):
    revocations = revocation_list_sign(["EAGLE-2026-000042"])
    change(revocations)

    with pytest.raises(StatementRefused):
        statement_check(sign(), revocations=revocations)


def test_a_revocation_list_is_not_a_statement_nor_the_reverse(keys):
    """The same key signs both: neither can pass for the other."""
    ring = key_ring()
    revocations = revocation_list_sign([])
    message = certificate_signing.revocations_message(
        key_id=revocations["key_id"], made_at=revocations["made_at"], revoked=[]
    )
    with pytest.raises(StatementRefused):
        statement_read(f"{b64encode(message)}.{revocations['signature']}")

    payload, _, signature = sign().partition(".")
    lines = b64decode(payload).decode().split("\n")
    with pytest.raises(StatementRefused):
        certificate_signing.revocation_list_read(
            {"key_id": lines[1], "made_at": lines[2], "revoked": lines[3:], "signature": signature},
            ring=ring,
        )


# Keys from the environment


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        (["no-colon-here"], "entry 1 is not written key-id:base64"),
        (["bad id:AAAA"], "entry 1 is not written key-id:base64"),
        (["k1:not base64!"], "the key of 'k1' (entry 1) is not 32 bytes"),
        (["k1:" + b64encode(bytes(16))], "the key of 'k1' (entry 1) is not 32 bytes"),
    ],
)
def test_a_key_that_cannot_be_read_is_named_without_its_secret(keys, settings, entries, message):
    settings.CERTIFICATE_SIGNING_KEYS = entries

    with pytest.raises(KeyConfigurationError, match=re.escape(message)) as refused:
        key_ring()
    assert "AAAA" not in str(refused.value)


def test_two_keys_with_one_id_are_refused(keys, settings, old_key):
    settings.CERTIFICATE_SIGNING_KEYS = [old_key[0], new_key("k2026")[0]]

    with pytest.raises(KeyConfigurationError, match="'k2026' is given to more than one key"):
        key_ring()


def test_a_key_written_in_standard_base64_is_read_too(keys, settings):
    key = Ed25519PrivateKey.generate()
    settings.CERTIFICATE_SIGNING_KEYS = [f"std:{base64.b64encode(raw_private_key(key)).decode()}"]

    assert raw_public_key(key_ring().public_keys["std"]) == raw_public_key(key.public_key())


def test_production_without_a_key_refuses_to_start(keys, settings):
    settings.CERTIFICATE_SIGNING_KEYS = []

    errors = check_certificate_signing_keys(None)

    assert [error.id for error in errors] == ["trainees.E004"]
    assert "CERTIFICATE_SIGNING_KEYS is empty" in errors[0].msg
    with pytest.raises(SystemCheckError, match="trainees.E004"):
        call_command("check")
    with pytest.raises(KeyConfigurationError):
        sign()


def test_a_key_that_cannot_be_read_stops_every_command(keys, settings):
    settings.CERTIFICATE_SIGNING_KEYS = ["k1:short"]

    with pytest.raises(SystemCheckError, match="trainees.E004"):
        call_command("check")


def test_production_with_a_key_passes_the_check(keys):
    assert check_certificate_signing_keys(None) == []


def test_without_a_key_tests_and_development_sign_with_a_key_of_the_process(settings, caplog):
    settings.CERTIFICATE_SIGNING_KEYS = []
    settings.CERTIFICATE_EPHEMERAL_SIGNING_KEY = True
    certificate_signing._ephemeral_key.cache_clear()
    certificate_signing._key_ring.cache_clear()

    with caplog.at_level(logging.WARNING, logger="trainees.certificate_signing"):
        first = sign()
        second = sign(number="EAGLE-2026-000043")

    ring = key_ring()
    assert ring.ephemeral
    assert statement_read(first).key_id == statement_read(second).key_id == ring.signing_key_id
    assert check_certificate_signing_keys(None) == []
    [line] = [record.getMessage() for record in caplog.records]
    assert f"ephemeral key (id {ring.signing_key_id})" in line
    assert "stop verifying when the process ends" in line


def test_the_command_prints_a_key_the_settings_read(settings, capsys):
    call_command("certificate_signing_key", key_id="k2028")

    printed = capsys.readouterr().out
    [line] = [line for line in printed.splitlines() if line.startswith("CERTIFICATE_")]
    name, _, entry = line.partition("=")
    [public] = [line[2:] for line in printed.splitlines() if line.startswith("# k2028:")]
    settings.CERTIFICATE_SIGNING_KEYS = [entry]
    settings.CERTIFICATE_EPHEMERAL_SIGNING_KEY = False

    assert name == "CERTIFICATE_SIGNING_KEYS"
    assert statement_read(sign()).key_id == "k2028"
    assert raw_public_key(key_ring().public_keys["k2028"]) == b64decode(public.partition(":")[2])


def test_the_command_refuses_a_key_id_that_cannot_be_read_back():
    with pytest.raises(CommandError, match="cannot be a key id"):
        call_command("certificate_signing_key", key_id="k 1")
