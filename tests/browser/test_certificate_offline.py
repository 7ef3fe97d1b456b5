"""An employer far from a signal checks certificates on a phone: the verification page,
opened once with a connection, keeps the programme's keys and revocation list; then, with
the network switched off, a certificate's QR code is checked in the browser, in Chinese
and in Tibetan (trainees/static/trainees/certificate-check.js)."""

import io
import subprocess

import pytest
import zxingcpp
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PIL import Image
from playwright.sync_api import expect

from django.utils import timezone

from benchmarks.browser import PHONE_CONTEXT, PHONE_WIDTH
from courses.factories import CoursePageFactory
from tests.browser.conftest import page_width
from tests.browser.test_content_security_policy import RECORD_VIOLATIONS
from trainees import certificate_pdf, learning, roles
from trainees.certificate_signing import b64decode, b64encode
from trainees.factories import CertificateFactory, EnrolmentFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

COURSE = "松茸网店入门"

# What the phone says, in each language; {date} is the revocation list's day.
SAYS = {
    "zh-hans": {
        "prefix": "",
        "ready": "本机已保存项目的密钥：没有网络时也能在此查验证书。",
        "valid": "✓ 有效，经项目签名；撤销名单日期：{date}。",
        "revoked": "✗ 已撤销：该证书在项目 {date} 的撤销名单上。",
        "forged": "✗ 非项目签名：此二维码已被篡改或伪造。",
        "unknown-key": (
            "✗ 签名所用的密钥本机尚未保存。请在有网络时打开一次本页面，更新项目的密钥后再扫码。"
        ),
        "holder": "持证人",
    },
    "bo": {
        "prefix": "/bo",
        "ready": "ཁ་པར་འདིར་ལས་གཞིའི་ལྡེ་མིག་ཉར་ཡོད། དྲ་བ་མེད་ཀྱང་འདིར་ལག་ཁྱེར་ར་སྤྲོད་བྱེད་ཐུབ།",
        "valid": "✓ ནུས་ལྡན། ལས་གཞིས་མིང་རྟགས་བཀོད་ཡོད། རྩིས་མེད་ཐོ་གཞུང་གི་ཚེས་གྲངས། {date}།",
        "revoked": "✗ རྩིས་མེད་བཏང་ཟིན། ལག་ཁྱེར་འདི་ལས་གཞིའི་ {date} གི་རྩིས་མེད་ཐོ་གཞུང་ནང་ཡོད།",
        "forged": "✗ ལས་གཞིས་མིང་རྟགས་བཀོད་མེད། QR ཨང་རྟགས་འདི་བཅོས་སློག་གམ་རྫུན་བཟོ་བྱས་ཡོད།",
        "unknown-key": (
            "✗ ཁ་པར་འདིས་ངོས་མི་ཟིན་པའི་ལྡེ་མིག་གིས་མིང་རྟགས་བཀོད་འདུག "
            "དྲ་བ་ཡོད་དུས་ཤོག་ངོས་འདི་ཐེངས་གཅིག་ཁ་ཕྱེ་ནས་ལས་གཞིའི་ལྡེ་མིག་གསར་བསྒྱུར་བྱས་རྗེས་ཡང་བསྐྱར་བཤར་རོགས།"
        ),
        "holder": "ལག་ཁྱེར་བདག་པོ།",
    },
}


def qr_codes_of(pdf: bytes) -> list[str]:
    """The QR codes a phone reads from the printed certificate (at 150 dpi)."""
    png = subprocess.run(  # noqa: S603
        ["pdftoppm", "-png", "-r", "150", "-singlefile"],  # noqa: S607
        input=pdf,
        capture_output=True,
        check=True,
    ).stdout
    return [code.text for code in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))]


def signed_elsewhere(address: str) -> str:
    """The address with its statement signed by a key the programme never published."""
    page, _, signed = address.partition("#")
    lines = b64decode(signed.partition(".")[0]).decode().split("\n")
    lines[1] = "new2027"
    payload = "\n".join(lines).encode()
    signature = Ed25519PrivateKey.generate().sign(payload)
    return f"{page}#{b64encode(payload)}.{b64encode(signature)}"


def tampered(address: str) -> str:
    """The address with its statement's course changed and its signature kept."""
    page, _, signed = address.partition("#")
    payload, _, signature = signed.partition(".")
    lines = b64decode(payload).decode().split("\n")
    lines[-1] = "高级直播带货实战"
    return f"{page}#{b64encode(chr(10).join(lines).encode())}.{signature}"


