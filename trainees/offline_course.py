"""What "Save this course for offline" downloads (docs/learning.md, "Offline"): the course
page and its lessons in the reader's language, their pictures at phone size, the sizes
before anything is downloaded, a version of each lesson and of the course, and the
course's videos, offered apart with their sizes."""

import hashlib

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from courses.models import CoursePage, LessonPage, VideoRendition
from courses.templatetags.course_tags import PHONE_WIDTHS
from courses.video_choice import video_options

# A lesson page around its article: the site's header, progress panel, pager and footer
# (measured on the demo's lessons: 6.5-7.5 KB), added to each article's own size.
PAGE_SHELL_BYTES = 7 * 1024
# The picture a phone's browser picks from a lesson's srcset (its widest phone copy).
PHONE_IMAGE = f"width-{PHONE_WIDTHS[-1]}|format-webp"


def _published(page) -> str:
    """When the words a page shows were last published: an alias shows its source's."""
    source = page.alias_of.last_published_at if page.alias_of_id else None
    times = [time for time in (page.last_published_at, source) if time]
    return max(times).isoformat() if times else ""


def _version(*parts) -> str:
    return hashlib.sha256("|".join(str(part) for part in parts).encode()).hexdigest()[:12]


def _lesson_blocks(lesson: LessonPage, kind: str) -> list:
    return [block.value for block in lesson.body if block.block_type == kind]


def _image_sizes(images) -> list[dict]:
    found = []
    for image in images:
        rendition = image.get_rendition(PHONE_IMAGE)
        try:
            size = rendition.file.size
        except OSError:
            size = 0
        found.append({"url": rendition.url, "bytes": size})
    return found


def course_listing(course: CoursePage, request) -> dict:
    """The course's pages, pictures and videos with their sizes and versions (JSON)."""
    course = course.specific
    lessons = list(
        LessonPage.objects.live()
        .public()
        .child_of(course)
        .order_by("path")
        .select_related("alias_of")
    )
    lesson_versions = [
        _version(lesson.pk, _published(lesson), lesson.latest_revision_id) for lesson in lessons
    ]
    pages = [
        {
            # The course page lists its lessons: it changes with any of them.
            "url": course.get_url(request),
            "title": course.title,
            "version": _version(course.pk, _published(course), *lesson_versions),
            "bytes": PAGE_SHELL_BYTES + len(course.summary.encode()) + 200 * len(lessons),
            "images": [],
        }
    ]
    videos = []
    image_ids, document_ids = {}, {}
    for lesson in lessons:
        image_ids[lesson.pk] = [value["image"] for value in _lesson_blocks(lesson, "image")]
        document_ids[lesson.pk] = [
            value["file"] for value in _lesson_blocks(lesson, "video") if value.get("file")
        ]
    images = get_image_model().objects.in_bulk(
        {image.pk for values in image_ids.values() for image in values if image}
    )
    documents = get_document_model().objects.in_bulk(
        {document.pk for values in document_ids.values() for document in values if document}
    )
    renditions: dict[int, list] = {}
    for rendition in VideoRendition.objects.filter(document__in=list(documents)):
        renditions.setdefault(rendition.document_id, []).append(rendition)
    for lesson, version in zip(lessons, lesson_versions, strict=True):
        article = render_to_string(
            "courses/includes/lesson_article.html",
            {"page": lesson, "course": course, "request": request},
            request=request,
        )
        lesson_images = _image_sizes(
            images[image.pk] for image in image_ids[lesson.pk] if image and image.pk in images
        )
        pages.append(
            {
                "url": lesson.get_url(request),
                "title": lesson.title,
                "version": version,
                "bytes": PAGE_SHELL_BYTES + len(article.encode()),
                "images": lesson_images,
            }
        )
        for document in document_ids[lesson.pk]:
            document = documents.get(document.pk)
            if document is None:
                continue
            for option in video_options(document, renditions.get(document.pk, [])):
                videos.append(
                    {
                        "lesson": lesson.title,
                        "label": _("%(lesson)s: %(copy)s")
                        % {"lesson": lesson.title, "copy": option.text},
                        "url": option.url,
                        "bytes": option.size or 0,
                    }
                )
    total = sum(page["bytes"] + sum(i["bytes"] for i in page["images"]) for page in pages)
    return {
        "course": course.pk,
        "version": _version(*[page["version"] for page in pages]),
        "bytes": total,
        "pages": pages,
        "videos": videos,
    }
