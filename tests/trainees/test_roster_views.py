import codecs
import csv
import io

import openpyxl
import pytest
from bs4 import BeautifulSoup

from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from wagtail.users.models import UserProfile

from courses.factories import CoursePageFactory
from machinery.imports.records import ImportStatus, import_get
from trainees import roles
from trainees.factories import ProfileFactory, TraineeFactory, UserFactory, valid_id_number
from trainees.identity import mask_id_number
from trainees.models import Enrolment, Household, Trainee
from trainees.roster import COLUMNS, RULES

from .roster_files import make_places, roster_row, roster_text

pytestmark = pytest.mark.django_db

UPLOAD = reverse("roster_import:upload")


@pytest.fixture
def places():
    return make_places()


def person(role: str, places, *, county=None):
    """A user in the role's group, reading the admin in English."""
    groups = {
        "trainee": [roles.TRAINEES],
        "another trainee": [roles.TRAINEES],
        "instructor": [roles.INSTRUCTORS],
        "coordinator": [roles.COUNTY_COORDINATORS],
        "other coordinator": [roles.COUNTY_COORDINATORS],
        "manager": [roles.PROGRAMME_MANAGERS],
    }[role]
    user = UserFactory(groups=groups)
    county = {"coordinator": places.litang, "other coordinator": places.batang}.get(
        role, places.litang
    )
    ProfileFactory(user=user, county=county)
    preferences = UserProfile.get_for_user(user)
    preferences.preferred_language = "en"
    preferences.save()
    return user


def csv_file(text: str, *, encoding: str = "utf-8", name: str = "roster.csv"):
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def upload(client, text: str, **kwargs):
    return client.post(UPLOAD, {"file": csv_file(text, **kwargs)}, follow=True)


def import_id_of(response) -> str:
    return response.redirect_chain[0][0].rstrip("/").split("/")[-1]


def two_rows() -> str:
    return roster_text([roster_row(1), roster_row(2)])


def assert_names_nothing_of(text: str, other: Trainee) -> None:
    """Nothing of another county's trainee: name, county, internal number, household."""
    for secret in (other.name, other.county.name, f"no. {other.pk}", other.phone):
        assert secret not in text, secret


ROLES = [
    ("anonymous", False),
    ("trainee", False),
    ("another trainee", False),
    ("instructor", False),
    ("coordinator", True),
    ("other coordinator", True),
    ("manager", True),
]


@pytest.mark.parametrize(("role", "allowed"), ROLES)
def test_only_coordinators_and_managers_reach_the_upload_page_and_menu(
    client, places, role, allowed
):
    if role != "anonymous":
        client.force_login(person(role, places))

    response = client.get(UPLOAD)

    assert (response.status_code == 200) is allowed
    if not allowed:
        assert response.status_code == 302
        assert response["Location"].startswith(
            (reverse("wagtailadmin_login"), reverse("wagtailadmin_home"), "/accounts/login/")
        )
    if role not in ("anonymous", "trainee", "another trainee"):
        home = client.get(reverse("wagtailadmin_home"))
        assert (f'"url": "{UPLOAD}"' in home.content.decode()) is allowed


@pytest.mark.parametrize(("role", "allowed"), ROLES)
def test_only_the_coordinator_who_started_an_import_sees_and_applies_it(
    client, places, role, allowed
):
    starter = person("coordinator", places)
    client.force_login(starter)
    import_id = import_id_of(upload(client, two_rows()))
    client.logout()
    if role != "anonymous":
        client.force_login(person(role, places))

    page = client.get(reverse("roster_import:detail", args=[import_id]))
    applied = client.post(reverse("roster_import:apply", args=[import_id]))

    # Even someone allowed to import sees only their own imports.
    assert page.status_code == (404 if allowed else 302)
    assert applied.status_code == (404 if allowed else 302)
    assert Trainee.objects.count() == 0
    assert import_get(import_id)["status"] == ImportStatus.READY


def test_upload_preview_confirm_and_result(client, places):
    client.force_login(person("coordinator", places))

    preview = upload(client, two_rows())

    text = preview.content.decode()
    assert "The file is correct. Importing it will:" in text
    assert "add 2 new trainees" in text
    assert "create 2 households" in text
    assert "record 2 household status changes" in text
    assert "make 4 enrolments into cohort 理塘电商一期" in text
    assert Trainee.objects.count() == 0

    import_id = import_id_of(preview)
    result = client.post(reverse("roster_import:apply", args=[import_id]), follow=True)

    assert "Imported" in result.content.decode()
    assert "<progress" not in result.content.decode()
    # The way to the cohort's enrolments, once imported (not before).
    enrolments = (
        f'href="/admin/enrolment/?cohort={places.cohort.pk}">Enrolments of 理塘电商一期</a>'
    )
    assert enrolments in result.content.decode()
    assert enrolments not in preview.content.decode()
    assert Trainee.objects.count() == 2
    assert Household.objects.count() == 2
    assert Enrolment.objects.count() == 4
    # A second confirmation of the same import does nothing more.
    client.post(reverse("roster_import:apply", args=[import_id]))
    assert Enrolment.objects.count() == 4


