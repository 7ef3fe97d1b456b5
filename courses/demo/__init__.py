"""The demo content of the Eagle programme, built by `manage.py load_demo`.

Everything is looked up before it is made, so loading twice changes nothing:
pages by slug under their parent, images and documents by title, accounts by
username. The texts live in `content` (Chinese), `content_bo` (Tibetan) and
`content_en` (English); the pictures are drawn by `pictures`.

In the Tibetan and English trees the home page, the catalogue and the tracks are
real translations with their own words; the courses are aliases of the Chinese
ones (listed with their Chinese titles and a badge naming their language), but
for the one course translated into Tibetan. A database loaded before these
translations existed gets them on the next load: only aliases are translated,
and only empty fields of a page are filled, so nothing an editor wrote changes.

The demo accounts belong to the trainees app (`trainees/demo.py`); its
`load_demo` command loads both.
"""

from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import transaction

from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Locale, Page
from wagtail.rich_text import RichText

from courses import services
from courses.demo import content, content_bo, content_en
from courses.demo.pictures import scene_jpeg
from courses.models import CourseIndexPage, CoursePage, HomePage, LessonPage, ProgrammePage
from courses.services import course_instructors_sync, translation_aliases_create

FILES_DIR = Path(__file__).resolve().parent / "files"

# The order of the summary the command prints.
REPORT_KINDS = (
    ("tracks", "Tracks"),
    ("courses", "Courses"),
    ("lessons", "Lessons"),
    ("images", "Images"),
    ("documents", "Documents"),
    ("translations", "Translated pages"),
    ("accounts", "Demo accounts"),
)


class DemoReport:
    """What a load made and what it found already there, by kind.

    The kinds of the content are REPORT_KINDS; the apps that load more (the programme's
    people, shops and sales) add theirs with `add_kinds`, printed after them in that order.
    """

    def __init__(self):
        self.created = Counter()
        self.existing = Counter()
        self.kinds = dict(REPORT_KINDS)
        self.skipped: set[str] = set()

    def add_kinds(self, kinds: Iterable[tuple[str, str]]) -> None:
        self.kinds.update(kinds)

    def count(self, kind: str, *, created: bool) -> None:
        (self.created if created else self.existing)[kind] += 1

    def tally(self, kind: str, *, before: int, after: int) -> None:
        """`after` records of a kind now, of which `before` were there before the load."""
        self.created[kind] += after - before
        self.existing[kind] += before

    def skip(self, kind: str) -> None:
        """Say that `kind` was not loaded, because it is personal data and DEBUG is off."""
        self.skipped.add(kind)

    def lines(self) -> list[str]:
        lines = []
        for kind, label in self.kinds.items():
            if kind in self.skipped:
                lines.append(f"{label}: skipped, because DEBUG is off.")
                continue
            lines.append(f"{label}: {self.created[kind]} created, {self.existing[kind]} existing")
        return lines


def image_alt_texts() -> dict[str, str]:
    """The first alt text the lessons give each picture, to describe the image itself."""
    alts = {}
    for track in content.TRACKS:
        for course in track["courses"]:
            for lesson in course["lessons"]:
                for step in lesson["body"]:
                    if step[0] == "image":
                        alts.setdefault(step[1], step[3])
    return alts


def images_load(report: DemoReport) -> dict[str, Image]:
    alts = image_alt_texts()
    existing = {image.title: image for image in Image.objects.filter(title__in=content.IMAGES)}
    images = {}
    for number, (title, (scene, seed)) in enumerate(content.IMAGES.items(), start=1):
        image = existing.get(title)
        report.count("images", created=image is None)
        if image is None:
            file = ImageFile(
                ContentFile(scene_jpeg(scene, seed=seed)), name=f"demo-{number:02d}-{scene}.jpg"
            )
            image = Image(title=title, description=alts.get(title, title), file=file)
            image._set_image_file_metadata()
            image.save()
        images[title] = image
    return images


