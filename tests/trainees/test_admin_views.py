import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from tests.export_files import csv_table, xlsx_table
from tests.trainees.admin_cast import cast
from trainees.admin_views import TraineesViewSetGroup
from trainees.choices import HouseholdStatus
from trainees.factories import TraineeFactory
from trainees.identity import mask_id_number
from trainees.models import Certificate, Trainee

pytestmark = pytest.mark.django_db

VIEWSET_CLASSES = TraineesViewSetGroup.items
ROLES = [
    "anonymous",
    "trainee_user",
    "another_trainee_user",
    "instructor",
    "other_instructor",
    "coordinator",
    "other_coordinator",
    "manager",
]
VIEWSETS = [
    "trainee",
    "household",
    "householdstatuschange",
    "cohort",
    "cohortsession",
    "attendance",
    "enrolment",
    "quizattempt",
    "certificate",
]
COORDINATED = {
    "trainee",
    "household",
    "householdstatuschange",
    "cohort",
    "cohortsession",
    "attendance",
}
READ_ONLY = {"quizattempt", "certificate"}  # filled in by trainees and the certificate service


@pytest.fixture
def people():
    return cast()


def login(client, people, role):
    user = getattr(people, role)
    if role != "anonymous":
        client.force_login(user)
    return user


def allowed(response) -> bool:
    """200: shown; anything else (login redirect, 403, the admin's "no permission"
    redirect) means the person did not get the page."""
    return response.status_code == 200


def may(role: str, viewset: str, action: str) -> bool:
    """The permission matrix: what each role may do with the records of its scope."""
    if role == "manager":
        return action in {"index", "inspect"} or viewset not in READ_ONLY
    if role in {"coordinator", "other_coordinator"}:
        if viewset in COORDINATED or viewset == "enrolment":
            return action in {"index", "inspect", "add", "edit"}
        return viewset == "certificate" and action in {"index", "inspect"}
    if role in {"instructor", "other_instructor"}:
        return viewset in {"enrolment", "quizattempt"} and action in {"index", "inspect"}
    return False