def test_the_preview_warns_in_chinese_of_courses_not_completed_first_and_imports_all_the_same(
    client, places
):
    first, second = places.cohort.courses.order_by("path")
    basics = CoursePageFactory(title="网店开设入门")
    second.prerequisites = [basics]
    second.save_revision().publish()
    coordinator = person("coordinator", places)
    preferences = UserProfile.get_for_user(coordinator)
    preferences.preferred_language = "zh-hans"
    preferences.save()
    client.force_login(coordinator)

    response = upload(client, two_rows())
    preview = BeautifulSoup(response.content, "html.parser")

    warning = preview.select_one(".roster-summary + .help-warning").get_text(" ", strip=True)
    assert "协调员可以先为学员报名" in warning
    course = f"{second.title}（班级 理塘电商一期）"
    assert f"{course}排在 网店开设入门 之后：2 人中有 2 人尚未完成。" in warning
    result = client.post(reverse("roster_import:apply", args=[import_id_of(response)]), follow=True)
    assert result.status_code == 200
    assert Enrolment.objects.filter(course=second).count() == 2


def test_the_same_file_uploaded_again_shows_nothing_new(client, places):
    client.force_login(person("manager", places))
    first = upload(client, two_rows())
    client.post(reverse("roster_import:apply", args=[import_id_of(first)]))

    again = upload(client, two_rows()).content.decode()

    assert "add 0 new trainees" in again
    assert "leave 2 trainees as they are" in again
    assert "make no new enrolments" in again


@pytest.mark.parametrize("encoding", ["gbk", "utf-8-sig"])
def test_gbk_and_bom_files_upload(client, places, encoding):
    client.force_login(person("coordinator", places))

    preview = upload(client, two_rows(), encoding=encoding).content.decode()

    assert "add 2 new trainees" in preview


def test_a_file_in_another_encoding_is_refused_on_the_form(client, places):
    client.force_login(person("coordinator", places))

    response = upload(client, two_rows(), encoding="utf-16")

    assert response.redirect_chain == []
    assert "Wrong file encoding" in response.content.decode()


def test_errors_are_listed_by_row_and_column_and_nothing_can_be_confirmed(client, places):
    client.force_login(person("coordinator", places))

    response = upload(client, roster_text([roster_row(1), roster_row(2, 性别="M")]))

    text = response.content.decode()
    assert "Nothing was imported: the file has errors" in text
    assert "<td>3</td><td>性别</td><td>“M” is not a gender: write 男 or 女.</td>" in text
    assert "Confirm and import" not in text
    client.post(reverse("roster_import:apply", args=[import_id_of(response)]))
    assert Trainee.objects.count() == 0


def test_the_preview_names_nothing_of_another_countys_trainee_or_household(client, places):
    other = TraineeFactory(county=places.batang, id_number=valid_id_number(2), name="格桑拉姆")
    Household.objects.create(registry_number="LT-0001", village=places.batang_village, members=2)
    client.force_login(person("coordinator", places))

    response = upload(client, two_rows())

    text = response.content.decode()
    assert "Nothing was imported: the file has errors" in text
    assert (
        "This identity number is registered in another county: check the number, "
        "or ask a programme manager."
    ) in text
    assert "Household LT-0001 is registered in another county: check the registry number." in text
    assert_names_nothing_of(text, other)
    # The other county's village, where the household is registered (the preview names the
    # file's own village, 理塘's 城东村, which shares the name).
    assert places.batang_village.code not in text
    assert places.batang_village.township.name not in text
    assert list(Trainee.objects.all()) == [other]
    assert Household.objects.get().village == places.batang_village


def test_a_coordinator_of_another_county_cannot_import_this_county(client, places):
    client.force_login(person("other coordinator", places))

    response = upload(client, two_rows())

    text = response.content.decode()
    assert "This row is in Litang County; you can import trainees of Batang County only." in text
    client.post(reverse("roster_import:apply", args=[import_id_of(response)]))
    assert Trainee.objects.count() == 0


def test_a_file_without_a_required_column_says_which(client, places):
    client.force_login(person("coordinator", places))

    response = upload(client, "姓名,性别\n卓玛,女\n")

    assert "The header row lacks these columns: 身份证号、县、班级." in response.content.decode()


