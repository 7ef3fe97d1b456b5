"""The admin pages of the area import: upload, preview, confirm, and who may use them."""

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.users.models import UserProfile

from machinery.imports.records import ImportStatus, import_get
from trainees import roles
from trainees.area_tasks import area_import_confirm
from trainees.factories import ProfileFactory, UserFactory
from trainees.models import Enrolment, Township, Trainee, Village
from trainees.tasks import roster_import_confirm

from .roster_files import make_places, roster_row, roster_text
from .test_area_import import GOOD_ROWS, area_text

pytestmark = pytest.mark.django_db

UPLOAD = reverse("area_import:upload")
ROLES = [
    ("anonymous", False),
    ("trainee", False),
    ("another trainee", False),
    ("instructor", False),
    ("coordinator", True),
    ("other coordinator", True),
    ("manager", True),
]


@pytest.fixture
def places():
    return make_places()


def person(role: str, places):
    """A user in the role's group, reading the admin in English; coordinators of 理塘 or 巴塘."""
    group = {
        "trainee": roles.TRAINEES,
        "another trainee": roles.TRAINEES,
        "instructor": roles.INSTRUCTORS,
        "coordinator": roles.COUNTY_COORDINATORS,
        "other coordinator": roles.COUNTY_COORDINATORS,
        "manager": roles.PROGRAMME_MANAGERS,
    }[role]
    user = UserFactory(groups=[group])
    ProfileFactory(
        user=user, county=places.batang if role == "other coordinator" else places.litang
    )
    preferences = UserProfile.get_for_user(user)
    preferences.preferred_language = "en"
    preferences.save()
    return user


def upload(client, text: str, *, encoding: str = "utf-8", url: str = UPLOAD):
    file = SimpleUploadedFile("areas.csv", text.encode(encoding), content_type="text/csv")
    return client.post(url, {"file": file}, follow=True)


def import_id_of(response) -> str:
    return response.redirect_chain[0][0].rstrip("/").split("/")[-1]


def snapshot() -> list[tuple]:
    return [
        *Township.objects.values_list("code", "name"),
        *Village.objects.values_list("code", "name"),
    ]


@pytest.mark.parametrize(("role", "allowed"), ROLES)
def test_only_coordinators_and_managers_reach_the_upload_page(client, places, role, allowed):
    if role != "anonymous":
        client.force_login(person(role, places))

    response = client.get(UPLOAD)

    assert (response.status_code == 200) is allowed
    if not allowed:
        assert response.status_code == 302
    before = snapshot()
    posted = upload(client, area_text(GOOD_ROWS))
    assert ("File: areas.csv" in posted.content.decode()) is allowed
    assert snapshot() == before


@pytest.mark.parametrize(("role", "allowed"), ROLES)
def test_only_the_one_who_started_an_import_sees_and_applies_it(client, places, role, allowed):
    client.force_login(person("coordinator", places))
    import_id = import_id_of(upload(client, area_text(GOOD_ROWS)))
    client.logout()
    if role != "anonymous":
        client.force_login(person(role, places))
    before = snapshot()

    page = client.get(reverse("area_import:detail", args=[import_id]))
    applied = client.post(reverse("area_import:apply", args=[import_id]))

    # Even someone allowed to import sees only their own imports.
    assert page.status_code == (404 if allowed else 302)
    assert applied.status_code == (404 if allowed else 302)
    assert snapshot() == before
    assert import_get(import_id)["status"] == ImportStatus.READY


def test_the_starter_sees_the_preview_and_confirms_it(client, places):
    client.force_login(person("coordinator", places))

    preview = upload(client, area_text(GOOD_ROWS))

    text = preview.content.decode()
    assert preview.redirect_chain[0][0] == reverse(
        "area_import:detail", args=[import_id_of(preview)]
    )
    assert "The file is correct. Importing it will:" in text
    assert "add 2 townships" in text
    assert "add 3 villages" in text
    assert "rename 0 townships" in text
    assert "leave 2 townships and villages as they are" in text
    assert "<td>理塘县</td><td>2</td><td>3</td>" in text
    assert not Township.objects.filter(code="513334100").exists()

    result = client.post(reverse("area_import:apply", args=[import_id_of(preview)]), follow=True)

    assert "Imported" in result.content.decode()
    assert Village.objects.filter(township__county=places.litang).count() == 4


def test_the_preview_lists_the_renames(client, places):
    client.force_login(person("manager", places))

    text = upload(client, area_text([("513334001", "高城镇", "513334001001", "城东一村")]))
    text = text.content.decode()

    assert "rename 1 village" in text
    assert "<td>513334001001</td><td>城东村</td><td>城东一村</td>" in text


def test_the_same_file_uploaded_again_shows_nothing_new(client, places):
    client.force_login(person("manager", places))
    first = upload(client, area_text(GOOD_ROWS))
    client.post(reverse("area_import:apply", args=[import_id_of(first)]))
    after_first = snapshot()

    again = upload(client, area_text(GOOD_ROWS))
    client.post(reverse("area_import:apply", args=[import_id_of(again)]))

    text = again.content.decode()
    assert "add 0 townships" in text
    assert "add 0 villages" in text
    assert "leave 7 townships and villages as they are" in text
    assert snapshot() == after_first


@pytest.mark.parametrize("encoding", ["gbk", "utf-8-sig"])
def test_gbk_and_bom_files_upload(client, places, encoding):
    client.force_login(person("coordinator", places))

    preview = upload(client, area_text(GOOD_ROWS), encoding=encoding).content.decode()

    assert "add 3 villages" in preview


