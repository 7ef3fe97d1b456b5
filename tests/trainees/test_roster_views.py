import pytest

from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.users.models import UserProfile

from machinery.imports.records import ImportStatus, import_get
from trainees import roles
from trainees.factories import ProfileFactory, TraineeFactory, UserFactory, valid_id_number
from trainees.models import Enrolment, Household, Trainee

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
    assert Trainee.objects.count() == 2
    assert Household.objects.count() == 2
    assert Enrolment.objects.count() == 4
    # A second confirmation of the same import does nothing more.
    client.post(reverse("roster_import:apply", args=[import_id]))
    assert Enrolment.objects.count() == 4


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
    assert places.batang_village.name not in text
    assert list(Trainee.objects.all()) == [other]
    assert Household.objects.get().village == places.batang_village


def test_a_coordinator_of_another_county_cannot_import_this_county(client, places):
    client.force_login(person("other coordinator", places))

    response = upload(client, two_rows())

    text = response.content.decode()
    assert "This row is in 理塘县; you can import trainees of 巴塘县 only." in text
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
