"""Pages in the reader's language: the course card's language badge, and words in another
language marked with `lang` (a page not yet translated, a course in another language)."""

import pytest
from bs4 import BeautifulSoup

from courses.factories import CoursePageFactory, ProgrammePageFactory, catalogue
from courses.services import translation_aliases_create

pytestmark = pytest.mark.django_db

# The badge of a course written in each language, as a reader of each language sees it.
BADGES = {
    "zh-hans": {"zh-hans": "中文", "bo": "藏文", "en": "英文"},
    "bo": {"zh-hans": "རྒྱ་ཡིག", "bo": "བོད་ཡིག", "en": "དབྱིན་ཡིག"},
    "en": {"zh-hans": "Chinese", "bo": "Tibetan", "en": "English"},
}
PREFIX = {"zh-hans": "", "bo": "/bo", "en": "/en"}
TITLES = {"zh-hans": "淘宝开店", "bo": "ཐའོ་པའོ་ཚོང་ཁང་།", "en": "Selling on Taobao"}
SUMMARIES = {
    "zh-hans": "在淘宝开一家卖松茸的网店。",
    "bo": "ཐའོ་པའོ་ཐོག་ཚོང་ཁང་འཛུགས་སྟངས།",
    "en": "Open a Taobao shop that sells matsutake.",
}


@pytest.fixture
def course_in_each_language():
    """A course written in each language, in its own tree, with aliases in the others."""
    for language, title in TITLES.items():
        track = ProgrammePageFactory(parent=catalogue(language), slug=f"track-{language}")
        course = CoursePageFactory(parent=track, title=title, summary=SUMMARIES[language])
        translation_aliases_create(page=course)


def cards(client, url: str) -> dict[str, dict]:
    """The catalogue's course cards by title: the title's lang, the badges, the summary."""
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    found = {}
    for card in soup.select("main li.card"):
        title = card.h2
        summary = [p.get_text(strip=True) for p in card.select(".card-body > p:not(.meta)")]
        found[title.get_text(strip=True)] = {
            "lang": title["lang"],
            "badges": [badge.get_text(strip=True) for badge in card.select(".badge")],
            "summary": summary,
        }
    return found


@pytest.mark.parametrize("reader", ["zh-hans", "bo", "en"])
def test_the_badge_names_the_course_language_in_the_reader_language(
    client, course_in_each_language, reader
):
    shown = cards(client, f"{PREFIX[reader]}/courses/")

    assert set(shown) == set(TITLES.values())
    for written_in, title in TITLES.items():
        card = shown[title]
        assert BADGES[reader][written_in] in card["badges"], (reader, written_in)
        assert card["lang"] == written_in


@pytest.mark.parametrize("reader", ["zh-hans", "bo", "en"])
def test_only_the_course_in_the_reader_language_shows_its_summary(
    client, course_in_each_language, reader
):
    shown = cards(client, f"{PREFIX[reader]}/courses/")

    for written_in, title in TITLES.items():
        expected = [SUMMARIES[written_in]] if written_in == reader else []
        assert shown[title]["summary"] == expected, (reader, written_in)


def test_an_english_course_is_not_called_chinese(client, course_in_each_language):
    english = cards(client, "/courses/")[TITLES["en"]]

    assert "英文" in english["badges"] and "中文" not in english["badges"]


def test_the_catalogue_filters_by_english_too(client, course_in_each_language):
    shown = cards(client, "/bo/courses/?language=en")

    assert list(shown) == [TITLES["en"]]


@pytest.mark.parametrize("reader", ["bo", "en"])
def test_an_untranslated_home_page_and_catalogue_mark_their_chinese_words(client, reader):
    """Fresh from the migrations, the Tibetan and English home page and catalogue are
    aliases of the Chinese ones: their words are Chinese, and the page says so."""
    for url in (f"{PREFIX[reader]}/", f"{PREFIX[reader]}/courses/"):
        soup = BeautifulSoup(client.get(url).content, "html.parser")

        assert soup.html["lang"] == reader
        assert soup.main.h1["lang"] == "zh-hans", url


def test_a_translated_track_says_its_own_language(client, course_in_each_language):
    soup = BeautifulSoup(client.get("/bo/courses/track-bo/").content, "html.parser")
    home = BeautifulSoup(client.get("/bo/").content, "html.parser")

    assert soup.main.h1["lang"] == "bo"
    track_cards = {card.h3.get_text(strip=True): card["lang"] for card in home.select(".card-body")}
    assert track_cards[catalogue("bo").get_children().get(slug="track-bo").title] == "bo"
    assert set(track_cards.values()) == {"zh-hans", "bo", "en"}