# Which county's record ("A" or "B") each role may reach.
SCOPE = {
    "coordinator": 0,
    "instructor": 0,
    "other_coordinator": 1,
    "other_instructor": 1,
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("viewset", VIEWSETS)
def test_permission_matrix_of_the_index_add_and_export_views(client, people, role, viewset):
    login(client, people, role)
    index = reverse(f"{viewset}:index")

    assert allowed(client.get(index)) == may(role, viewset, "index")
    assert allowed(client.get(index, {"export": "csv"})) == may(role, viewset, "index")
    assert allowed(client.get(index, {"export": "xlsx"})) == may(role, viewset, "index")
    assert allowed(client.get(reverse(f"{viewset}:add"))) == may(role, viewset, "add")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("viewset", VIEWSETS)
def test_permission_matrix_of_the_views_of_one_record(client, people, role, viewset):
    login(client, people, role)
    records = people.records[viewset]
    reachable = {SCOPE[role]} if role in SCOPE else ({0, 1} if role == "manager" else set())

    for index, record in enumerate(records):
        for action in ("edit", "inspect", "delete"):
            response = client.get(reverse(f"{viewset}:{action}", args=[record.pk]))
            expected = may(role, viewset, action) and index in reachable
            assert allowed(response) == expected, (action, index, response.status_code)
            if may(role, viewset, action) and index not in reachable:
                assert response.status_code == 404


EXPORTED = {viewset.model._meta.model_name: viewset.list_export for viewset in VIEWSET_CLASSES}


def rows(client, viewset, **params):
    """The CSV export's rows, keyed by the exported field (headings are in the admin's language)."""
    table = csv_table(client.get(reverse(f"{viewset}:index"), {"export": "csv", **params}))
    return [dict(zip(EXPORTED[viewset], row, strict=True)) for row in table.rows]


def xlsx_rows(client, viewset):
    table = xlsx_table(client.get(reverse(f"{viewset}:index"), {"export": "xlsx"}))
    return [
        dict(zip(EXPORTED[viewset], [cell.value for cell in row], strict=True))
        for row in table.rows
    ]


@pytest.mark.parametrize("viewset", sorted(COORDINATED | {"enrolment", "certificate"}))
def test_a_coordinator_lists_and_exports_only_their_own_county(client, people, viewset):
    here, there = people.records[viewset]
    login(client, people, "coordinator")

    listing = client.get(reverse(f"{viewset}:index")).content.decode()

    assert (
        reverse(
            f"{viewset}:edit" if viewset != "certificate" else f"{viewset}:inspect", args=[here.pk]
        )
        in listing
    )
    assert reverse(f"{viewset}:edit", args=[there.pk]) not in listing
    assert reverse(f"{viewset}:inspect", args=[there.pk]) not in listing
    assert len(rows(client, viewset)) == 1
    assert len(xlsx_rows(client, viewset)) == 1


def test_the_trainee_export_of_a_coordinator_holds_whole_personal_data_of_their_county(
    client, people
):
    here, _ = people.records["trainee"]
    login(client, people, "coordinator")

    [row] = rows(client, "trainee")
    [xlsx_row] = xlsx_rows(client, "trainee")

    assert row["name"] == here.name
    assert row["id_number"] == here.id_number
    assert row["phone"] == "'" + here.phone  # a leading "+" is text (machinery.exports)
    assert xlsx_row["id_number"] == here.id_number


def test_a_manager_exports_every_county(client, people):
    login(client, people, "manager")

    assert {row["name"] for row in rows(client, "trainee")} == {
        trainee.name for trainee in people.records["trainee"]
    }


def test_an_instructor_exports_their_course_enrolments_with_masked_id_numbers(client, people):
    here, _ = people.records["enrolment"]
    login(client, people, "instructor")

    [row] = rows(client, "enrolment")
    table = csv_table(client.get(reverse("enrolment:index"), {"export": "csv"}))

    assert row["trainee"] == here.trainee.name
    assert row["trainee.id_number"] == mask_id_number(here.trainee.id_number)
    # Masked numbers only: the file says nothing of personal data, and keeps its plain name.
    assert (table.note, table.filename) == (None, "enrolments.csv")
    assert row["lessons_done"] == "0"
    assert row["quizzes_passed"] == "1"


def test_an_instructor_cannot_change_an_enrolment_of_their_course(client, people):
    here, _ = people.records["enrolment"]
    login(client, people, "instructor")

    response = client.post(
        reverse("enrolment:edit", args=[here.pk]),
        {"trainee": here.trainee.pk, "course": here.course.pk, "source": "import"},
    )

    assert not allowed(response)
    here.refresh_from_db()
    assert here.source == "self"


def test_searching_for_another_countys_trainee_finds_nothing(client, people):
    _, there = people.records["trainee"]
    login(client, people, "coordinator")

    response = client.get(reverse("trainee:index"), {"q": there.name})

    assert response.status_code == 200
    assert reverse("trainee:edit", args=[there.pk]) not in response.content.decode()
    assert rows(client, "trainee", q=there.name) == []


def test_a_manager_finds_any_trainee_by_name(client, people):
    _, there = people.records["trainee"]
    login(client, people, "manager")

    [row] = rows(client, "trainee", q=there.name)

    assert row["name"] == there.name


def test_filter_choices_offer_only_the_coordinators_county(client, people):
    login(client, people, "coordinator")

    response = client.get(reverse("trainee:index"))
    county_choices = list(response.context["filters"].form.fields["county"].queryset)

    assert county_choices == [people.county]


def test_filtering_by_another_county_shows_nothing_of_it(client, people):
    login(client, people, "coordinator")

    assert rows(client, "trainee", county=people.other_county.pk) != []  # invalid filter ignored
    assert {row["county"] for row in rows(client, "trainee", county=people.other_county.pk)} == {
        people.county.name
    }


def trainee_form(people, county, household=None, **changes):
    return {
        "name": "央宗",
        "gender": "female",
        "ethnicity": "藏族",
        "birth_year": 1998,
        "education": "",
        "phone": "+8613800138000",
        "county": county.pk,
        "village": "",
        "household": household.pk if household else "",
        "id_number": "513321199801011236",
        **changes,
    }


def valid_id_number():
    from trainees.identity import id_check_character

    first_17 = "51332119980101123"
    return first_17 + id_check_character(first_17)


def test_a_coordinator_adds_a_trainee_in_their_county(client, people):
    login(client, people, "coordinator")

    response = client.post(
        reverse("trainee:add"), trainee_form(people, people.county, id_number=valid_id_number())
    )

    assert response.status_code == 302
    assert Trainee.objects.get(name="央宗").county == people.county


def test_a_coordinator_cannot_add_a_trainee_in_another_county(client, people):
    login(client, people, "coordinator")
    form = client.get(reverse("trainee:add")).context["form"]

    response = client.post(
        reverse("trainee:add"),
        trainee_form(people, people.other_county, id_number=valid_id_number()),
    )

    assert list(form.fields["county"].queryset) == [people.county]
    assert response.status_code == 200
    assert "county" in response.context["form"].errors
    assert not Trainee.objects.filter(name="央宗").exists()


def test_a_coordinator_cannot_pick_another_countys_household(client, people):
    here, _ = people.records["trainee"]
    _, other_household = people.records["household"]
    login(client, people, "coordinator")

    response = client.post(
        reverse("trainee:edit", args=[here.pk]),
        trainee_form(
            people,
            people.county,
            household=other_household,
            name=here.name,
            id_number=here.id_number,
        ),
    )

    assert response.status_code == 200
    assert "household" in response.context["form"].errors
    here.refresh_from_db()
    assert here.household == people.records["household"][0]


def test_a_coordinator_cannot_move_their_trainee_to_another_county(client, people):
    here, _ = people.records["trainee"]
    login(client, people, "coordinator")

    response = client.post(
        reverse("trainee:edit", args=[here.pk]),
        trainee_form(people, people.other_county, name=here.name, id_number=here.id_number),
    )

    assert "county" in response.context["form"].errors
    here.refresh_from_db()
    assert here.county == people.county


def test_a_coordinator_cannot_change_another_countys_trainee(client, people):
    _, there = people.records["trainee"]
    login(client, people, "coordinator")

    response = client.post(
        reverse("trainee:edit", args=[there.pk]),
        trainee_form(people, people.county, name="改名", id_number=there.id_number),
    )

    assert response.status_code == 404
    there.refresh_from_db()
    assert there.name != "改名"


def test_enrolment_form_offers_only_the_coordinators_trainees_and_cohorts(client, people):
    login(client, people, "coordinator")

    form = client.get(reverse("enrolment:add")).context["form"]

    assert list(form.fields["trainee"].queryset) == [people.records["trainee"][0]]
    assert list(form.fields["cohort"].queryset) == [people.records["cohort"][0]]


def test_the_household_listing_shows_the_status_today_to_the_coordinator(client, people):
    login(client, people, "coordinator")

    [row] = rows(client, "household")
    listing = client.get(reverse("household:index")).content.decode()

    assert row["current_status"] == "lifted_out"
    assert str(HouseholdStatus.LIFTED_OUT.label) in listing


def test_a_manager_deletes_a_trainee_and_a_coordinator_cannot(client, people):
    here, there = people.records["trainee"]
    people.records["enrolment"][0].certificate.delete()
    here.enrolments.all().delete()
    login(client, people, "coordinator")

    client.post(reverse("trainee:delete", args=[here.pk]))
    assert Trainee.objects.filter(pk=here.pk).exists()

    login(client, people, "manager")
    client.post(reverse("trainee:delete", args=[here.pk]))
    assert not Trainee.objects.filter(pk=here.pk).exists()


def test_a_trainee_others_refer_to_is_kept_with_a_message_saying_why(client, people):
    here, _there = people.records["trainee"]
    enrolments = here.enrolments.count()
    login(client, people, "manager")

    response = client.post(reverse("trainee:delete", args=[here.pk]))

    assert response.status_code == 200
    assert Trainee.objects.filter(pk=here.pk).exists()
    assert here.enrolments.count() == enrolments
    html = response.content.decode()  # the admin speaks Chinese unless told otherwise
    assert f"{here} 仍被以下记录引用，不能删除：{enrolments} " in html
    assert 'class="button serious"' not in html  # no "Yes, delete" to press again


def test_a_manager_revokes_a_certificate_with_a_reason(client, people):
    certificate, _ = people.records["certificate"]
    login(client, people, "manager")

    response = client.post(
        reverse("certificate:revoke", args=[certificate.pk]), {"reason": "考试作弊"}
    )

    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.revoked_by == people.manager
    assert certificate.revoke_reason == "考试作弊"
    assert not certificate.is_valid


def test_revoking_without_a_reason_says_so_and_keeps_the_certificate(client, people):
    certificate, _ = people.records["certificate"]
    login(client, people, "manager")

    response = client.post(reverse("certificate:revoke", args=[certificate.pk]), {"reason": "  "})

    assert response.status_code == 200
    assert response.context["form"].errors["reason"] == [
        "请说明撤销证书的原因。"
    ]  # the admin speaks Chinese to this manager
    certificate.refresh_from_db()
    assert certificate.is_valid


def test_a_revoked_certificate_cannot_be_revoked_again(client, people):
    certificate, _ = people.records["certificate"]
    login(client, people, "manager")
    client.post(reverse("certificate:revoke", args=[certificate.pk]), {"reason": "考试作弊"})

    response = client.post(
        reverse("certificate:revoke", args=[certificate.pk]), {"reason": "another"}
    )

    assert "已于" in response.context["form"].errors["reason"][0]
    certificate.refresh_from_db()
    assert certificate.revoke_reason == "考试作弊"


@pytest.mark.parametrize("role", [r for r in ROLES if r != "manager"])
def test_only_managers_may_revoke(client, people, role):
    certificate, _ = people.records["certificate"]
    login(client, people, role)

    response = client.post(reverse("certificate:revoke", args=[certificate.pk]), {"reason": "x"})

    assert not allowed(response)
    assert Certificate.objects.get(pk=certificate.pk).is_valid


def test_the_revoke_button_is_offered_to_managers_only(client, people):
    certificate, _ = people.records["certificate"]
    url = reverse("certificate:revoke", args=[certificate.pk])

    login(client, people, "manager")
    assert url in client.get(reverse("certificate:index")).content.decode()
    login(client, people, "coordinator")
    assert url not in client.get(reverse("certificate:index")).content.decode()


def listing_queries(client, people, trainees: int) -> int:
    TraineeFactory.create_batch(trainees, county=people.county)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("trainee:index"), {"export": "csv"})
        b"".join(response.streaming_content)
        assert client.get(reverse("trainee:index")).status_code == 200
    Trainee.objects.exclude(pk__in=[t.pk for t in people.records["trainee"]]).delete()
    return len(queries)


