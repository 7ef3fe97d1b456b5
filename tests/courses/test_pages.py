import re

import pytest

from wagtail.models import Page
from wagtail.rich_text import RichText
from wagtail.test.utils import WagtailPageTestCase

from courses.factories import (
    CoursePageFactory,
    ImageFactory,
    LessonPageFactory,
    catalogue,
    home,
    quiz_block,
)
from courses.models import CourseIndexPage, CoursePage, HomePage, LessonPage, ProgrammePage


class PageTreeRules(WagtailPageTestCase):
    def test_each_page_type_lives_only_under_its_parent(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedParentPageTypes(CourseIndexPage, {HomePage})
        self.assertAllowedParentPageTypes(ProgrammePage, {CourseIndexPage})
        self.assertAllowedParentPageTypes(CoursePage, {ProgrammePage})
        self.assertAllowedParentPageTypes(LessonPage, {CoursePage})

    def test_lessons_have_no_children(self):
        self.assertAllowedSubpageTypes(LessonPage, set())


@pytest.mark.django_db
def test_fresh_database_has_a_home_and_catalogue_in_each_language(client):
    for code, prefix in (("zh-hans", ""), ("bo", "/bo"), ("en", "/en")):
        assert home(code).live
        assert client.get(f"{prefix}/courses/").status_code == 200
    assert catalogue().url == "/courses/"


@pytest.mark.django_db
def test_lesson_page_renders_with_previous_and_next(client):
    course = CoursePageFactory(title="直播带货入门")
    first = LessonPageFactory(parent=course, title="第一课")
    second = LessonPageFactory(parent=course, title="第二课")
    third = LessonPageFactory(parent=course, title="第三课")

    html = client.get(second.url).content.decode()

    assert "第二课" in html
    assert f'rel="prev" href="{first.url}"' in html
    assert f'rel="next" href="{third.url}"' in html


@pytest.mark.django_db
def test_every_page_type_renders(client):
    lesson = LessonPageFactory(
        body=[
            ("heading", "包装"),
            ("text", RichText("<p>泡沫箱加冰袋。</p>")),
            ("image", {"image": ImageFactory(), "caption": "松茸装箱", "alt_text": "松茸"}),
            ("tip", {"text": RichText("<p>发货前拍照留证。</p>")}),
            ("quiz", quiz_block()),
        ]
    )
    course = lesson.get_parent().specific
    track = course.get_parent().specific
    for page in (home(), catalogue(), track, course, lesson):
        response = client.get(page.url)
        assert response.status_code == 200, page
        assert page.title in response.content.decode()


@pytest.mark.django_db
def test_lesson_shows_image_as_phone_sized_webp_with_caption(client):
    lesson = LessonPageFactory(
        body=[("image", {"image": ImageFactory(), "caption": "松茸装箱", "alt_text": "一箱松茸"})]
    )
    html = client.get(lesson.url).content.decode()

    # phones choose between 360 and 540 pixels wide; only wide screens get 720
    assert re.search(
        r'<img src="[^"]+\.width-360\.format-webp\.webp" '
        r'srcset="[^"]+ 360w, [^"]+\.width-540\.format-webp\.webp 540w"',
        html,
    )
    assert re.search(
        r'<source media="\(min-width: 46rem\)" srcset="[^"]+\.width-720\.format-webp\.webp">', html
    )
    assert 'alt="一箱松茸"' in html
    assert "<figcaption>松茸装箱</figcaption>" in html


@pytest.mark.django_db
def test_course_page_lists_its_lessons_in_order_and_its_prerequisites(client):
    basics = CoursePageFactory(title="网店开设入门")
    course = CoursePageFactory(title="直播带货入门")
    course.prerequisites.add(basics)
    course.save_revision().publish()
    for title in ("第一课", "第二课", "第三课"):
        LessonPageFactory(parent=course, title=title)

    html = client.get(course.url).content.decode()

    assert html.index("第一课") < html.index("第二课") < html.index("第三课")
    assert f'href="{basics.url}"' in html


@pytest.mark.django_db
def test_an_unpublished_lesson_is_not_shown_or_linked(client):
    course = CoursePageFactory()
    first = LessonPageFactory(parent=course, title="第一课")
    draft = LessonPageFactory(parent=course, title="草稿课")
    draft.unpublish()

    assert client.get(draft.url).status_code == 404
    assert "草稿课" not in client.get(course.url).content.decode()
    assert 'rel="next"' not in client.get(first.url).content.decode()


@pytest.mark.django_db
def test_page_titles_name_the_page_then_the_programme_once(client):
    course = CoursePageFactory(title="直播带货入门")

    assert "<title>雄鹰工程</title>" in client.get("/").content.decode()
    assert "<title>直播带货入门 · 雄鹰工程</title>" in client.get(course.url).content.decode()


def test_a_page_without_a_title_is_called_by_the_programmes_name_alone(rf):
    from django.template import Context, Template
    from django.utils import translation

    request = rf.get("/accounts/welcome/")
    with translation.override("zh-hans"):
        html = Template("{% extends 'base.html' %}").render(Context({"request": request}))
    assert "<title>雄鹰工程</title>" in html
