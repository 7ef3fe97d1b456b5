import re

import pytest

from courses.factories import CoursePageFactory, LessonPageFactory
from courses.services import translation_aliases_create


def language_links(html: str) -> dict[str, str]:
    """The footer's language switcher, as {language code: link}."""
    return {code: url for url, code in re.findall(r'<a href="([^"]*)" hreflang="([^"]+)"', html)}


def html_lang(html: str) -> str:
    return re.search(r'<html lang="([^"]+)"', html).group(1)


@pytest.fixture
def lesson(db):
    course = CoursePageFactory(title="直播带货入门")
    lesson = LessonPageFactory(parent=course, title="第一课 开播前的准备")
    for page in (course.get_parent(), course, lesson):
        translation_aliases_create(page=page)
    return lesson


def test_chinese_is_the_default_interface_language(client, lesson):
    html = client.get(lesson.url).content.decode()
    assert html_lang(html) == "zh-hans"
    assert "课程" in html


def test_footer_links_lead_to_the_same_lesson_in_each_interface_language(client, lesson):
    links = language_links(client.get(lesson.url).content.decode())

    assert links["zh-hans"] == lesson.url
    assert links["bo"] == f"/bo{lesson.url}"
    assert links["en"] == f"/en{lesson.url}"
    tibetan = client.get(links["bo"]).content.decode()
    assert html_lang(tibetan) == "bo"
    assert "第一课 开播前的准备" in tibetan  # an alias shows the Chinese lesson until translated
    assert html_lang(client.get(links["en"]).content.decode()) == "en"


def test_links_inside_the_tibetan_interface_stay_in_tibetan(client, lesson):
    html = client.get(f"/bo{lesson.url}").content.decode()
    course_url = lesson.get_parent().url
    assert f'href="/bo{course_url}"' in html


def test_a_page_without_a_translation_links_to_the_home_page_of_that_language(client, db):
    lesson = LessonPageFactory()
    links = language_links(client.get(lesson.url).content.decode())
    assert links["bo"] == "/bo/"


def test_other_views_keep_their_path_and_query_under_the_language_prefix(client, db):
    links = language_links(client.get("/search/?q=淘宝").content.decode())
    assert links["bo"].startswith("/bo/search/?q=")
    assert html_lang(client.get(links["bo"]).content.decode()) == "bo"
