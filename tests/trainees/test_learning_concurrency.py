"""Completions at the same moment, each in its own thread and database connection."""

import threading

import pytest

from django.conf import settings
from django.db import connection, connections
from django.utils import translation

from wagtail.models import Locale, Page

from courses.factories import CoursePageFactory, LessonPageFactory, ProgrammePageFactory
from courses.models import CourseIndexPage, CoursePage, HomePage
from trainees import learning
from trainees.factories import EnrolmentFactory
from trainees.models import Certificate, County, Enrolment, LessonProgress

pytestmark = [
    pytest.mark.skipif(
        connection.vendor == "sqlite",
        reason="SQLite locks the whole database and has no SELECT ... FOR UPDATE: "
        "run with DATABASE_URL=postgres://... to test row locking",
    ),
    # Committed writes, so that each thread's own connection sees them; the migrated data
    # (counties, locales, the root page) is restored before each test.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def a_course_with_one_lesson() -> CoursePage:
    locale, _ = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root", locale=locale)
    home = root.add_child(instance=HomePage(title="首页", slug="concurrency-home", locale=locale))
    catalogue = home.add_child(
        instance=CourseIndexPage(title="课程", slug="courses", locale=locale)
    )
    track = ProgrammePageFactory(parent=catalogue)
    course = CoursePageFactory(parent=track)
    LessonPageFactory(parent=course)
    County.objects.get_or_create(
        code="513334", defaults={"name": "理塘县"}
    )  # TraineeFactory's county
    return course


THREADS = 20


def lessons_all_done(course, trainee=None):
    enrolment = EnrolmentFactory(course=course, **({"trainee": trainee} if trainee else {}))
    for lesson in learning.course_lessons(course):
        LessonProgress.objects.create(enrolment=enrolment, lesson=lesson, source="marked")
    return enrolment


def run_at_once(work, count: int) -> list:
    """Run work(i) in `count` threads released together; their results or exceptions."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def run(i):
        try:
            barrier.wait()
            with translation.override("en"):  # a new thread has no language of its own
                results[i] = work(i)
        except Exception as error:  # noqa: BLE001 (the test looks at each outcome)
            results[i] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_twenty_simultaneous_completions_issue_exactly_one_certificate():
    course = a_course_with_one_lesson()
    enrolment = lessons_all_done(course)

    results = run_at_once(lambda _: learning.completion_check(enrolment=enrolment), THREADS)

    certificates = [result for result in results if isinstance(result, Certificate)]
    refusals = [result for result in results if isinstance(result, learning.CourseAlreadyComplete)]
    assert len(certificates) == 1
    assert len(refusals) == THREADS - 1
    assert "already complete" in refusals[0].messages[0]
    assert Certificate.objects.filter(enrolment=enrolment).count() == 1


def test_courses_completed_at_the_same_moment_get_different_numbers():
    course = a_course_with_one_lesson()
    enrolments = [lessons_all_done(course) for _ in range(10)]

    results = run_at_once(
        lambda i: learning.completion_check(enrolment=enrolments[i]), len(enrolments)
    )

    assert all(isinstance(result, Certificate) for result in results), results
    numbers = sorted(Certificate.objects.values_list("number", flat=True))
    assert len(set(numbers)) == 10
    assert [int(number[-6:]) for number in numbers] == list(range(1, 11))


def test_batches_completed_at_the_same_moment_get_different_numbers():
    course = a_course_with_one_lesson()
    batches = [[lessons_all_done(course) for _ in range(5)] for _ in range(4)]
    single = lessons_all_done(course)

    def work(i):
        if i == len(batches):
            return [learning.completion_check(enrolment=single)]
        ids = [enrolment.pk for enrolment in batches[i]]
        return learning.completions_check(enrolments=Enrolment.objects.filter(pk__in=ids))

    results = run_at_once(work, len(batches) + 1)

    assert all(isinstance(result, list) for result in results), results
    numbers = sorted(Certificate.objects.values_list("number", flat=True))
    assert [int(number[-6:]) for number in numbers] == list(range(1, 22))
