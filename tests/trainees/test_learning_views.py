"""The trainee's pages, read in English (/en/) so that the tests read like the msgids."""

import re
from pathlib import Path

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from wagtail import hooks
from wagtail.models import Locale

from courses.factories import CoursePageFactory, LessonPageFactory, quiz_block
from tests.trainees.courses import course_with_a_quiz
from trainees import learning, roles
from trainees.factories import (
    EnrolmentFactory,
    ProfileFactory,
    TraineeFactory,
    UserFactory,
    valid_id_number,
)
from trainees.learning_views import LEARNING_HOME_EXTRAS_HOOK
from trainees.models import Certificate, County, Enrolment, LessonProgress, QuizAttempt, Trainee

pytestmark = pytest.mark.django_db

RIGHT = {"q0": "0", "q1": ["0", "1"]}


def with_wrong_check_digit(number: str) -> str:
    return number[:17] + ("1" if number[17] == "0" else "0")


def en(url: str) -> str:
    return f"/en{url}"


def url(name: str, *args) -> str:
    with translation.override("en"):
        return reverse(name, args=args)


@pytest.fixture
def course():
    return course_with_a_quiz()


def lessons(course):
    return list(learning.course_lessons(course))


@pytest.fixture
def trainee_user():
    user = UserFactory(groups=[roles.TRAINEES])
    TraineeFactory(user=user, name="扎西卓玛")
    return user


@pytest.fixture
def enrolled(trainee_user, course):
    return EnrolmentFactory(trainee=trainee_user.trainee, course=course)


def page_text(response) -> str:
    return response.content.decode()


# Course page


def test_anonymous_readers_are_asked_to_log_in_to_enrol(client, course):
    html = page_text(client.get(en(course.url)))
    assert "Log in to enrol" in html
    assert url("learning_enrol", course.pk) not in html


def test_a_logged_in_trainee_sees_the_enrol_button_and_enrols(client, trainee_user, course):
    english_course = course.get_translation(Locale.objects.get(language_code="en"))
    client.force_login(trainee_user)
    enrol_url = url("learning_enrol", english_course.pk)
    assert f'action="{enrol_url}"' in page_text(client.get(en(course.url)))

    response = client.post(enrol_url)

    assert response.status_code == 302
    assert response.url == en(lessons(course)[0].url)
    assert Enrolment.objects.filter(trainee=trainee_user.trainee, course=course).exists()


def test_enrolling_from_the_english_page_enrols_in_the_chinese_course(client, trainee_user, course):
    english_course = course.get_translation(Locale.objects.get(language_code="en"))
    client.force_login(trainee_user)

    client.post(url("learning_enrol", english_course.pk))

    assert Enrolment.objects.get(trainee=trainee_user.trainee).course_id == course.pk


def test_an_enrolled_trainee_sees_where_to_continue(client, trainee_user, enrolled, course):
    client.force_login(trainee_user)
    html = page_text(client.get(en(course.url)))
    assert "You are enrolled in this course." in html
    assert "Continue: 第一课 开播前的准备" in html


def test_anonymous_enrol_post_leads_to_login(client, course):
    response = client.post(url("learning_enrol", course.pk))
    assert response.status_code == 302
    assert "/accounts/login/" in response.url
    assert not Enrolment.objects.exists()


# About you: self-signed-up users without a trainee record


@pytest.fixture
def new_user():
    return ProfileFactory(county=County.objects.get(code="513301")).user


def test_a_user_without_a_trainee_record_is_asked_about_themselves_first(client, new_user, course):
    client.force_login(new_user)

    response = client.post(url("learning_enrol", course.pk))

    assert response.url == f"{url('learning_about_you')}?course={course.pk}"
    assert not Enrolment.objects.exists()


def about_you_data(course, **changes):
    data = {
        "name": "扎西卓玛",
        "gender": "female",
        "birth_year": "1998",
        "county": str(County.objects.get(code="513301").pk),
        "id_number": valid_id_number(42),
        "course": str(course.pk),
    }
    data.update(changes)
    return data