@pytest.mark.parametrize("role", ["coordinator", "manager"])
def test_the_trainee_listing_and_export_take_as_many_queries_for_50_trainees_as_for_5(
    client, people, role
):
    login(client, people, role)
    client.get(reverse("trainee:index"))  # warm up caches (sessions, site, locale)

    assert listing_queries(client, people, 5) == listing_queries(client, people, 50)


def test_an_instructor_filters_enrolments_by_their_own_courses_only(client, people):
    login(client, people, "instructor")

    response = client.get(reverse("enrolment:index"))
    course_choices = list(response.context["filters"].form.fields["course"].queryset)

    assert course_choices == [people.course.page_ptr.specific]


def test_the_trainees_menu_shows_what_each_role_may_open(client, people):
    login(client, people, "instructor")
    instructor_home = client.get(reverse("wagtailadmin_home")).content.decode()
    login(client, people, "coordinator")
    coordinator_home = client.get(reverse("wagtailadmin_home")).content.decode()

    assert reverse("enrolment:index") in instructor_home
    assert reverse("trainee:index") not in instructor_home
    assert reverse("trainee:index") in coordinator_home
    assert reverse("quizattempt:index") not in coordinator_home


def test_a_coordinator_names_only_their_countys_coordinators_on_a_cohort(client, people):
    login(client, people, "coordinator")

    form = client.get(reverse("cohort:add")).context["form"]

    assert list(form.fields["coordinator"].queryset) == [people.coordinator]
    assert list(form.fields["county"].queryset) == [people.county]


