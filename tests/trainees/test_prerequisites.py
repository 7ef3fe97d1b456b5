"""Prerequisites: a trainee enrols in a course once the courses that come first are complete;
a coordinator's enrolment goes ahead of them on purpose (docs/learning.md)."""

import re

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from wagtail.models import Locale
from wagtail.users.models import UserProfile

from courses.factories import CoursePageFactory, LessonPageFactory
from courses.services import translation_aliases_create
from trainees import learning, roles, services
from trainees.choices import EnrolmentSource
from trainees.factories import (
    CohortFactory,
    EnrolmentFactory,
    ProfileFactory,
    TraineeFactory,
    UserFactory,
    valid_id_number,
)
from trainees.models import County, Enrolment, Trainee
from trainees.roster import roster_check

from .roster_files import make_places, roster_row, roster_text

pytestmark = pytest.mark.django_db

BASICS_BO = "ཚོང་ཁང་དྲ་ཐོག་འགོ་འཛུགས།"


def url(name: str, *args, language: str = "en") -> str:
    with translation.override(language):
        return reverse(name, args=args)


def published_translation(page, language: str, title: str):
    translated = page.copy_for_translation(
        Locale.objects.get(language_code=language), copy_parents=True
    )
    translated.title = title
    translated.save_revision().publish()
    return translated


@pytest.fixture
def courses():
    """网店开设入门 (translated into Tibetan) and 产品摄影 come before 直播带货进阶."""
    basics = CoursePageFactory(title="网店开设入门", slug="basics")
    photos = CoursePageFactory(title="产品摄影", slug="photos")
    advanced = CoursePageFactory(title="直播带货进阶", slug="advanced")
    for course in (basics, photos, advanced):
        LessonPageFactory(parent=course, title=f"{course.title} 第一课")
    advanced.prerequisites = [basics, photos]
    advanced.save_revision().publish()
    published_translation(basics, "bo", BASICS_BO)
    for course in (basics, photos, advanced):
        translation_aliases_create(page=course)
        for lesson in learning.course_lessons(course):
            translation_aliases_create(page=lesson)
    advanced.refresh_from_db()
    return basics, photos, advanced


@pytest.fixture
def trainee_user():
    user = UserFactory(groups=[roles.TRAINEES])
    TraineeFactory(user=user, name="扎西卓玛")
    return user


def complete(trainee: Trainee, course) -> Enrolment:
    return EnrolmentFactory(trainee=trainee, course=course, completed_at=timezone.now())


def page_text(response) -> str:
    return response.content.decode()


def panel(html: str) -> str:
    return re.search(r'<section class="learning-panel".*?</section>', html, re.S).group(0)


# The rule


def test_the_courses_still_to_complete_are_named_in_tree_order(courses, trainee_user):
    basics, photos, advanced = courses
    trainee = trainee_user.trainee
    assert learning.prerequisites_missing(trainee=trainee, course=advanced) == [basics, photos]

    complete(trainee, photos)
    assert learning.prerequisites_missing(trainee=trainee, course=advanced) == [basics]

    EnrolmentFactory(trainee=trainee, course=basics)  # enrolled, not complete: still missing
    assert learning.prerequisites_missing(trainee=trainee, course=advanced) == [basics]


def test_the_rule_reads_the_course_in_any_language(courses, trainee_user):
    basics, photos, advanced = courses
    tibetan = advanced.get_translation(Locale.objects.get(language_code="bo"))
    complete(trainee_user.trainee, basics)
    assert learning.prerequisites_missing(trainee=trainee_user.trainee, course=tibetan) == [photos]


def test_an_unpublished_prerequisite_is_not_asked_for(courses, trainee_user):
    basics, photos, advanced = courses
    photos.unpublish()
    assert learning.prerequisites_missing(trainee=trainee_user.trainee, course=advanced) == [basics]