def test_a_file_in_another_encoding_is_refused_on_the_form(client, places):
    client.force_login(person("coordinator", places))
    before = snapshot()

    response = upload(client, area_text(GOOD_ROWS), encoding="utf-16")

    assert response.redirect_chain == []
    assert "Wrong file encoding: save the file as CSV in UTF-8 or GBK" in response.content.decode()
    assert snapshot() == before


def test_errors_are_listed_by_row_and_column_and_nothing_can_be_confirmed(client, places):
    client.force_login(person("coordinator", places))
    before = snapshot()

    response = upload(client, area_text([GOOD_ROWS[2], ("513335100", "巴塘镇", "", "")]))

    text = response.content.decode()
    assert "Nothing was imported: the file has errors" in text
    assert (
        "<td>3</td><td>乡镇代码</td><td>The township code 513335100 is in "
        f"{places.batang.name_in('en')}; you can import the areas of "
        f"{places.litang.name_in('en')} only.</td>"
    ) in text
    assert "Confirm and import" not in text
    client.post(reverse("area_import:apply", args=[import_id_of(response)]))
    assert snapshot() == before


def test_a_file_without_a_required_column_says_which(client, places):
    client.force_login(person("coordinator", places))

    response = upload(client, "乡镇,村\r\n甲洼镇,俄丁村\r\n")

    assert "The header row lacks these columns: 乡镇代码." in response.content.decode()


def test_a_running_import_shows_its_progress_and_refreshes_itself(client, places, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    client.force_login(person("coordinator", places))

    text = upload(client, area_text(GOOD_ROWS)).content.decode()

    assert "Checking the file…" in text
    assert "<progress" in text
    assert '<meta http-equiv="refresh" content="2">' in text


def test_an_import_that_fails_while_writing_says_so_and_writes_nothing(client, places, monkeypatch):
    client.force_login(person("coordinator", places))
    import_id = import_id_of(upload(client, area_text(GOOD_ROWS)))
    before = snapshot()

    def broken(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr("trainees.area_tasks.area_apply", broken)
    result = client.post(reverse("area_import:apply", args=[import_id]), follow=True)

    assert "The import failed" in result.content.decode()
    assert snapshot() == before


def test_confirming_checks_the_file_again_against_the_database(client, places):
    client.force_login(person("coordinator", places))
    import_id = import_id_of(upload(client, area_text(GOOD_ROWS)))
    # Meanwhile, someone gives another new township the name the file gives 513334100.
    Township.objects.create(county=places.litang, code="513334109", name="甲洼镇")

    result = client.post(reverse("area_import:apply", args=[import_id]), follow=True)

    text = result.content.decode()
    assert "Nothing was imported: the file has errors" in text
    litang = places.litang.name_in("en")
    assert f"{litang} already has a township called “甲洼镇” (513334109)." in text
    assert not Township.objects.filter(code="513334100").exists()


def test_an_area_import_is_not_a_roster_import_and_back(client, places):
    client.force_login(person("coordinator", places))
    area_id = import_id_of(upload(client, area_text(GOOD_ROWS)))
    roster_id = import_id_of(
        upload(client, roster_text([roster_row(1)]), url=reverse("roster_import:upload"))
    )

    assert client.get(reverse("roster_import:detail", args=[area_id])).status_code == 404
    assert client.post(reverse("roster_import:apply", args=[area_id])).status_code == 404
    assert client.get(reverse("area_import:detail", args=[roster_id])).status_code == 404
    assert client.post(reverse("area_import:apply", args=[roster_id])).status_code == 404
    # The services too apply only their own kind of import.
    assert roster_import_confirm(import_id=area_id) is False
    assert area_import_confirm(import_id=roster_id) is False
    assert import_get(area_id)["status"] == ImportStatus.READY
    assert import_get(roster_id)["status"] == ImportStatus.READY


def test_a_roster_naming_a_village_fails_until_the_area_import_brings_it(client, places):
    client.force_login(person("coordinator", places))
    roster = roster_text([roster_row(1, 乡镇="甲洼镇", 村="俄丁村"), roster_row(2, 村="城西村")])

    before = upload(client, roster, url=reverse("roster_import:upload")).content.decode()
    areas = upload(client, area_text(GOOD_ROWS))
    client.post(reverse("area_import:apply", args=[import_id_of(areas)]))
    preview = upload(client, roster, url=reverse("roster_import:upload"))
    result = client.post(reverse("roster_import:apply", args=[import_id_of(preview)]), follow=True)

    assert f"There is no township “甲洼镇” in {places.litang.name_in('en')}." in before
    assert "Imported" in result.content.decode()
    first, second = Trainee.objects.order_by("name")
    assert (first.village.code, first.household.village.code) == ("513334100001",) * 2
    assert second.village.code == "513334001002"
    assert Enrolment.objects.count() == 4


def test_the_export_of_the_village_listing_imports_as_it_is_and_changes_nothing(client, places):
    client.force_login(person("manager", places))
    before = snapshot()
    response = client.get(reverse("village:index"), {"export": "csv"})
    exported = b"".join(response.streaming_content).decode("utf-8")

    preview = upload(client, exported).content.decode()

    assert "add 0 townships" in preview
    assert "add 0 villages" in preview
    assert "leave 4 townships and villages as they are" in preview
    assert snapshot() == before
