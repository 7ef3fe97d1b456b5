"""The database failing in the middle of a completion: nothing of it is left half-written.

Each test lets the first writes of a service happen, then fails a later step the way a
lost connection does (OperationalError), and finds the data as it was before; the same
call made again once the database answers completes.
"""

import datetime

import pytest

from django.db import OperationalError
from django.utils import timezone

from courses.factories import CoursePageFactory, LessonPageFactory, quiz_block
from tests.trainees.test_learning import RIGHT, marked
from trainees import attendance, learning
from trainees.choices import ProgressSource
from trainees.factories import CohortFactory, CohortSessionFactory, EnrolmentFactory
from trainees.models import Attendance, Certificate, Enrolment, LessonProgress, QuizAttempt

pytestmark = pytest.mark.django_db


def connection_lost(*args, **kwargs):
    raise OperationalError("server closed the connection unexpectedly")


@pytest.fixture
def certificates_fail(monkeypatch):
    """Issuing certificates fails: the last step of a completion, after the enrolment's
    completed_at was written."""
    monkeypatch.setattr(learning, "_certificates_issue", connection_lost)
    return monkeypatch


def written(enrolment: Enrolment) -> dict:
    enrolment.refresh_from_db()
    return {
        "progress": LessonProgress.objects.filter(enrolment=enrolment).count(),
        "attempts": QuizAttempt.objects.filter(enrolment=enrolment).count(),
        "attendance": Attendance.objects.filter(trainee=enrolment.trainee).count(),
        "completed_at": enrolment.completed_at,
        "certificates": Certificate.objects.filter(enrolment=enrolment).count(),
    }


@pytest.fixture
def plain_course():
    course = CoursePageFactory()
    LessonPageFactory(parent=course, title="第一课")
    LessonPageFactory(parent=course, title="第二课")
    return course


def test_the_last_lesson_marked_done_leaves_no_progress_and_no_completion(
    plain_course, certificates_fail
):
    enrolment = EnrolmentFactory(course=plain_course)
    first, last = learning.course_lessons(plain_course)
    learning.lesson_mark_done(enrolment=enrolment, lesson=first)
    before = written(enrolment)

    with pytest.raises(OperationalError):
        learning.lesson_mark_done(enrolment=enrolment, lesson=last)

    assert written(enrolment) == before
    assert before["progress"] == 1
    certificates_fail.undo()
    certificate = learning.lesson_mark_done(enrolment=enrolment, lesson=last)
    assert written(enrolment)["certificates"] == 1 and certificate.is_valid


def test_the_last_quiz_passed_leaves_no_attempt_no_progress_and_no_completion(certificates_fail):
    course = CoursePageFactory()
    quiz = LessonPageFactory(parent=course, body=[("quiz", quiz_block())])
    enrolment = EnrolmentFactory(course=course)
    answers, result = marked(RIGHT)

    with pytest.raises(OperationalError):
        learning.quiz_attempt_record(
            enrolment=enrolment, lesson=quiz, answers=answers, result=result
        )

    assert written(enrolment) == {
        "progress": 0,
        "attempts": 0,
        "attendance": 0,
        "completed_at": None,
        "certificates": 0,
    }
    certificates_fail.undo()
    learning.quiz_attempt_record(enrolment=enrolment, lesson=quiz, answers=answers, result=result)
    assert written(enrolment) | {"completed_at": None} == {
        "progress": 1,
        "attempts": 1,
        "attendance": 0,
        "completed_at": None,
        "certificates": 1,
    }


def test_a_roster_that_completes_courses_leaves_no_attendance_and_no_completion(
    certificates_fail,
):
    course = CoursePageFactory(attendance_required=100)
    lesson = LessonPageFactory(parent=course)
    cohort = CohortFactory(courses=[course])
    session = CohortSessionFactory(
        cohort=cohort, starts_at=timezone.now() - datetime.timedelta(days=1)
    )
    enrolments = [EnrolmentFactory(course=course, cohort=cohort) for _ in range(2)]
    for enrolment in enrolments:
        learning.lesson_mark_done(enrolment=enrolment, lesson=lesson)
    present = [enrolment.trainee_id for enrolment in enrolments]

    with pytest.raises(OperationalError):
        attendance.attendance_roster_save(session=session, present_trainee_ids=present)

    assert [written(enrolment) for enrolment in enrolments] == 2 * [
        {"progress": 1, "attempts": 0, "attendance": 0, "completed_at": None, "certificates": 0}
    ]
    certificates_fail.undo()
    attendance.attendance_roster_save(session=session, present_trainee_ids=present)
    assert [written(enrolment)["certificates"] for enrolment in enrolments] == [1, 1]


def test_completions_of_many_enrolments_leave_none_completed(plain_course, monkeypatch):
    """The enrolments are marked complete in one statement, their certificates in the next."""
    enrolments = [EnrolmentFactory(course=plain_course) for _ in range(3)]
    for enrolment in enrolments:
        LessonProgress.objects.bulk_create(
            LessonProgress(enrolment=enrolment, lesson=lesson, source=ProgressSource.MARKED)
            for lesson in learning.course_lessons(plain_course)
        )
    monkeypatch.setattr(learning, "_certificates_issue", connection_lost)

    with pytest.raises(OperationalError):
        learning.completions_check(
            enrolments=Enrolment.objects.filter(pk__in=[e.pk for e in enrolments])
        )

    assert not Enrolment.objects.filter(completed_at__isnull=False).exists()
    assert not Certificate.objects.exists()
