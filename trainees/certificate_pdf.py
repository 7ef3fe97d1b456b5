"""A certificate as a one-page PDF, with a QR code of its public verification page that
carries the certificate's signed statement (trainees/certificate_signing.py).

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
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import segno

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy

from courses.translations import in_reader_language, page_in_reader_language
from trainees.certificate_signing import statement_sign
from trainees.learning import masked_name
from trainees.models import Certificate

# Printed at the top of every certificate, in the certificate's language (Chinese: 雄鹰工程
# 电商人才培训); rendered inside translation.override, so read it there, not at import.
PROGRAMME_NAME = gettext_lazy("Eagle programme: e-commerce talent training")

# Font family -> the Debian package that provides it.
REQUIRED_FONTS = {
    "Noto Sans CJK SC": "fonts-noto-cjk",
    "Noto Serif Tibetan": "fonts-noto-core",
}

# WeasyPrint logs each layout step at INFO; a batch of certificates would flood the log.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

# Medium (15% of the code may be lost): a printed certificate gets folded and scuffed.
QR_ERROR_CORRECTION = "m"
TIBETAN = re.compile(r"[\u0F00-\u0FFF]")
STYLESHEET = Path(__file__).parent / "templates/trainees/certificates/certificate_pdf.css"


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
    # "<payload>.<signature>" (trainees/certificate_signing.py), after the URL's "#".
    signed_statement: str = ""

    @property
    def qr_text(self) -> str:
        """What the QR code holds: the verification page, with the signed statement for
        checking without a connection."""
        if not self.signed_statement:
            return self.verification_url
        return f"{self.verification_url}#{self.signed_statement}"


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
    *,
    certificate: Certificate,
    request: HttpRequest | None = None,
    language: str | None = None,
    course_title: str | None = None,
) -> CertificateContent:
    """What the certificate prints, its course named in `language` (the reader's by default)
    where the course has a translation; `course_title` when the caller read it already. The
    signed statement names the course as the certificate prints it."""
    enrolment = certificate.enrolment
    if course_title is None:
        course_title = page_in_reader_language(enrolment.course, language=language).title
    return CertificateContent(
        trainee_name=enrolment.trainee.name,
        course_title=course_title,
        number=certificate.number,
        issued_on=certificate.issued_on,
        verification_url=verification_url(certificate=certificate, request=request),
        signed_statement=statement_sign(
            number=certificate.number,
            holder=masked_name(enrolment.trainee.name),
            course_title=course_title,
            issued_on=certificate.issued_on,
        ),
    )


def certificate_contents(
    certificates: Sequence[Certificate], *, language: str | None = None
) -> list[CertificateContent]:
    """The content of each certificate (enrolment, trainee and course read with them), the
    courses named in `language`, in one query more whatever their number."""
    courses = in_reader_language(
        [certificate.enrolment.course for certificate in certificates], language=language
    )
    return [
        certificate_content(
            certificate=certificate,
            language=language,
            course_title=courses[certificate.enrolment.course_id].title,
        )
        for certificate in certificates
    ]


def load_weasyprint():
    """WeasyPrint, loaded with the first certificate, not at start-up.

    Importing WeasyPrint tells Pillow, for the whole process, to accept
    truncated images; that would let damaged uploads through the image checks
    (courses/image_forms.py), so Pillow is made strict again.
    """
    import weasyprint
    from PIL import ImageFile

    ImageFile.LOAD_TRUNCATED_IMAGES = False
    return weasyprint


class CertificateRenderer:
    """Renders certificates with one font configuration and one parsed stylesheet.

    WeasyPrint otherwise builds both for every document; sharing them makes a
    batch about a fifth faster (`manage.py benchmark_certificates`). Pango's
    font map is not thread-safe, so a renderer belongs to one thread: make
    one per request or per batch.
    """

    def __init__(self):
        weasyprint = load_weasyprint()
        from weasyprint.text.fonts import FontConfiguration

        font_files()
        self._html = weasyprint.HTML
        self._font_config = FontConfiguration()
        self._stylesheet = weasyprint.CSS(
            string=STYLESHEET.read_text(encoding="utf-8"), font_config=self._font_config
        )

    def render(self, content: CertificateContent, *, language: str | None = None) -> bytes:
        """The PDF of one certificate, its labels in `language` (the active one by default)."""
        qr_code = segno.make(content.qr_text, error=QR_ERROR_CORRECTION)
        with translation.override(language or translation.get_language()):
            html = render_to_string(
                "trainees/certificates/certificate_pdf.html",
                {
                    "LANGUAGE_CODE": translation.get_language(),
                    "programme_name": str(PROGRAMME_NAME),
                    "content": content,
                    "name_is_tibetan": bool(TIBETAN.search(content.trainee_name)),
                    "qr_code_uri": qr_code.svg_data_uri(border=0),
                },
            )
        return self._html(string=html).write_pdf(
            font_config=self._font_config, stylesheets=[self._stylesheet]
        )


def render_certificate_pdf(content: CertificateContent, *, language: str | None = None) -> bytes:
    """The PDF of one certificate; a batch renders with one CertificateRenderer instead."""
    return CertificateRenderer().render(content, language=language)


def certificate_pdf(*, certificate: Certificate, request: HttpRequest | None = None) -> bytes:
    return render_certificate_pdf(certificate_content(certificate=certificate, request=request))
