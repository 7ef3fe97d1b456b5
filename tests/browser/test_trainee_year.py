"""A new trainee's year on a phone, in Chinese and in Tibetan, by what a person taps and types.

Sign up with a mobile number (the code read from the test SMS outbox), say who you are, find a
course, enrol, mark the first lesson done, fail the quiz once and pass it, open the
certificate, download its PDF and scan its QR code, then send the first monthly sales report
of the shop the county's coordinator accepted. At each step the person sees their language
(on the Tibetan run: no Chinese in our own words), the answer to what they did on the
screen, a page that does not scroll sideways, and a name on every control. The learning part
runs again with JavaScript off.
"""

import io
import subprocess
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import expect

from django.utils import translation
from django.utils.translation import gettext

from wagtail.actions.convert_alias import ConvertAliasPageAction
from wagtail.models import Locale
from wagtail.rich_text import RichText

from benchmarks.browser import PHONE_CONTEXT
from courses.factories import CoursePageFactory, LessonPageFactory, catalogue, quiz_block
from courses.services import translation_aliases_create
from incubator import shops
from incubator.choices import Channel, ReportStatus, ShopCategory
from incubator.models import SalesReport, ShopChannel
from tests.browser.screen_checks import (
    assert_every_control_named,
    assert_fits_the_phone,
    han_in_visible_text,
)
from trainees import roles
from trainees.factories import (
    DEFAULT_PASSWORD,
    ProfileFactory,
    TraineeFactory,
    UserFactory,
    valid_id_number,
)
from trainees.models import Certificate, County, Trainee
from trainees.sms import MemorySmsBackend

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

COUNTY_CODE = "513334"  # 理塘县


@dataclass
class Language:
    """What a reader of one language types and reads. The words are written out, not looked
    up in the catalogues: an entry left in English or Chinese fails here."""

    code: str  # Django's
    prefix: str  # of every URL
    name: str  # the trainee's, as they type it
    masked: str  # their name as a stranger who verifies the certificate reads it
    shop: str
    course: str
    lessons: tuple[str, str]
    quiz: dict
    wrong: tuple[str, ...]  # the answers of a failed attempt
    right: tuple[str, ...]  # the answers that pass
    words: dict = field(default_factory=dict)


CHINESE = Language(
    code="zh-hans",
    prefix="",
    name="卓玛拉姆",
    masked="卓**姆",
    shop="高原松茸小店",
    course="松茸网店入门",
    lessons=("第一课 开店准备", "第二课 平台与发货"),
    quiz=quiz_block(pass_mark=60),
    wrong=("微店", "报纸"),
    right=("832平台", "冰袋", "泡沫箱"),
    words={
        "courses": "课程",
        "my learning": "我的学习",
        "enrol": "报名",
        "welcome": "欢迎加入雄鹰工程",
        "about you": "个人信息",
        "female": "女",
        "enrolled": "报名成功，请从第一课时开始学习。",
        "continue": "继续学习：",
        "mark done": "标记完成",
        "marked done": "本课时已标记为完成。",
        "next lesson": "下一课时：{}",
        "check": "提交答案",
        "not quite": "回答有误。",
        "passed": "已及格",
        "completed": "您已完成本课程。",
        "your certificate": "您的证书",
        "valid": "✓ 该证书有效。",
        "download": "下载证书（PDF）",
        "my shop": "我的网店",
        "sales": "销售额（元）",
        "orders": "订单数",
        "share": "农产品占比（%）",
        "send": "提交审核",
        "sent": "已提交审核：淘宝，{month}。",
        "submitted": "已提交",
    },
)

TIBETAN_QUIZ = {
    "title": "ཚོད་ལྟ།",
    "pass_mark": 60,
    "questions": [
        {
            "question": "རྒྱལ་ཡོངས་དབུལ་སྐྱོར་ཐོན་རྫས་ཉོ་སའི་སྟེགས་བུ་གང་ཡིན།",
            "multiple": False,
            "choices": [
                {"text": "༨༣༢ སྟེགས་བུ།", "correct": True},
                {"text": "ཝེ་ཏེན།", "correct": False},
            ],
            "explanation": "༨༣༢ སྟེགས་བུ་ནི་དབུལ་སྐྱོར་ས་ཁུལ་གྱི་ཞིང་ཐོན་རྫས་ཉོ་སའི་སྟེགས་བུ་ཡིན།",
        },
        {
            "question": "གསེར་ཤམ་གྲང་སྐྱེལ་ལ་ཅི་ཞིག་དགོས།",
            "multiple": True,
            "choices": [
                {"text": "འཁྱག་ཁུག", "correct": True},
                {"text": "སྦུ་ལྕུག་སྒམ།", "correct": True},
                {"text": "ཚགས་པར།", "correct": False},
            ],
            "explanation": "འཁྱག་ཁུག་དང་སྦུ་ལྕུག་སྒམ་གྱིས་གསེར་ཤམ་ལམ་དུ་གྲང་མོར་ཉར།",
        },
    ],
}

