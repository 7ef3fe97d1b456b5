"""Starting a lesson in the admin: no trap from an autosaved draft, and the slug rule
(courses/lesson_slugs.py, docs/lessons.md), through Wagtail's own create view."""

import pytest

from django.contrib.messages import get_messages
from django.urls import reverse

from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield
from wagtail.users.models import UserProfile

from courses.factories import CoursePageFactory, LessonPageFactory
from courses.lesson_slugs import new_lesson_slug
from courses.models import LessonPage
from trainees import roles
from trainees.factories import UserFactory

pytestmark = pytest.mark.django_db


def speaking(user, language):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    return user


@pytest.fixture
def instructor():
    return UserFactory(username="teacher-a", groups=[roles.INSTRUCTORS])


@pytest.fixture
def course(instructor):
    course = CoursePageFactory(title="直播带货入门")
    course.instructors.add(instructor)
    course.save_revision().publish()  # publishing gives the instructors their page rights
    return course


def start_lesson(client, course, title, slug, **extra):
    data = nested_form_data(
        {
            "title": title,
            "slug": slug,
            "estimated_minutes": 20,
            "body": streamfield([("text", rich_text("<p>先看当季的松茸。</p>"))]),
            **extra,
        }
    )
    url = reverse("wagtailadmin_pages:add", args=["courses", "lessonpage", course.pk])
    return client.post(url, data)


def shown_messages(response) -> list[str]:
    return [str(message).strip() for message in get_messages(response.wsgi_request)]


@pytest.mark.parametrize(
    ("language", "refusal", "link", "not_created"),
    [
        ("zh-hans", "这节课你已经开始写了", "继续写这份草稿", "页面未能创建"),
        ("bo", "ཐུན་ཚན་འདི་ཁྱེད་ཀྱིས་སྔོན་ནས་འབྲི་འགོ་བཙུགས་ཟིན", "ཟིན་བྲིས་དེ་མུ་མཐུད་དུ་འབྲི།", "ཤོག་ངོས་གསར་བཟོ་བྱེད་མ་ཐུབ"),
    ],
)
def test_starting_a_lesson_again_names_the_draft_and_links_to_it_in_the_readers_language(
    client, instructor, course, language, refusal, link, not_created
):
    client.force_login(speaking(instructor, language))
    first = start_lesson(client, course, "第一课 选品", "第一课-选品")  # as autosave does
    draft = LessonPage.objects.child_of(course).get()
    assert first.status_code == 302 and not draft.live

    again = start_lesson(client, course, "第一课 选品", "第一课-选品")

    page = again.content.decode()
    assert again.status_code == 200
    assert refusal in page and "第一课 选品" in page
    edit_url = reverse("wagtailadmin_pages:edit", args=[draft.pk])
    assert f'<a href="{edit_url}">{link}</a>' in page
    assert not_created in page
    assert "already in use" not in page and "could not be created" not in page
    assert LessonPage.objects.child_of(course).count() == 1


def test_the_same_latin_slug_of_an_own_draft_is_refused_too(client, instructor, course):
    client.force_login(speaking(instructor, "zh-hans"))
    start_lesson(client, course, "Choosing products", "choosing-products")

    again = start_lesson(client, course, "Choosing products, again", "choosing-products")

    assert "这节课你已经开始写了" in again.content.decode()
    assert LessonPage.objects.child_of(course).count() == 1


def test_a_published_lesson_of_the_same_title_is_no_draft_to_resume(client, instructor, course):
    LessonPageFactory(parent=course, title="第一课 选品", slug="xuan-pin", owner=instructor)
    client.force_login(speaking(instructor, "zh-hans"))

    response = start_lesson(client, course, "第一课 选品", "xuan-pin")

    assert response.status_code == 302
    new = LessonPage.objects.child_of(course).get(live=False)
    assert new.slug == "xuan-pin-2"
    assert "本课程中已有页面使用地址“xuan-pin”，新课的地址改为“xuan-pin-2”。" in shown_messages(
        response
    )


