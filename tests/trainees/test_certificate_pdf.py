import datetime
import io
import re
import subprocess

import pytest
import segno
import zxingcpp
from PIL import Image

from django.utils import timezone

from tests.trainees.people import ROLES, make_people
from trainees import certificate_pdf
from trainees.certificate_pdf import (
    CertificateContent,
    CertificateFontsMissing,
    render_certificate_pdf,
)
from trainees.certificate_signing import statement_read, statement_sign
from trainees.factories import CertificateFactory, EnrolmentFactory

VERIFY_URL = "https://eagle.example.cn/certificates/verify/Qk3v9xT2pLm8sR4wZ7yB1a/"
TIBETAN_NAME = "བཀྲ་ཤིས་སྒྲོལ་མ།"


def content(**changes) -> CertificateContent:
    values = {
        "trainee_name": "卓玛拉姆",
        "course_title": "网店开设入门",
        "number": "EAGLE-2026-000042",
        "issued_on": datetime.date(2026, 11, 29),
        "verification_url": VERIFY_URL,
    }
    return CertificateContent(**(values | changes))


def poppler(*args, pdf: bytes) -> bytes:
    """Runs one of poppler-utils' programs on the PDF; its output."""
    return subprocess.run(args, input=pdf, capture_output=True, check=True).stdout  # noqa: S603


def pdf_text(pdf: bytes) -> str:
    return poppler("pdftotext", "-", "-", pdf=pdf).decode()


def pdf_qr_codes(pdf: bytes) -> list[str]:
    """The QR codes a phone would read from the printed page (at 150 dpi)."""
    png = poppler("pdftoppm", "-png", "-r", "150", "-singlefile", pdf=pdf)
    return [barcode.text for barcode in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))]


@pytest.fixture(scope="module")
def chinese_pdf():
    return render_certificate_pdf(content(), language="zh-hans")


@pytest.fixture(scope="module")
def tibetan_pdf():
    return render_certificate_pdf(content(trainee_name=TIBETAN_NAME), language="bo")


def test_a_certificate_is_a_pdf(chinese_pdf):
    assert chinese_pdf.startswith(b"%PDF-")
    assert chinese_pdf.rstrip().endswith(b"%%EOF")


def test_a_certificate_prints_the_programme_name_course_number_and_date(chinese_pdf):
    text = pdf_text(chinese_pdf)
    assert "卓玛拉姆" in text
    assert "网店开设入门" in text
    assert "EAGLE-2026-000042" in text
    assert "2026-11-29" in text
    assert "雄鹰工程电商人才培训" in re.sub(r"\s", "", text)


def letters(text: str) -> str:
    """The text without spaces and Tibetan vowel signs: pdftotext reads a vowel sign of a
    Tibetan title out of its place (before the letter, or across a space); the letters are
    all there, in order."""
    return re.sub(r"[\s\u0f71-\u0f84]", "", text)


@pytest.mark.parametrize(
    ("language", "programme", "title"),
    [
        ("bo", "གླག་ལས་གཞི། གློག་རྡུལ་ཚོང་ལས་ཤེས་ལྡན་མི་སྣ་གསོ་སྦྱོང་།", "སློབ་ཐོན་ལག་ཁྱེར།"),
        ("en", "Eagle programme: e-commerce talent training", "Certificate of completion"),
    ],
)
def test_the_programme_name_is_printed_in_the_certificates_language(language, programme, title):
    """Not in Chinese on a Tibetan or English certificate."""
    text = letters(pdf_text(render_certificate_pdf(content(), language=language)))
    assert letters(programme) in text
    assert letters(title) in text
    assert "雄鹰工程" not in text and "电商人才培训" not in text


def test_a_tibetan_name_is_real_text_in_its_own_order(tibetan_pdf):
    # pdftotext puts a space before some vowel signs; the letters are all there, in order.
    assert TIBETAN_NAME in re.sub(r"\s", "", pdf_text(tibetan_pdf))


def test_a_tibetan_name_is_set_in_the_tibetan_font(tibetan_pdf, tmp_path):
    (tmp_path / "certificate.pdf").write_bytes(tibetan_pdf)
    fonts = poppler("pdffonts", str(tmp_path / "certificate.pdf"), pdf=b"").decode()
    assert "Noto-Serif-Tibetan" in fonts


def test_the_qr_code_opens_the_verification_page(chinese_pdf, tibetan_pdf):
    assert pdf_qr_codes(chinese_pdf) == [VERIFY_URL]
    assert pdf_qr_codes(tibetan_pdf) == [VERIFY_URL]


def test_missing_fonts_are_named_with_their_debian_package(monkeypatch):
    monkeypatch.setattr(
        certificate_pdf, "REQUIRED_FONTS", {"Noto Nonexistent Script": "fonts-noto-extra"}
    )
    certificate_pdf.font_files.cache_clear()
    try:
        with pytest.raises(CertificateFontsMissing, match="fonts-noto-extra"):
            render_certificate_pdf(content())
    finally:
        certificate_pdf.font_files.cache_clear()