TIBETAN = Language(
    code="bo",
    prefix="/bo",
    name="ཚེ་རིང་སྒྲོལ་མ།",
    masked="ཚེ་*་*་མ",
    shop="གསེར་ཤམ་ཚོང་ཁང་།",
    course="གསེར་ཤམ་དྲ་ཐོག་ཚོང་ཁང་།",
    lessons=("ཐུན་ཚན་དང་པོ། ཚོང་ཁང་གྲ་སྒྲིག", "ཐུན་ཚན་གཉིས་པ། སྟེགས་བུ་དང་སྐྱེལ་སྟངས།"),
    quiz=TIBETAN_QUIZ,
    wrong=("ཝེ་ཏེན།", "ཚགས་པར།"),
    right=("༨༣༢ སྟེགས་བུ།", "འཁྱག་ཁུག", "སྦུ་ལྕུག་སྒམ།"),
    words={
        "courses": "སློབ་ཚན",
        "my learning": "ངའི་སློབ་སྦྱོང་།",
        "enrol": "མིང་ཐོ་འགོད།",
        "welcome": "གླག་ལས་གཞིར་ཕེབས་པར་དགའ་བསུ་ཞུ",
        "about you": "ཁྱེད་ཀྱི་ཆ་འཕྲིན།",
        "female": "བུད་མེད།",
        "enrolled": "མིང་ཐོ་བཀོད་ཟིན། ཐུན་ཚན་དང་པོ་ནས་འགོ་འཛུགས་རོགས།",
        "continue": "མུ་མཐུད།",
        "mark done": "ཚར་བར་རྟགས་བཀོད།",
        "marked done": "ཐུན་ཚན་འདི་ཚར་བར་རྟགས་བཀོད་ཟིན།",
        "next lesson": "ཐུན་ཚན་རྗེས་མ། {}",
        "check": "ལན་ཞིབ་བཤེར",
        "not quite": "ལན་ཅུང་ཙམ་ནོར་འདུག",
        "passed": "ཚད་ལོན་བྱུང་།",
        "completed": "ཁྱེད་ཀྱིས་སློབ་ཚན་འདི་ལེགས་གྲུབ་བྱས་ཟིན།",
        "your certificate": "ཁྱེད་ཀྱི་ལག་ཁྱེར་",
        "valid": "✓ ལག་ཁྱེར་འདི་ནུས་ལྡན་ཡིན།",
        "download": "ལག་ཁྱེར་ཕབ་ལེན། (PDF)",
        "my shop": "ངའི་ཚོང་ཁང་།",
        "sales": "ཚོང་འབབ། (སྒོར་)",
        "orders": "ཉོ་ཐོའི་གྲངས།",
        "share": "ཞིང་ཐོན་རྫས་ཀྱི་བསྡུར་ཚད། (%)",
        "send": "ཆོག་མཆན་ཆེད་ཕུལ།",
        "sent": "ཆོག་མཆན་ཆེད་ཕུལ་ཟིན། ཐའོ་པའོ།, {month}།",
        "submitted": "ཕུལ་ཟིན།",
    },
)

# Chinese a Tibetan reader still meets, fixed on another branch (the reader's language
# everywhere, issue 17): warned about here, not failed, until that branch is merged; then
# this goes.
LANGUAGES = [pytest.param(CHINESE, id="zh_Hans"), pytest.param(TIBETAN, id="bo")]


@pytest.fixture
def sms_outbox(settings):
    """Text messages the live server sent during the test, in order."""
    settings.SMS_BACKEND = "trainees.sms.MemorySmsBackend"
    MemorySmsBackend.outbox.clear()
    yield MemorySmsBackend.outbox
    MemorySmsBackend.outbox.clear()


def translate(page, language: Language, **fields):
    """The page's own translation in `language` (not an alias of the Chinese), published."""
    translation = page.get_translation(Locale.objects.get(language_code=language.code)).specific
    if translation.alias_of_id:
        ConvertAliasPageAction(translation).execute(skip_permission_checks=True)
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.draft_title = translation.title
    translation.save_revision().publish()
    return translation


