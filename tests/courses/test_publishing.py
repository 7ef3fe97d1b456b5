"""Instructors write the courses they teach; programme managers approve publishing."""

from datetime import timedelta
from unittest import mock

import pytest

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from wagtail.models import Locale, Page, WorkflowState
from wagtail.test.utils.form_data import (
    nested_form_data,
    querydict_from_html,
    rich_text,
    streamfield,
)
from wagtail.users.models import UserProfile

from courses.factories import CoursePageFactory, LessonPageFactory, ProgrammePageFactory
from courses.models import CoursePage, LessonPage
from courses.services import course_instructors_sync
from trainees import roles
from trainees.factories import UserFactory

pytestmark = pytest.mark.django_db


def teach(course: CoursePage, *instructors) -> None:
    course.instructors.add(*instructors)
    course.save_revision().publish()  # publishing syncs the instructors' page rights


@pytest.fixture
def instructor():
    return UserFactory(username="teacher-a", groups=[roles.INSTRUCTORS])


@pytest.fixture
def manager():
    return UserFactory(username="manager", groups=[roles.PROGRAMME_MANAGERS])


@pytest.fixture
def own_course(instructor):
    course = CoursePageFactory(title="直播带货入门")
    teach(course, instructor)
    return course


@pytest.fixture
def other_course():
    course = CoursePageFactory(title="京东店铺运营")
    teach(course, UserFactory(username="teacher-b", groups=[roles.INSTRUCTORS]))
    return course


def edit_form(client, page) -> dict:
    """The page's edit form as the admin shows it, ready to post back.

    The StreamField editor is drawn by JavaScript, so a lesson's body is added
    here as the editor would send it.
    """
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form").dict()
    if isinstance(page.specific, LessonPage):
        data.update(nested_form_data({"body": streamfield([("heading", "本课要点")])}))
    return data


def test_instructor_opens_the_editor_of_their_own_course_only(
    client, instructor, own_course, other_course
):
    client.force_login(instructor)

    assert client.get(reverse("wagtailadmin_pages:edit", args=[own_course.pk])).status_code == 200
    refused = client.get(reverse("wagtailadmin_pages:edit", args=[other_course.pk]))
    assert refused.status_code in (302, 403)


def test_instructor_cannot_save_changes_to_another_instructors_course(
    client, instructor, other_course, own_course
):
    client.force_login(instructor)
    data = edit_form(client, own_course)  # a well-formed form, aimed at the other course
    data["title"] = "改坏的标题"

    client.post(reverse("wagtailadmin_pages:edit", args=[other_course.pk]), data)

    other_course.refresh_from_db()
    assert other_course.title == "京东店铺运营"
    assert other_course.get_latest_revision().content["title"] == "京东店铺运营"


def test_instructor_adds_a_lesson_to_their_course_but_not_to_another(
    client, instructor, own_course, other_course
):
    client.force_login(instructor)
    lesson = nested_form_data(
        {
            "title": "第一课 选品",
            "slug": "xuan-pin",
            "estimated_minutes": 20,
            "body": streamfield([("text", rich_text("<p>先看当季的松茸。</p>"))]),
        }
    )

    mine = client.post(
        reverse("wagtailadmin_pages:add", args=["courses", "lessonpage", own_course.pk]), lesson
    )
    theirs = client.post(
        reverse("wagtailadmin_pages:add", args=["courses", "lessonpage", other_course.pk]), lesson
    )

    assert mine.status_code == 302
    assert LessonPage.objects.child_of(own_course).filter(title="第一课 选品").exists()
    assert theirs.status_code in (302, 403)
    assert not LessonPage.objects.child_of(other_course).exists()


def test_only_managers_see_who_teaches_a_course(client, instructor, manager, own_course):
    client.force_login(instructor)
    assert "instructors" not in edit_form(client, own_course)
    client.force_login(manager)
    assert "instructors" in edit_form(client, own_course)


def test_instructor_change_waits_for_a_manager_then_goes_live(
    client, instructor, manager, own_course
):
    lesson = LessonPageFactory(parent=own_course, title="第一课 开播前")
    client.force_login(instructor)
    data = edit_form(client, lesson)
    data["title"] = "第一课 开播前的准备"
    data["action-submit"] = "Submit"

    client.post(reverse("wagtailadmin_pages:edit", args=[lesson.pk]), data)

    state = WorkflowState.objects.get(base_content_type__isnull=False, object_id=str(lesson.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert client.get(lesson.url).context["page"].title == "第一课 开播前"

    client.force_login(manager)
    task_state = state.current_task_state
    client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[lesson.pk, "approve", task_state.pk]),
        {"comment": ""},
    )

    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED
    assert "第一课 开播前的准备" in client.get(lesson.url).content.decode()


