"""A programme manager downloads a course's certificates as one ZIP, on a phone."""

import io
import zipfile

import pytest
from playwright.sync_api import expect

from courses.factories import CoursePageFactory
from trainees import roles
from trainees.factories import DEFAULT_PASSWORD, CertificateFactory, EnrolmentFactory, UserFactory
from trainees.tasks import CERTIFICATE_BATCHES, certificate_batch_task

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_manager_makes_and_downloads_a_zip_of_a_courses_certificates(
    phone_page, screenshot, settings
):
    # Tasks only queue here, so the page can be seen while the batch is under way.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    course = CoursePageFactory(title="直播带货入门")
    certificates = [CertificateFactory(enrolment=EnrolmentFactory(course=course)) for _ in range(3)]
    CertificateFactory()  # of another course
    UserFactory(username="manager", groups=[roles.PROGRAMME_MANAGERS])
    page = phone_page

    page.goto("/admin/login/")
    page.locator("input[name=username]").fill("manager")
    page.locator("input[name=password]").fill(DEFAULT_PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.goto(f"/admin/certificate/?enrolment__course={course.pk}")
    screenshot(page, "listing")
    page.get_by_role("link", name="下载这些证书（ZIP）").click()

    expect(page.get_by_text("将把 3 张证书打包成一个 ZIP 文件")).to_be_visible()
    screenshot(page, "start")
    page.get_by_role("button", name="生成 ZIP 文件").click()

    expect(page.get_by_role("heading", name="正在生成证书…")).to_be_visible()
    expect(page.locator("progress")).to_have_attribute("max", "3")
    batch_id = page.url.rstrip("/").split("/")[-1]
    CERTIFICATE_BATCHES.progress_setter(batch_id)(1, 3)
    page.reload()
    expect(page.get_by_text("已生成 1/3 张证书")).to_be_visible()
    screenshot(page, "progress")

    certificate_batch_task.call(batch_id)
    # The page refreshes itself every 2 seconds until the ZIP is ready.
    expect(page.get_by_role("heading", name="ZIP 文件已生成")).to_be_visible()
    screenshot(page, "ready")
    with page.expect_download() as download:
        page.get_by_role("link", name="下载 ZIP 文件").click()

    archive = zipfile.ZipFile(io.BytesIO(download.value.path().read_bytes()))
    assert sorted(archive.namelist()) == sorted(f"{c.number}.pdf" for c in certificates)