def course_in(language: Language):
    """A course of two lessons, the second with a quiz, written in `language`: Chinese pages,
    and for Tibetan their translations in the Tibetan tree."""
    course = CoursePageFactory(title=CHINESE.course, summary="从开店到发货。")
    lessons = [
        LessonPageFactory(parent=course, title=CHINESE.lessons[0]),
        LessonPageFactory(parent=course, title=CHINESE.lessons[1], body=[("quiz", CHINESE.quiz)]),
    ]
    for page in (course, *lessons):
        translation_aliases_create(page=page)
    if language is CHINESE:
        return course
    # The catalogue's title is the editors' words too: the Tibetan tree has its own.
    translate(catalogue(language.code), language, title="སློབ་ཚན།")
    translate(
        course.get_parent().specific,
        language,
        title="ཚོང་ཁང་འཛུགས་པ་དང་དོ་དམ།",
        intro="དྲ་ཐོག་ཚོང་ཁང་འཛུགས་པ་དང་དོ་དམ་བྱེད་སྟངས།",
    )
    translated = translate(
        course, language, title=language.course, summary="ཚོང་ཁང་འཛུགས་པ་ནས་ཚོང་ཟོག་སྐྱེལ་བའི་བར།"
    )
    translate(
        lessons[0],
        language,
        title=language.lessons[0],
        body=[("text", RichText("<p>ཚོང་ཁང་འཛུགས་པའི་སྔོན་ལ་ཐོན་རྫས་དང་ཉོ་མཁན་ཤེས་དགོས།</p>"))],
    )
    translate(lessons[1], language, title=language.lessons[1], body=[("quiz", language.quiz)])
    return translated


@dataclass
class Reader:
    """The trainee's phone, and what every screen of it must show."""

    page: object
    language: Language
    screenshot: object
    proper_names: tuple[str, ...] = ()

    def word(self, key: str) -> str:
        return self.language.words[key]

    def look(self, name: str):
        """What the person sees now: a screenshot; the page in their language, on the phone's
        width, each control named."""
        page = self.page
        page.wait_for_load_state()
        self.screenshot(page, f"{self.language.code}-{name}")
        expect(page.locator("html")).to_have_attribute("lang", self.language.code)
        assert_fits_the_phone(page)
        assert_every_control_named(page)
        if self.language is TIBETAN:
            chinese = han_in_visible_text(
                page, allowed=self.proper_names, selector="main, .messages"
            )
            assert chinese == [], f"Chinese on the Tibetan page {page.url}: {chinese}"

    def answer(self, choices: tuple[str, ...]):
        quiz = self.page.locator(".quiz")
        for label in quiz.locator("label").all():
            wanted = label.inner_text().strip() in choices
            box = label.locator("input")
            if wanted:
                box.check()
            elif box.get_attribute("type") == "checkbox":
                box.uncheck()
        quiz.get_by_role("button", name=self.word("check")).click()


def the_county_choice() -> str:
    """The county's option in a form's list (its label follows the reader's language)."""
    return str(County.objects.get(code=COUNTY_CODE).pk)


def enrolled_message(language) -> str:
    with translation.override(language.code):
        return gettext("You are enrolled in %(course)s. Start with the first lesson.") % {
            "course": language.course
        }