@pytest.fixture
def certificates(settings, browser_site):
    """One certificate the employer opens with a connection, one printed and scanned later,
    one revoked after it was printed."""
    settings.WAGTAILADMIN_BASE_URL = browser_site
    course = CoursePageFactory(title=COURSE)

    def certificate(name: str):
        return CertificateFactory(enrolment=EnrolmentFactory(course=course, trainee__name=name))

    opened, scanned, revoked = certificate("扎西卓玛"), certificate("卓玛拉姆"), certificate("次仁")
    printed = {
        "scanned": qr_codes_of(certificate_pdf.certificate_pdf(certificate=scanned)),
        "revoked": [certificate_pdf.certificate_content(certificate=revoked).qr_text],
    }
    manager = UserFactory(groups=[roles.PROGRAMME_MANAGERS])
    learning.certificate_revoke(certificate=revoked, by=manager, reason="冒名顶替")
    return {"opened": opened, "scanned": scanned, "revoked": revoked, "printed": printed}


@pytest.mark.parametrize("language", ["zh-hans", "bo"])
def test_a_certificate_is_checked_on_a_phone_without_a_connection(
    browser, browser_site, certificates, screenshot, language
):
    says = SAYS[language]
    [scanned_address] = certificates["printed"]["scanned"]
    [revoked_address] = certificates["printed"]["revoked"]
    assert scanned_address.startswith(
        f"{browser_site}/certificates/verify/{certificates['scanned'].verification_code}/#"
    )
    context = browser.new_context(**PHONE_CONTEXT, base_url=browser_site)
    page = context.new_page()
    page.set_default_timeout(10_000)
    # The script and its worker run under the site's Content-Security-Policy.
    page.add_init_script(RECORD_VIOLATIONS)
    refused = []
    page.on(
        "console",
        lambda message: refused.append(message.text) if "Refused" in message.text else None,
    )
    today = f"{timezone.localdate():%Y-%m-%d}"

    # Once, with a connection: any certificate's page, in the employer's language.
    page.goto(f"{says['prefix']}/certificates/verify/{certificates['opened'].verification_code}/")
    expect(page.locator("main > .verdict")).to_have_class("verdict result-ok")
    expect(page.get_by_text(says["ready"])).to_be_visible()
    screenshot(page, "opened-online")

    context.set_offline(True)
    # Days later: what the browser's HTTP cache held has expired; only what the page kept
    # (its keys and list in localStorage, its offline page in Cache Storage) is left.
    context.new_cdp_session(page).send("Network.clearBrowserCache")

    page.goto(scanned_address)
    verdict = page.locator("#signed-check [role=status]")
    expect(verdict).to_have_text(says["valid"].format(date=today))
    expect(verdict).to_have_class("verdict result-ok")
    facts = page.locator("#signed-check dl")
    expect(facts).to_contain_text("卓**姆")
    expect(facts).to_contain_text(COURSE)
    expect(facts).to_contain_text(certificates["scanned"].number)
    expect(facts).to_contain_text(says["holder"])
    expect(facts).not_to_contain_text("卓玛拉姆")
    screenshot(page, "valid-offline")
    assert page_width(page) <= PHONE_WIDTH

    page.goto("about:blank")
    page.goto(revoked_address)
    expect(verdict).to_have_text(says["revoked"].format(date=today))
    expect(verdict).to_have_class("verdict result-bad")
    expect(facts).to_contain_text(certificates["revoked"].number)
    screenshot(page, "revoked-offline")

    page.goto("about:blank")
    page.goto(tampered(scanned_address))
    expect(verdict).to_have_text(says["forged"])
    expect(verdict).to_have_class("verdict result-bad")
    expect(facts).to_be_hidden()
    expect(page.get_by_text("高级直播带货实战")).to_have_count(0)
    screenshot(page, "tampered-offline")
    assert page.evaluate("window.cspViolations") == []

    # Signed with a key published after this phone last had a connection, or never.
    page.goto("about:blank")
    page.goto(signed_elsewhere(scanned_address))
    expect(verdict).to_have_text(says["unknown-key"])
    expect(facts).to_be_hidden()
    assert page.evaluate("window.cspViolations") == []
    assert refused == []
    context.close()