def test_the_about_you_form_creates_the_trainee_and_enrols(client, new_user, course):
    client.force_login(new_user)

    response = client.post(url("learning_about_you"), about_you_data(course))

    assert response.status_code == 302
    trainee = Trainee.objects.get(user=new_user)
    assert trainee.name == "扎西卓玛"
    assert Enrolment.objects.filter(trainee=trainee, course=course).exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"id_number": "12345"}, "An identity number has 18 characters"),
        (
            {
                "id_number": valid_id_number(42)[:17]
                + ("1" if valid_id_number(42)[17] == "0" else "0")
            },
            "check digit is wrong",
        ),
        ({"name": ""}, "Enter your name as on your identity card."),
        ({"birth_year": "3000"}, "Enter the year you were born, such as 1995."),
        ({"county": ""}, "Choose the county you live in."),
    ],
)
def test_the_about_you_form_explains_bad_input_and_keeps_nothing(
    client, new_user, course, changes, message
):
    client.force_login(new_user)

    response = client.post(url("learning_about_you"), about_you_data(course, **changes))

    assert response.status_code == 200
    assert message in page_text(response)
    assert not Trainee.objects.exists()
    assert not Enrolment.objects.exists()


def without_county_choices(html: str) -> str:
    """The page but its list of the 18 counties (which names every county anyway)."""
    return re.sub(r"<select.*?</select>", "", html, flags=re.DOTALL)


def test_the_about_you_form_refuses_someone_elses_identity_number_naming_nothing_of_them(
    client, new_user, course
):
    other = TraineeFactory(name="格桑拉姆", county=County.objects.get(code="513334"))
    client.force_login(new_user)

    response = client.post(
        url("learning_about_you"), about_you_data(course, id_number=other.id_number)
    )

    html = without_county_choices(page_text(response))
    assert (
        "A trainee with this identity number is already registered. "
        "Ask your county coordinator to link the record to your account."
    ) in html
    for secret in (other.name, other.county.name, f"no. {other.pk}", other.phone):
        assert secret not in html, secret
    assert not Trainee.objects.filter(user=new_user).exists()
    other.refresh_from_db()
    assert other.user is None


TOO_MANY = (
    "You have tried this too many times in a short while. Wait a few minutes, then try again."
)


def test_the_about_you_form_answers_five_times_in_five_minutes_then_asks_to_wait(
    client, new_user, course
):
    registered = [TraineeFactory() for _ in range(5)]
    client.force_login(new_user)
    for other in registered:
        response = client.post(
            url("learning_about_you"), about_you_data(course, id_number=other.id_number)
        )
        assert "already registered" in page_text(response)

    # The sixth, even with a number nobody has, is not looked up.
    response = client.post(url("learning_about_you"), about_you_data(course))

    assert response.status_code == 429
    assert TOO_MANY in page_text(response)
    assert "扎西卓玛" in page_text(response)  # what was typed is kept on the form
    assert not Trainee.objects.filter(user=new_user).exists()
    assert not Enrolment.objects.exists()


def test_the_about_you_limit_in_chinese_and_for_another_account(client, new_user, course):
    other = TraineeFactory()
    client.force_login(new_user)
    for _ in range(5):
        client.post(url("learning_about_you"), about_you_data(course, id_number=other.id_number))

    with translation.override("zh-hans"):
        chinese = reverse("learning_about_you")
    response = client.post(chinese, about_you_data(course))

    assert "短时间内尝试次数太多。请等几分钟再试。" in page_text(response)
    client.force_login(ProfileFactory(county=County.objects.get(code="513301")).user)
    response = client.post(url("learning_about_you"), about_you_data(course))
    assert response.status_code == 302
    assert Trainee.objects.filter(name="扎西卓玛").count() == 1


def test_bad_input_on_the_about_you_form_is_not_counted(client, new_user, course):
    client.force_login(new_user)
    for _ in range(6):
        client.post(url("learning_about_you"), about_you_data(course, id_number="12345"))

    response = client.post(url("learning_about_you"), about_you_data(course))

    assert response.status_code == 302
    assert Trainee.objects.filter(user=new_user).exists()


# Lesson page


def test_anonymous_readers_read_lessons_and_try_quizzes_without_a_record(client, course):
    first, quiz = lessons(course)
    assert client.get(en(first.url)).status_code == 200

    response = client.post(en(quiz.url), RIGHT)

    assert response.context["quiz_result"].passed
    assert "Mark as done" not in page_text(response)
    assert not QuizAttempt.objects.exists()


def progress_panel(response) -> str:
    """The lesson page's progress panel, where "Mark as done" is and answers."""
    panel = r'<section class="learning-panel" id="progress".*?</section>'
    found = re.search(panel, page_text(response), re.S)
    assert found, "no progress panel"
    return found.group(0)


def above_the_lesson(response) -> str:
    return page_text(response).split('<main id="main">')[0]


