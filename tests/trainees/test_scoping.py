import pytest

from courses.services import translation_aliases_create
from tests.trainees.admin_cast import cast, user_in
from trainees import roles, scoping
from trainees.identity import id_check_character, mask_id_number
from trainees.models import Enrolment

pytestmark = pytest.mark.django_db

SCOPED = {
    "trainee": scoping.visible_trainees,
    "township": scoping.visible_townships,
    "village": scoping.visible_villages,
    "household": scoping.visible_households,
    "householdstatuschange": scoping.visible_household_status_changes,
    "cohort": scoping.visible_cohorts,
    "cohortsession": scoping.visible_sessions,
    "attendance": scoping.visible_attendances,
    "enrolment": scoping.visible_enrolments,
    "quizattempt": scoping.visible_quiz_attempts,
    "certificate": scoping.visible_certificates,
}


@pytest.fixture
def people():
    return cast()


def seen(people, user) -> dict[str, set[str]]:
    """For each kind of record: which county's records ("A", "B") the user sees."""
    result = {}
    for name, visible in SCOPED.items():
        here, there = people.records[name]
        pks = set(visible(user).values_list("pk", flat=True))
        result[name] = {label for label, record in (("A", here), ("B", there)) if record.pk in pks}
    return result


def test_a_programme_manager_sees_every_county(people):
    assert seen(people, people.manager) == {name: {"A", "B"} for name in SCOPED}


def test_a_coordinator_sees_only_their_own_county(people):
    assert seen(people, people.coordinator) == {name: {"A"} for name in SCOPED}
    assert seen(people, people.other_coordinator) == {name: {"B"} for name in SCOPED}
    assert list(scoping.visible_counties(people.coordinator)) == [people.county]


def test_a_coordinator_without_a_county_sees_nothing(people):
    nowhere = user_in(roles.COUNTY_COORDINATORS, county=None)

    assert seen(people, nowhere) == {name: set() for name in SCOPED}


def test_an_instructor_sees_the_enrolments_and_quizzes_of_their_course_and_nothing_else(people):
    expected = {name: set() for name in SCOPED}

    assert seen(people, people.instructor) == {**expected, "enrolment": {"A"}, "quizattempt": {"A"}}
    assert seen(people, people.other_instructor) == {
        **expected,
        "enrolment": {"B"},
        "quizattempt": {"B"},
    }


def test_an_instructor_named_on_a_translation_sees_the_default_language_enrolments(people):
    english = next(
        page
        for page in translation_aliases_create(page=people.other_course)
        if page.locale.language_code == "en"
    )
    teacher = user_in(roles.INSTRUCTORS)
    english.specific.instructors.add(teacher)
    english.specific.save()

    assert list(scoping.visible_enrolments(teacher)) == [people.records["enrolment"][1]]
    assert list(scoping.visible_courses(teacher)) == [people.other_course.page_ptr.specific]


@pytest.mark.parametrize("who", ["anonymous", "trainee_user", "another_trainee_user"])
def test_trainees_and_visitors_see_nothing_in_the_admin_scopes(people, who):
    assert seen(people, getattr(people, who)) == {name: set() for name in SCOPED}


def test_personal_data_is_whole_only_for_the_county_coordinator_and_managers(people):
    assert scoping.may_see_personal_data(people.manager, people.other_county)
    assert scoping.may_see_personal_data(people.coordinator, people.county)
    assert scoping.may_see_personal_data(people.coordinator, people.county.pk)
    assert not scoping.may_see_personal_data(people.coordinator, people.other_county)
    assert not scoping.may_see_personal_data(people.instructor, people.county)
    assert not scoping.may_see_personal_data(people.trainee_user, people.county)
    assert not scoping.may_see_personal_data(people.anonymous, people.county)
    assert not scoping.may_see_personal_data(people.coordinator, None)


def test_a_user_who_is_no_longer_a_coordinator_loses_the_county_on_the_next_request(people):
    people.coordinator.groups.clear()
    fresh = type(people.coordinator).objects.get(pk=people.coordinator.pk)

    assert not scoping.visible_trainees(fresh).exists()


def test_phones_are_masked_like_138_stars_8000():
    assert scoping.mask_phone("+8613800138000") == "138****8000"
    assert scoping.mask_phone("13800138000") == "138****8000"
    assert scoping.mask_phone("") == ""
    assert scoping.mask_phone("12345") == "*****"


def test_the_masks_hide_the_middle_of_id_numbers():
    first_17 = "51332119900101123"
    number = first_17 + id_check_character(first_17)

    assert scoping.MASKS["id_number"](number) == mask_id_number(number)
    assert scoping.MASKS["id_number"](number)[3:14] == "*" * 11


def test_enrolments_are_counted_once_whatever_the_role(people):
    # the coordinator scope must not duplicate rows through joins
    assert scoping.visible_enrolments(people.manager).count() == Enrolment.objects.count()
