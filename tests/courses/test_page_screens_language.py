"""Wagtail's page screens in the reader's language where Wagtail fixes or leaves its words
(courses/admin_language.py, the templates of training_site/templates/wagtailadmin)."""

import json
import re

import pytest

from django.urls import reverse

from wagtail.users.models import UserProfile

from courses.factories import CoursePageFactory, LessonPageFactory
from courses.services import course_instructors_sync
from trainees import roles
from trainees.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager():
    return UserFactory(username="manager", groups=[roles.PROGRAMME_MANAGERS])


@pytest.fixture
def lesson():
    course = CoursePageFactory(title="直播带货入门")
    return LessonPageFactory(parent=course, title="选品")


def read(client, user, language: str, url: str) -> str:
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    content = response.content.decode()
    return json.loads(content)["html"] if content.lstrip().startswith("{") else content


@pytest.mark.parametrize(
    ("chooser", "labels"),
    [
        ("wagtailadmin_choose_page_external_link", ["Link text"]),
        ("wagtailadmin_choose_page_email_link", ["Email address", "Subject", "Body"]),
        ("wagtailadmin_choose_page_phone_link", ["Phone number", "Link text"]),
    ],
)
def test_the_link_choosers_label_their_fields_in_the_readers_language(
    client, manager, chooser, labels
):
    tibetan = read(client, manager, "bo", reverse(chooser))
    chinese = read(client, manager, "zh-hans", reverse(chooser))
    for label in labels:
        assert label not in tibetan
        assert label not in chinese
    assert "སྦྲེལ་མཐུད་ཀྱི་ཡི་གེ།" in tibetan or "ཁ་པར་ཨང་གྲངས།" in tibetan
    assert "链接文字" in chinese or "电话号码" in chinese


def test_the_page_search_counts_pages_not_none(client, manager, lesson):
    html = read(client, manager, "zh-hans", reverse("wagtailadmin_pages:search") + "?q=选品")
    assert "个None" not in html
    assert "1 个页面中的第 1-1 个" in html


def test_page_types_usage_names_the_app_in_the_readers_language(client, manager, lesson):
    html = read(client, manager, "bo", reverse("wagtailadmin_reports:page_types_usage"))
    assert "courses.lessonpage" not in html
    assert "ཐུན་ཚན" in html  # the lessons' type, by its name


def test_the_workflow_actions_comment_is_labelled_in_the_readers_language(client, manager, lesson):
    """Wagtail labels it when it is imported, in the default language (Chinese)."""
    instructor = UserFactory(username="teacher-a", groups=[roles.INSTRUCTORS])
    lesson.save_revision(user=instructor)
    state = lesson.get_workflow().start(lesson, instructor)
    url = reverse(
        "wagtailadmin_pages:collect_workflow_action_data",
        args=[lesson.pk, "approve", state.current_task_state.pk],
    )
    html = read(client, manager, "bo", url)
    assert "མཆན་འགོད།" in html
    assert "评论" not in html


@pytest.mark.parametrize("language", ["zh-hans", "bo"])
def test_an_instructor_reads_their_lesson_waiting_for_approval_in_their_language(
    client, lesson, language
):
    """The editor of a lesson submitted for approval, as its instructor reads it (the admin
    language test reads it as a manager): its notice that only reviewers may edit it, and
    the action menu's cancelling of the workflow."""
    from django.contrib.auth import get_user_model

    from tests.admin_language import untranslated

    instructor = UserFactory(username="teacher-a", groups=[roles.INSTRUCTORS])
    course = lesson.get_parent().specific
    course.instructors.add(instructor)
    course.save_revision().publish()
    lesson.save_revision(user=instructor)
    lesson.get_workflow().start(lesson, instructor)
    html = read(client, instructor, language, reverse("wagtailadmin_pages:edit", args=[lesson.pk]))
    people = get_user_model().objects.all()
    data = [lesson.title, course.title, *(p.get_username() for p in people)]
    data += [p.get_full_name() for p in people if p.get_full_name()]
    assert untranslated(html, language, data) == []


@pytest.mark.parametrize(
    ("language", "names"),
    [
        ("zh-hans", ["项目管理员", "县协调员", "讲师", "学员", "直播带货入门的讲师"]),
        ("bo", ["ལས་གཞིའི་དོ་དམ་པ།", "རྫོང་གི་མཉམ་འབྲེལ་བ།", "དགེ་རྒན།", "直播带货入门 ཡི་དགེ་རྒན།"]),
    ],
)
def test_the_privacy_dialog_names_the_groups_in_the_readers_language(
    client, manager, lesson, language, names
):
    """The groups a page may be kept for, by their stored English names before; a course's
    instructors by the course's title (their group is named by its translation key)."""
    course_instructors_sync(course=lesson.get_parent().specific)
    url = reverse("wagtailadmin_pages:set_privacy", args=[lesson.pk])
    html = " ".join(read(client, manager, language, url).split())
    labels = re.findall(r'<input type="checkbox" name="groups"[^>]*> ([^<]*)</label>', html)
    assert set(names) <= set(labels)
    assert not [label for label in labels if "managers" in label or "instructors" in label]
