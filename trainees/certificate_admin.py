"""Revoking a certificate from the admin (programme managers only, always with a reason)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trainees.models import Certificate
from trainees.scoping import may_revoke_certificates


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, by, reason: str) -> Certificate:
    """Mark the certificate revoked by `by`, with `reason`; its verification then says so."""
    if not may_revoke_certificates(by):
        raise PermissionDenied(_("Only programme managers can revoke certificates."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the certificate is revoked.")})
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.revoked_at is not None:
        raise ValidationError(
            {
                "reason": _("This certificate was already revoked on %(day)s.")
                % {"day": timezone.localdate(certificate.revoked_at)}
            }
        )
    certificate.revoked_at = timezone.now()
    certificate.revoked_by = by
    certificate.revoke_reason = reason
    certificate.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
    return certificate
