"""Scripts and event handlers written into lessons never reach a page.

Rich text is cleaned with bleach when stored (CleanRichTextBlock) and again
when shown (the `clean_rich_text` filter); plain text fields rely on Django's
auto-escaping. Each test reads the page a trainee gets and looks for markup
that would run: a script element, an `on...` attribute, a `javascript:` URL.
"""

import json
from html.parser import HTMLParser

import pytest
from bs4 import BeautifulSoup

from django.conf import settings as django_settings
from django.urls import reverse

from wagtail.rich_text import RichText
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from courses.factories import (
    CoursePageFactory,
    ImageFactory,
    LessonPageFactory,
    catalogue,
    quiz_block,
)
from courses.html import clean_shown_html, clean_stored_rich_text
from courses.models import LessonPage
from courses.quiz import answer_field

SCRIPT = "<script>alert(1)</script>"
IMG_ONERROR = '<img src="x" onerror="alert(1)">'
JS_LINK = '<a href="javascript:alert(1)">win a prize</a>'
HOSTILE_HTML = (
    f"<p>Before{SCRIPT}after</p>"
    f"<p>{IMG_ONERROR}</p>"
    f"<p>{JS_LINK}</p>"
    '<p><a href=" JaVaScRiPt:alert(1)">mixed case</a></p>'
    '<p onclick="alert(1)">click the paragraph</p>'
    '<svg onload="alert(1)"></svg>'
    '<iframe src="javascript:alert(1)"></iframe>'
    "<style>body { display: none }</style>"
)
RUNNABLE_URL_SCHEMES = ("javascript:", "vbscript:", "data:")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href"}


class RunnableMarkup(HTMLParser):
    """Collects every piece of markup a browser would run."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "object", "embed", "style"}:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            url = (value or "").strip().lower()
            if name.startswith("on") or name == "srcdoc":
                self.found.append(f"<{tag} {name}>")
            elif name in URL_ATTRIBUTES and url.startswith(RUNNABLE_URL_SCHEMES):
                self.found.append(f"<{tag} {name}={value}>")


def runnable_markup(html: str) -> list[str]:
    parser = RunnableMarkup()
    parser.feed(html)
    return parser.found


def tags(html: str, tag: str) -> list[dict]:
    """The attributes of each `tag` element in the HTML."""
    return [element.attrs for element in BeautifulSoup(html, "html.parser").find_all(tag)]


def contentstate(*paragraphs: tuple[str, dict | None]) -> str:
    """Draftail's JSON for paragraphs of text; an entity (a link) covers a whole paragraph."""
    blocks, entities = [], {}
    for number, (text, entity) in enumerate(paragraphs):
        ranges = []
        if entity:
            entities[str(len(entities))] = entity
            ranges = [{"offset": 0, "length": len(text), "key": len(entities) - 1}]
        blocks.append(
            {
                "key": f"key{number}",
                "type": "unstyled",
                "depth": 0,
                "text": text,
                "inlineStyleRanges": [],
                "entityRanges": ranges,
                "data": {},
            }
        )
    return json.dumps({"blocks": blocks, "entityMap": entities})


def link(**data) -> dict:
    return {"type": "LINK", "mutability": "MUTABLE", "data": data}


@pytest.mark.django_db
def test_hostile_html_sent_through_the_page_editor_is_neither_stored_nor_shown(editor, client):
    course = CoursePageFactory(title="网店开设入门")
    lesson = LessonPageFactory(parent=course, title="第一课")
    typed_html = SCRIPT + IMG_ONERROR + JS_LINK  # pasted into the editor as text
    form = nested_form_data(
        {
            "title": "第一课",
            "slug": lesson.slug,
            "estimated_minutes": "15",
            "body": streamfield(
                [
                    (
                        "text",
                        contentstate(
                            (typed_html, None),
                            ("click me", link(url="javascript:alert(1)")),
                            ("the course", link(id=course.id, url=course.url)),
                        ),
                    ),
                    ("tip", {"text": contentstate(("a tip", link(url="javascript:alert(1)")))}),
                ]
            ),
            "comments": inline_formset([]),
        }
    )
    form["action-publish"] = "action-publish"

    response = editor.post(reverse("wagtailadmin_pages:edit", args=[lesson.id]), form)

    assert response.status_code == 302
    lesson = LessonPage.objects.get(id=lesson.id)
    revision = lesson.get_latest_revision()
    assert lesson.live_revision == revision
    stored = json.loads(revision.content["body"])
    text, tip = stored[0]["value"], stored[1]["value"]["text"]
    assert runnable_markup(text) == []
    assert runnable_markup(tip) == []
    assert f'<a linktype="page" id="{course.id}">the course</a>' in text
    assert 'data-block-key="key0"' in text  # keeps comments on the paragraph anchored

    page = client.get(lesson.url).content.decode()
    assert runnable_markup(page) == []
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # shown as the text that was typed
    assert {"href": course.url} in tags(page, "a")


@pytest.mark.django_db
def test_hostile_html_saved_in_code_never_reaches_the_page(client):
    lesson = LessonPageFactory(
        body=[
            ("text", RichText(HOSTILE_HTML)),
            ("tip", {"text": RichText(HOSTILE_HTML)}),
        ]
    )

    page = client.get(lesson.url).content.decode()

    assert runnable_markup(page) == []
    assert "Before" in page and "after" in page and "win a prize" in page