def pdf_from_html(html: str) -> bytes:
    """A PDF laid out by WeasyPrint, as certificates are (trainees/certificate_pdf.py)."""
    from weasyprint import HTML  # slow to import: only when a PDF is made

    return HTML(string=html).write_pdf()


def document_get_or_create(
    title: str, name: str, data: Callable[[], bytes], report: DemoReport
) -> Document:
    """The document called `title`, or a new one, file `name` of `data()` (nothing is
    drawn or read for a document already there)."""
    document = Document.objects.filter(title=title).first()
    report.count("documents", created=document is None)
    if document is None:
        document = Document(title=title, file=ContentFile(data(), name=name))
        document._set_document_file_metadata()
        document.save()
    return document


def documents_load(report: DemoReport) -> dict[str, Document]:
    documents = {}
    for title, (name, text) in content.DOCUMENTS.items():
        # A byte-order mark lets spreadsheet programs read the Chinese in a CSV file.
        data = ("\ufeff" + text if name.endswith(".csv") else text).encode("utf-8")
        documents[title] = document_get_or_create(title, name, lambda data=data: data, report)
    for title, (name, html) in content.PDFS.items():
        documents[title] = document_get_or_create(
            title, name, lambda html=html: pdf_from_html(html), report
        )
    for title, name in content.VIDEOS.items():
        documents[title] = document_get_or_create(
            title, name, (FILES_DIR / name).read_bytes, report
        )
    return documents


def lesson_body(steps: list[tuple], *, images: dict, documents: dict) -> list[tuple]:
    """Stream blocks from the steps of a lesson (see courses.demo.content)."""
    body = []
    for kind, *values in steps:
        if kind == "text":
            body.append(("text", RichText(values[0])))
        elif kind == "heading":
            body.append(("heading", values[0]))
        elif kind == "image":
            title, caption, alt_text = values
            body.append(
                ("image", {"image": images[title], "caption": caption, "alt_text": alt_text})
            )
        elif kind == "tip":
            body.append(("tip", {"text": RichText(values[0])}))
        elif kind == "download":
            title, description = values
            body.append(("download", {"document": documents[title], "description": description}))
        elif kind == "video":
            title, poster, caption = values
            video = {
                "file": documents[title],
                "embed": None,
                "poster": images[poster],
                "caption": caption,
            }
            body.append(("video", video))
        elif kind == "quiz":
            body.append(("quiz", values[0]))
        else:
            raise ValueError(f"Unknown lesson step {kind!r}")
    return body


def child_get_or_create(parent: Page, page: Page, kind: str, report: DemoReport) -> Page:
    """The child of `parent` with the slug of `page`, or `page` added and published there.

    A new page also gets its aliases in the other languages' trees.
    """
    found = Page.objects.child_of(parent).filter(slug=page.slug).first()
    report.count(kind, created=found is None)
    if found is not None:
        return found.specific
    parent.add_child(instance=page)
    page.save_revision().publish()
    translation_aliases_create(page=page)
    return page


def course_instructor_add(course: CoursePage, instructor) -> None:
    """Let the demo instructor teach `course`."""
    if not course.instructors.filter(pk=instructor.pk).exists():
        course.instructors.add(instructor)
        course.save_revision().publish()
    course_instructors_sync(course=course)


def chinese_catalogue() -> CourseIndexPage:
    # Not courses.factories.catalogue: factory-boy is a test-only package.
    return CourseIndexPage.objects.get(locale__language_code="zh-hans")


