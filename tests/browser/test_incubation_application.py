"""From certificate to shop, on phones: a certified trainee applies for incubation from "My
learning" (in Chinese, then in Tibetan), the county's coordinator asks a question in the admin,
the trainee answers, the coordinator accepts, and the trainee opens My shop and sends the
first monthly sales report."""

import re

import pytest
from playwright.sync_api import expect

from django.utils import translation
from django.utils.translation import gettext as _

from benchmarks.browser import PHONE_CONTEXT, PHONE_WIDTH
from incubator.choices import ApplicationStatus, Channel, ReportStatus
from incubator.models import Application, SalesReport
from incubator.values import this_month
from tests.browser.conftest import page_width
from trainees import roles
from trainees.choices import SmsTemplate
from trainees.factories import (
    DEFAULT_PASSWORD,
    CertificateFactory,
    ProfileFactory,
    TraineeFactory,
    UserFactory,
)
from trainees.models import County
from trainees.sms import MemorySmsBackend

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SHOP = "雅江松茸直供"
TIBETAN = re.compile("[\u0f00-\u0fff]")


def log_in(page, path: str, username: str, field: str = "login"):
    page.goto(path)
    page.locator(f"input[name={field}]").fill(username)
    page.locator("input[name=password]").fill(DEFAULT_PASSWORD)
    page.locator("main form button[type=submit]").first.click()


def words(language: str, *msgids: str) -> list[str]:
    """What the reader reads for each msgid, in their language."""
    with translation.override(language):
        return [str(_(msgid)) for msgid in msgids]


@pytest.mark.parametrize(("language", "prefix"), [("zh-hans", ""), ("bo", "/bo")])
def test_a_certified_trainee_applies_answers_a_question_and_reports_the_first_sales(
    browser, browser_site, phone_page, screenshot, settings, language, prefix
):
    settings.SMS_BACKEND = "trainees.sms.MemorySmsBackend"
    MemorySmsBackend.outbox.clear()
    county = County.objects.get(code="513325")  # 雅江县
    user = UserFactory(username="dolma")
    ProfileFactory(user=user, county=county, language=language)
    trainee = TraineeFactory(county=county, user=user)
    CertificateFactory(enrolment__trainee=trainee)
    coordinator = UserFactory(username="coordinator", groups=[roles.COUNTY_COORDINATORS])
    ProfileFactory(user=coordinator, county=county)
    apply_link, send_application, taobao, own_shop, send_answer, my_shop, send_report = words(
        language,
        "Apply for incubation",
        "Send the application",
        "Taobao",
        "Own online shop",
        "Send the answer",
        "My shop",
        "Send for approval",
    )
    page = phone_page

    # The trainee applies from My learning.
    log_in(page, f"{prefix}/learn/", "dolma")
    page.get_by_role("link", name=apply_link).click()
    page.locator("input[name=shop_name]").fill(SHOP)
    page.locator("select[name=category]").select_option("herbs_fungi")
    page.locator("textarea[name=plan]").fill("在淘宝和抖音卖雅江松茸，第一年月销售额过万元。")
    page.locator("input[name=product_1]").fill("松茸")
    page.locator("select[name=brand_1]").select_option(label="雅江松茸")
    page.get_by_label(taobao, exact=True).check()
    page.get_by_label(own_shop, exact=True).check()
    assert page_width(page) <= PHONE_WIDTH
    screenshot(page, "apply")
    page.get_by_role("button", name=send_application).click()
    card = page.locator("#incubation")
    expect(card).to_contain_text(SHOP)
    screenshot(page, "sent")
    application = Application.objects.get()
    assert application.channels == [Channel.TAOBAO]

    # The coordinator asks a question, on another phone.
    admin = browser.new_context(**PHONE_CONTEXT, base_url=browser_site).new_page()
    log_in(admin, "/admin/login/", "coordinator", field="username")
    admin.goto("/admin/application/")
    expect(admin.get_by_role("link", name=SHOP)).to_be_visible()
    admin.goto(f"/admin/application/inspect/{application.pk}/")
    screenshot(admin, "admin-application")
    admin.goto(f"/admin/application/ask/{application.pk}/")
    admin.locator("textarea[name=question]").fill("松茸从哪里收购？有没有合作社？")
    admin.locator("main form button[type=submit]").click()
    expect(admin.locator(".messages")).to_contain_text(SHOP)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.INFORMATION_ASKED

    # The trainee reads it on My learning the next time they come, and answers.
    page.goto(f"{prefix}/learn/")
    expect(page.locator(".messages")).to_contain_text(SHOP)
    expect(card).to_contain_text("松茸从哪里收购？")
    screenshot(page, "question")
    card.locator("textarea[name=answer]").fill("从雅江县的松茸合作社收购。")
    card.get_by_role("button", name=send_answer).click()
    expect(page.locator("#incubation")).to_contain_text("从雅江县的松茸合作社收购。")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED

    # The coordinator accepts it.
    admin.goto(f"/admin/application/accept/{application.pk}/")
    admin.locator("main form button[type=submit]").click()
    expect(admin.locator(".messages")).to_contain_text(SHOP)
    screenshot(admin, "admin-accepted")
    admin.context.close()
    application.refresh_from_db()
    shop = application.shop
    assert shop.owners.get() == trainee
    assert list(shop.channels.values_list("channel", flat=True)) == [Channel.TAOBAO]

    # The trainee is told, opens My shop and sends the first report (this month: the shop
    # began this month, and My shop opens on it).
    page.goto(f"{prefix}/learn/")
    expect(page.locator(".messages")).to_contain_text(SHOP)
    screenshot(page, "accepted")
    assert page_width(page) <= PHONE_WIDTH
    page.locator("#incubation").get_by_role("link", name=my_shop).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(SHOP)
    month = this_month()  # My shop opens on it: the first month the new shop may report
    page.locator("input[name=taobao-sales]").fill("12,800.50")
    page.locator("input[name=taobao-orders]").fill("215")
    page.locator("input[name=taobao-agricultural_share]").fill("90")
    page.get_by_role("button", name=send_report).click()
    expect(page.locator("#report .messages")).to_be_visible()
    screenshot(page, "first-report")
    report = SalesReport.objects.get()
    assert (report.shop, report.month, report.status) == (shop, month, ReportStatus.SUBMITTED)

    # Two texts (the question, the decision), in the trainee's language.
    assert [sms.template for sms in MemorySmsBackend.outbox] == [SmsTemplate.APPLICATION_NEWS] * 2
    assert {sms.language for sms in MemorySmsBackend.outbox} == {language}
    if language == "bo":
        assert all(TIBETAN.search(sms.text) for sms in MemorySmsBackend.outbox)
    MemorySmsBackend.outbox.clear()