def sign_up_and_learn(reader: Reader, sms_outbox, *, phone: str) -> Trainee:
    page, language = reader.page, reader.language
    word = reader.word

    page.goto(language.prefix + "/accounts/signup/")
    reader.look("sign-up")
    page.locator("input[name=phone]").fill(phone)
    page.locator("input[name=password1]").fill(DEFAULT_PASSWORD)
    page.locator("input[name=password2]").fill(DEFAULT_PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator("input[name=code]")).to_be_visible()
    reader.look("verify-phone")
    page.locator("input[name=code]").fill(sms_outbox[-1].params["code"])
    page.locator("main form button[type=submit]").first.click()

    expect(page.get_by_role("heading", level=1)).to_have_text(word("welcome"))
    reader.look("welcome")
    page.locator(f"input[name=language][value={language.code}]").check()
    page.locator("select[name=county]").select_option(the_county_choice())
    page.locator("main form button[type=submit]").click()

    page.locator(".site-nav").get_by_role("link", name=word("courses")).click()
    reader.look("catalogue")
    page.get_by_role("link", name=language.course).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(language.course)
    reader.look("course")
    page.get_by_role("button", name=word("enrol")).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(word("about you"))
    reader.look("about-you")
    page.locator("input[name=name]").fill(language.name)
    page.get_by_label(word("female"), exact=True).check()
    page.locator("input[name=birth_year]").fill("1998")
    page.locator("select[name=county]").select_option(the_county_choice())
    page.locator("input[name=id_number]").fill(valid_id_number(7, born="19980312"))
    page.locator("main form button[type=submit]").click()

    # Enrolled: the first lesson opens, the confirmation above it
    expect(page.get_by_role("heading", level=1)).to_have_text(language.lessons[0])
    enrolled = page.get_by_text(enrolled_message(language))
    expect(enrolled).to_be_in_viewport()
    reader.look("enrolled")
    trainee = Trainee.objects.get(name=language.name)

    reader.look("first-lesson")
    page.get_by_role("button", name=word("mark done")).click()
    expect(page.get_by_text(word("marked done"))).to_be_in_viewport()
    next_step = page.get_by_role("link", name=word("next lesson").format(language.lessons[1]))
    expect(next_step).to_be_in_viewport()
    reader.look("first-lesson-done")

    next_step.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(language.lessons[1])
    reader.look("quiz")
    reader.answer(language.wrong)
    verdict = page.locator(".quiz [role=status]")
    expect(verdict).to_have_class("result-bad")
    expect(verdict).to_be_in_viewport()
    for question in language.quiz["questions"]:
        expect(page.get_by_text(question["explanation"])).to_be_visible()
    expect(page.get_by_text(word("not quite"))).to_have_count(2)
    # What was wrong is said beside the trainee's own ticks, kept; the right choices are not
    # given away: none is ticked or marked.
    for wrong in language.wrong:
        expect(page.locator(".quiz label", has_text=wrong).locator("input")).to_be_checked()
    for right in language.right:
        expect(page.locator(".quiz label", has_text=right).locator("input")).not_to_be_checked()
    expect(page.locator(".quiz label .result-ok")).to_have_count(0)
    reader.look("quiz-failed")
    assert not Certificate.objects.exists()

    reader.answer(language.right)
    expect(verdict).to_have_class("result-ok")
    expect(verdict).to_contain_text(word("passed"))
    expect(page.get_by_text(word("completed"))).to_be_visible()
    reader.look("quiz-passed")
    return trainee


def certificate_opened(reader: Reader, trainee: Trainee, browser_site: str):
    page, language, word = reader.page, reader.language, reader.word
    certificate = Certificate.objects.get(enrolment__trainee=trainee)
    page.locator(".site-nav").get_by_role("link", name=word("my learning")).click()
    expect(page.locator(".learning-course")).to_contain_text(certificate.number)
    reader.look("my-learning-certificate")

    with page.expect_download() as download_info:
        page.get_by_role("link", name=word("download")).click()
    download = download_info.value
    assert download.suggested_filename == f"{certificate.number}.pdf"
    pdf = download.path().read_bytes()
    # pdftotext puts Tibetan vowel signs apart from their letters: compared without spaces.
    text = "".join(poppler("pdftotext", "-", "-", pdf=pdf).decode().split())
    assert "".join(language.name.split()) in text
    assert certificate.number in text
    png = poppler("pdftoppm", "-png", "-r", "150", "-singlefile", pdf=pdf)
    (reader.screenshot.folder / f"{language.code}-certificate.png").write_bytes(png)
    codes = [code.text for code in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))]
    assert len(codes) == 1
    assert codes[0].startswith(browser_site + "/")
    assert urlsplit(codes[0]).path.endswith(f"/{certificate.verification_code}/")

    page.locator(".learning-course").get_by_role("link", name=certificate.number).click()
    expect(page.get_by_role("status")).to_have_text(word("valid"))
    expect(page.locator("main dl")).to_contain_text(language.masked)
    expect(page.locator("main dl")).not_to_contain_text(language.name)
    reader.look("certificate")
    # Whoever scans the code (an employer, a buyer) reads the page in the site's default
    # language, Chinese, whatever the language of the certificate; a language link is below.
    page.goto(codes[0])
    expect(page.locator("html")).to_have_attribute("lang", CHINESE.code)
    # The page's own verdict (the QR code's signed statement gets one of its own below it).
    server_verdict = page.locator("main > .verdict")
    expect(server_verdict).to_have_text(CHINESE.words["valid"])
    expect(page.locator("main dl")).to_contain_text(certificate.number)
    reader.screenshot(page, f"{language.code}-certificate-scanned")
    assert_fits_the_phone(page)
    assert_every_control_named(page)
    if language is not CHINESE:
        # a link for visitors, a button (remembered on the profile) for people logged in
        page.locator(
            f'footer a[hreflang="{language.code}"], footer button[value="{language.code}"]'
        ).click()
        expect(server_verdict).to_have_text(word("valid"))
        reader.look("certificate-scanned-in-own-language")
    return certificate