def courses_load(
    report: DemoReport, *, images: dict, documents: dict, instructor
) -> dict[str, CoursePage]:
    courses = {}
    for track_data in content.TRACKS:
        track = child_get_or_create(
            chinese_catalogue(),
            ProgrammePage(
                slug=track_data["slug"],
                title=track_data["title"],
                intro=track_data["intro"],
                search_description=track_data["search_description"],
            ),
            "tracks",
            report,
        )
        for data in track_data["courses"]:
            course = CoursePage(
                slug=data["slug"],
                title=data["title"],
                code=data["code"],
                summary=data["summary"],
                level=data["level"],
                estimated_hours=data["estimated_hours"],
                cover_image=images[data["cover"]],
            )
            course.prerequisites = [courses[slug] for slug in data["prerequisites"]]
            if data["taught_by_demo_instructor"] and instructor is not None:
                course.instructors = [instructor]
            course = child_get_or_create(track, course, "courses", report)
            courses[data["slug"]] = course
            for lesson in data["lessons"]:
                body = lesson_body(lesson["body"], images=images, documents=documents)
                page = LessonPage(
                    slug=lesson["slug"],
                    title=lesson["title"],
                    estimated_minutes=lesson["minutes"],
                    body=body,
                )
                child_get_or_create(course, page, "lessons", report)
            if data["taught_by_demo_instructor"] and instructor is not None:
                course_instructor_add(course, instructor)
    return courses


def alias_translate(page: Page, report: DemoReport, **fields) -> None:
    """Turn the alias `page` into a real translation with `fields`, and publish it."""
    report.count("translations", created=bool(page.alias_of_id))
    services.alias_translate(page=page, **fields)


def blanks_fill(page: Page, **fields) -> None:
    """Give `page` those of `fields` it has empty, and publish it if any were."""
    blank = {name: value for name, value in fields.items() if not getattr(page, name)}
    if not blank:
        return
    for name, value in blank.items():
        setattr(page, name, value)
    page.save_revision().publish()


def page_translate(page: Page, report: DemoReport, **fields) -> None:
    """`page` (an alias or a translation) as a translation with `fields` where it has none."""
    if page.alias_of_id:
        alias_translate(page, report, **fields)
    else:
        report.count("translations", created=False)
        blanks_fill(page, **fields)


# The languages the demo's home page, catalogue and tracks are translated into.
TRANSLATED_LANGUAGES = (("bo", content_bo), ("en", content_en))


def site_pages_load(report: DemoReport) -> None:
    """The home page, the catalogue and the tracks in every language of the demo.

    The Chinese pages get the demo's introduction and search description where they have
    none; their aliases in the other trees become translations with their own words.
    """
    catalogue = chinese_catalogue()
    home = HomePage.objects.get(pk=catalogue.get_parent().pk)
    tracks = list(ProgrammePage.objects.child_of(catalogue))
    blanks_fill(home, **content.HOME)
    blanks_fill(catalogue, **content.CATALOGUE)
    for track in tracks:
        data = next((data for data in content.TRACKS if data["slug"] == track.slug), None)
        if data is not None:
            blanks_fill(track, search_description=data["search_description"])
    for language_code, texts in TRANSLATED_LANGUAGES:
        locale = Locale.objects.get(language_code=language_code)
        page_translate(home.get_translation(locale).specific, report, **texts.HOME)
        page_translate(catalogue.get_translation(locale).specific, report, **texts.CATALOGUE)
        for track in tracks:
            if track.slug in texts.TRACKS:
                translation = track.get_translation(locale).specific
                page_translate(translation, report, **texts.TRACKS[track.slug])


def tibetan_course_load(report: DemoReport, *, source: CoursePage, images: dict, documents: dict):
    """The Tibetan translation of one course and its lessons, in the bo tree."""
    bo = Locale.objects.get(language_code="bo")
    course = source.get_translation(bo).specific
    alias_translate(course, report, **content_bo.COURSE)
    for lesson in source.get_children().specific():
        data = content_bo.LESSONS[lesson.slug]
        body = lesson_body(data["body"], images=images, documents=documents)
        alias_translate(lesson.get_translation(bo).specific, report, title=data["title"], body=body)
    return course


@transaction.atomic
def courses_demo_load(report: DemoReport, *, instructor=None) -> DemoReport:
    """Load the files, pages and translations; `instructor` teaches some courses."""
    images = images_load(report)
    documents = documents_load(report)
    courses = courses_load(report, images=images, documents=documents, instructor=instructor)
    site_pages_load(report)
    tibetan_course_load(
        report, source=courses[content_bo.COURSE_SLUG], images=images, documents=documents
    )
    return report