def test_a_running_import_shows_its_progress_and_refreshes_itself(client, places, settings):
    # A task backend that only queues: the check stays under way.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    client.force_login(person("coordinator", places))

    text = upload(client, two_rows()).content.decode()

    assert "Checking the file…" in text
    assert "<progress" in text
    assert '<meta http-equiv="refresh" content="2">' in text
    assert "Confirm and import" not in text


def test_an_expired_import_is_not_found(client, places):
    client.force_login(person("coordinator", places))

    response = client.get(reverse("roster_import:detail", args=["0" * 32]))

    assert response.status_code == 404


def test_an_import_that_fails_while_writing_says_so_and_writes_nothing(client, places, monkeypatch):
    client.force_login(person("coordinator", places))
    import_id = import_id_of(upload(client, two_rows()))

    def broken(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr("trainees.tasks.roster_apply", broken)
    result = client.post(reverse("roster_import:apply", args=[import_id]), follow=True)

    text = result.content.decode()
    assert "The import failed" in text
    assert "nothing was written" in text
    assert "<progress" not in text
    assert Trainee.objects.count() == 0


def test_confirming_after_the_file_expired_says_so(client, places):
    client.force_login(person("coordinator", places))
    import_id = import_id_of(upload(client, two_rows()))
    cache.delete(f"roster-import:{import_id}:file")

    result = client.post(reverse("roster_import:apply", args=[import_id]), follow=True)

    assert "The uploaded file has expired" in result.content.decode()
    assert Trainee.objects.count() == 0


def test_a_coordinator_without_a_county_cannot_import(client, places):
    user = UserFactory(groups=[roles.COUNTY_COORDINATORS])
    ProfileFactory(user=user, county=None)
    client.force_login(user)

    response = client.get(UPLOAD)

    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")


def test_confirming_checks_the_file_again_against_the_database(client, places):
    client.force_login(person("coordinator", places))
    import_id = import_id_of(upload(client, two_rows()))
    # Meanwhile, someone registers the second person in another county.
    other = TraineeFactory(county=places.batang, id_number=valid_id_number(2))

    result = client.post(reverse("roster_import:apply", args=[import_id]), follow=True)

    text = result.content.decode()
    assert "Nothing was imported: the file has errors" in text
    assert "This identity number is registered in another county" in text
    assert_names_nothing_of(text, other)
    assert list(Trainee.objects.all()) == [other]


# The rules, the template and the people of the preview ----------------------------------


def test_the_upload_page_lists_every_rule_the_importer_enforces(client, places):
    client.force_login(person("coordinator", places))

    # (The words a rule quotes from the file are marked with their language: no space around.)
    text = " ".join(BeautifulSoup(client.get(UPLOAD).content, "html.parser").get_text("").split())

    with translation.override("en"):
        rules = RULES.texts()
    assert len(rules) >= 20
    for rule in rules:
        assert rule in text, rule
    # The chain that was missing: a status needs a household number, which needs a village.
    assert (
        "户状态: one of 建档立卡贫困户、脱贫户、监测对象、无; a household status needs the "
        "household's registry number (户编号) and the day it holds from (状态起始日期)."
    ) in text
    assert "户编号: at most 30 characters; a household needs its village (村)." in text


def download(client, kind: str):
    response = client.get(reverse("roster_import:template", args=[kind]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="roster-template.{kind}"'
    return response.content


def apply_upload(client, text: str, *, name: str):
    preview = upload(client, text, encoding="utf-8-sig", name=name)
    assert "The file is correct. Importing it will:" in preview.content.decode()
    client.post(reverse("roster_import:apply", args=[import_id_of(preview)]))
    return preview


def test_the_csv_template_imports_as_it_is(client, places):
    client.force_login(person("coordinator", places))

    content = download(client, "csv")

    assert content.startswith(codecs.BOM_UTF8)
    header, *rows = csv.reader(io.StringIO(content.decode("utf-8-sig")))
    assert header == [aliases[0] for aliases in COLUMNS.values()]
    assert [row[0] for row in rows] == ["示例学员甲", "示例学员乙"]
    preview = apply_upload(client, content.decode("utf-8-sig"), name="roster-template.csv")
    assert "add 2 new trainees" in preview.content.decode()
    assert "make 4 enrolments into cohort 理塘电商一期" in preview.content.decode()
    first, second = Trainee.objects.get(name="示例学员甲"), Trainee.objects.get(name="示例学员乙")
    assert (first.name, first.household.village, first.county) == (
        "示例学员甲",
        places.village,
        places.litang,
    )
    assert (second.name, second.household, second.county) == ("示例学员乙", None, places.litang)


def test_the_excel_template_keeps_its_cells_as_text_and_imports_once_saved_as_csv(client, places):
    client.force_login(person("coordinator", places))

    workbook = openpyxl.load_workbook(io.BytesIO(download(client, "xlsx")))

    sheet = workbook.active
    header, *rows = [[cell or "" for cell in row] for row in sheet.iter_rows(values_only=True)]
    assert header == [aliases[0] for aliases in COLUMNS.values()]
    # Every column text, so Excel keeps an identity number and a date as typed, even in the
    # rows the coordinator adds.
    assert {cell.number_format for cell in sheet["G"][:50]} == {"@"}
    assert all(isinstance(value, str) for row in rows for value in row)
    # Excel's “Save as CSV UTF-8”.
    buffer = io.StringIO()
    csv.writer(buffer).writerows([header, *rows])
    preview = apply_upload(client, buffer.getvalue(), name="roster-template.csv")
    assert "add 2 new trainees" in preview.content.decode()
    assert Trainee.objects.count() == 2


@pytest.mark.parametrize(("role", "allowed"), ROLES)
def test_only_those_who_import_download_the_template(client, places, role, allowed):
    if role != "anonymous":
        client.force_login(person(role, places))

    responses = [
        client.get(reverse("roster_import:template", args=[kind])) for kind in ("csv", "xlsx")
    ]

    assert [response.status_code == 200 for response in responses] == [allowed, allowed]
    if role == "other coordinator":
        # Their own county, its cohort: a file they can import.
        assert "巴塘县" in responses[0].content.decode("utf-8-sig")
        assert "巴塘电商一期" in responses[0].content.decode("utf-8-sig")
        assert "理塘" not in responses[0].content.decode("utf-8-sig")


def people_listed(response) -> list[list[str]]:
    page = BeautifulSoup(response.content, "html.parser")
    return [
        [" ".join(cell.get_text(" ").split()) for cell in row.select("td")]
        for row in page.select("table.roster-people tbody tr")
    ]


def test_the_preview_lists_each_person_and_what_happens_to_them(client, places):
    client.force_login(person("coordinator", places))
    apply_upload(client, two_rows(), name="roster.csv")

    again = upload(
        client,
        roster_text([roster_row(1), roster_row(2, 姓名="卓玛二"), roster_row(3, 村="")]),
    )

    assert people_listed(again) == [
        ["2", "卓玛1", mask_id_number(valid_id_number(1)), "城东村", "unchanged"],
        ["3", "卓玛二", mask_id_number(valid_id_number(2)), "城东村", "updated"],
        [
            "4",
            "卓玛3",
            mask_id_number(valid_id_number(3)),
            "",
            "refused 村: A household needs its village.",
        ],
    ]
    text = again.content.decode()
    assert valid_id_number(1) not in text
    assert "Nothing was imported: the file has errors" in text


def test_a_correct_files_preview_lists_new_people_before_confirming(client, places):
    client.force_login(person("coordinator", places))

    preview = upload(client, two_rows())

    assert [row[1:] for row in people_listed(preview)] == [
        ["卓玛1", mask_id_number(valid_id_number(1)), "城东村", "new trainee"],
        ["卓玛2", mask_id_number(valid_id_number(2)), "城东村", "new trainee"],
    ]
    assert "Confirm and import" in preview.content.decode()


def test_a_big_files_preview_comes_a_page_at_a_time_and_counts_the_rest(
    client, places, monkeypatch
):
    monkeypatch.setattr("machinery.imports.records.MAX_PREVIEW_KEPT", 5)
    monkeypatch.setattr("machinery.imports.views.ImportDetailView.preview_page_size", 3)
    client.force_login(person("coordinator", places))

    first = upload(client, roster_text([roster_row(n) for n in range(1, 8)]))
    second = client.get(first.redirect_chain[-1][0], {"page": 2})

    assert [row[1] for row in people_listed(first)] == ["卓玛1", "卓玛2", "卓玛3"]
    assert [row[1] for row in people_listed(second)] == ["卓玛4", "卓玛5"]
    for page in (first, second):
        assert "Page " in page.content.decode()
        assert "and 2 more rows, not listed" in page.content.decode()


@pytest.mark.parametrize("role", [role for role, _allowed in ROLES if role != "coordinator"])
def test_nobody_but_the_coordinator_who_uploaded_sees_the_people_of_the_preview(
    client, places, role
):
    client.force_login(person("coordinator", places))
    detail = upload(client, two_rows()).redirect_chain[-1][0]
    client.logout()
    if role != "anonymous":
        client.force_login(person(role, places))

    response = client.get(detail, follow=True)

    text = response.content.decode()
    assert "卓玛1" not in text
    assert mask_id_number(valid_id_number(1)) not in text