def test_an_enrolled_trainee_marks_a_lesson_done_and_lands_beside_the_next_step(
    client, trainee_user, enrolled, course
):
    first, quiz = lessons(course)
    client.force_login(trainee_user)
    english = Locale.objects.get(language_code="en")
    done_url = url("learning_lesson_done", first.get_translation(english).pk)
    html = page_text(client.get(en(first.url)))
    assert "Mark as done" in html
    assert f'action="{done_url}"' in html

    response = client.post(done_url, follow=True)

    assert response.redirect_chain[-1][0] == en(first.url) + "#progress"
    panel = progress_panel(response)
    assert "This lesson is marked as done." in panel
    assert "This lesson is marked as done." not in above_the_lesson(response)
    assert "You have done this lesson." in panel
    assert f'href="{en(quiz.url)}">Next lesson: 第二课 测验</a>' in panel
    assert enrolled.progress.filter(lesson=first).exists()


@pytest.fixture
def course_ending_in_plain_lessons():
    course = CoursePageFactory(title="网店运营")
    LessonPageFactory(parent=course, title="第一课 测验", body=[("quiz", quiz_block())])
    LessonPageFactory(parent=course, title="第二课 开店")
    LessonPageFactory(parent=course, title="第三课 上架")
    return course


def test_at_the_last_lesson_the_next_step_is_what_is_left_then_the_course(
    client, trainee_user, course_ending_in_plain_lessons
):
    course = course_ending_in_plain_lessons
    quiz, second, last = lessons(course)
    EnrolmentFactory(trainee=trainee_user.trainee, course=course)
    client.force_login(trainee_user)

    after_last = progress_panel(client.post(url("learning_lesson_done", last.pk), follow=True))
    client.post(url("learning_lesson_done", second.pk))
    client.post(quiz.url, RIGHT)
    all_done = client.get(last.url)
    when_all_done = progress_panel(all_done)

    assert "还需通过测验：第一课 测验" in after_last
    assert f'href="{quiz.url}"' in after_last
    assert "您已完成本课程。" in when_all_done
    # The way back to the course is offered once, by the pager under the lesson.
    assert page_text(all_done).count("返回课程") == 1
    pager = re.search(r'<nav class="pager".*?</nav>', page_text(all_done), re.S).group(0)
    assert f'href="{course.url}">返回课程</a>' in pager


def test_the_lesson_still_to_do_before_the_last_one_is_named(
    client, trainee_user, course_ending_in_plain_lessons
):
    course = course_ending_in_plain_lessons
    quiz, second, last = lessons(course)
    EnrolmentFactory(trainee=trainee_user.trainee, course=course)
    client.force_login(trainee_user)
    client.post(quiz.url, RIGHT)

    panel = progress_panel(client.post(url("learning_lesson_done", last.pk), follow=True))

    assert f'href="{second.url}">还未完成：第二课 开店</a>' in panel


def test_marking_done_answers_in_tibetan_beside_the_button(client, trainee_user, enrolled, course):
    first, quiz = lessons(course)
    client.force_login(trainee_user)
    tibetan = Locale.objects.get(language_code="bo")
    with translation.override("bo"):
        done_url = reverse("learning_lesson_done", args=[first.get_translation(tibetan).pk])

    response = client.post(done_url, follow=True)

    assert response.redirect_chain[-1][0] == f"/bo{first.url}#progress"
    panel = progress_panel(response)
    assert "ཐུན་ཚན་འདི་ཚར་བར་རྟགས་བཀོད་ཟིན།" in panel
    assert f'href="/bo{quiz.url}">ཐུན་ཚན་རྗེས་མ། 第二课 测验</a>' in panel


def test_a_quiz_lesson_says_to_pass_the_quiz(client, trainee_user, enrolled, course):
    quiz = lessons(course)[1]
    client.force_login(trainee_user)
    html = page_text(client.get(en(quiz.url)))
    assert "Pass the quiz to finish this lesson." in html
    assert url("learning_lesson_done", quiz.pk) not in html


def test_the_last_requirement_completes_the_course_and_links_the_certificate(
    client, trainee_user, enrolled, course
):
    first, quiz = lessons(course)
    client.force_login(trainee_user)
    client.post(url("learning_lesson_done", first.pk))

    response = client.post(en(quiz.url), RIGHT)

    certificate = Certificate.objects.get(enrolment=enrolled)
    html = page_text(response)
    assert "You have completed this course." in html
    assert url("certificate_verify", certificate.verification_code) in html
    assert url("certificate_pdf", certificate.number) in html
    assert QuizAttempt.objects.get().passed


