"""The demo's home page, catalogue and tracks in Tibetan and English (courses.demo
`site_pages_load`), on a database whose trees are still aliases, as one loaded before
these translations existed: translated once, the editors' words kept, nothing done twice."""

import pytest

from wagtail.models import Locale, Page, Revision

from courses import services
from courses.demo import DemoReport, content, content_bo, content_en, site_pages_load
from courses.factories import ProgrammePageFactory, catalogue, home
from courses.services import translation_aliases_create

pytestmark = pytest.mark.django_db

TEXTS = {"bo": content_bo, "en": content_en}


@pytest.fixture
def demo_track():
    """The demo's first track as load_demo made it before: aliases in bo and en."""
    track = ProgrammePageFactory(slug="shop-operation", title="开店与运营")
    translation_aliases_create(page=track)
    return track


@pytest.fixture
def other_track():
    """A track the demo knows nothing of."""
    track = ProgrammePageFactory(slug="my-own-track", title="我们自己的方向")
    translation_aliases_create(page=track)
    return track


def in_language(page, code):
    return page.get_translation(Locale.objects.get(language_code=code)).specific


@pytest.mark.parametrize("code", ["bo", "en"])
def test_aliases_of_home_catalogue_and_tracks_become_translations(demo_track, code):
    texts = TEXTS[code]
    site_pages_load(DemoReport())

    for page, data in (
        (home(code), texts.HOME),
        (catalogue(code), texts.CATALOGUE),
        (in_language(demo_track, code), texts.TRACKS["shop-operation"]),
    ):
        page.refresh_from_db()
        assert page.alias_of_id is None and page.live, page.title
        assert page.title == data["title"]
        assert page.intro == data["intro"]
        assert page.search_description == data["search_description"]


def test_the_report_counts_the_translations_made():
    report = DemoReport()

    site_pages_load(report)

    assert report.created["translations"] == 4  # home and catalogue, in bo and en
    assert report.existing["translations"] == 0


def test_chinese_pages_get_the_demo_words_only_where_they_have_none(demo_track):
    chinese_home = home()
    intro_before = chinese_home.intro

    site_pages_load(DemoReport())

    chinese_home.refresh_from_db()
    assert chinese_home.intro == intro_before  # the migration gave it one
    assert chinese_home.search_description == content.HOME["search_description"]
    assert catalogue().intro == content.CATALOGUE["intro"]
    demo_track.refresh_from_db()
    assert demo_track.search_description == content.TRACKS[0]["search_description"]


def test_a_track_the_demo_does_not_know_stays_an_alias(demo_track, other_track):
    site_pages_load(DemoReport())

    for code in ("bo", "en"):
        assert in_language(other_track, code).alias_of_id == other_track.pk


def test_words_an_editor_gave_a_translation_are_kept(demo_track):
    tibetan = services.alias_translate(page=catalogue("bo"), title="ང་ཚོའི་སློབ་ཚན།", intro="")

    site_pages_load(DemoReport())

    tibetan.refresh_from_db()
    assert tibetan.title == "ང་ཚོའི་སློབ་ཚན།"
    assert tibetan.intro == content_bo.CATALOGUE["intro"]  # it had none


def test_a_second_load_changes_nothing(demo_track, other_track):
    site_pages_load(DemoReport())
    revisions = Revision.objects.count()
    pages = {
        page.pk: (page.title, page.alias_of_id, page.last_published_at)
        for page in Page.objects.filter(depth__gte=2)
    }

    report = DemoReport()
    site_pages_load(report)

    assert Revision.objects.count() == revisions
    assert {
        page.pk: (page.title, page.alias_of_id, page.last_published_at)
        for page in Page.objects.filter(depth__gte=2)
    } == pages
    assert report.created["translations"] == 0
    assert report.existing["translations"] == 6
