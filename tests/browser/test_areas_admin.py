"""A county coordinator's areas in the admin, on a phone and on a desktop: listing and import."""

import pytest
from playwright.sync_api import expect

from benchmarks.browser import PHONE_CONTEXT
from tests.trainees.people import person
from trainees import roles
from trainees.factories import DEFAULT_PASSWORD, HouseholdFactory, TownshipFactory, VillageFactory
from trainees.models import County, Village

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

DESKTOP_CONTEXT = {"viewport": {"width": 1280, "height": 800}}
AREA_FILE = "\r\n".join(
    [
        "乡镇代码,乡镇,村代码,村",
        "513334100,高城镇,513334100001,德西一村",
        "513334100,高城镇,513334100002,德西二村（新）",
        "513334100,高城镇,513334100005,车马村",
        "513334101,甲洼镇,513334101001,俄丁村",
        "513334101,甲洼镇,513334101002,下坝村",
        "513334102,禾尼乡,,",
    ]
)


@pytest.fixture
def coordinator():
    litang = County.objects.get(code="513334")
    gaocheng = TownshipFactory(county=litang, code="513334100", name="高城镇")
    for number, name in enumerate(["德西一村", "德西二村", "团结村", "城东村"], start=1):
        village = VillageFactory(township=gaocheng, code=f"513334100{number:03d}", name=name)
        HouseholdFactory.create_batch(number, village=village)
    batang = TownshipFactory(county=County.objects.get(code="513335"), code="513335100")
    VillageFactory(township=batang, code="513335100001", name="巴塘的村")
    return person(roles.COUNTY_COORDINATORS, litang)


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_a_coordinator_lists_and_imports_villages(
    browser, browser_site, coordinator, screenshot, tmp_path, size
):
    context = browser.new_context(
        **(PHONE_CONTEXT if size == "phone" else DESKTOP_CONTEXT), base_url=browser_site
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto("/admin/login/")
    page.locator("input[name=username]").fill(coordinator.username)
    page.locator("input[name=password]").fill(DEFAULT_PASSWORD)
    page.locator("form button[type=submit]").first.click()
    expect(page.locator("#wagtail-sidebar, [data-wagtail-sidebar]").first).to_be_attached()

    page.goto("/admin/village/")
    expect(page.get_by_role("link", name="德西一村")).to_be_visible()
    expect(page.get_by_text("巴塘的村")).to_have_count(0)
    screenshot(page, f"{size}-villages")

    page.goto("/admin/township/")
    expect(page.get_by_role("link", name="高城镇")).to_be_visible()
    screenshot(page, f"{size}-townships")

    csv_file = tmp_path / "乡镇和村.csv"
    csv_file.write_bytes(AREA_FILE.encode("gbk"))
    page.goto("/admin/area-import/")
    screenshot(page, f"{size}-import-upload")
    page.locator("input[type=file]").set_input_files(str(csv_file))
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_text("新增 2 个乡镇")).to_be_visible()
    expect(page.get_by_text("更名 1 个村")).to_be_visible()
    screenshot(page, f"{size}-import-preview")

    page.get_by_role("button", name="确认导入").click()
    expect(page.get_by_role("heading", name="已导入")).to_be_visible()
    screenshot(page, f"{size}-import-done")
    assert Village.objects.get(code="513334100002").name == "德西二村（新）"
    context.close()
