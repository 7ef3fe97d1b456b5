import pytest
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from courses.factories import CoursePageFactory, LessonPageFactory, catalogue, home
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
