import pytest

from courses.factories import CoursePageFactory, LessonPageFactory
from courses.search import index_text, query_text


def test_index_text_holds_each_han_character_and_each_neighbouring_pair():
    assert index_text("直播带货") == "直 播 带 货 直播 播带 带货"


def test_query_text_turns_han_runs_into_pairs_and_keeps_other_words():
    assert query_text("直播带货 Taobao") == "直播 播带 带货 Taobao"
    assert query_text("货") == "货"


@pytest.mark.django_db
def test_search_for_a_word_inside_a_chinese_title_finds_the_course(client):
    course = CoursePageFactory(title="直播带货入门", summary="手机直播卖松茸")
    CoursePageFactory(title="网店开设入门", summary="在淘宝开店")

    html = client.get("/search/", {"q": "直播"}).content.decode()

    assert course.title in html
    assert "网店开设入门" not in html


@pytest.mark.django_db
def test_search_finds_lessons_by_words_in_their_body(client):
    lesson = LessonPageFactory(title="第三课 发货")

    html = client.get("/search/", {"q": "规格"}).content.decode()

    assert lesson.title in html


@pytest.mark.django_db
def test_search_with_a_phrase_needs_all_of_it(client):
    CoursePageFactory(title="直播带货入门")

    html = client.get("/search/", {"q": "直播冷链"}).content.decode()

    assert "直播带货入门" not in html
    assert "Nothing found" in html or "没有找到" in html


@pytest.mark.django_db
def test_search_without_a_query_asks_for_one_and_an_overlong_query_is_cut(client):
    assert client.get("/search/").status_code == 200
    response = client.get("/search/", {"q": "直" * 5000})
    assert response.status_code == 200


def test_query_text_turns_ascii_punctuation_and_control_characters_into_spaces():
    assert query_text('"直播" x:expression(1) test\x00') == "直播 x expression 1 test"


@pytest.mark.django_db
def test_search_with_quotes_and_search_syntax_answers_a_page(client):
    course = CoursePageFactory(title="直播带货入门")

    for query in ['"', '直播"', 'x:"y"', "test\x00", "直播 NOT"]:
        response = client.get("/search/", {"q": query})
        assert response.status_code == 200
    assert course.title in client.get("/search/", {"q": '"直播"'}).content.decode()
