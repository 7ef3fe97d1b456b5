"""A county coordinator's working day in the admin, on a phone (390x844), in Chinese.

Logged in through the admin's own log-in page, the coordinator of 理塘县:

1. creates a cohort from the menu (her county and herself already chosen; a last day before
   the first is refused with a sentence, nothing saved), then adds sessions from the
   cohort's page, typed in the phone's own date inputs (one outside the cohort's days is
   refused; the check-in code is made, not typed), coming back to the cohort's sessions;
2. downloads the roster template from the roster import, fills it in (openpyxl) with three
   people, one row wrong: uploads the workbook as it is (refused: save it as CSV), then the
   CSV (the error names the row and the rule), then the corrected CSV; reads the people of
   the preview, confirms, and follows the result to the cohort's enrolments;
3. opens today's session's QR attendance page from the sessions listing; a trainee, on her
   own phone, checks in through the QR code's address; the coordinator's list shows her
   with the local time of her check-in, and leads back to the admin;
4. opens the waiting application from the home's panel (the menu counts it) and accepts it:
   the message leads to the new shop, with its owner;
5. opens a sales report waiting for approval from the home's panel and approves it on its
   own page; returns the other one, with a reason (none first: refused); the home then has
   nothing waiting;
6. downloads the cohort's enrolments as CSV and reads it back: a byte order mark, labels
   not codes, local times, and the identity numbers whole, which the file says it holds in
   its first line and name (she is the coordinator of their county: whole for her, masked
   for anyone else).

Each screen is checked as she sees it: the messages in sight, nothing scrolling sideways or
cut off at 390 px, no English word but those listed (`WORDS_NOT_TRANSLATED`). Pictures of
each screen go to /tmp/coordday/ (and SCREENSHOT_DIR) for a person to look at.
"""

import csv
import datetime
import io
import re
import shutil
import tempfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import expect

from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from benchmarks.browser import PHONE_CONTEXT, PHONE_HEIGHT, PHONE_WIDTH
from courses.factories import CoursePageFactory
from incubator.choices import ApplicationStatus, Channel, ReportStatus
from incubator.factories import ApplicationFactory, SalesReportFactory, ShopFactory
from incubator.models import Application, SalesReport
from machinery.exports import PERSONAL_DATA_NOTE
from tests.browser.conftest import page_width
from tests.browser.screen_checks import cut_off
from tests.browser.test_sales_report import log_in
from trainees import roles
from trainees.choices import AttendanceMethod, EnrolmentSource
from trainees.factories import (
    ProfileFactory,
    TownshipFactory,
    TraineeFactory,
    UserFactory,
    VillageFactory,
    valid_id_number,
)
from trainees.identity import mask_id_number
from trainees.models import Attendance, Cohort, CohortSession, County, Enrolment, Trainee

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PICTURES = Path(tempfile.gettempdir()) / "coordday"
COHORT = "理塘县直播带货三期"
PLACE = "理塘县电子商务公共服务中心"
SHOP_APPLIED = "拉姆措藏家手工"
MUSHROOMS, HONEY = "高原松茸小店", "格聂蜂蜜"


# Latin words a Chinese screen may show: file formats, the site's name, the roster's rule
# "男 / 女 / male / female", user names; and, until Wagtail's own catalogue has them (its
# strings are translated elsewhere), the words of its "Go to the first error", "New: 班级" and
# "Save your changes before leaving".
WORDS_NOT_TRANSLATED = {
    *("CSV", "csv", "Excel", "UTF", "GBK", "YYYY", "Eagle", "male", "female"),
    *("coordinator", "user"),
    *("the", "first", "error", "New", "Save", "your", "changes", "before", "leaving"),
}

# The words of three Latin letters or more in the visible text of the page, but for code
# (the roster's English headers), the check-in code and its address, and text marked as
# another language (the language menu's "English").
ENGLISH_WORDS = """() => {
  const language = document.documentElement.lang;
  const words = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const element = walker.currentNode.parentElement;
    if (element.closest('script, style, code, .check-in-code')) continue;
    if ((element.closest('[lang]')?.lang || language) !== language) continue;
    if (!element.checkVisibility({visibilityProperty: true})) continue;
    for (const word of walker.currentNode.data.match(/[A-Za-z]{3,}/g) || []) words.add(word);
  }
  return [...words];
}"""


def english_words(page) -> set[str]:
    return set(page.evaluate(ENGLISH_WORDS))


