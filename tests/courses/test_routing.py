"""The home page finds the page at a URL in one read, and finds the page Wagtail's own walk
down the tree would find: in every language's tree, live or not, and 404 alike."""

import pytest

from django.http import Http404
from django.test import RequestFactory

from wagtail.models import Page

from courses.factories import CoursePageFactory, LessonPageFactory, home
from courses.models import CoursePage, LessonPage
from courses.services import translation_aliases_create

pytestmark = pytest.mark.django_db
LANGUAGES = ("zh-hans", "bo", "en")


@pytest.fixture
def tree():
    """A course with a live lesson and a draft one, and their aliases in Tibetan and
    English."""
    course = CoursePageFactory(slug="shop-basics")
    live = LessonPageFactory(parent=course, slug="titles")
    draft = LessonPageFactory(parent=course, slug="photos")
    draft.unpublish()
    for page in (course, live, draft):
        translation_aliases_create(page=page)
    return course


def route(walk, language: str, components: list[str]) -> int | None:
    """The id of the page `walk` finds from the language's home page, or None for a 404."""
    start = home(language)
    request = RequestFactory().get("/" + "/".join(components))
    try:
        return walk(start, request, components).page.pk
    except Http404:
        return None


def ours(start, request, components):
    return start.route(request, components)


def wagtails(start, request, components):
    return Page.route(start, request, components)


def components_of(page, start) -> list[str]:
    return page.url_path[len(start.url_path) :].strip("/").split("/")


def test_every_page_of_every_tree_is_found_as_wagtails_walk_finds_it(tree):
    found = []
    for language in LANGUAGES:
        start = home(language)
        for page in Page.objects.descendant_of(start):
            components = components_of(page, start)
            assert route(ours, language, components) == route(wagtails, language, components)
            found.append(route(ours, language, components) == page.pk)
    # The catalogue, the track, the course and the live lesson of each tree; not the draft.
    assert found.count(True) == 4 * len(LANGUAGES)
    assert found.count(False) == len(LANGUAGES)


@pytest.mark.parametrize(
    "components",
    [
        ["courses", "nowhere"],  # no such page
        ["courses", "nowhere", "shop-basics"],  # a page that is not on that path
        ["courses", "shop-basics"],  # a level skipped
        ["courses", "track", "shop-basics", "titles", "more"],  # past a leaf
        ["titles"],
    ],
)
def test_a_path_to_no_page_is_a_404_as_with_wagtails_walk(tree, components):
    track = tree.get_parent()
    components = [track.slug if part == "track" else part for part in components]
    for language in LANGUAGES:
        assert route(ours, language, components) is None
        assert route(wagtails, language, components) is None


def test_a_draft_is_a_404_and_the_live_lesson_is_found(tree):
    start = home()
    course_path = components_of(tree, start)
    assert route(ours, "zh-hans", [*course_path, "photos"]) is None
    assert route(ours, "zh-hans", [*course_path, "titles"]) is not None


def test_a_lesson_is_found_in_two_queries(tree, django_assert_num_queries):
    start = home()
    components = [*components_of(tree, start), "titles"]
    request = RequestFactory().get("/")
    with django_assert_num_queries(2):
        page = start.route(request, components).page
    assert page.specific_class.__name__ == "LessonPage"
    assert page.title == tree.get_children().get(slug="titles").title


def test_lesson_pages_answer_in_each_language(client, tree):
    lesson = tree.get_children().get(slug="titles").specific
    for prefix in ("", "/bo", "/en"):
        response = client.get(prefix + lesson.url)
        assert response.status_code == 200
        assert lesson.title in response.content.decode()


def test_a_lessons_course_is_its_parent_in_its_own_language_read_once(
    tree, django_assert_num_queries
):
    for language in LANGUAGES:
        lesson = LessonPage.objects.get(locale__language_code=language, slug="titles")
        with django_assert_num_queries(1):
            course = lesson.course
            assert lesson.course is course  # kept: no second read
        assert isinstance(course, CoursePage)
        assert course.pk == lesson.get_parent().pk
        assert course.locale.language_code == language