def submit_for_approval(client, lesson, instructor):
    client.force_login(instructor)
    data = edit_form(client, lesson)
    data["action-submit"] = "Submit"
    client.post(reverse("wagtailadmin_pages:edit", args=[lesson.pk]), data)
    client.get(reverse("wagtailadmin_home"))  # reads the instructor's "submitted" message
    state = WorkflowState.objects.get(base_content_type__isnull=False, object_id=str(lesson.pk))
    return state.current_task_state


@pytest.mark.parametrize(
    "language, action, said",
    [
        ("bo", "approve", 'ཤོག་ངོས་ "第一课 开播前" ཞིབ་བཤེར་རིམ་པ་ "%s" ལ་ཆོག་མཆན་ཐོབ་ཟིན།'),
        ("zh-hans", "approve", "页面“第一课 开播前”已在审核阶段“%s”获得批准。"),
        ("bo", "reject", 'ཤོག་ངོས་ "第一课 开播前" ཞིབ་བཤེར་རིམ་པ་ "%s" ལ་ཁས་མ་བླངས།'),
    ],
)
def test_the_approver_is_told_what_their_action_with_a_comment_did(
    client, instructor, manager, own_course, language, action, said
):
    lesson = LessonPageFactory(parent=own_course, title="第一课 开播前")
    task_state = submit_for_approval(client, lesson, instructor)
    profile = UserProfile.get_for_user(manager)
    profile.preferred_language = language
    profile.save()
    client.force_login(manager)

    # "Approve with comment" (or "Request changes") from the dashboard: its modal posts the
    # comment, then the approver's browser opens the address it is sent back to.
    sent = client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[lesson.pk, action, task_state.pk]),
        {"comment": "图片再清楚一点"},
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    back = client.get(sent.json()["redirect"])

    task_state.refresh_from_db()
    assert task_state.comment == "图片再清楚一点"
    with translation.override(language):
        task = str(task_state.task.specific.name)
    assert [str(message) for message in back.context["messages"]] == [said % task]


def test_instructor_previews_a_draft_lesson(client, instructor, own_course):
    lesson = LessonPageFactory(parent=own_course, title="第二课")
    client.force_login(instructor)
    data = edit_form(client, lesson)
    data["title"] = "第二课 预览中的标题"
    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[lesson.pk])

    assert client.post(preview_url, data).json()["is_valid"]
    preview = client.get(preview_url).content.decode()

    assert "第二课 预览中的标题" in preview
    assert "第二课 预览中的标题" not in client.get(lesson.url).content.decode()


def test_scheduled_lesson_goes_live_at_its_time():
    lesson = LessonPageFactory(title="第三课 定时发布")
    lesson.unpublish()
    lesson.go_live_at = timezone.now() + timedelta(hours=1)
    lesson.save_revision().publish()  # with go_live_at ahead, this only schedules

    call_command("publish_scheduled")
    lesson.refresh_from_db()
    assert not lesson.live

    two_hours_later = timezone.now() + timedelta(hours=2)
    with mock.patch("django.utils.timezone.now", return_value=two_hours_later):
        call_command("publish_scheduled")
    lesson.refresh_from_db()
    assert lesson.live


def test_every_change_keeps_a_revision(instructor, own_course):
    lesson = LessonPageFactory(parent=own_course)
    for title in ("草稿一", "草稿二"):
        lesson.title = title
        lesson.save_revision(user=instructor)
    assert [r.content["title"] for r in lesson.revisions.order_by("created_at")][-2:] == [
        "草稿一",
        "草稿二",
    ]


def test_a_page_made_in_the_admin_gets_an_address_in_every_language(client, manager):
    track = ProgrammePageFactory()
    client.force_login(manager)
    data = nested_form_data(
        {
            "title": "包装与冷链",
            "slug": "bao-zhuang",
            "code": "EC-900",
            "summary": "松茸怎么包",
            "level": "beginner",
            "estimated_hours": "2",
            "attendance_required": "80",
            "action-publish": "Publish",
        }
    )
    response = client.post(
        reverse("wagtailadmin_pages:add", args=["courses", "coursepage", track.pk]), data
    )

    assert response.status_code == 302
    course = CoursePage.objects.get(code="EC-900", locale=Locale.get_default())
    assert {p.locale.language_code for p in course.get_translations()} == {"bo", "en"}
    assert client.get(f"/bo{course.url}").status_code == 200


def test_removing_an_instructor_takes_away_their_rights(client, instructor, own_course):
    own_course.instructors.remove(instructor)
    own_course.save_revision().publish()
    client.force_login(instructor)

    assert client.get(reverse("wagtailadmin_pages:edit", args=[own_course.pk])).status_code in (
        302,
        403,
    )


def test_instructor_rights_cover_the_tibetan_translation(client, instructor, own_course):
    tibetan = own_course.copy_for_translation(
        Locale.objects.get(language_code="bo"), copy_parents=True
    )
    course_instructors_sync(course=own_course)
    client.force_login(instructor)

    assert client.get(reverse("wagtailadmin_pages:edit", args=[tibetan.pk])).status_code == 200
    assert Page.objects.get(pk=tibetan.pk).permissions_for_user(instructor).can_edit()
