"""Counties named in the reader's language: the names the migration fills, the one method
that picks the name, forms' choices and messages, and the admin that corrects them."""

import importlib

import pytest

from django.apps import apps as django_apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import translation

from trainees import roles
from trainees.factories import ProfileFactory, UserFactory
from trainees.models import County

names_migration = importlib.import_module("trainees.migrations.0014_county_names")

KANGDING = "513301"
TIBETAN_KANGDING = "དར་རྩེ་མདོ་གྲོང་ཁྱེར།"


def in_language(language: str, name: str, *args) -> str:
    with translation.override(language):
        return reverse(name, args=args)


@pytest.mark.django_db
def test_every_county_of_ganzi_has_its_tibetan_and_english_name():
    counties = list(County.objects.all())
    assert len(counties) == 18
    for county in counties:
        assert county.name_bo.endswith("།") and all(
            "\u0f00" <= c <= "\u0fff" for c in county.name_bo
        )
        expected = "City" if county.name.endswith("市") else "County"
        assert county.name_en.endswith(f" {expected}") and county.name_en.isascii()
    kangding = County.objects.get(code=KANGDING)
    assert (kangding.name_bo, kangding.name_en) == (TIBETAN_KANGDING, "Kangding City")
    assert County.objects.get(code="513322").name_en == "Luding County"
    # Every Tibetan county name but the city's says རྫོང་ (county), and no two are alike.
    assert sum(county.name_bo.endswith("རྫོང་།") for county in counties) == 17
    assert len({county.name_bo for county in counties}) == 18


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "shown"),
    [("zh-hans", "康定市"), ("bo", TIBETAN_KANGDING), ("en", "Kangding City")],
)
def test_a_county_is_named_in_the_readers_language(language, shown):
    county = County.objects.get(code=KANGDING)
    with translation.override(language):
        assert county.display_name == shown
        assert str(county) == shown
        assert County.display_names()["康定市"] == shown


@pytest.mark.django_db
def test_a_county_without_a_translated_name_keeps_its_chinese_name():
    county = County.objects.get(code=KANGDING)
    county.name_bo = ""
    county.save()
    with translation.override("bo"):
        assert county.display_name == "康定市"
        assert County.display_names()["康定市"] == "康定市"  # the cached names were renewed


# The data migration


@pytest.mark.django_db
def test_the_migration_fills_empty_names_and_keeps_those_an_editor_set():
    County.objects.update(name_bo="", name_en="")
    County.objects.filter(code="513322").update(name_en="Luding (edited)")

    names_migration.fill_names(django_apps, None)

    assert County.objects.get(code=KANGDING).name_bo == TIBETAN_KANGDING
    assert County.objects.get(code="513322").name_en == "Luding (edited)"
    assert not County.objects.filter(name_bo="").exists()


@pytest.mark.django_db
def test_going_back_empties_only_the_names_the_migration_wrote():
    County.objects.filter(code="513322").update(name_en="Luding (edited)")

    names_migration.empty_names(django_apps, None)

    assert County.objects.get(code="513322").name_en == "Luding (edited)"
    assert set(County.objects.exclude(code="513322").values_list("name_en", flat=True)) == {""}
    assert set(County.objects.values_list("name_bo", flat=True)) == {""}
    assert County.objects.count() == 18


@pytest.fixture
def migrated_to_the_latest_afterwards():
    """The database is left at the latest migrations, whatever the test did (the tests that
    come after need every table)."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_runs_back_and_forth_on_a_database_with_counties(
    migrated_to_the_latest_afterwards,
):
    executor = MigrationExecutor(connection)
    before, after = ("trainees", "0013_h12_sms_delivery"), ("trainees", "0014_county_names")
    executor.migrate([before])
    old_apps = MigrationExecutor(connection).loader.project_state([before]).apps
    OldCounty = old_apps.get_model("trainees", "County")
    assert OldCounty.objects.count() == 18
    assert "name_en" not in {field.name for field in OldCounty._meta.get_fields()}
    assert set(OldCounty.objects.values_list("name_bo", flat=True)) == {""}

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([after])

    kangding = County.objects.get(code=KANGDING)
    assert (kangding.name_bo, kangding.name_en) == (TIBETAN_KANGDING, "Kangding City")


# Where people read county names


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "shown"),
    [("zh-hans", "康定市"), ("bo", TIBETAN_KANGDING), ("en", "Kangding City")],
)
def test_the_county_choices_speak_the_readers_language(client, language, shown):
    user = UserFactory(groups=[roles.TRAINEES])
    ProfileFactory(user=user)
    client.force_login(user)
    html = client.get(in_language(language, "learning_about_you")).content.decode()
    assert f">{shown}</option>" in html
    if language != "zh-hans":
        assert ">康定市</option>" not in html


@pytest.mark.django_db
def test_a_manager_corrects_a_countys_tibetan_and_english_names_in_the_admin(client):
    manager = UserFactory(groups=[roles.PROGRAMME_MANAGERS], is_staff=True)
    client.force_login(manager)
    kangding = County.objects.get(code=KANGDING)
    listing = client.get(reverse("county:index")).content.decode()
    assert TIBETAN_KANGDING in listing and "Kangding City" in listing

    response = client.post(
        reverse("county:edit", args=[kangding.pk]),
        {"name_bo": "དར་མདོ་གྲོང་ཁྱེར།", "name_en": "Kangding City (Dartsedo)"},
    )

    assert response.status_code == 302
    kangding.refresh_from_db()
    assert (kangding.name, kangding.code) == ("康定市", KANGDING)
    assert kangding.name_en == "Kangding City (Dartsedo)"
    assert client.get(reverse("county:add")).status_code in (302, 403, 404)


@pytest.mark.django_db
def test_a_coordinator_may_not_rename_counties(client):
    coordinator = UserFactory(groups=[roles.COUNTY_COORDINATORS], is_staff=True)
    client.force_login(coordinator)
    kangding = County.objects.get(code=KANGDING)
    response = client.post(
        reverse("county:edit", args=[kangding.pk]), {"name_bo": "x", "name_en": "x"}
    )
    assert response.status_code in (302, 403)
    kangding.refresh_from_db()
    assert kangding.name_en == "Kangding City"
