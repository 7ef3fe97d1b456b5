"""Many certificates at once: their PDFs in one ZIP file, named by certificate number.

Which certificates is the caller's choice (the admin's certificate listing,
with its filters, within `scoping`); revoked ones are always left out, and a
batch holds at most MAX_CERTIFICATES. The ZIP is made in the background
(trainees/tasks.py), with one CertificateRenderer for the whole batch.
"""

import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from typing import BinaryIO

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from machinery.jobs import Progress
from trainees.certificate_pdf import (
    CertificateContent,
    CertificateRenderer,
    certificate_contents,
)
from trainees.models import Certificate

# About eight minutes of rendering, and a ZIP of about 300 MB.
MAX_CERTIFICATES = 2000


@dataclass(frozen=True)
class BatchSelection:
    """How many certificates a selection holds that go in a ZIP, and how many are revoked."""

    valid: int
    revoked: int

    @property
    def problem(self) -> str:
        """Why no batch can be made of this selection; empty when one can."""
        if self.valid == 0 and self.revoked:
            return ngettext(
                "These filters select %(count)d certificate, and it is revoked; there is "
                "nothing to download.",
                "These filters select %(count)d certificates, all revoked; there is nothing "
                "to download.",
                self.revoked,
            ) % {"count": self.revoked}
        if self.valid == 0:
            return _("These filters select no certificate; there is nothing to download.")
        if self.valid > MAX_CERTIFICATES:
            return _(
                "These filters select %(count)s certificates; one ZIP file holds at most "
                "%(max)s. Narrow them down, for example to one course, cohort or county."
            ) % {"count": f"{self.valid:,}", "max": f"{MAX_CERTIFICATES:,}"}
        return ""


def certificate_batch_selection(certificates: QuerySet) -> BatchSelection:
    counts = certificates.aggregate(
        valid=Count("pk", filter=Q(revoked_at__isnull=True)),
        revoked=Count("pk", filter=Q(revoked_at__isnull=False)),
    )
    return BatchSelection(valid=counts["valid"], revoked=counts["revoked"])


def batch_certificates(certificates: QuerySet) -> QuerySet:
    """The certificates of `certificates` that go in a ZIP: the valid ones, by number."""
    return (
        certificates.filter(revoked_at__isnull=True)
        .select_related("enrolment__trainee", "enrolment__course")
        .order_by("number")
    )


def certificates_zip(
    contents: Sequence[CertificateContent],
    *,
    target: BinaryIO,
    language: str | None = None,
    progress: Progress | None = None,
) -> None:
    """Writes a ZIP of one PDF per certificate, `<number>.pdf`, into `target`.

    `progress(done, total)` is called before the first and after each certificate.
    """
    renderer = CertificateRenderer()
    total = len(contents)
    if progress:
        progress(0, total)
    # PDFs are mostly compressed already; the fastest level still saves about an eighth.
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for done, content in enumerate(contents, start=1):
            archive.writestr(f"{content.number}.pdf", renderer.render(content, language=language))
            if progress:
                progress(done, total)


def certificate_batch_zip(
    *,
    certificates: QuerySet[Certificate],
    target: BinaryIO,
    language: str | None = None,
    progress: Progress | None = None,
) -> int:
    """Writes the ZIP of the valid certificates among `certificates`; returns how many it holds.

    Their verification addresses start from WAGTAILADMIN_BASE_URL (there is no request).
    """
    contents = certificate_contents(list(batch_certificates(certificates)), language=language)
    certificates_zip(contents, target=target, language=language, progress=progress)
    return len(contents)