def test_a_failed_quiz_is_recorded_for_an_enrolled_trainee(client, trainee_user, enrolled, course):
    quiz = lessons(course)[1]
    client.force_login(trainee_user)

    client.post(en(quiz.url), {"q0": "1", "q1": ["2"]})

    attempt = QuizAttempt.objects.get()
    assert (attempt.enrolment, attempt.score, attempt.passed) == (enrolled, 0, False)


@pytest.mark.parametrize("language", ["zh-hans", "bo"])
def test_an_unanswered_quiz_is_refused_and_no_attempt_kept(
    client, trainee_user, enrolled, course, language
):
    quiz = lessons(course)[1]
    client.force_login(trainee_user)
    prefix = "/bo" if language == "bo" else ""

    response = client.post(prefix + quiz.url, {"q1": ["0", "1"]})

    assert response.status_code == 400
    expected = {"zh-hans": "请为这道题选择答案。", "bo": "དྲི་བ་འདིའི་ལན་ཞིག་འདེམས་རོགས།"}
    assert page_text(response).count(expected[language]) == 1
    assert not QuizAttempt.objects.exists()
    assert not LessonProgress.objects.exists()


def test_a_trainee_not_enrolled_is_offered_to_enrol_and_their_quiz_is_not_kept(
    client, trainee_user, course
):
    quiz = lessons(course)[1]
    client.force_login(trainee_user)

    html = page_text(client.post(en(quiz.url), RIGHT))

    assert "Enrol in the course to keep your progress." in html
    assert not QuizAttempt.objects.exists()


@pytest.mark.parametrize(
    ("groups", "has_trainee_record"),
    [
        ([roles.TRAINEES], True),
        ([roles.TRAINEES], False),
        ([roles.INSTRUCTORS], False),
        ([roles.COUNTY_COORDINATORS], False),
        ([roles.PROGRAMME_MANAGERS], False),
    ],
)
def test_no_one_else_can_post_progress_into_a_trainees_enrolment(
    client, enrolled, course, groups, has_trainee_record
):
    """Progress always goes to the poster's own enrolment, never to someone else's."""
    first = lessons(course)[0]
    other = UserFactory(groups=groups)
    if has_trainee_record:
        TraineeFactory(user=other)
    client.force_login(other)

    response = client.post(url("learning_lesson_done", first.pk), follow=True)

    assert response.redirect_chain[-1][0].endswith("#progress")
    assert '<li class="message error">Enrol in the course' in progress_panel(response)
    assert progress_panel(response).count("Enrol in the course to keep your progress") == 1
    assert not LessonProgress.objects.exists()


def test_anonymous_cannot_mark_lessons_done(client, course):
    first = lessons(course)[0]
    response = client.post(url("learning_lesson_done", first.pk))
    assert response.status_code == 302
    assert "/accounts/login/" in response.url
    assert not LessonProgress.objects.exists()


def test_marking_done_needs_a_post(client, trainee_user, enrolled, course):
    client.force_login(trainee_user)
    response = client.get(url("learning_lesson_done", lessons(course)[0].pk))
    assert response.status_code == 405


# My learning


def test_my_learning_needs_a_login(client):
    response = client.get(url("learning_home"))
    assert response.status_code == 302
    assert "/accounts/login/" in response.url


def test_my_learning_shows_progress_next_lesson_and_certificates(
    client, trainee_user, enrolled, course
):
    first, quiz = lessons(course)
    learning.lesson_mark_done(enrolment=enrolled, lesson=first)
    client.force_login(trainee_user)

    html = page_text(client.get(url("learning_home")))

    assert "直播带货入门" in html
    assert '<progress max="100" value="50"' in html
    assert "1 of 2 lessons done (50%)" in html
    assert f'href="{en(quiz.url)}">Continue: 第二课 测验' in html


def test_my_learning_links_the_certificate(client, trainee_user, enrolled, course):
    first, quiz = lessons(course)
    learning.lesson_mark_done(enrolment=enrolled, lesson=first)
    LessonProgress.objects.create(enrolment=enrolled, lesson=quiz, source="quiz")
    QuizAttempt.objects.create(enrolment=enrolled, lesson=quiz, answers=[], score=100, passed=True)
    certificate = learning.completion_check(enrolment=enrolled)
    client.force_login(trainee_user)

    html = page_text(client.get(url("learning_home")))

    assert f"Certificate {certificate.number}" in html
    assert url("certificate_verify", certificate.verification_code) in html
    assert url("certificate_pdf", certificate.number) in html
    assert "Download the certificate (PDF)" in html


