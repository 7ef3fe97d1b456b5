import datetime
import re

import pytest

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import QueryDict
from django.utils import timezone

from wagtail.models import Locale

from courses.factories import CoursePageFactory, LessonPageFactory, quiz_block
from courses.quiz import chosen_answers, mark_quiz
from courses.services import translation_aliases_create
from trainees import learning, roles
from trainees.choices import EnrolmentSource, Gender
from trainees.factories import (
    CohortFactory,
    CohortSessionFactory,
    EnrolmentFactory,
    TraineeFactory,
    UserFactory,
    valid_id_number,
)
from trainees.models import (
    Attendance,
    Certificate,
    County,
    Enrolment,
    LessonProgress,
    QuizAttempt,
    Trainee,
)

pytestmark = pytest.mark.django_db

RIGHT = "q0=0&q1=0&q1=1"
WRONG = "q0=1"


def two_days_ago():
    """The start of a session that has ended."""
    return timezone.now() - datetime.timedelta(days=2)


def marked(query: str):
    answers = chosen_answers(quiz_block(), QueryDict(query))
    return answers, mark_quiz(quiz_block(), answers)


@pytest.fixture
def course():
    """A course of two plain lessons and one with a quiz, in tree order."""
    course = CoursePageFactory(attendance_required=50)
    LessonPageFactory(parent=course, title="第一课")
    LessonPageFactory(parent=course, title="第二课")
    LessonPageFactory(parent=course, title="测验课", body=[("quiz", quiz_block())])
    return course


def lessons(course):
    return list(learning.course_lessons(course).specific())


@pytest.fixture
def enrolment(course):
    return EnrolmentFactory(course=course)


def finish(enrolment):
    """Every lesson done, the quiz passed: returns the certificate if one was issued."""
    first, second, quiz = lessons(enrolment.course)
    learning.lesson_mark_done(enrolment=enrolment, lesson=first)
    learning.lesson_mark_done(enrolment=enrolment, lesson=second)
    answers, result = marked(RIGHT)
    return learning.quiz_attempt_record(
        enrolment=enrolment, lesson=quiz, answers=answers, result=result
    )[1]


# Which course counts


def test_a_tibetan_alias_of_a_course_counts_as_the_chinese_course(course):
    aliases = translation_aliases_create(page=course)
    tibetan = next(page for page in aliases if page.locale.language_code == "bo")

    assert learning.canonical_page(tibetan.specific) == course
    assert learning.canonical_page(course) == course


def test_enrolling_from_the_tibetan_page_enrols_in_the_chinese_course(course):
    tibetan = next(
        page
        for page in translation_aliases_create(page=course)
        if page.locale == Locale.objects.get(language_code="bo")
    )
    trainee = TraineeFactory()

    enrolment = learning.enrolment_create(
        trainee=trainee, course=tibetan.specific, source=EnrolmentSource.SELF
    )

    assert enrolment.course_id == course.pk


def test_progress_on_a_tibetan_lesson_counts_for_the_chinese_lesson(course, enrolment):
    first = lessons(course)[0]
    tibetan_lesson = next(
        page for page in translation_aliases_create(page=first) if page.locale.language_code == "bo"
    )

    learning.lesson_mark_done(enrolment=enrolment, lesson=tibetan_lesson.specific)

    assert list(enrolment.progress.values_list("lesson", flat=True)) == [first.pk]


# Trainee records


def test_a_user_without_a_trainee_record_has_none():
    assert learning.trainee_for_user(UserFactory()) is None


def test_trainee_create_for_user_links_the_new_record():
    user = UserFactory()
    county = County.objects.first()

    trainee = learning.trainee_create_for_user(
        user=user,
        name="扎西卓玛",
        gender=Gender.FEMALE,
        birth_year=1998,
        county=county,
        id_number=valid_id_number(7),
    )

    assert learning.trainee_for_user(user) == trainee
    assert (trainee.name, trainee.county) == ("扎西卓玛", county)


