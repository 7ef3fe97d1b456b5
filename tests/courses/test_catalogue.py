from html.parser import HTMLParser

import pytest

from courses.choices import Level
from courses.factories import CoursePageFactory, ImageFactory, ProgrammePageFactory, catalogue
from courses.models import CoursePage


@pytest.fixture
def two_tracks(db):
    shop = ProgrammePageFactory(title="网店运营")
    live = ProgrammePageFactory(title="直播电商")
    CoursePageFactory(parent=shop, title="淘宝开店", level=Level.BEGINNER)
    CoursePageFactory(parent=shop, title="京东店铺运营", level=Level.ADVANCED)
    CoursePageFactory(parent=live, title="直播带货入门", level=Level.BEGINNER)
    return shop, live


def course_titles(response) -> set[str]:
    return {course.title for course in response.context["courses"]}


def test_catalogue_lists_every_live_course(client, two_tracks):
    response = client.get("/courses/")
    assert course_titles(response) == {"淘宝开店", "京东店铺运营", "直播带货入门"}


def test_catalogue_filters_by_track_and_level(client, two_tracks):
    shop, _live = two_tracks
    assert course_titles(client.get("/courses/", {"track": shop.pk})) == {
        "淘宝开店",
        "京东店铺运营",
    }
    assert course_titles(client.get("/courses/", {"level": "beginner"})) == {
        "淘宝开店",
        "直播带货入门",
    }
    assert course_titles(client.get("/courses/", {"track": shop.pk, "level": "advanced"})) == {
        "京东店铺运营"
    }


def test_catalogue_filters_by_the_language_a_course_is_written_in(client, two_tracks):
    course = CoursePage.objects.get(title="淘宝开店")
    tibetan = course.copy_for_translation(catalogue("bo").locale, copy_parents=True)
    tibetan.title = "ཐའོ་པའོ་ཚོང་ཁང་།"
    tibetan.save_revision().publish()

    in_tibetan = client.get("/bo/courses/", {"language": "bo"})
    in_chinese = client.get("/courses/", {"language": "zh-hans"})

    assert course_titles(in_tibetan) == {"ཐའོ་པའོ་ཚོང་ཁང་།"}
    assert course_titles(in_chinese) == {"淘宝开店", "京东店铺运营", "直播带货入门"}


@pytest.mark.parametrize(
    "query", [{"level": "expert"}, {"track": "abc"}, {"track": "999999"}, {"language": "fr"}]
)
def test_a_filter_value_not_in_the_list_shows_a_message_and_all_courses(client, two_tracks, query):
    response = client.get("/courses/", query)

    assert response.status_code == 200
    assert response.context["filter_form"].errors
    assert 'class="errorlist' in response.content.decode()
    assert len(course_titles(response)) == 3


def test_catalogue_pages_through_many_courses(client, db):
    track = ProgrammePageFactory()
    for number in range(15):
        CoursePageFactory(parent=track, title=f"课程{number:02d}")

    first = client.get("/courses/")
    second = client.get("/courses/", {"page": 2})

    assert len(first.context["courses"]) == 12
    assert len(second.context["courses"]) == 3
    assert course_titles(first).isdisjoint(course_titles(second))


def test_a_draft_course_is_not_listed(client, two_tracks):
    course = CoursePage.objects.get(title="淘宝开店")
    course.unpublish()
    assert "淘宝开店" not in course_titles(client.get("/courses/"))


class Links(HTMLParser):
    """Each link of a page: its attributes and the text a screen reader would read."""

    def __init__(self):
        super().__init__()
        self.links, self.open = [], None

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.open = {"attrs": dict(attrs), "text": ""}
        elif tag == "img" and self.open is not None:
            self.open["text"] += dict(attrs).get("alt") or ""

    def handle_data(self, data):
        if self.open is not None:
            self.open["text"] += data

    def handle_endtag(self, tag):
        if tag == "a" and self.open is not None:
            self.links.append(self.open)
            self.open = None


def test_every_link_of_the_catalogue_has_a_name_or_is_hidden_from_readers_and_keys(client, db):
    shop = ProgrammePageFactory(title="网店运营")
    CoursePageFactory(parent=shop, title="淘宝开店", cover_image=ImageFactory())
    CoursePageFactory(parent=shop, title="京东店铺运营", cover_image=None)

    parser = Links()
    parser.feed(client.get("/courses/").content.decode())

    nameless = [
        link["attrs"].get("href")
        for link in parser.links
        if not link["text"].strip()
        and not (
            link["attrs"].get("aria-hidden") == "true" and link["attrs"].get("tabindex") == "-1"
        )
    ]
    assert nameless == []
    assert {"淘宝开店", "京东店铺运营"} <= {link["text"].strip() for link in parser.links}


def test_the_language_filter_names_each_language_in_the_readers_language(client, db):
    """As the course badges do: no Chinese word on the Tibetan catalogue, read as Tibetan."""
    page = client.get("/bo/courses/").content.decode()

    assert '<option value="zh-hans">རྒྱ་ཡིག</option>' in page
    assert '<option value="bo">བོད་ཡིག</option>' in page
    assert '<option value="" selected>' in page  # "all languages": in the page's own