def test_enrolling_oneself_before_the_prerequisites_is_refused_and_writes_nothing(
    courses, trainee_user
):
    basics, photos, advanced = courses
    with pytest.raises(learning.PrerequisitesMissing) as refused:
        learning.enrolment_create(
            trainee=trainee_user.trainee, course=advanced, source=EnrolmentSource.SELF
        )
    assert refused.value.courses == [basics, photos]
    assert refused.value.messages == ["Complete these courses first: 网店开设入门, 产品摄影."]
    assert not Enrolment.objects.exists()


def test_with_the_prerequisites_complete_the_trainee_enrols(courses, trainee_user):
    basics, photos, advanced = courses
    complete(trainee_user.trainee, basics)
    complete(trainee_user.trainee, photos)
    enrolment = learning.enrolment_create(
        trainee=trainee_user.trainee, course=advanced, source=EnrolmentSource.SELF
    )
    assert enrolment.course == advanced


# Coordinators go ahead of the rule on purpose


def test_a_coordinator_enrols_a_trainee_in_a_cohort_before_the_prerequisites(courses):
    basics, photos, advanced = courses
    trainee = TraineeFactory()
    cohort = CohortFactory(courses=[basics, advanced])
    enrolment = learning.enrolment_create(
        trainee=trainee, course=advanced, cohort=cohort, source=EnrolmentSource.COORDINATOR
    )
    assert (enrolment.course, enrolment.source) == (advanced, EnrolmentSource.COORDINATOR)


def test_an_enrolment_recorded_in_the_admin_goes_ahead_of_the_prerequisites(courses):
    basics, photos, advanced = courses
    trainee = TraineeFactory()
    services.enrolment_save(
        enrolment=Enrolment(trainee=trainee, course=advanced, source=EnrolmentSource.COORDINATOR)
    )
    assert Enrolment.objects.filter(trainee=trainee, course=advanced).exists()


# ... and the admin tells them which courses the trainee has not completed


@pytest.fixture
def coordinator(client):
    """A coordinator of 理塘县 logged in to the admin, which speaks Chinese to them."""
    county = County.objects.get(code="513334")
    user = UserFactory(groups=[roles.COUNTY_COORDINATORS])
    ProfileFactory(user=user, county=county)
    preferences = UserProfile.get_for_user(user)
    preferences.preferred_language = "zh-hans"
    preferences.save()
    client.force_login(user)
    return user


def warnings(response) -> list[str]:
    return [
        str(message.message)
        for message in response.context["messages"]
        if message.level_tag == "warning"
    ]


def test_the_coordinator_is_warned_of_the_prerequisites_not_completed_and_the_enrolment_is_saved(
    client, courses, coordinator
):
    basics, photos, advanced = courses
    trainee = TraineeFactory(name="次仁拉姆", county=coordinator.profile.county)
    complete(trainee, photos)  # 产品摄影 done; 网店开设入门 not
    form = {"trainee": trainee.pk, "course": advanced.pk, "source": EnrolmentSource.COORDINATOR}

    response = client.post(reverse("enrolment:add"), form, follow=True)

    assert Enrolment.objects.filter(trainee=trainee, course=advanced).exists()
    assert warnings(response) == [
        "次仁拉姆 尚未完成 网店开设入门（直播带货进阶 的先修课程）。"
        "报名照常保存：协调员可以先为学员报名，不必等先修课程完成。"
    ]
    assert "次仁拉姆 尚未完成 网店开设入门" in response.content.decode()  # on the page shown

    # Saving it again (changing its cohort, say) says it again, while it holds.
    enrolment = Enrolment.objects.get(trainee=trainee, course=advanced)
    edited = client.post(reverse("enrolment:edit", args=[enrolment.pk]), form, follow=True)
    assert len(warnings(edited)) == 1


def test_the_courses_are_named_in_the_readers_language(client, courses, coordinator):
    basics, photos, advanced = courses
    trainee = TraineeFactory(county=coordinator.profile.county)
    preferences = UserProfile.get_for_user(coordinator)
    preferences.preferred_language = "bo"
    preferences.save()
    form = {"trainee": trainee.pk, "course": advanced.pk, "source": EnrolmentSource.COORDINATOR}

    [warning] = warnings(client.post(reverse("enrolment:add"), form, follow=True))

    assert f"{BASICS_BO}། 产品摄影" in warning  # 产品摄影 has no Tibetan translation
    assert Enrolment.objects.filter(trainee=trainee, course=advanced).exists()


