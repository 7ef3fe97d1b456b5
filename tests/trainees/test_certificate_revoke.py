import pytest

from django.core.exceptions import PermissionDenied, ValidationError

from tests.trainees.admin_cast import user_in
from trainees import roles
from trainees.factories import CertificateFactory
from trainees.learning import certificate_revoke

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager():
    return user_in(roles.PROGRAMME_MANAGERS)


def test_a_manager_revokes_with_a_reason(manager):
    certificate = CertificateFactory()

    revoked = certificate_revoke(certificate=certificate, by=manager, reason=" 证书信息有误 ")

    certificate.refresh_from_db()
    assert revoked.pk == certificate.pk
    assert not certificate.is_valid
    assert certificate.revoked_by == manager
    assert certificate.revoke_reason == "证书信息有误"


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_a_revocation_without_a_reason_is_refused_and_leaves_the_certificate_valid(manager, reason):
    certificate = CertificateFactory()

    with pytest.raises(ValidationError) as error:
        certificate_revoke(certificate=certificate, by=manager, reason=reason)

    assert error.value.message_dict == {"reason": ["Say why the certificate is revoked."]}
    certificate.refresh_from_db()
    assert certificate.is_valid
    assert certificate.revoke_reason == ""


@pytest.mark.parametrize("group", [roles.COUNTY_COORDINATORS, roles.INSTRUCTORS, roles.TRAINEES])
def test_only_programme_managers_revoke(group):
    certificate = CertificateFactory()

    with pytest.raises(PermissionDenied, match="Only programme managers"):
        certificate_revoke(certificate=certificate, by=user_in(group), reason="作弊")

    certificate.refresh_from_db()
    assert certificate.is_valid


def test_a_certificate_is_revoked_once(manager):
    certificate = CertificateFactory()
    certificate_revoke(certificate=certificate, by=manager, reason="作弊")

    with pytest.raises(ValidationError, match="already revoked"):
        certificate_revoke(certificate=certificate, by=manager, reason="again")

    certificate.refresh_from_db()
    assert certificate.revoke_reason == "作弊"
