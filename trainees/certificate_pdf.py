"""A certificate as a one-page PDF, with a QR code of its public verification page.

WeasyPrint lays the page out with Pango and HarfBuzz, so Tibetan names get
their stacked letters shaped properly, and the text stays real text in the
PDF (searchable and copyable). The fonts come from Debian's fonts-noto-cjk
and fonts-noto-core (the Makefile installs them) and are found through
fontconfig, by family name.
"""

import datetime
import functools
import logging
import re
import shutil
import subprocess
from dataclasses import dataclass
from urllib.parse import urljoin

import segno

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import translation

from trainees.models import Certificate

PROGRAMME_NAME = "雄鹰工程 电商人才培训"

# Font family -> the Debian package that provides it.
REQUIRED_FONTS = {
    "Noto Sans CJK SC": "fonts-noto-cjk",
    "Noto Serif Tibetan": "fonts-noto-core",
}

# WeasyPrint logs each layout step at INFO; a batch of certificates would flood the log.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

TIBETAN = re.compile(r"[\u0F00-\u0FFF]")


class CertificateFontsMissing(ImproperlyConfigured):
    pass


@dataclass(frozen=True)
class CertificateContent:
    """Everything printed on a certificate; no database needed to render it."""

    trainee_name: str
    course_title: str
    number: str
    issued_on: datetime.date
    verification_url: str


@functools.cache
def font_files() -> dict[str, str]:
    """The file of each required font family; raises naming the package to install."""
    if shutil.which("fc-list") is None:
        raise CertificateFontsMissing(
            "fontconfig's fc-list is missing: install Debian's fontconfig (make run does)."
        )
    found = {}
    for family, package in REQUIRED_FONTS.items():
        result = subprocess.run(  # noqa: S603 (fixed arguments, no shell)
            ["fc-list", f":family={family}", "file"],  # noqa: S607
            capture_output=True,
            text=True,
            check=False,
        )
        files = sorted(line.strip().rstrip(":") for line in result.stdout.splitlines() if line)
        if not files:
            raise CertificateFontsMissing(
                f"The font {family!r} is missing: install Debian's {package} (make run does)."
            )
        found[family] = files[0]
    return found


def verification_path(verification_code: str) -> str:
    return f"/certificates/verify/{verification_code}/"


def verification_url(*, certificate: Certificate, request: HttpRequest | None = None) -> str:
    """The absolute address of the certificate's public verification page.

    From the request when there is one (the address the person is using), else
    from WAGTAILADMIN_BASE_URL (batches and commands have no request).
    """
    path = verification_path(certificate.verification_code)
    if request is not None:
        return request.build_absolute_uri(path)
    return urljoin(settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/", path.lstrip("/"))


def certificate_content(
    *, certificate: Certificate, request: HttpRequest | None = None
) -> CertificateContent:
    enrolment = certificate.enrolment
    return CertificateContent(
        trainee_name=enrolment.trainee.name,
        course_title=enrolment.course.title,
        number=certificate.number,
        issued_on=certificate.issued_on,
        verification_url=verification_url(certificate=certificate, request=request),
    )


def weasyprint_html():
    """WeasyPrint's HTML class, loaded with the first certificate, not at start-up.

    Importing WeasyPrint tells Pillow, for the whole process, to accept
    truncated images; that would let damaged uploads through the image checks
    (courses/image_forms.py), so Pillow is made strict again.
    """
    from PIL import ImageFile
    from weasyprint import HTML

    ImageFile.LOAD_TRUNCATED_IMAGES = False
    return HTML


def render_certificate_pdf(content: CertificateContent, *, language: str | None = None) -> bytes:
    """The PDF of one certificate, its labels in `language` (the active one by default)."""
    HTML = weasyprint_html()
    font_files()
    qr_code = segno.make(content.verification_url, error="m")
    with translation.override(language or translation.get_language()):
        html = render_to_string(
            "trainees/certificates/certificate_pdf.html",
            {
                "programme_name": PROGRAMME_NAME,
                "content": content,
                "name_is_tibetan": bool(TIBETAN.search(content.trainee_name)),
                "qr_code_uri": qr_code.svg_data_uri(border=0),
            },
        )
    return HTML(string=html).write_pdf()


def certificate_pdf(*, certificate: Certificate, request: HttpRequest | None = None) -> bytes:
    return render_certificate_pdf(certificate_content(certificate=certificate, request=request))
