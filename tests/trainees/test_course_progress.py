"""A course page ticks the lessons its enrolled reader has done and says how far they are;
no one else ever sees those ticks, and the page reads the same number of rows however
many lessons the course has."""

import re

import pytest

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from courses.factories import CoursePageFactory, LessonPageFactory
from courses.services import translation_aliases_create
from trainees import learning, roles
from trainees.choices import ProgressSource
from trainees.factories import EnrolmentFactory, TraineeFactory, UserFactory
from trainees.models import LessonProgress

pytestmark = pytest.mark.django_db


def course_with(lesson_count: int):
    course = CoursePageFactory(title="松茸网店运营")
    for number in range(1, lesson_count + 1):
        LessonPageFactory(parent=course, title=f"第{number}课")
    translation_aliases_create(page=course)
    for lesson in learning.course_lessons(course):
        translation_aliases_create(page=lesson)
    return course


def trainee_user(name: str):
    user = UserFactory(groups=[roles.TRAINEES])
    TraineeFactory(user=user, name=name)
    return user


def mark_done(enrolment, lessons) -> None:
    for lesson in lessons:
        LessonProgress.objects.create(
            enrolment=enrolment, lesson=lesson, source=ProgressSource.MARKED
        )


def lesson_items(html: str) -> list[str]:
    listed = re.search(r'<ol class="lessons">(.*?)</ol>', html, re.S).group(1)
    items = re.findall(r"<li.*?</li>", listed)
    return [re.sub(r"<[^>]+>|\s+", " ", item).split() for item in items]


def ticked(html: str) -> list[str]:
    """The titles of the lessons shown done."""
    return [item[0] for item in lesson_items(html) if "✓" in item]


@pytest.fixture
def course():
    return course_with(4)


@pytest.fixture
def tashi(course):
    user = trainee_user("扎西")
    enrolment = EnrolmentFactory(trainee=user.trainee, course=course)
    mark_done(enrolment, list(learning.course_lessons(course))[:3])
    return user


def test_an_enrolled_trainee_sees_ticks_with_words_and_how_far_they_are(client, course, tashi):
    client.force_login(tashi)

    html = client.get(f"/en{course.url}").content.decode()

    assert ticked(html) == ["第1课", "第2课", "第3课"]
    assert '<span class="lesson-done"><span aria-hidden="true">✓</span> Done</span>' in html
    assert "3 of 4 lessons done" in html


def test_the_ticks_and_progress_speak_chinese_and_tibetan(client, course, tashi):
    client.force_login(tashi)
    chinese = client.get(course.url).content.decode()
    tibetan = client.get(f"/bo{course.url}").content.decode()

    assert ticked(chinese) == ticked(tibetan) == ["第1课", "第2课", "第3课"]
    assert "已完成 3 课时，共 4 课时" in chinese
    assert "✓</span> 完成" in chinese
    assert "Done" not in tibetan and "lessons done" not in tibetan
    assert "✓</span> ལེགས་གྲུབ།" in tibetan


def test_progress_done_in_chinese_ticks_the_english_page(client, course, tashi):
    client.force_login(tashi)
    assert ticked(client.get(f"/en{course.url}").content.decode()) == ["第1课", "第2课", "第3课"]


def test_a_trainee_just_enrolled_sees_none_done(client, course):
    user = trainee_user("卓玛")
    EnrolmentFactory(trainee=user.trainee, course=course)
    client.force_login(user)

    html = client.get(f"/en{course.url}").content.decode()

    assert ticked(html) == []
    assert "0 of 4 lessons done" in html


def test_another_trainee_and_a_visitor_never_see_someones_ticks(course, tashi):
    first_lesson = learning.course_lessons(course).first()
    own = Client()
    own.force_login(tashi)
    assert ticked(own.get(course.url).content.decode()) == ["第1课", "第2课", "第3课"]
    assert "您已完成本课时。" in own.get(first_lesson.url).content.decode()  # kept fragments, too

    other_user = trainee_user("卓玛")
    EnrolmentFactory(trainee=other_user.trainee, course=course)
    other = Client()
    other.force_login(other_user)
    other_course = other.get(course.url).content.decode()
    assert ticked(other_course) == []
    assert "已完成 0 课时，共 4 课时" in other_course
    assert "您已完成本课时。" not in other.get(first_lesson.url).content.decode()

    visitor = Client()
    visitor_course = visitor.get(course.url).content.decode()
    assert ticked(visitor_course) == []
    assert "共 4 课时" not in visitor_course
    assert "您已完成本课时。" not in visitor.get(first_lesson.url).content.decode()

    not_enrolled = Client()
    not_enrolled.force_login(trainee_user("次仁"))
    assert ticked(not_enrolled.get(course.url).content.decode()) == []


def queries_of(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("language", ["", "/bo"])
def test_the_course_page_reads_as_many_rows_for_two_lessons_as_for_eight(client, language):
    counts = []
    for lesson_count in (2, 8):
        course = course_with(lesson_count)
        user = trainee_user(f"学员{lesson_count}")
        enrolment = EnrolmentFactory(trainee=user.trainee, course=course)
        mark_done(enrolment, list(learning.course_lessons(course))[: lesson_count // 2])
        client.force_login(user)
        client.get(f"{language}{course.url}")  # the session and the cache warm
        counts.append(queries_of(client, f"{language}{course.url}"))
    assert counts[0] == counts[1]