def test_my_learning_offers_no_download_of_a_revoked_certificate(client, trainee_user, certificate):
    manager = UserFactory(groups=[roles.PROGRAMME_MANAGERS])
    learning.certificate_revoke(certificate=certificate, by=manager, reason="冒名")
    client.force_login(trainee_user)

    html = page_text(client.get(url("learning_home")))

    assert "Revoked" in html
    assert url("certificate_pdf", certificate.number) not in html


@pytest.mark.parametrize(
    "groups",
    [
        [roles.TRAINEES],
        [roles.INSTRUCTORS],
        [roles.COUNTY_COORDINATORS],
        [roles.PROGRAMME_MANAGERS],
    ],
)
def test_no_one_sees_another_persons_learning(client, enrolled, groups):
    """Whatever their role, a person's /learn/ shows their own enrolments only."""
    someone = UserFactory(groups=groups)
    client.force_login(someone)

    html = page_text(client.get(url("learning_home")))

    assert "You are not enrolled in any course yet." in html
    assert "直播带货入门" not in html


def test_a_coordinator_of_the_trainees_county_sees_no_other_learning_page(client, enrolled):
    coordinator = ProfileFactory(
        user=UserFactory(groups=[roles.COUNTY_COORDINATORS]), county=enrolled.trainee.county
    ).user
    client.force_login(coordinator)
    assert "直播带货入门" not in page_text(client.get(url("learning_home")))


def test_my_learning_shows_what_other_apps_add_for_a_trainee(client, trainee_user, enrolled):
    """LEARNING_HOME_EXTRAS_HOOK: each registered function's HTML, above the courses; none
    for a person with no trainee record, and a function answering None adds nothing."""
    seen = []

    def extra(trainee, request):
        seen.append(trainee)
        return mark_safe(f'<p class="card card-body">Extra for {trainee.name}</p>')  # noqa: S308

    with (
        hooks.register_temporarily(LEARNING_HOME_EXTRAS_HOOK, extra),
        hooks.register_temporarily(LEARNING_HOME_EXTRAS_HOOK, lambda trainee, request: None),
    ):
        client.force_login(trainee_user)
        html = page_text(client.get(url("learning_home")))
        assert '<p class="card card-body">Extra for 扎西卓玛</p>' in html
        # (The incubator's card, above too, names the course left to finish.)
        assert html.index("Extra for") < html.index('<article class="card learning-course">')
        assert seen == [enrolled.trainee]

        client.force_login(UserFactory(groups=[roles.PROGRAMME_MANAGERS]))
        assert "Extra for" not in page_text(client.get(url("learning_home")))
        assert seen == [enrolled.trainee]


def queries_of_my_learning(client, user) -> int:
    client.force_login(user)
    client.get(url("learning_home"))  # the site's root paths are cached on the first request
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url("learning_home"))
    assert response.status_code == 200
    return len(queries)


def test_my_learning_takes_as_many_queries_for_30_enrolments_as_for_3(client):
    few, many = UserFactory(), UserFactory()
    for user, count in ((few, 3), (many, 30)):
        trainee = TraineeFactory(user=user)
        for _ in range(count):
            course = CoursePageFactory()
            LessonPageFactory(parent=course)
            LessonPageFactory(parent=course)
            EnrolmentFactory(trainee=trainee, course=course)

    assert queries_of_my_learning(client, few) == queries_of_my_learning(client, many)


# Verification


@pytest.fixture
def certificate(enrolled):
    return Certificate.objects.create(
        enrolment=enrolled,
        number="EAGLE-2026-000123",
        verification_code="abc123XYZ",
        issued_on="2026-05-04",
    )


def test_anyone_can_verify_a_valid_certificate(client, certificate):
    html = page_text(client.get(url("certificate_verify", "abc123XYZ")))

    assert "This certificate is valid." in html
    assert "EAGLE-2026-000123" in html
    assert "2026-05-04" in html
    assert "直播带货入门" in html
    assert "扎**玛" in html
    assert "扎西卓玛" not in html
    assert certificate.enrolment.trainee.id_number not in html