def test_trainee_create_refuses_an_identity_number_already_registered():
    other = TraineeFactory()
    user = UserFactory()

    with pytest.raises(ValidationError, match="already registered"):
        learning.trainee_create_for_user(
            user=user,
            name="扎西",
            gender=Gender.MALE,
            birth_year=1990,
            county=other.county,
            id_number=other.id_number,
        )
    assert learning.trainee_for_user(user) is None


def test_trainee_create_refuses_a_wrong_check_digit():
    user = UserFactory()
    valid = valid_id_number(3)
    wrong = valid[:17] + ("0" if valid[17] != "0" else "1")

    with pytest.raises(ValidationError, match="check digit is wrong"):
        learning.trainee_create_for_user(
            user=user,
            name="扎西",
            gender=Gender.MALE,
            birth_year=1990,
            county=County.objects.first(),
            id_number=wrong,
        )
    assert not Trainee.objects.filter(user=user).exists()


def test_a_user_gets_only_one_trainee_record():
    trainee = TraineeFactory(user=UserFactory())

    with pytest.raises(ValidationError, match="already has a trainee record"):
        learning.trainee_create_for_user(
            user=trainee.user,
            name="另一个",
            gender=Gender.MALE,
            birth_year=1990,
            county=trainee.county,
            id_number=valid_id_number(9),
        )
    assert Trainee.objects.filter(user=trainee.user).count() == 1


# Enrolment


def test_enrolling_twice_gives_back_the_same_enrolment(course):
    trainee = TraineeFactory()
    first = learning.enrolment_create(trainee=trainee, course=course, source=EnrolmentSource.SELF)

    again = learning.enrolment_create(trainee=trainee, course=course, source=EnrolmentSource.SELF)

    assert again == first
    assert Enrolment.objects.filter(trainee=trainee).count() == 1


def test_a_coordinator_enrolling_someone_twice_is_told(course, enrolment):
    with pytest.raises(ValidationError, match="is already enrolled in"):
        learning.enrolment_create(
            trainee=enrolment.trainee, course=course, source=EnrolmentSource.COORDINATOR
        )
    assert Enrolment.objects.filter(trainee=enrolment.trainee).count() == 1


def test_self_enrolment_needs_a_live_course(course):
    course.unpublish()
    trainee = TraineeFactory()

    with pytest.raises(ValidationError, match="not open for enrolment"):
        learning.enrolment_create(trainee=trainee, course=course, source=EnrolmentSource.SELF)
    assert not Enrolment.objects.filter(trainee=trainee).exists()


def test_a_cohort_enrolment_needs_a_cohort_teaching_the_course(course):
    cohort = CohortFactory()
    trainee = TraineeFactory()

    with pytest.raises(ValidationError, match="does not teach"):
        learning.enrolment_create(
            trainee=trainee, course=course, cohort=cohort, source=EnrolmentSource.COORDINATOR
        )
    assert not Enrolment.objects.filter(trainee=trainee).exists()


# Progress and quizzes


def test_the_resume_point_is_the_first_lesson_not_done(course, enrolment):
    first, second, quiz = lessons(course)
    assert learning.resume_lesson(enrolment) == first

    learning.lesson_mark_done(enrolment=enrolment, lesson=first)
    assert learning.resume_lesson(enrolment) == second

    learning.lesson_mark_done(enrolment=enrolment, lesson=second)
    assert learning.resume_lesson(enrolment).pk == quiz.pk


def test_marking_a_lesson_done_twice_keeps_one_record(course, enrolment):
    first = lessons(course)[0]
    learning.lesson_mark_done(enrolment=enrolment, lesson=first)
    learning.lesson_mark_done(enrolment=enrolment, lesson=first)

    assert enrolment.progress.count() == 1


def test_a_quiz_lesson_is_done_by_passing_the_quiz_not_by_marking(course, enrolment):
    quiz = lessons(course)[2]

    with pytest.raises(ValidationError, match="Pass the quiz"):
        learning.lesson_mark_done(enrolment=enrolment, lesson=quiz)
    assert not enrolment.progress.exists()


def test_a_lesson_of_another_course_cannot_be_marked(enrolment):
    elsewhere = LessonPageFactory()

    with pytest.raises(ValidationError, match="not part of a course you are enrolled in"):
        learning.lesson_mark_done(enrolment=enrolment, lesson=elsewhere)
    assert not LessonProgress.objects.exists()


