"""The admin of townships and villages: who sees and changes which county's areas."""

import csv
import io

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wagtail.users.models import UserProfile

from tests.trainees.people import ROLES, make_people
from trainees.factories import HouseholdFactory, TownshipFactory, VillageFactory
from trainees.models import Township, Village

pytestmark = pytest.mark.django_db

MAY_ADMINISTER = {"coordinator", "other_coordinator", "manager"}
# Which county's records (0: the county, 1: the other county) each role reaches.
REACHES = {"coordinator": {0}, "other_coordinator": {1}, "manager": {0, 1}}
VIEWSETS = ("township", "village")


@pytest.fixture
def people():
    people = make_people()
    for user in people.users.values():
        if user is not None:
            preferences = UserProfile.get_for_user(user)
            preferences.preferred_language = "en"
            preferences.save()
    return people


@pytest.fixture
def areas(people):
    """A township with a village in each of the two counties."""
    townships = (
        TownshipFactory(county=people.county, code=f"{people.county.code}100", name="城关镇"),
        TownshipFactory(
            county=people.other_county, code=f"{people.other_county.code}100", name="泸桥镇"
        ),
    )
    villages = tuple(
        VillageFactory(township=township, code=f"{township.code}001", name=f"{township.name}一村")
        for township in townships
    )
    return {"township": townships, "village": villages}


def allowed(response) -> bool:
    return response.status_code == 200


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("viewset", VIEWSETS)
def test_permission_matrix_of_the_index_export_and_add_views(client, people, areas, role, viewset):
    people.log_in(client, role)
    index = reverse(f"{viewset}:index")
    may = role in MAY_ADMINISTER

    assert allowed(client.get(index)) is may
    assert allowed(client.get(index, {"export": "csv"})) is may
    assert allowed(client.get(index, {"export": "xlsx"})) is may
    assert allowed(client.get(reverse(f"{viewset}:add"))) is may


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("viewset", VIEWSETS)
def test_permission_matrix_of_the_views_of_one_record(client, people, areas, role, viewset):
    people.log_in(client, role)
    reachable = REACHES.get(role, set())

    for index, record in enumerate(areas[viewset]):
        for action in ("edit", "inspect", "delete", "history"):
            response = client.get(reverse(f"{viewset}:{action}", args=[record.pk]))
            assert allowed(response) is (index in reachable), (action, index)
            if role in MAY_ADMINISTER and index not in reachable:
                assert response.status_code == 404


@pytest.mark.parametrize("role", [role for role in ROLES if role not in MAY_ADMINISTER])
def test_who_may_not_administer_areas_changes_nothing(client, people, areas, role):
    people.log_in(client, role)
    township, _ = areas["township"]

    client.post(reverse("township:add"), township_form(people.county, code="513301101"))
    client.post(reverse("township:edit", args=[township.pk]), township_form(people.county))
    client.post(reverse("village:delete", args=[areas["village"][0].pk]))

    assert Township.objects.count() == 2
    assert Village.objects.count() == 2
    township.refresh_from_db()
    assert township.name == "城关镇"


@pytest.mark.parametrize("role", ROLES)
def test_the_areas_menu_shows_to_coordinators_and_managers_only(client, people, role):
    if role == "anonymous":
        return
    people.log_in(client, role)
    home = client.get(reverse("wagtailadmin_home"))
    if home.status_code != 200:
        assert role in {"trainee", "another_trainee"}
        return

    text = home.content.decode()
    for url in (reverse("township:index"), reverse("village:index")):
        assert (url in text) is (role in MAY_ADMINISTER)
    assert (reverse("area_import:upload") in text) is (role in MAY_ADMINISTER)


# Listing, search and filters ----------------------------------------------------------


def export_rows(client, viewset, **params) -> list[list[str]]:
    response = client.get(reverse(f"{viewset}:index"), {"export": "csv", **params})
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(content)))


def test_a_coordinator_lists_and_exports_only_their_countys_villages(client, people, areas):
    here, there = areas["village"]
    people.log_in(client, "coordinator")

    listing = client.get(reverse("village:index")).content.decode()
    heading, *rows = export_rows(client, "village")

    assert reverse("village:edit", args=[here.pk]) in listing
    assert reverse("village:edit", args=[there.pk]) not in listing
    assert heading[1:] == ["乡镇代码", "乡镇", "村代码", "村"]  # the import's headers
    assert rows == [
        [people.county.name_in("en"), "513301100", "城关镇", "513301100001", "城关镇一村"]
    ]


def test_a_manager_lists_every_countys_townships_with_their_villages(client, people, areas):
    people.log_in(client, "manager")

    heading, *rows = export_rows(client, "township")

    assert heading[1:3] == ["乡镇代码", "乡镇"]
    assert rows == [
        [people.county.name_in("en"), "513301100", "城关镇", "1"],
        [people.other_county.name_in("en"), "513322100", "泸桥镇", "1"],
    ]