def test_a_revoked_certificate_says_so_with_the_date(client, certificate):
    manager = UserFactory(groups=[roles.PROGRAMME_MANAGERS])
    revoked = learning.certificate_revoke(certificate=certificate, by=manager, reason="冒名")

    html = page_text(client.get(url("certificate_verify", "abc123XYZ")))

    revoked_on = timezone.localdate(revoked.revoked_at)
    assert f"This certificate was revoked on {revoked_on:%Y-%m-%d}." in html
    assert "This certificate is valid." not in html
    assert "冒名" not in html


def test_an_unknown_code_is_a_clear_404(client, certificate):
    response = client.get(url("certificate_verify", "ABC123xyz"))
    assert response.status_code == 404
    assert "No certificate has this verification code." in page_text(response)


# Checking without a connection (the page's script is tested in
# tests/browser/test_certificate_offline.py)


def signed_check(html: str) -> str:
    """The opening tag of the signed statement's section."""
    return re.search(r'<section id="signed-check"[^>]*>', html, re.S).group(0)


def test_without_javascript_the_page_is_the_servers_check_alone(client, certificate):
    html = page_text(client.get(url("certificate_verify", "abc123XYZ")))

    # The statement's check is hidden until the script shows it; the script waits for
    # the page (defer) and comes from the site itself, as the policy asks.
    assert " hidden" in signed_check(html)
    assert re.search(r'<script src="/static/trainees/certificate-check\.js" defer>', html)
    assert 'id="offline-ready" hidden' in html
    assert 'data-number="EAGLE-2026-000123"' in signed_check(html)


def test_the_check_says_its_verdicts_in_the_readers_language(client, certificate):
    html = page_text(client.get(url("certificate_verify", "abc123XYZ")))

    assert (
        'data-say-valid="✓ Valid, signed by the programme, revocation list of {date}."'
        in signed_check(html)
    )
    chinese = page_text(client.get(f"/certificates/verify/{certificate.verification_code}/"))
    assert "经项目签名；撤销名单日期：{date}。" in signed_check(chinese)
    tibetan = page_text(client.get(f"/bo/certificates/verify/{certificate.verification_code}/"))
    assert "ལས་གཞིས་མིང་རྟགས་བཀོད་ཡོད།" in signed_check(tibetan)


@pytest.mark.parametrize(
    ("prefix", "workers"),
    [
        ("", "/certificates/verify/service-worker.js"),
        ("/bo", "/certificates/verify/service-worker.js /bo/certificates/verify/service-worker.js"),
    ],
)
def test_the_page_registers_the_worker_of_the_qr_codes_addresses_and_its_own(
    client, certificate, prefix, workers
):
    html = page_text(client.get(f"{prefix}/certificates/verify/abc123XYZ/"))

    assert f'data-workers="{workers}"' in signed_check(html)
    assert 'data-keys="/certificates/keys.json"' in signed_check(html)
    assert 'data-revocations="/certificates/revocations.json"' in signed_check(html)
    assert f'data-shell="{prefix}/certificates/verify/offline/"' in signed_check(html)


@pytest.mark.parametrize("prefix", ["", "/bo", "/en"])
def test_the_service_worker_is_served_from_its_scope_and_read_afresh(client, prefix):
    response = client.get(f"{prefix}/certificates/verify/service-worker.js")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert response["Cache-Control"] == "no-cache"
    assert 'const CACHE = "eagle-certificate-check-1";' in page_text(response)


def test_the_script_and_its_worker_share_the_cache_they_fill_and_read():
    from django.contrib.staticfiles import finders
    from django.template.loader import render_to_string

    script = Path(finders.find("trainees/certificate-check.js")).read_text(encoding="utf-8")
    worker = render_to_string("trainees/learning/certificate_service_worker.js")
    for constant in (
        'const CACHE = "eagle-certificate-check-1";',
        'const LAST_SHELL = "/certificates/verify/offline/?last";',
    ):
        assert constant in script
        assert constant in worker


def test_the_offline_check_is_a_page_of_its_own_not_a_code(client, certificate):
    response = client.get(en("/certificates/verify/offline/"))

    html = page_text(response)
    assert response.status_code == 200
    assert "No certificate has this verification code." not in html
    assert "no connection is needed" in html
    assert "data-number" not in signed_check(html)
    assert '<dd data-fact="holder"></dd>' in html
    # Fetched by the script on every verification page: kept a day by this browser only.
    assert set(response["Cache-Control"].split(", ")) == {"private", "max-age=86400"}