def test_a_failed_quiz_is_kept_with_its_answers_but_does_not_finish_the_lesson(course, enrolment):
    quiz = lessons(course)[2]
    answers, result = marked(WRONG)

    attempt, certificate = learning.quiz_attempt_record(
        enrolment=enrolment, lesson=quiz, answers=answers, result=result
    )

    attempt.refresh_from_db()
    assert (attempt.score, attempt.passed, attempt.answers) == (0, False, [[1], []])
    assert certificate is None
    assert not enrolment.progress.exists()


def test_a_passed_quiz_finishes_the_lesson(course, enrolment):
    quiz = lessons(course)[2]
    answers, result = marked(RIGHT)

    learning.quiz_attempt_record(enrolment=enrolment, lesson=quiz, answers=answers, result=result)

    assert list(enrolment.progress.values_list("lesson", "source")) == [(quiz.pk, "quiz")]


def test_quiz_answers_for_a_course_not_enrolled_in_are_refused(enrolment):
    other_quiz = LessonPageFactory(body=[("quiz", quiz_block())])
    answers, result = marked(RIGHT)

    with pytest.raises(ValidationError, match="not part of a course you are enrolled in"):
        learning.quiz_attempt_record(
            enrolment=enrolment, lesson=other_quiz, answers=answers, result=result
        )
    assert not QuizAttempt.objects.exists()
    assert not LessonProgress.objects.exists()


# Completion and certificates


def test_the_last_requirement_completes_the_course_and_issues_the_certificate(enrolment):
    certificate = finish(enrolment)

    enrolment.refresh_from_db()
    assert enrolment.completed_at is not None
    assert certificate.enrolment == enrolment
    assert re.fullmatch(r"EAGLE-\d{4}-000001", certificate.number)
    assert certificate.number[6:10] == str(timezone.localdate().year)
    assert certificate.issued_on == timezone.localdate()
    assert len(certificate.verification_code) >= 20
    assert certificate.is_valid


def test_certificate_numbers_follow_each_other_and_codes_differ(course):
    first = finish(EnrolmentFactory(course=course))
    second = finish(EnrolmentFactory(course=course))

    assert int(second.number[-6:]) == int(first.number[-6:]) + 1
    assert first.verification_code != second.verification_code


def test_a_course_is_not_complete_while_a_lesson_is_left(course, enrolment):
    first = lessons(course)[0]
    learning.lesson_mark_done(enrolment=enrolment, lesson=first)

    assert learning.completion_check(enrolment=enrolment) is None
    enrolment.refresh_from_db()
    assert enrolment.completed_at is None
    assert not Certificate.objects.exists()


def test_a_quiz_must_be_passed_even_if_its_lesson_was_marked_before_the_quiz_came(
    course, enrolment
):
    first, second, quiz = lessons(course)
    for lesson in (first, second, quiz):
        LessonProgress.objects.create(enrolment=enrolment, lesson=lesson, source="marked")

    left = learning.requirements_left(enrolment)

    assert [lesson.pk for lesson in left.quizzes_to_pass] == [quiz.pk]
    assert learning.completion_check(enrolment=enrolment) is None


def test_completing_again_is_refused_and_issues_no_second_certificate(enrolment):
    finish(enrolment)

    with pytest.raises(ValidationError, match="already complete"):
        learning.completion_check(enrolment=enrolment)
    assert Certificate.objects.count() == 1


def test_a_cohort_trainee_also_needs_the_required_attendance(course):
    cohort = CohortFactory()
    cohort.courses.add(course)
    enrolment = EnrolmentFactory(course=course, cohort=cohort)
    sessions = [CohortSessionFactory(cohort=cohort, starts_at=two_days_ago()) for _ in range(3)]
    # A session still to come does not count.
    CohortSessionFactory(
        cohort=cohort,
        starts_at=timezone.now() + datetime.timedelta(days=1),
    )
    Attendance.objects.create(session=sessions[0], trainee=enrolment.trainee, method="roster")

    assert finish(enrolment) is None  # 1 of 3 ended sessions: 33% < 50%
    assert learning.requirements_left(enrolment).sessions_counted == 3

    Attendance.objects.create(session=sessions[1], trainee=enrolment.trainee, method="qr")
    certificate = learning.completion_check(enrolment=enrolment)  # 2 of 3: 67%

    assert certificate is not None