@pytest.mark.parametrize("query", ["一村", "513322100001"])
def test_search_by_name_or_code_stays_in_the_coordinators_county(client, people, areas, query):
    here, there = areas["village"]
    people.log_in(client, "other_coordinator")

    rows = export_rows(client, "village", q=query)

    assert [row[3] for row in rows[1:]] == [there.code]


def test_managers_filter_villages_by_county_and_township(client, people, areas):
    _, there = areas["township"]
    people.log_in(client, "manager")

    by_county = export_rows(client, "village", township__county=people.other_county.pk)
    by_township = export_rows(client, "village", township=there.pk)

    assert [row[3] for row in by_county[1:]] == ["513322100001"]
    assert [row[3] for row in by_township[1:]] == ["513322100001"]


def test_a_coordinator_filters_by_their_own_townships_and_not_by_county(client, people, areas):
    here, _ = areas["township"]
    people.log_in(client, "coordinator")

    villages = client.get(reverse("village:index")).context["filters"]
    townships = client.get(reverse("township:index")).context["filters"]

    assert list(villages.form.fields) == ["township"]
    assert list(villages.form.fields["township"].queryset) == [here]
    assert villages.form.fields["township"].label_from_instance(here) == "城关镇 (513301100)"
    assert not townships  # no filter at all


def test_a_manager_filters_townships_by_county(client, people, areas):
    people.log_in(client, "manager")

    filters = client.get(reverse("township:index")).context["filters"]

    assert list(filters.form.fields) == ["county"]
    assert export_rows(client, "township", county=people.county.pk)[1:][0][1] == "513301100"


def listing_queries(client, viewset: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse(f"{viewset}:index")).status_code == 200
        b"".join(client.get(reverse(f"{viewset}:index"), {"export": "csv"}).streaming_content)
    return len(queries)


@pytest.mark.parametrize("viewset", VIEWSETS)
def test_the_listings_take_as_many_queries_for_30_villages_as_for_3(client, people, viewset):
    people.log_in(client, "coordinator")
    township = TownshipFactory(county=people.county)
    VillageFactory.create_batch(3, township=township)
    client.get(reverse(f"{viewset}:index"))  # warm up caches (sessions, site, locale)
    few = listing_queries(client, viewset)
    for _ in range(3):
        VillageFactory.create_batch(9, township=TownshipFactory(county=people.county))

    assert listing_queries(client, viewset) == few


# Forms ------------------------------------------------------------------------------


def township_form(county, **changes) -> dict:
    return {"county": county.pk, "code": f"{county.code}101", "name": "新镇", **changes}


def village_form(township, **changes) -> dict:
    return {"township": township.pk, "code": f"{township.code}002", "name": "新村", **changes}


def test_a_coordinator_adds_a_township_and_a_village_in_their_county(client, people, areas):
    people.log_in(client, "coordinator")
    form = client.get(reverse("township:add")).context["form"]

    added = client.post(reverse("township:add"), township_form(people.county))
    township = Township.objects.get(code="513301101")
    village_added = client.post(reverse("village:add"), village_form(township))

    assert list(form.fields["county"].queryset) == [people.county]
    assert form.fields["county"].initial == people.county.pk
    assert added.status_code == village_added.status_code == 302
    assert (township.county, township.name) == (people.county, "新镇")
    assert Village.objects.get(code="513301101002").township == township


def test_a_coordinator_picks_only_their_countys_townships_for_a_village(client, people, areas):
    here, there = areas["township"]
    people.log_in(client, "coordinator")

    form = client.get(reverse("village:add")).context["form"]
    response = client.post(reverse("village:add"), village_form(there))

    assert list(form.fields["township"].queryset) == [here]
    assert "township" in response.context["form"].errors
    assert not Village.objects.filter(code="513322100002").exists()


def test_a_coordinator_cannot_add_a_township_in_another_county(client, people, areas):
    people.log_in(client, "coordinator")

    response = client.post(reverse("township:add"), township_form(people.other_county))

    assert "county" in response.context["form"].errors
    assert not Township.objects.filter(code="513322101").exists()


