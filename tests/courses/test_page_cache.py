"""A lesson page's shared parts are kept in the cache, and never shown out of date: a page
published, unpublished, renamed, moved or deleted, or a lesson made private, shows at once
on the lessons kept before it. What belongs to one trainee is never kept for another."""

import re

import pytest

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wagtail.models import PageViewRestriction

from courses.factories import CoursePageFactory, LessonPageFactory, quiz_block
from courses.services import translation_aliases_create
from trainees import roles
from trainees.factories import EnrolmentFactory, TraineeFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def course():
    return CoursePageFactory(title="直播带货入门")


@pytest.fixture
def first(course):
    return LessonPageFactory(parent=course, title="第一课")


def html_of(client, page) -> str:
    response = client.get(page.url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_lesson_published_after_the_page_was_kept_is_linked_at_once(client, course, first):
    assert "返回课程" in html_of(client, first)  # the last lesson leads back to the course

    second = LessonPageFactory(parent=course, title="第二课")

    assert f'rel="next" href="{second.url}"' in html_of(client, first)


@pytest.mark.parametrize("change", ["unpublish", "delete", "move"])
def test_a_lesson_unpublished_deleted_or_moved_is_no_longer_linked(client, course, first, change):
    second = LessonPageFactory(parent=course, title="第二课")
    assert f'rel="next" href="{second.url}"' in html_of(client, first)

    if change == "move":
        second.move(CoursePageFactory(title="网店开设入门"), pos="last-child")
    else:
        getattr(second, change)()

    assert 'rel="next"' not in html_of(client, first)


def test_a_lesson_made_private_is_no_longer_linked(client, course, first):
    second = LessonPageFactory(parent=course, title="第二课")
    assert 'rel="next"' in html_of(client, first)

    PageViewRestriction.objects.create(page=second, restriction_type=PageViewRestriction.LOGIN)

    assert 'rel="next"' not in html_of(client, first)


def test_the_course_renamed_and_published_shows_its_new_title(client, course, first):
    assert "直播带货入门" in html_of(client, first)

    course.title = "直播带货进阶"
    course.save_revision().publish()

    html = html_of(client, first)
    assert "直播带货进阶" in html and "直播带货入门" not in html


def test_the_lesson_edited_and_published_shows_its_new_text(client, first):
    assert "第一课" in html_of(client, first)

    first.title = "第一课 开播前的准备"
    first.save_revision().publish()

    assert "第一课 开播前的准备" in html_of(client, first)


def test_each_language_has_its_own_kept_parts(client, first):
    english = next(
        page for page in translation_aliases_create(page=first) if page.locale.language_code == "en"
    )
    assert "返回课程" in html_of(client, first)

    english_html = html_of(client, english)

    assert "Back to the course" in english_html and "返回课程" not in english_html
    assert "返回课程" in html_of(client, first)


def test_a_page_read_again_costs_fewer_queries(client, course, first):
    LessonPageFactory(parent=course, title="第二课")
    with CaptureQueriesContext(connection) as first_reading:
        html_of(client, first)
    with CaptureQueriesContext(connection) as second_reading:
        html = html_of(client, first)

    assert 'rel="next"' in html
    assert len(second_reading) < len(first_reading)


def test_one_trainees_progress_is_not_shown_to_another(client, course, first):
    LessonPageFactory(parent=course, title="第二课")
    done_by, other = (UserFactory(groups=[roles.TRAINEES]) for _ in range(2))
    for user in (done_by, other):
        EnrolmentFactory(trainee=TraineeFactory(user=user), course=course)
    client.force_login(done_by)
    client.post(reverse("learning_lesson_done", args=[first.pk]))
    assert "您已完成本课时。" in html_of(client, first)

    client.force_login(other)

    html = html_of(client, first)
    assert "您已完成本课时。" not in html and "标记完成" in html
    assert 'rel="next"' in html


def _csrf_token_in(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def test_a_quiz_is_never_kept_so_each_reader_sends_it_with_their_own_token(course):
    quiz_lesson = LessonPageFactory(parent=course, body=[("quiz", quiz_block())])
    first_reader, second_reader = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first_reader.post(
        quiz_lesson.url,
        {"q0": "1", "csrfmiddlewaretoken": _csrf_token_in(html_of(first_reader, quiz_lesson))},
    )

    html = html_of(second_reader, quiz_lesson)
    response = second_reader.post(
        quiz_lesson.url, {"q0": "0", "q1": ["0", "1"], "csrfmiddlewaretoken": _csrf_token_in(html)}
    )

    assert "You scored" not in html and "得分" not in html  # the first reader's marks
    assert response.status_code == 200
    assert response.context["quiz_result"].passed