def test_nothing_is_said_when_the_prerequisites_are_completed(client, courses, coordinator):
    basics, photos, advanced = courses
    trainee = TraineeFactory(county=coordinator.profile.county)
    complete(trainee, basics)
    complete(trainee, photos)
    form = {"trainee": trainee.pk, "course": advanced.pk, "source": EnrolmentSource.COORDINATOR}

    response = client.post(reverse("enrolment:add"), form, follow=True)

    assert warnings(response) == []
    assert Enrolment.objects.filter(trainee=trainee, course=advanced).exists()
    assert [m.level_tag for m in response.context["messages"]] == ["success"]


def test_a_roster_enrols_its_cohort_in_every_course_it_teaches_prerequisites_or_not():
    from trainees.roster import roster_apply

    places = make_places()
    first, second = places.cohort.courses.order_by("path")
    second.prerequisites = [first]
    second.save_revision().publish()

    roster_apply(text=roster_text([roster_row(1)]), county=places.litang)

    assert set(Enrolment.objects.values_list("course_id", "source")) == {
        (first.pk, EnrolmentSource.IMPORT),
        (second.pk, EnrolmentSource.IMPORT),
    }


@pytest.fixture
def roster_places():
    """The roster's cohort teaches two courses; the second comes after the first, which the
    cohort teaches too, and after 网店开设入门, which it does not."""
    places = make_places()
    first, second = places.cohort.courses.order_by("path")
    basics = CoursePageFactory(title="网店开设入门")
    second.prerequisites = [first, basics]
    second.save_revision().publish()
    return places, second, basics


def test_a_rosters_preview_counts_the_people_who_have_not_completed_what_comes_first(
    roster_places,
):
    places, second, basics = roster_places
    done = TraineeFactory(county=places.litang, id_number=valid_id_number(1))
    complete(done, basics)

    check = roster_check(text=roster_text([roster_row(n) for n in (1, 2, 3)]), county=places.litang)

    # The cohort's own first course is not named: its people take it in the same class.
    assert check.summary()["prerequisites_ahead"] == [
        {"cohort": "理塘电商一期", "course": second.pk, "before": [basics.pk], "people": 2, "of": 3}
    ]


def test_a_roster_whose_people_completed_what_comes_first_has_nothing_to_say(roster_places):
    places, second, basics = roster_places
    for n in (1, 2):
        complete(TraineeFactory(county=places.litang, id_number=valid_id_number(n)), basics)
    check = roster_check(text=roster_text([roster_row(1), roster_row(2)]), county=places.litang)
    assert check.summary()["prerequisites_ahead"] == []


def test_the_roster_reads_the_prerequisites_in_as_many_queries_whatever_its_length(
    roster_places,
):
    places, second, basics = roster_places

    def queries(rows: int) -> int:
        text = roster_text([roster_row(n) for n in range(1, rows + 1)])
        with CaptureQueriesContext(connection) as captured:
            roster_check(text=text, county=places.litang)
        return len(captured)

    assert queries(2) == queries(12)


# The course page says it before "Enrol" is pressed


def test_the_course_page_names_what_comes_first_and_leads_to_it_instead_of_enrolling(
    client, courses, trainee_user
):
    basics, photos, advanced = courses
    client.force_login(trainee_user)

    html = panel(page_text(client.get(f"/en{advanced.url}")))

    assert "Complete these courses before this one:" in html
    assert f'<a href="/en{basics.url}">网店开设入门</a>' in html
    assert f'<a href="/en{photos.url}">产品摄影</a>' in html
    assert f'<a class="button" href="/en{basics.url}">Start with: 网店开设入门</a>' in html
    assert url("learning_enrol", advanced.pk) not in html
    assert ">Enrol</button>" not in html