def test_a_coordinator_cannot_change_or_delete_another_countys_areas(client, people, areas):
    _, township = areas["township"]
    _, village = areas["village"]
    people.log_in(client, "coordinator")

    edited = client.post(
        reverse("village:edit", args=[village.pk]), village_form(township, name="改名")
    )
    deleted = client.post(reverse("township:delete", args=[township.pk]))

    assert edited.status_code == deleted.status_code == 404
    village.refresh_from_db()
    assert village.name == "泸桥镇一村"
    assert Township.objects.filter(pk=township.pk).exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"code": "51330110"}, "code", "The township code must be 9 digits, e.g. 513301100;"),
        ({"code": "51330110x"}, "code", "The township code must be 9 digits"),
        (
            {"code": "513322101"},
            "code",
            "The township code 513322101 must start with the code of",
        ),
        ({"code": "513301100"}, "code", "Another township already has this code."),
        ({"code": ""}, "code", "This field is required."),
        ({"name": ""}, "name", "This field is required."),
        ({"name": "城关镇"}, "name", "already has a township called “城关镇” (513301100)."),
    ],
)
def test_a_bad_township_is_refused_on_its_field_and_nothing_is_saved(
    client, people, areas, changes, field, message
):
    people.log_in(client, "manager")

    response = client.post(reverse("township:add"), township_form(people.county, **changes))

    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    assert message in response.content.decode()
    assert Township.objects.count() == 2


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"code": "51330110000"}, "code", "The village code must be 12 digits"),
        (
            {"code": "513301101002"},
            "code",
            "The village code 513301101002 must start with the code of 城关镇, 513301100.",
        ),
        ({"code": "513301100001"}, "code", "Another village already has this code."),
        ({"name": ""}, "name", "This field is required."),
        ({"name": "城关镇一村"}, "name", "城关镇 already has a village called “城关镇一村”"),
    ],
)
def test_a_bad_village_is_refused_on_its_field_and_nothing_is_saved(
    client, people, areas, changes, field, message
):
    here, _ = areas["township"]
    people.log_in(client, "coordinator")

    response = client.post(reverse("village:add"), village_form(here, **changes))

    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    assert message in response.content.decode()
    assert Village.objects.count() == 2


def test_a_township_with_villages_keeps_its_code(client, people, areas):
    here, _ = areas["township"]
    people.log_in(client, "coordinator")

    response = client.post(
        reverse("township:edit", args=[here.pk]), township_form(people.county, code="513301109")
    )

    assert response.context["form"].errors["code"] == [
        "This township has villages whose codes start with 513301100: "
        "its code and county cannot change."
    ]
    here.refresh_from_db()
    assert here.code == "513301100"


def test_a_coordinator_renames_a_village(client, people, areas):
    village, _ = areas["village"]
    people.log_in(client, "coordinator")

    response = client.post(
        reverse("village:edit", args=[village.pk]),
        village_form(village.township, code=village.code, name="城关一村"),
    )

    assert response.status_code == 302
    village.refresh_from_db()
    assert village.name == "城关一村"


# Deleting ---------------------------------------------------------------------------


def test_a_township_with_villages_is_not_deleted_and_the_page_says_why(client, people, areas):
    township, _ = areas["township"]
    people.log_in(client, "coordinator")
    message = (
        "城关镇 cannot be deleted while it has villages (1): "
        "delete them or leave the township as it is."
    )

    page = client.get(reverse("township:delete", args=[township.pk])).content.decode()
    refused = client.post(reverse("township:delete", args=[township.pk]))

    assert message in page
    assert "Yes, delete" not in page
    assert refused.status_code == 200
    assert message in refused.content.decode()
    assert Township.objects.filter(pk=township.pk).exists()


def test_a_village_with_households_is_not_deleted_and_the_page_says_why(client, people, areas):
    village, _ = areas["village"]
    HouseholdFactory.create_batch(2, village=village)
    people.log_in(client, "manager")

    refused = client.post(reverse("village:delete", args=[village.pk]))

    assert refused.status_code == 200
    assert (
        "城关镇一村 cannot be deleted while households (2) or trainees (0) are recorded in it."
        in refused.content.decode()
    )
    assert Village.objects.filter(pk=village.pk).exists()


def test_a_village_where_a_trainee_lives_is_not_deleted(client, people, areas):
    village, _ = areas["village"]
    people.trainee.village = village
    people.trainee.save()
    people.log_in(client, "coordinator")

    refused = client.post(reverse("village:delete", args=[village.pk]))

    assert "households (0) or trainees (1)" in refused.content.decode()
    assert Village.objects.filter(pk=village.pk).exists()


def test_a_household_recorded_while_the_page_was_open_stops_the_delete(
    client, people, areas, monkeypatch
):
    village, _ = areas["village"]
    people.log_in(client, "manager")
    # As if the household came after the check: the database's PROTECT refuses.
    monkeypatch.setattr("trainees.area_admin.area_delete_problem", lambda area: None)
    HouseholdFactory(village=village)

    refused = client.post(reverse("village:delete", args=[village.pk]))

    assert refused.status_code == 200
    assert "城关镇一村 cannot be deleted: something is recorded in it." in refused.content.decode()
    assert "Yes, delete" not in refused.content.decode()
    assert Village.objects.filter(pk=village.pk).exists()


def test_an_empty_village_and_then_its_township_are_deleted(client, people, areas):
    village, _ = areas["village"]
    people.log_in(client, "coordinator")

    client.post(reverse("village:delete", args=[village.pk]))
    client.post(reverse("township:delete", args=[village.township.pk]))

    assert not Village.objects.filter(pk=village.pk).exists()
    assert not Township.objects.filter(pk=village.township.pk).exists()
