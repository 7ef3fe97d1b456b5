"""What the verification page keeps for checking without a connection: the programme's
public keys and its signed revocation list (trainees/certificate_views.py)."""

import datetime

import pytest

from django.utils import timezone

from trainees import certificate_pdf, learning, roles
from trainees.certificate_signing import (
    b64encode,
    key_ring,
    raw_public_key,
    revocation_list_read,
    statement_check,
)
from trainees.factories import CertificateFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def revoked():
    certificate = CertificateFactory(number="EAGLE-2026-000007")
    manager = UserFactory(groups=[roles.PROGRAMME_MANAGERS])
    return learning.certificate_revoke(certificate=certificate, by=manager, reason="冒名")


@pytest.fixture
def valid():
    return CertificateFactory(number="EAGLE-2026-000042")


def test_the_public_keys_are_published_with_their_ids(client):
    response = client.get("/certificates/keys.json")

    ring = key_ring()
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "keys": [
            {
                "id": ring.signing_key_id,
                "ed25519": b64encode(raw_public_key(ring.public_keys[ring.signing_key_id])),
                "signs": True,
            }
        ]
    }


def test_the_keys_are_cached_for_an_hour_by_anyone(client):
    response = client.get("/certificates/keys.json")

    assert set(response["Cache-Control"].split(", ")) == {"public", "max-age=3600"}
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Set-Cookie" not in response.headers


def test_the_revocation_list_names_the_revoked_numbers_only_signed_and_dated(
    client, revoked, valid
):
    response = client.get("/certificates/revocations.json")

    assert response.status_code == 200
    revocations = revocation_list_read(response.json())
    assert revocations["revoked"] == ["EAGLE-2026-000007"]
    made_at = datetime.datetime.fromisoformat(revocations["made_at"])
    assert made_at.utcoffset() == datetime.timedelta(hours=8)
    assert abs(timezone.now() - made_at) < datetime.timedelta(minutes=1)
    assert set(response["Cache-Control"].split(", ")) == {"public", "max-age=300"}


def test_a_printed_certificate_revoked_later_is_reported_revoked(client, settings, valid):
    settings.WAGTAILADMIN_BASE_URL = "https://eagle.example.cn"
    printed = certificate_pdf.certificate_content(certificate=valid).signed_statement
    before = client.get("/certificates/revocations.json").json()
    learning.certificate_revoke(
        certificate=valid, by=UserFactory(groups=[roles.PROGRAMME_MANAGERS]), reason="冒名"
    )
    after = client.get("/certificates/revocations.json").json()

    assert statement_check(printed, revocations=before).revoked is False
    assert statement_check(printed, revocations=after).revoked is True


@pytest.mark.parametrize("path", ["/certificates/keys.json", "/certificates/revocations.json"])
def test_the_lists_are_read_only(client, path):
    assert client.head(path).status_code == 200
    assert client.post(path).status_code == 405