@pytest.mark.django_db
def test_hostile_html_written_straight_into_the_database_never_reaches_the_page(client):
    """Rows written around the model (an old import, a restored dump) are cleaned when shown."""
    lesson = LessonPageFactory()
    raw = [
        {"type": "text", "value": HOSTILE_HTML, "id": "1"},
        {"type": "tip", "value": {"text": HOSTILE_HTML}, "id": "2"},
    ]
    LessonPage.objects.filter(id=lesson.id).update(body=raw)
    assert LessonPage.objects.get(id=lesson.id).body.raw_data[0]["value"] == HOSTILE_HTML

    page = client.get(lesson.url).content.decode()

    assert runnable_markup(page) == []
    assert "win a prize" in page


@pytest.mark.django_db
def test_ordinary_formatting_page_links_and_embedded_images_still_render(client):
    course = CoursePageFactory(title="直播带货入门")
    photo = ImageFactory(title="雅江松茸")
    lesson = LessonPageFactory(
        parent=course,
        body=[
            (
                "text",
                RichText(
                    "<h3>Choosing a product</h3>"
                    "<p><b>Fresh</b> matsutake, <i>graded</i> by size. "
                    f'See <a linktype="page" id="{course.id}">the course</a> '
                    'and <a href="https://www.gov.cn/">the rules</a>.</p>'
                    "<ul><li>ice packs</li></ul><ol><li>foam box</li></ol><hr/>"
                    f'<embed embedtype="image" id="{photo.id}" format="left" alt="Matsutake"/>'
                ),
            ),
            (
                "tip",
                {"text": RichText(f'<p><b>Ask</b> <a linktype="page" id="{course.id}">us</a></p>')},
            ),
        ],
    )

    page = client.get(lesson.url).content.decode()

    assert "<h3>Choosing a product</h3>" in page
    assert "<b>Fresh</b>" in page and "<i>graded</i>" in page
    assert f'<a href="{course.url}">the course</a>' in page
    assert f'<a href="{course.url}">us</a>' in page
    assert '<a href="https://www.gov.cn/">the rules</a>' in page
    assert "<ul><li>ice packs</li></ul><ol><li>foam box</li></ol><hr>" in page
    [image] = [img for img in tags(page, "img") if img.get("alt") == "Matsutake"]
    assert image["src"].startswith(f"{django_settings.MEDIA_URL}images/")
    assert "richtext-image" in image["class"]


@pytest.mark.django_db
def test_plain_text_fields_are_shown_as_text(client):
    hostile = f'{SCRIPT}"><img src=x onerror=alert(1)>'
    course = CoursePageFactory(title=f"课程{hostile}", summary=f"简介{hostile}")
    quiz = quiz_block()
    quiz["title"] = f"测验{hostile}"
    first = quiz["questions"][0]
    first["question"] = f"问题{hostile}"
    first["explanation"] = f"解释{hostile}"
    first["choices"][0]["text"] = f"答案{hostile}"
    lesson = LessonPageFactory(
        parent=course,
        title=f"第一课{hostile}",
        body=[
            ("heading", f"标题{hostile}"),
            ("image", {"image": ImageFactory(), "caption": f"说明{hostile}", "alt_text": hostile}),
            ("quiz", quiz),
        ],
    )

    pages = {
        "lesson": client.get(lesson.url),
        "quiz answered": client.post(
            lesson.url, {answer_field(0): "0", answer_field(1): ["0", "1"]}
        ),
        "course": client.get(course.url),
        "catalogue": client.get(catalogue().url),
    }

    for name, response in pages.items():
        html = response.content.decode()
        assert response.status_code == 200, name
        assert runnable_markup(html) == [], name
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, name
    assert "<title>第一课&lt;script&gt;" in pages["lesson"].content.decode()
    assert "解释&lt;script&gt;" in pages["quiz answered"].content.decode()


def test_the_stored_allow_list_keeps_what_the_editor_writes():
    editor_html = (
        '<h3 data-block-key="a">T</h3><p data-block-key="b">a <b>b</b> <i>i</i> '
        '<a linktype="page" id="3">page</a> <a linktype="document" id="4">doc</a> '
        '<a href="https://example.org/">web</a> <a href="mailto:shop@example.org">mail</a> '
        '<a href="tel:+8683612345678">phone</a><br/>x</p>'
        '<ul><li data-block-key="c">one</li></ul><ol><li data-block-key="d">two</li></ol><hr/>'
        '<h4 data-block-key="e">f</h4>'
        '<embed alt="Yak" embedtype="image" format="left" id="7"/>'
    )

    cleaned = clean_stored_rich_text(editor_html)

    assert cleaned == editor_html


def test_the_shown_allow_list_keeps_wagtail_images_and_drops_the_rest():
    wagtail_image = (
        '<img alt="Yak" class="richtext-image left" height="300" '
        'src="/media/images/yak.width-500.webp" width="500">'
    )

    assert clean_shown_html(wagtail_image) == wagtail_image
    assert runnable_markup(clean_shown_html(HOSTILE_HTML)) == []
    assert runnable_markup(clean_stored_rich_text(HOSTILE_HTML)) == []