@pytest.mark.django_db
def test_the_verification_url_is_absolute_from_the_site_address(settings):
    settings.WAGTAILADMIN_BASE_URL = "https://eagle.example.cn/"
    certificate = CertificateFactory(verification_code="abc123")
    assert (
        certificate_pdf.verification_url(certificate=certificate)
        == "https://eagle.example.cn/certificates/verify/abc123/"
    )


@pytest.mark.django_db
def test_the_verification_url_follows_the_address_of_the_request(rf, settings):
    settings.ALLOWED_HOSTS = ["training.example.org"]
    certificate = CertificateFactory(verification_code="abc123")
    request = rf.get("/", HTTP_HOST="training.example.org")
    assert (
        certificate_pdf.verification_url(certificate=certificate, request=request)
        == "http://training.example.org/certificates/verify/abc123/"
    )


@pytest.mark.django_db
def test_a_certificate_record_renders_with_its_trainee_and_course(settings):
    settings.WAGTAILADMIN_BASE_URL = "https://eagle.example.cn"
    certificate = CertificateFactory(
        enrolment=EnrolmentFactory(trainee__name=TIBETAN_NAME, course__title="直播带货"),
        verification_code="xyz789",
    )
    pdf = certificate_pdf.certificate_pdf(certificate=certificate)
    text = re.sub(r"\s", "", pdf_text(pdf))
    assert TIBETAN_NAME in text
    assert "直播带货" in text
    assert certificate.number in text
    [code] = pdf_qr_codes(pdf)
    address, _, signed = code.partition("#")
    assert address == "https://eagle.example.cn/certificates/verify/xyz789/"
    statement = statement_read(signed)
    assert statement.number == certificate.number
    assert statement.holder == "བཀྲ་*་*་མ"  # masked as the verification page masks it
    assert statement.course_title == "直播带货"
    assert statement.issued_on == certificate.issued_on


def test_a_long_tibetan_statement_still_reads_from_the_printed_page():
    """The longest statements (a Tibetan title of some 70 letters) make a QR code of
    version 18; printed 44 mm wide, it reads at 150 dpi."""
    title = "གློག་རྡུལ་ཚོང་ལས་ཀྱི་ཚོང་ཁང་འཛུགས་སྟངས་དང་དྲ་ཐོག་ཚོང་འབབ་ཇི་ལྟར་མཐོ་རུ་གཏོང་ཐབས།"
    signed = statement_sign(
        number="EAGLE-2026-000042",
        holder="བཀྲ་*་*་མ",
        course_title=title,
        issued_on=datetime.date(2026, 11, 29),
    )
    long = content(trainee_name=TIBETAN_NAME, course_title=title, signed_statement=signed)

    assert segno.make(long.qr_text, error="m").version == 18
    assert pdf_qr_codes(render_certificate_pdf(long, language="bo")) == [long.qr_text]


# The download view ----------------------------------------------------------------

DOWNLOAD_ALLOWED = {"trainee", "coordinator", "manager"}


@pytest.fixture
def people(db):
    return make_people()


@pytest.fixture
def certificate(people):
    return CertificateFactory(enrolment=EnrolmentFactory(trainee=people.trainee))


@pytest.mark.parametrize("role", ROLES)
def test_who_may_download_a_certificate(client, people, certificate, role):
    people.log_in(client, role)
    response = client.get(f"/certificates/{certificate.number}/pdf/")
    if role == "anonymous":
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    elif role in DOWNLOAD_ALLOWED:
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert f'filename="{certificate.number}.pdf"' in response["Content-Disposition"]
        assert response.content.startswith(b"%PDF-")
    else:
        assert response.status_code == 404


def test_an_unknown_number_is_not_found(client, people):
    people.log_in(client, "manager")
    assert client.get("/certificates/EAGLE-0000-000000/pdf/").status_code == 404


def test_a_revoked_certificate_is_not_served(client, people, certificate):
    certificate.revoked_at = timezone.now()
    certificate.revoked_by = people.users["manager"]
    certificate.revoke_reason = "Attendance records were forged."
    certificate.save()
    people.log_in(client, "trainee")
    response = client.get(f"/en/certificates/{certificate.number}/pdf/")
    assert response.status_code == 410
    assert response["Content-Type"].startswith("text/html")
    assert "was revoked on" in response.content.decode()
    assert "no longer valid" in response.content.decode()


def test_rendering_a_certificate_leaves_pillow_strict_about_damaged_images():
    from PIL import ImageFile

    from trainees.certificate_pdf import load_weasyprint

    load_weasyprint()

    assert ImageFile.LOAD_TRUNCATED_IMAGES is False