def test_another_instructors_draft_is_not_offered(client, instructor, course):
    colleague = UserFactory(username="teacher-b", groups=[roles.INSTRUCTORS])
    LessonPageFactory(parent=course, title="第一课 选品", live=False, owner=colleague)
    client.force_login(speaking(instructor, "zh-hans"))

    response = start_lesson(client, course, "第一课 选品", "第一课-选品")

    assert response.status_code == 302
    assert LessonPage.objects.child_of(course).count() == 2


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("第一课 选品", "第一课-选品"),
        ("ཐུན་ཚན་དང་པོ། ཚོང་ཟོག་འདེམས་པ།", "ཐུན་ཚན་དང་པོ-ཚོང་ཟོག་འདེམས་པ"),
        ("第一课 选品", ""),
    ],
)
def test_a_new_lesson_with_a_chinese_or_tibetan_title_gets_a_numbered_address(
    client, instructor, course, title, slug
):
    LessonPageFactory(parent=course, title="开课", slug="welcome")
    client.force_login(speaking(instructor, "bo"))

    response = start_lesson(client, course, title, slug)

    assert response.status_code == 302
    new = LessonPage.objects.child_of(course).get(title=title)
    assert new.slug == "lesson-2"
    assert "ཐུན་ཚན་འདིའི་ས་ཡིག་ནི་“lesson-2”ཡིན།" in " ".join(shown_messages(response))


def test_a_latin_slug_the_instructor_writes_is_kept_without_a_notice(client, instructor, course):
    client.force_login(speaking(instructor, "zh-hans"))

    response = start_lesson(client, course, "第一课 选品", "xuan-pin")

    assert LessonPage.objects.child_of(course).get().slug == "xuan-pin"
    assert not any("地址" in message for message in shown_messages(response))


def test_numbered_addresses_skip_numbers_in_use(course):
    LessonPageFactory(parent=course, slug="lesson-2")
    assert new_lesson_slug(course, "第二课") == "lesson-3"
    assert new_lesson_slug(course, "lesson-2") == "lesson-2-2"


def test_a_lesson_made_before_keeps_its_chinese_address_when_edited(client, instructor, course):
    lesson = LessonPageFactory(parent=course, title="第一课 选品", slug="第一课-选品")
    lesson.save_revision()
    client.force_login(speaking(instructor, "zh-hans"))

    assert client.get(reverse("wagtailadmin_pages:edit", args=[lesson.pk])).status_code == 200
    lesson.refresh_from_db()
    assert lesson.slug == "第一课-选品"


def test_a_lesson_never_published_keeps_its_numbered_address_as_its_tibetan_title_is_typed(
    client, instructor, course
):
    """Autosave made the lesson while its title was typed; the editor's script then sends a
    slug of the Tibetan title without its vowel signs: the lesson keeps lesson-N."""
    client.force_login(speaking(instructor, "bo"))
    start_lesson(client, course, "ཐུན་ཚན", "")
    lesson = LessonPage.objects.child_of(course).get()
    assert lesson.slug == "lesson-1"
    data = nested_form_data(
        {
            "title": "ལག་ལེན་ཐུན་ཚན། ཚོང་ཟོག་པར་ལེན།",
            "slug": "ལགལནཐནཚན-ཚངཟགཔརལན",
            "estimated_minutes": 20,
            "body": streamfield([("text", rich_text("<p>ཚོང་ཟོག</p>"))]),
        }
    )

    response = client.post(reverse("wagtailadmin_pages:edit", args=[lesson.pk]), data)

    assert response.status_code == 302
    lesson.refresh_from_db()
    assert lesson.slug == "lesson-1"
    assert lesson.title == "ལག་ལེན་ཐུན་ཚན། ཚོང་ཟོག་པར་ལེན།"


def test_a_latin_address_written_before_publishing_is_kept(client, instructor, course):
    client.force_login(speaking(instructor, "zh-hans"))
    start_lesson(client, course, "第一课 选品", "")
    lesson = LessonPage.objects.child_of(course).get()
    data = nested_form_data(
        {
            "title": "第一课 选品",
            "slug": "xuan-pin",
            "estimated_minutes": 20,
            "body": streamfield([("text", rich_text("<p>先看当季的松茸。</p>"))]),
        }
    )

    client.post(reverse("wagtailadmin_pages:edit", args=[lesson.pk]), data)

    lesson.refresh_from_db()
    assert lesson.slug == "xuan-pin"