def zh(message: str, **values) -> str:
    """`message` as the Chinese admin says it."""
    with translation.override("zh-hans"):
        text = str(_(message))
    return text % values if values else text


def local(moment: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(moment)


def typed(moment: datetime.datetime) -> str:
    """A local moment as the phone's date-and-time input gives it (2026-12-07T09:00)."""
    return f"{local(moment):%Y-%m-%dT%H:%M}"


def as_written(moment: datetime.datetime | datetime.date) -> str:
    """A local moment or a day as the Chinese pages write it (2026年12月7日 09:00)."""
    with translation.override("zh-hans"):
        if isinstance(moment, datetime.datetime):
            return date_format(local(moment), "DATETIME_FORMAT")
        return date_format(moment, "DATE_FORMAT")


class Coordinator:
    """The coordinator's phone: each screen is looked at (fits the phone, pictured)."""

    def __init__(self, page, screenshot):
        self.page = page
        self.screenshot = screenshot
        self.taken = 0

    def look(self, name: str) -> None:
        """The screen fits the phone; a picture of all of it (the admin scrolls inside <main>:
        a window as tall as its content shows it whole)."""
        page = self.page
        # Nothing scrolls sideways, nor is cut off by the admin's <main>, which hides what
        # overflows it (an edit page's side panel, closed, stands beyond it: not seen).
        assert page_width(page) <= PHONE_WIDTH, f"{name}: {page.url} scrolls sideways"
        assert cut_off(page) == [], f"{name}: {page.url} cuts these off"
        assert english_words(page) <= WORDS_NOT_TRANSLATED, f"{name}: English on {page.url}"
        page.evaluate("document.querySelector('main').scrollTop = 0")
        height = page.evaluate(
            "Math.max(document.querySelector('main')?.scrollHeight || 0,"
            " document.scrollingElement.scrollHeight)"
        )
        page.set_viewport_size({"width": PHONE_WIDTH, "height": max(height, PHONE_HEIGHT)})
        self.picture(page, name)
        page.set_viewport_size({"width": PHONE_WIDTH, "height": PHONE_HEIGHT})

    def picture(self, page, name: str) -> None:
        path = self.screenshot(page, name)
        self.taken += 1
        shutil.copy(path, PICTURES / path.name)

    def message(self, text: str):
        """The message of the page (Wagtail's, above the form), in sight."""
        message = self.page.locator(".messages").get_by_text(text)
        expect(message).to_be_in_viewport()
        return message

    def header_button(self, name: str):
        """A button of the page's header, whole on the screen (not cut off at its edge)."""
        button = self.page.locator("header").get_by_role("link", name=name, exact=True)
        expect(button).to_be_in_viewport(ratio=1)
        return button

    def menu(self, group: str, item: str) -> None:
        """Through the admin's menu, as on a phone: open it, its group, then the item."""
        sidebar = self.page.locator("#wagtail-sidebar")
        self.page.get_by_role("button", name="切换侧边栏").first.click()
        sidebar.get_by_role("button", name=group, exact=True).click()
        sidebar.get_by_role("link", name=item, exact=True).click()


@pytest.fixture
def scene():
    """理塘县 with a township and village, two courses, its coordinator; a trainee with an
    account whom the roster names; an application and two sales reports waiting."""
    litang = County.objects.get(code="513334")
    village = VillageFactory(
        township=TownshipFactory(county=litang, code="513334001", name="高城镇"),
        code="513334001001",
        name="城东村",
    )
    courses = [CoursePageFactory(title="网店开设入门"), CoursePageFactory(title="直播带货入门")]
    coordinator = UserFactory(username="coordinator", groups=[roles.COUNTY_COORDINATORS])
    ProfileFactory(user=coordinator, county=litang)
    dolma = TraineeFactory(
        name="卓玛",
        county=litang,
        id_number=valid_id_number(101),
        phone="+8613800130001",
        user=UserFactory(username="dolma"),
    )
    applicant = TraineeFactory(name="拉姆措", county=litang)
    application = ApplicationFactory(
        trainee=applicant, shop_name=SHOP_APPLIED, channels=[Channel.DOUYIN]
    )
    reports = [
        SalesReportFactory(
            shop=ShopFactory(name=name, county=litang),
            status=ReportStatus.SUBMITTED,
            sales=Decimal(sales),
            submitted_at=timezone.now(),
        )
        for name, sales in ((MUSHROOMS, "12800.50"), (HONEY, "3150.00"))
    ]
    return {
        "litang": litang,
        "village": village,
        "courses": courses,
        "dolma": dolma,
        "application": application,
        "reports": reports,
    }


def test_a_coordinators_day_on_a_phone(browser, browser_site, screenshot, scene, tmp_path):
    PICTURES.mkdir(exist_ok=True)
    for old in PICTURES.glob("*.png"):
        old.unlink()
    context = browser.new_context(**PHONE_CONTEXT, base_url=browser_site, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    me = Coordinator(page, screenshot)

    log_in(page, "/admin/login/", "coordinator", field="username")
    # Her day: classes (课次, as the menu calls them), applications and reports waiting.
    expect(page.get_by_role("heading", name="本周线下课次")).to_be_visible()
    expect(page.locator("#home-applications")).to_contain_text(SHOP_APPLIED)
    expect(page.locator("#home-reports")).to_contain_text(MUSHROOMS)
    expect(page.locator("#wagtail-sidebar").get_by_text("孵化申请（1 份待审核）")).to_have_count(1)
    me.look("home")

    cohort = cohort_created(me)
    today, next_week = sessions_added(me, cohort)
    roster_imported(me, cohort, scene, tmp_path)
    checked_in_by_qr(me, browser, browser_site, today, scene["dolma"])
    application_accepted(me, scene["application"])
    reports_decided(me, *scene["reports"])
    enrolments_exported(me, cohort)
    context.close()
    assert next_week.attendances.count() == 0
    assert me.taken >= 20


def cohort_created(me: Coordinator) -> Cohort:
    """From the menu, a new cohort: its last day before its first is refused with the
    constraint's sentence, and nothing is saved; then it is created."""
    page = me.page
    me.menu("学员", "班级")
    expect(page.get_by_role("heading", name="班级")).to_be_visible()
    me.header_button("添加 班级").click()
    first_day = timezone.localdate() - datetime.timedelta(days=7)
    last_day = timezone.localdate() + datetime.timedelta(days=60)
    page.get_by_label("名称").fill(COHORT)
    # Only her own county to choose, already chosen.
    expect(page.get_by_label("县（市）")).to_have_value(str(County.objects.get(code="513334").pk))
    page.get_by_label("课程").select_option(label=["网店开设入门", "直播带货入门"])
    page.get_by_label("开始日期").fill(f"{last_day:%Y-%m-%d}")
    page.get_by_label("结束日期").fill(f"{first_day:%Y-%m-%d}")
    me.look("cohort-form")
    page.locator("main form button[type=submit]").first.click()

    sentence = zh(
        "A cohort cannot end before it starts: give a last day on or after its first day."
    )
    error = page.locator("main").get_by_text(sentence)
    error.scroll_into_view_if_needed()
    expect(error).to_be_in_viewport()
    expect(page.locator("main")).not_to_contain_text("cohort_ends_after_it_starts")
    me.look("cohort-refused")
    assert not Cohort.objects.exists()

    page.get_by_label("开始日期").fill(f"{first_day:%Y-%m-%d}")
    page.get_by_label("结束日期").fill(f"{last_day:%Y-%m-%d}")
    page.locator("main form button[type=submit]").first.click()
    me.message(COHORT)
    me.look("cohort-created")
    cohort = Cohort.objects.get()
    assert (cohort.name, cohort.starts_on, cohort.ends_on) == (COHORT, first_day, last_day)
    courses = sorted(cohort.courses.values_list("title", flat=True))
    assert courses == ["直播带货入门", "网店开设入门"]
    return cohort


def session_form(me: Coordinator, starts_at, ends_at) -> None:
    page = me.page
    page.get_by_label("开始时间").fill(typed(starts_at))
    page.get_by_label("结束时间").fill(typed(ends_at))
    page.get_by_label("地点").fill(PLACE)
    expect(page.get_by_label("签到码")).to_have_count(0)  # made for her, not typed
    page.locator("main form button[type=submit]").first.click()


def sessions_added(me: Coordinator, cohort: Cohort) -> tuple[CohortSession, CohortSession]:
    """From the cohort's page, two sessions: one outside the cohort's days is refused."""
    page = me.page
    page.get_by_role("link", name=COHORT).first.click()
    me.header_button("添加线下课次").click()
    expect(page.get_by_label("班级")).to_have_value(str(cohort.pk))
    me.look("session-form")

    too_late = timezone.make_aware(
        datetime.datetime.combine(cohort.ends_on + datetime.timedelta(days=1), datetime.time(9))
    )
    session_form(me, too_late, too_late + datetime.timedelta(hours=8))
    refusal = zh(
        "The cohort %(cohort)s runs from %(first)s to %(last)s: its sessions start and end "
        "within those days.",
        cohort=COHORT,
        first=as_written(cohort.starts_on),
        last=as_written(cohort.ends_on),
    )
    expect(page.locator(".messages")).to_be_in_viewport()
    expect(page.locator("main").get_by_text(refusal).first).to_be_visible()
    me.look("session-refused")
    assert not CohortSession.objects.exists()

    # Today's class, of two hours: began 30 to 45 minutes ago (on a quarter hour).
    now = local(timezone.now())
    starts_at = now.replace(minute=now.minute - now.minute % 15, second=0, microsecond=0)
    starts_at -= datetime.timedelta(minutes=30)
    session_form(me, starts_at, starts_at + datetime.timedelta(hours=2))
    # Back on the cohort's sessions, the new one listed at the time she typed.
    me.message(COHORT)
    expect(page.locator("table.listing tbody tr")).to_have_count(1)
    expect(page.locator("table.listing tbody")).to_contain_text(as_written(starts_at))
    today = CohortSession.objects.get()
    assert (local(today.starts_at), today.place) == (starts_at, PLACE)
    assert len(today.check_in_code) >= 20

    me.header_button("添加 线下课次").click()
    expect(page.get_by_label("班级")).to_have_value(str(cohort.pk))
    next_week = starts_at + datetime.timedelta(days=7)
    session_form(me, next_week, next_week + datetime.timedelta(hours=2))
    me.message(COHORT)
    expect(page.locator("table.listing tbody tr")).to_have_count(2)
    me.look("sessions")
    return today, CohortSession.objects.exclude(pk=today.pk).get()


def roster_imported(me: Coordinator, cohort: Cohort, scene: dict, tmp_path: Path) -> None:
    """The roster template, filled in with three people: the workbook itself is refused (it
    must be saved as CSV), a CSV with a row wrong names the row and the rule; the corrected
    one lists the people, and is imported."""
    page = me.page
    me.menu("学员", "班级")
    page.get_by_role("link", name=COHORT).first.click()
    me.header_button("导入花名册").click()
    expect(page.get_by_role("heading", name="导入花名册")).to_be_visible()
    me.look("roster-upload")
    with page.expect_download() as download:
        page.get_by_role("link", name="下载模板（Excel）").click()
    workbook_path = tmp_path / download.value.suggested_filename
    download.value.save_as(workbook_path)

    workbook = openpyxl.load_workbook(workbook_path)
    sheet = workbook.active
    header = [cell.value for cell in sheet[1]]
    examples = [
        dict(zip(header, row, strict=True)) for row in sheet.iter_rows(2, 3, values_only=True)
    ]
    assert [row["班级"] for row in examples] == [COHORT, COHORT]
    people = [
        {"姓名": "卓玛", "性别": "女", "身份证号": valid_id_number(101), "手机号": "13800130001"},
        {
            "姓名": "次仁多吉",
            "性别": "男",
            "身份证号": valid_id_number(102),
            "手机号": "13800130002",
            "乡镇": "高城镇",
            "村": "城东村",
            "家庭人口": "5",
            "户状态": "脱贫户",  # without its household number: the mistake
            "状态起始日期": "2021-01-01",
        },
        {"姓名": "央金", "性别": "女", "身份证号": valid_id_number(103)},
    ]

    def write(rows: list[dict]) -> None:
        """Her rows instead of the examples; the county and cohort as the examples have them."""
        sheet.delete_rows(2, sheet.max_row)
        for row in rows:
            sheet.append(
                [
                    row.get(name) or examples[0].get(name)
                    if name in ("县", "班级")
                    else row.get(name, "")
                    for name in header
                ]
            )
        workbook.save(workbook_path)

    def saved_as_csv(name: str) -> Path:
        """Excel's “Save as CSV UTF-8”."""
        path = tmp_path / name
        with path.open("w", encoding="utf-8-sig", newline="") as file:
            rows = sheet.iter_rows(values_only=True)
            csv.writer(file).writerows(
                [["" if cell is None else cell for cell in row] for row in rows]
            )
        return path

    def upload(path: Path) -> None:
        page.get_by_label("花名册文件（CSV）").set_input_files(str(path))
        page.get_by_role("button", name="检查文件").click()

    write(people)
    upload(workbook_path)
    refusal = page.locator("main").get_by_text("这是 Excel 工作簿")
    refusal.scroll_into_view_if_needed()
    expect(refusal).to_be_in_viewport()
    me.look("roster-workbook-refused")

    upload(saved_as_csv("花名册.csv"))
    refused = zh("Nothing was imported: the file has errors")
    expect(page.get_by_role("heading", name=refused)).to_be_visible()
    errors = page.locator("table.roster-errors tbody tr")
    expect(errors).to_have_count(1)
    expect(errors.locator("td").nth(0)).to_have_text("3")
    expect(errors.locator("td").nth(1)).to_have_text("户编号")
    me.look("roster-errors")
    assert not Enrolment.objects.exists()

    people[1]["户编号"] = "LT-0002"
    write(people)
    page.get_by_role("link", name=zh("Upload a corrected file")).click()
    upload(saved_as_csv("花名册-改.csv"))
    correct = zh("The file is correct. Importing it will:")
    expect(page.get_by_role("heading", name=correct)).to_be_visible()
    listed = page.locator("table.roster-people tbody tr")
    expect(listed).to_have_count(3)
    expect(listed.nth(0).locator("td")).to_have_text(
        ["2", "卓玛", mask_id_number(valid_id_number(101)), "", zh("unchanged")]
    )
    expect(listed.nth(1).locator("td")).to_have_text(
        ["3", "次仁多吉", mask_id_number(valid_id_number(102)), "城东村", zh("new trainee")]
    )
    expect(listed.nth(2).locator("td")).to_have_text(
        ["4", "央金", mask_id_number(valid_id_number(103)), "", zh("new trainee")]
    )
    me.look("roster-preview")
    assert Trainee.objects.filter(name="次仁多吉").count() == 0

    page.get_by_role("button", name=zh("Confirm and import")).click()
    expect(page.get_by_role("heading", name=zh("Imported"), exact=True)).to_be_visible()
    me.look("roster-imported")
    assert Enrolment.objects.filter(cohort=cohort, source=EnrolmentSource.IMPORT).count() == 6

    page.get_by_role("link", name=f"班级 {COHORT} 的报名").click()
    rows = page.locator("table.listing tbody tr")
    expect(rows).to_have_count(6)
    for name in ("卓玛", "次仁多吉", "央金"):
        expect(rows.filter(has_text=name)).to_have_count(2)
    me.look("enrolments")


def checked_in_by_qr(me: Coordinator, browser, browser_site, session, dolma) -> None:
    """The class's QR page from the session list; 卓玛 checks in on her own phone, and the
    coordinator's list shows her with the local time."""
    page = me.page
    me.menu("学员", "线下课次")
    row = page.locator("table.listing tbody tr").filter(has_text=as_written(session.starts_at))
    link = row.get_by_role("link", name="考勤（二维码）")
    expect(link).to_be_in_viewport(ratio=1)
    me.look("session-list")
    link.click()
    expect(page.get_by_role("heading", name=COHORT)).to_be_visible()
    expect(page.locator(".check-in-qr svg")).to_be_visible()
    expect(page.locator(".check-in-code").first).to_have_text(session.check_in_code)
    me.look("attendance")
    check_in_url = page.locator(".check-in-code small").inner_text()

    phone = browser.new_context(**PHONE_CONTEXT, base_url=browser_site)
    trainee = phone.new_page()
    trainee.goto(check_in_url)
    trainee.locator("input[name=login]").fill("dolma")
    trainee.locator("input[name=password]").fill("eagle-demo-password")
    trainee.locator("main form button[type=submit]").first.click()
    trainee.get_by_role("button", name=zh("I am here: check me in")).click()
    expect(trainee.get_by_role("heading", name=zh("You are checked in"))).to_be_visible()
    assert page_width(trainee) <= PHONE_WIDTH
    me.picture(trainee, "trainee-checked-in")
    phone.close()
    attendance = Attendance.objects.get(session=session)
    assert (attendance.trainee, attendance.method) == (dolma, AttendanceMethod.QR_CODE)

    page.reload()
    line = page.locator(".roster li", has_text="卓玛")
    expect(line).to_contain_text(f"(已签到 {local(attendance.recorded_at):%H:%M})")
    expect(line.get_by_role("checkbox")).to_be_checked()
    expect(page.locator(".roster li", has_text="央金")).not_to_contain_text("已签到")
    me.look("attendance-after")
    # Back to the admin, to the cohort's sessions.
    page.get_by_role("link", name="本班级的全部线下课次").click()
    expect(page.get_by_text(f"班级: {COHORT}")).to_be_visible()


def application_accepted(me: Coordinator, application: Application) -> None:
    """From the home's panel, the waiting application, accepted: the shop and its owner."""
    page = me.page
    page.goto("/admin/")
    panel = page.locator("#home-applications")
    expect(panel).to_contain_text(SHOP_APPLIED)
    panel.get_by_role("link", name=re.compile(SHOP_APPLIED)).click()
    expect(page.locator("main")).to_contain_text("拉姆措")
    me.look("application")
    me.header_button("通过").click()
    accept = page.get_by_role("button", name=zh("Accept: the shop starts incubating today"))
    expect(accept).to_be_visible()
    me.look("application-accept")
    accept.click()
    me.message(SHOP_APPLIED)
    me.look("application-accepted")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED
    shop = application.shop
    assert [owner.name for owner in shop.owners.all()] == ["拉姆措"]

    page.locator(".messages").get_by_role("link", name="打开网店").click()
    expect(page.get_by_label("名称")).to_have_value(SHOP_APPLIED)
    expect(page.get_by_label("店主").locator("option:checked")).to_have_text(["拉姆措"])
    me.look("shop")


def reports_decided(me: Coordinator, mushrooms: SalesReport, honey: SalesReport) -> None:
    """From the home's panel: one report approved on its own page, the other returned."""
    page = me.page
    page.goto("/admin/")
    panel = page.locator("#home-reports")
    panel.get_by_role("link", name=re.compile(MUSHROOMS)).click()
    expect(page.locator("main")).to_contain_text("12800.50")
    me.look("report")
    me.header_button("通过").click()
    expect(page.get_by_label("通过", exact=True)).to_be_checked()
    page.get_by_role("button", name="审核").click()
    me.message("已通过")
    me.look("report-approved")

    page.goto("/admin/")
    page.locator("#home-reports").get_by_role("link", name=re.compile(HONEY)).click()
    me.header_button("退回网店").click()
    expect(page.get_by_label("退回网店", exact=True)).to_be_checked()
    page.get_by_role("button", name="审核").click()
    missing = page.get_by_text(zh("Reason for returning: say what the shop should correct."))
    expect(missing).to_be_in_viewport()
    me.look("report-return-refused")
    page.get_by_label("退回原因").fill("抖音的订单数和后台截图对不上，请核对后重新提交。")
    page.get_by_role("button", name="审核").click()
    me.message("已退回网店")
    me.look("report-returned")
    mushrooms.refresh_from_db()
    honey.refresh_from_db()
    assert (mushrooms.status, honey.status) == (ReportStatus.APPROVED, ReportStatus.RETURNED)
    assert honey.return_reason.startswith("抖音的订单数")
    page.goto("/admin/")
    expect(page.locator("#home-reports")).to_contain_text(zh("No sales report waiting."))
    expect(page.locator("#home-applications")).to_contain_text(zh("No application waiting."))


def enrolments_exported(me: Coordinator, cohort: Cohort) -> None:
    """The cohort's enrolments as CSV, read back as Excel would."""
    page = me.page
    me.menu("学员", "班级")
    page.get_by_role("link", name=COHORT).first.click()
    me.header_button("报名 (6)").click()
    page.locator("header").get_by_role("button", name="操作").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="下载CSV").click()
    content = Path(download.value.path()).read_bytes()
    assert content.startswith("\ufeff".encode())
    note, header, *rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert note == [zh(str(PERSONAL_DATA_NOTE))]
    assert header[:7] == ["学员", "身份证号", "课程", "班级", "报名方式", "报名时间", "完成时间"]
    enrolment = Enrolment.objects.get(trainee__name="央金", course__title="直播带货入门")
    by_trainee = {(row[0], row[2]): row for row in rows}
    yangjin = by_trainee[("央金", "直播带货入门")]
    assert yangjin[1] == valid_id_number(103)  # hers to see: her county's trainee
    enrolled = f"{local(enrolment.enrolled_at):%Y-%m-%d %H:%M}"  # sorts, and Excel reads it
    assert yangjin[3:6] == [COHORT, zh("Imported from a roster"), enrolled]
    assert len(rows) == 6
    assert "import" not in content.decode("utf-8-sig")
    assert "+00:00" not in content.decode("utf-8-sig")
    assert "未脱敏" in download.value.suggested_filename