def poppler(*args: str, pdf: bytes) -> bytes:
    return subprocess.run(args, input=pdf, capture_output=True, check=True).stdout  # noqa: S603


def shop_accepted_for(trainee: Trainee, language: Language):
    """Set-up: the trainee's application, accepted by the county's coordinator, with the
    channel the coordinator records (the application journey has tests of its own)."""
    coordinator = UserFactory(groups=[roles.COUNTY_COORDINATORS])
    ProfileFactory(user=coordinator, county=trainee.county)
    application = shops.application_submit(
        trainee=trainee,
        shop_name=language.shop,
        category=ShopCategory.HERBS_FUNGI,
        plan="网上卖理塘的松茸。",
        by=trainee.user,
    )
    shop = shops.application_decide(application=application, accept=True, by=coordinator).shop
    shops.shop_channel_save(channel=ShopChannel(shop=shop, channel=Channel.TAOBAO))
    return shop


def first_sales_report_sent(reader: Reader, shop):
    page, word = reader.page, reader.word
    page.locator(".site-nav").get_by_role("link", name=word("my learning")).click()
    page.get_by_role("link", name=word("my shop")).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(shop.name)
    reader.look("my-shop")
    # The shop's first month is the one it applied in, this month: My shop opens on it (the
    # month due, the last, is before the shop began), and offers no earlier month.
    first = f"{shop.applied_on:%Y-%m}"
    expect(page.locator("#report-title")).to_contain_text(first)
    expect(page.locator("#report .month-nav a")).to_have_count(0)
    report = page.locator("article.report-card").first
    report.get_by_label(word("sales")).fill("3,270.50")
    report.get_by_label(word("orders")).fill("42")
    report.get_by_label(word("share")).fill("95")
    report.get_by_role("button", name=word("send")).click()
    sent = page.locator("#report .messages")
    expect(sent).to_contain_text(word("sent").format(month=first))
    expect(sent).to_be_in_viewport()
    expect(page.locator("article.report-card .badge").first).to_have_text(word("submitted"))
    reader.look("report-sent")
    report = SalesReport.objects.get(shop=shop)
    assert (report.status, str(report.sales), report.orders) == (
        ReportStatus.SUBMITTED,
        "3270.50",
        42,
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_new_trainee_s_year_from_sign_up_to_the_first_sales_report(
    language, phone_page, browser_site, screenshot, sms_outbox
):
    course_in(language)
    reader = Reader(
        phone_page,
        language,
        screenshot,
        proper_names=(language.name, language.shop),
    )
    trainee = sign_up_and_learn(reader, sms_outbox, phone="138 0013 8123")
    certificate_opened(reader, trainee, browser_site)
    shop = shop_accepted_for(trainee, language)
    first_sales_report_sent(reader, shop)


@pytest.mark.parametrize("language", LANGUAGES)
def test_learning_works_with_javascript_off(language, browser, browser_site, screenshot):
    course_in(language)
    TraineeFactory(
        name=language.name,
        county=County.objects.get(code=COUNTY_CODE),
        user=UserFactory(username="dolkar"),
    )
    context = browser.new_context(**PHONE_CONTEXT, base_url=browser_site, java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    reader = Reader(page, language, screenshot, proper_names=(language.name))
    word = reader.word

    page.goto(language.prefix + "/accounts/login/")
    page.locator("input[name=login]").fill("dolkar")
    page.locator("input[name=password]").fill(DEFAULT_PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.locator(".site-nav").get_by_role("link", name=word("courses")).click()
    page.get_by_role("link", name=language.course).first.click()
    page.get_by_role("button", name=word("enrol")).click()
    expect(page.get_by_text(enrolled_message(language))).to_be_in_viewport()
    expect(page.get_by_role("heading", level=1)).to_have_text(language.lessons[0])
    reader.look("no-js-enrolled")
    page.get_by_role("button", name=word("mark done")).click()
    expect(page.get_by_text(word("marked done"))).to_be_in_viewport()
    reader.look("no-js-done")
    page.get_by_role("link", name=language.lessons[1]).first.click()
    reader.answer(language.wrong)
    expect(page.locator(".quiz [role=status]")).to_have_class("result-bad")
    reader.look("no-js-quiz-failed")
    reader.answer(language.right)
    expect(page.locator(".quiz [role=status]")).to_have_class("result-ok")
    expect(page.get_by_text(word("completed"))).to_be_visible()
    reader.look("no-js-quiz-passed")
    context.close()
