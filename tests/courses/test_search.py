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
    assert "没有包含您搜索的全部词语" in html


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


# Every language searched from any interface


TIBETAN_COURSE = "དྲ་ཐོག་ཚོང་ཁང་འཛུགས་སྟངས་གཞི་རིམ།"


@pytest.fixture
def translated():
    """A Chinese course with its lessons, and its Tibetan translation (the lessons stay
    aliases in the Tibetan and English trees)."""
    from wagtail.models import Locale

    from courses.services import alias_translate, translation_aliases_create

    course = CoursePageFactory(title="网店开设入门", summary="在淘宝开店")
    lesson = LessonPageFactory(parent=course, title="第一课 选平台")
    translation_aliases_create(page=lesson)
    bo = Locale.objects.get(language_code="bo")
    tibetan = alias_translate(
        page=course.get_translation(bo).specific, title=TIBETAN_COURSE, summary="ཚོང་ཁང་"
    )
    return course, tibetan


@pytest.mark.django_db
@pytest.mark.parametrize("prefix", ["", "/bo", "/en"])
def test_a_tibetan_word_finds_the_tibetan_course_from_any_interface(client, translated, prefix):
    course, tibetan = translated
    html = client.get(f"{prefix}/search/", {"q": "ཚོང་ཁང་"}).content.decode()
    assert f'<a href="/bo{course.url}">{TIBETAN_COURSE}</a>' in html
    assert 'lang="bo"' in html
    assert "Try a shorter word" not in html


@pytest.mark.django_db
def test_a_chinese_word_finds_each_page_once_at_its_own_address(client, translated):
    course, _tibetan = translated
    html = client.get("/en/search/", {"q": "开店"}).content.decode()
    assert html.count(f'href="{course.url}"') == 1  # the Chinese page, not its aliases
    assert f'href="/en{course.url}"' not in html
    assert "1 result" in html


@pytest.mark.django_db
def test_the_readers_language_comes_first(client, translated):
    course, _tibetan = translated
    CoursePageFactory(title="淘宝 ཚོང་ཁང་ 店铺")  # Chinese, matching the same word
    tibetan_first = client.get("/bo/search/", {"q": "ཚོང་ཁང་"}).content.decode()
    chinese_first = client.get("/search/", {"q": "ཚོང་ཁང་"}).content.decode()
    assert tibetan_first.index(TIBETAN_COURSE) < tibetan_first.index("淘宝 ཚོང་ཁང་ 店铺")
    assert chinese_first.index("淘宝 ཚོང་ཁང་ 店铺") < chinese_first.index(TIBETAN_COURSE)


@pytest.mark.django_db
def test_results_of_both_languages_are_paged_together(client, translated):
    for number in range(11):
        CoursePageFactory(title=f"开店 第{number}讲")
    first = client.get("/en/search/", {"q": "开店"}).content.decode()
    second = client.get("/en/search/", {"q": "开店", "page": "2"}).content.decode()
    assert "12 results" in first
    assert first.count("<li lang=") == 10 and second.count("<li lang=") == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("prefix", "message", "languages"),
    [
        ("/en", "No course or lesson in", ["Simplified Chinese", "Tibetan", "English"]),
        ("", "没有", ["简体中文", "藏文", "英文"]),
    ],
)
def test_nothing_found_says_which_languages_were_searched_and_offers_the_catalogue(
    client, translated, prefix, message, languages
):
    html = client.get(f"{prefix}/search/", {"q": "冷链物流"}).content.decode()
    assert message in html
    for language in languages:
        assert language in html
    assert f'href="{prefix}/courses/"' in html