def test_the_tibetan_course_page_names_them_in_tibetan_where_translated(
    client, courses, trainee_user
):
    basics, photos, advanced = courses
    client.force_login(trainee_user)
    tibetan_basics = basics.get_translation(Locale.objects.get(language_code="bo"))

    html = page_text(client.get(f"/bo{advanced.url}"))

    assert f'<a href="{tibetan_basics.url}">{BASICS_BO}</a>' in panel(html)
    assert f'href="/bo{photos.url}">产品摄影</a>' in panel(html)  # no translation: its title
    assert tibetan_basics.url.startswith("/bo/")
    # The page's own list of the courses that come first speaks Tibetan too.
    assert f'<li><a href="{tibetan_basics.url}">{BASICS_BO}</a></li>' in html


def test_with_the_prerequisites_complete_the_page_offers_enrol(client, courses, trainee_user):
    basics, photos, advanced = courses
    complete(trainee_user.trainee, basics)
    complete(trainee_user.trainee, photos)
    client.force_login(trainee_user)

    html = panel(page_text(client.get(f"/en{advanced.url}")))

    assert ">Enrol</button>" in html
    assert "Complete these courses before this one:" not in html


def test_a_course_without_prerequisites_offers_enrol(client, courses, trainee_user):
    basics, photos, advanced = courses
    client.force_login(trainee_user)
    assert ">Enrol</button>" in panel(page_text(client.get(f"/en{basics.url}")))


def test_a_user_without_a_trainee_record_sees_every_prerequisite(client, courses):
    basics, photos, advanced = courses
    client.force_login(UserFactory(groups=[roles.TRAINEES]))
    html = panel(page_text(client.get(f"/en{advanced.url}")))
    assert "Start with: 网店开设入门" in html


def test_a_visitor_is_asked_to_log_in_and_sees_the_courses_that_come_first(client, courses):
    basics, photos, advanced = courses
    html = page_text(client.get(f"/en{advanced.url}"))
    assert "Log in to enrol" in panel(html)
    assert "Before this course" in html


# Enrolling anyway is refused, saying which courses come first


def test_enrol_is_refused_in_the_readers_language_with_links_and_nothing_written(
    client, courses, trainee_user
):
    basics, photos, advanced = courses
    client.force_login(trainee_user)
    tibetan_basics = basics.get_translation(Locale.objects.get(language_code="bo"))

    response = client.post(url("learning_enrol", advanced.pk, language="bo"))

    assert response.status_code == 302
    assert response.url == f"/bo{advanced.url}#progress"
    assert not Enrolment.objects.exists()
    html = panel(page_text(client.get(response.url)))
    with translation.override("bo"):
        first = translation.gettext("Complete these courses first: %(courses)s.")
    assert first.split("%(courses)s")[0] in html
    assert first != "Complete these courses first: %(courses)s."
    assert f'<a href="{tibetan_basics.url}">{BASICS_BO}</a>, ' in html
    assert f'<a href="/bo{photos.url}">产品摄影</a>' in html


def test_the_refusal_is_said_once_in_the_panel_not_at_the_top(client, courses, trainee_user):
    basics, photos, advanced = courses
    client.force_login(trainee_user)

    response = client.post(url("learning_enrol", advanced.pk), follow=True)

    html = page_text(response)
    assert html.count("Complete these courses first:") == 1
    assert "Complete these courses first:" in panel(html)
    # the list under the button is not said a second time beside the message
    assert "Complete these courses before this one:" not in html


def test_the_about_you_form_saves_the_trainee_and_then_refuses_the_course(client, courses):
    basics, photos, advanced = courses
    user = UserFactory(groups=[roles.TRAINEES])
    client.force_login(user)
    from trainees.factories import valid_id_number
    from trainees.models import County

    response = client.post(
        url("learning_about_you"),
        {
            "name": "扎西",
            "gender": "male",
            "birth_year": "1995",
            "county": County.objects.get(code="513334").pk,
            "id_number": valid_id_number(7),
            "course": advanced.pk,
        },
        follow=True,
    )

    assert Trainee.objects.filter(user=user).exists()
    assert not Enrolment.objects.exists()
    html = page_text(response)
    assert "Your details are saved." in html
    assert "Complete these courses first:" in panel(html)