def test_absences_do_not_count_as_attendance(course):
    cohort = CohortFactory()
    cohort.courses.add(course)
    enrolment = EnrolmentFactory(course=course, cohort=cohort)
    session = CohortSessionFactory(cohort=cohort, starts_at=two_days_ago())
    Attendance.objects.create(
        session=session, trainee=enrolment.trainee, present=False, method="roster"
    )

    assert finish(enrolment) is None


def test_a_session_in_progress_counts_once_the_trainee_is_marked_present(course):
    cohort = CohortFactory()
    cohort.courses.add(course)
    enrolment = EnrolmentFactory(course=course, cohort=cohort)
    missed = CohortSessionFactory(cohort=cohort, starts_at=two_days_ago())
    today = CohortSessionFactory(cohort=cohort)  # started ten minutes ago
    Attendance.objects.create(
        session=missed, trainee=enrolment.trainee, present=False, method="roster"
    )
    Attendance.objects.create(
        session=today, trainee=enrolment.trainee, present=False, method="roster"
    )
    left = learning.requirements_left(enrolment)
    assert (left.sessions_counted, left.sessions_attended) == (1, 0)  # today's not over

    Attendance.objects.filter(session=today).update(present=True)
    left = learning.requirements_left(enrolment)

    assert (left.sessions_counted, left.sessions_attended) == (2, 1)
    assert left.attendance_met  # 50%


# Revoking


@pytest.fixture
def manager():
    return UserFactory(groups=[roles.PROGRAMME_MANAGERS])


def test_a_manager_revokes_a_certificate_with_a_reason(enrolment, manager):
    certificate = finish(enrolment)

    learning.certificate_revoke(certificate=certificate, by=manager, reason="  冒名顶替  ")

    certificate.refresh_from_db()
    assert not certificate.is_valid
    assert (certificate.revoked_by, certificate.revoke_reason) == (manager, "冒名顶替")


def test_revoking_needs_a_reason(enrolment, manager):
    certificate = finish(enrolment)

    with pytest.raises(ValidationError, match="Say why"):
        learning.certificate_revoke(certificate=certificate, by=manager, reason="   ")
    certificate.refresh_from_db()
    assert certificate.is_valid


def test_a_certificate_is_revoked_only_once(enrolment, manager):
    certificate = finish(enrolment)
    learning.certificate_revoke(certificate=certificate, by=manager, reason="第一次")

    with pytest.raises(ValidationError, match="already revoked"):
        learning.certificate_revoke(certificate=certificate, by=manager, reason="第二次")
    certificate.refresh_from_db()
    assert certificate.revoke_reason == "第一次"


@pytest.mark.parametrize("group", [None, roles.COUNTY_COORDINATORS, roles.INSTRUCTORS])
def test_only_programme_managers_revoke(enrolment, group):
    certificate = finish(enrolment)
    someone = UserFactory(groups=[group] if group else [])

    with pytest.raises(PermissionDenied, match="Only programme managers"):
        learning.certificate_revoke(certificate=certificate, by=someone, reason="不行")
    certificate.refresh_from_db()
    assert certificate.is_valid


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("扎西卓玛", "扎**玛"),
        ("扎西拉姆", "扎**姆"),
        ("卓玛", "卓*"),
        ("王", "*"),
        ("李小明", "李*明"),
        # Tibetan by syllables: one letter alone would be half a syllable, its vowel apart.
        ("ཚེ་རིང་སྒྲོལ་མ།", "ཚེ་*་*་མ"),
        ("བཀྲ་ཤིས།", "བཀྲ་*"),
        ("ལྷ་མོ་", "ལྷ་*"),
        ("སྒྲོལ།", "*"),
    ],
)
def test_names_are_masked_keeping_the_first_and_last_character(name, masked):
    assert learning.masked_name(name) == masked
