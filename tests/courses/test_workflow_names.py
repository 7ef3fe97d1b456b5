"""The publishing workflow and its task are named in the reader's language wherever the admin
names them (courses/workflow_names.py): the editor's action menu, the status side panel, the
dashboard's panels, the workflow history; saving keeps the stored name."""

import pytest

from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils import translation

from wagtail.models import Task, Workflow, WorkflowState
from wagtail.users.models import UserProfile

from courses.factories import CoursePageFactory, LessonPageFactory
from trainees import roles
from trainees.factories import UserFactory

pytestmark = pytest.mark.django_db

STORED = "Programme manager approval"
NAMES = {"zh-hans": "项目管理员审批", "bo": "ལས་གཞིའི་དོ་དམ་པའི་ཆོག་མཆན།"}


def speaking(user, language: str):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    return user


@pytest.fixture
def people():
    instructor = UserFactory(username="teacher-a", groups=[roles.INSTRUCTORS])
    manager = UserFactory(username="manager", groups=[roles.PROGRAMME_MANAGERS])
    course = CoursePageFactory(title="直播带货入门")
    course.instructors.add(instructor)
    course.save_revision().publish()  # publishing gives the instructor their page rights
    lesson = LessonPageFactory(parent=course, title="选品")
    return instructor, manager, lesson


@pytest.fixture
def submitted(people):
    instructor, manager, lesson = people
    lesson.title = "选品（修订）"
    lesson.save_revision(user=instructor)
    state = lesson.get_workflow().start(lesson, instructor)
    return instructor, manager, lesson, state


def read(client, user, language: str, url: str) -> str:
    client.force_login(speaking(user, language))
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def assert_named_in(html: str, language: str) -> None:
    assert NAMES[language] in html
    assert STORED not in html


def test_the_stored_name_is_the_msgid_and_each_language_reads_its_own():
    task = Task.objects.get(name=STORED)
    workflow = Workflow.objects.get(name=STORED)
    for language, name in NAMES.items():
        with translation.override(language):
            assert (task.name, workflow.name, str(task)) == (name, name, name)
    with translation.override("en"):
        assert task.name == STORED


def test_saving_a_task_or_its_form_keeps_the_stored_name():
    task = Task.objects.get(name=STORED)
    with translation.override("zh-hans"):
        assert model_to_dict(task)["name"] == STORED  # what Wagtail's workflow forms start from
        task.save()
    assert Task.objects.filter(name=STORED).exists()


@pytest.mark.parametrize("language", NAMES)
def test_the_action_menu_offers_to_submit_to_the_workflow_by_its_name(client, people, language):
    instructor, _manager, lesson = people
    html = read(client, instructor, language, reverse("wagtailadmin_pages:edit", args=[lesson.pk]))
    assert_named_in(html, language)


@pytest.mark.parametrize("language", NAMES)
def test_the_status_side_panel_names_the_task_waited_for(client, submitted, language):
    instructor, _manager, lesson, _state = submitted
    html = read(client, instructor, language, reverse("wagtailadmin_pages:edit", args=[lesson.pk]))
    assert_named_in(html, language)


@pytest.mark.parametrize("language", NAMES)
def test_the_dashboards_name_the_task(client, submitted, language):
    instructor, manager, _lesson, _state = submitted
    # The manager's "awaiting your review", the instructor's pages in a workflow.
    for user in (manager, instructor):
        html = read(client, user, language, reverse("wagtailadmin_home"))
        assert_named_in(html, language)


@pytest.mark.parametrize("language", NAMES)
def test_the_workflow_history_names_the_workflow_and_its_task(client, submitted, language):
    instructor, _manager, lesson, state = submitted
    for url in (
        reverse("wagtailadmin_pages:workflow_history", args=[lesson.pk]),
        reverse("wagtailadmin_pages:workflow_history_detail", args=[lesson.pk, state.pk]),
    ):
        html = read(client, instructor, language, url)
        assert_named_in(html, language)


def test_a_workflow_state_made_in_one_language_reads_in_another(client, submitted):
    """The name is read at display, not stored with the state: a Tibetan instructor submits,
    a Chinese manager reads it in Chinese."""
    _instructor, manager, _lesson, state = submitted
    assert WorkflowState.objects.get(pk=state.pk).workflow.__dict__["name"] == STORED
    html = read(client, manager, "zh-hans", reverse("wagtailadmin_home"))
    assert_named_in(html, "zh-hans")


@pytest.mark.parametrize(("started_in", "read_in"), [("zh-hans", "bo"), ("bo", "zh-hans")])
def test_the_page_history_quotes_the_workflow_in_the_readers_language(
    client, people, started_in, read_in
):
    """A log entry keeps the names as its starter's language said them: the page history and
    the site history quote them in the reader's."""
    instructor, manager, lesson = people
    lesson.save_revision(user=instructor)
    with translation.override(started_in):
        lesson.get_workflow().start(lesson, instructor)
    for url in (
        reverse("wagtailadmin_pages:history", args=[lesson.pk]),
        "/admin/reports/site-history/",
    ):
        html = read(client, manager, read_in, url)
        assert_named_in(html, read_in)
        assert NAMES[started_in] not in html


def test_a_workflow_named_otherwise_is_quoted_as_typed(client, people):
    instructor, manager, lesson = people
    Workflow.objects.filter(name=STORED).update(name="Board review")
    lesson.save_revision(user=instructor)
    lesson.get_workflow().start(lesson, instructor)
    html = read(client, manager, "bo", reverse("wagtailadmin_pages:history", args=[lesson.pk]))
    assert "“Board review”" in html