def test_a_coordinators_new_cohort_comes_with_their_county_and_them_chosen(client, people):
    login(client, people, "coordinator")

    form = client.get(reverse("cohort:add")).context["form"]

    # Their one county, and they run the cohort, unless they name another coordinator.
    assert form["county"].value() == people.county.pk
    assert form["coordinator"].value() == people.coordinator.pk


def test_a_managers_new_cohort_leaves_the_county_and_coordinator_to_choose(client, people):
    login(client, people, "manager")

    form = client.get(reverse("cohort:add")).context["form"]

    assert form["county"].value() is None
    assert form["coordinator"].value() is None


def test_a_lower_case_x_typed_in_the_add_form_is_stored_upper_case_and_found_again(client, people):
    from trainees.factories import valid_id_number as factory_id_number

    number = factory_id_number(7)  # ends in X
    assert number.endswith("X")
    login(client, people, "coordinator")

    client.post(reverse("trainee:add"), trainee_form(people, people.county, id_number=number))
    response = client.post(
        reverse("trainee:add"),
        trainee_form(people, people.county, name="卓玛", id_number=number.lower()),
    )

    assert list(
        Trainee.objects.filter(name__in=["央宗", "卓玛"]).values_list("id_number", flat=True)
    ) == [number]
    assert response.status_code == 200
    assert "id_number" in response.context["form"].errors


def test_a_lower_case_x_alone_is_stored_upper_case(client, people):
    from trainees.factories import valid_id_number as factory_id_number

    number = factory_id_number(7)
    login(client, people, "coordinator")

    response = client.post(
        reverse("trainee:add"),
        trainee_form(people, people.county, id_number=f" {number.lower()} "),
    )

    assert response.status_code == 302
    assert Trainee.objects.get(name="央宗").id_number == number


def test_an_identity_number_with_an_impossible_birth_date_is_refused_in_the_form(client, people):
    from trainees.identity import id_check_character

    first_17 = "51332120310230123"
    login(client, people, "coordinator")

    with translation.override("en"):
        response = client.post(
            reverse("trainee:add"),
            trainee_form(people, people.county, id_number=first_17 + id_check_character(first_17)),
        )

    assert response.status_code == 200
    assert response.context["form"].errors["id_number"] == [
        "The birth date inside this identity number, 2031-02-30, is not a real date; "
        "check it against the card."
    ]
    assert not Trainee.objects.filter(name="央宗").exists()
