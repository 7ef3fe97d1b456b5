"""A course tree of realistic lessons, built with the factories the tests use."""

import io
from dataclasses import dataclass, field
from pathlib import Path

from faker import Faker

from django.core.files.images import ImageFile

import wagtail.images
from wagtail.images.models import Image
from wagtail.rich_text import RichText

from courses.factories import (
    CoursePageFactory,
    ImageFactory,
    LessonPageFactory,
    ProgrammePageFactory,
    quiz_block,
)
from courses.models import CoursePage, LessonPage, ProgrammePage

LESSONS_PER_COURSE = 25
COURSES_PER_TRACK = 5
# Lessons share a pool of pictures, as real lessons reuse a course's photos.
# Real photographs weigh far more than the factory's smooth drawings once
# compressed, so the pool uses the landscape photos that ship inside the
# wagtail package (its own test images) when they are there.
SAMPLE_PHOTOS = sorted(
    (Path(wagtail.images.__file__).parent / "tests" / "image_files").glob("landscape_[1-4].jpg")
)
DRAWINGS_POOL_SIZE = 12
# The lesson every measurement opens: the fifth of the first course, so it has
# a previous and a next lesson; an earlier one when the smallest tree is tiny.
MEASURED_LESSON_POSITION = 5


def measured_lesson_position(smallest_tree: int) -> int:
    return min(MEASURED_LESSON_POSITION, smallest_tree // 2 + 1)


def lesson_body(*, pictures: tuple[Image, Image], fake: Faker) -> list[tuple[str, object]]:
    """A lesson as an instructor writes one: text, a heading, two captioned pictures, a quiz."""

    def paragraphs(count: int) -> RichText:
        return RichText("".join(f"<p>{fake.paragraph(nb_sentences=4)}</p>" for _ in range(count)))

    first, second = pictures
    return [
        ("text", paragraphs(2)),
        ("heading", "产品拍摄要点"),
        ("image", {"image": first, "caption": fake.sentence(), "alt_text": first.title}),
        ("text", paragraphs(3)),
        ("image", {"image": second, "caption": fake.sentence(), "alt_text": second.title}),
        ("text", paragraphs(1)),
        ("quiz", quiz_block()),
    ]


@dataclass
class LessonTree:
    """Grows one course tree lesson by lesson: courses of 25 lessons, five courses a track."""

    measured_position: int = MEASURED_LESSON_POSITION
    photos: bool = True
    fake: Faker = field(default_factory=lambda: Faker("zh_CN"))
    pictures: list[Image] = field(default_factory=list)
    track: ProgrammePage | None = None
    course: CoursePage | None = None
    lessons: int = 0
    courses: int = 0
    measured_lesson: LessonPage | None = None

    @property
    def pictures_description(self) -> str:
        if self.photos and SAMPLE_PHOTOS:
            return f"{len(SAMPLE_PHOTOS)} photographs from wagtail's package, 600x450 JPEG"
        return f"{DRAWINGS_POOL_SIZE} drawings from courses.factories.picture_file"

    def _picture_pool(self) -> list[Image]:
        if self.photos and SAMPLE_PHOTOS:
            return [
                ImageFactory(file=ImageFile(io.BytesIO(path.read_bytes()), name=path.name))
                for path in SAMPLE_PHOTOS
            ]
        return ImageFactory.create_batch(DRAWINGS_POOL_SIZE)

    def grow_to(self, total_lessons: int) -> None:
        while self.lessons < total_lessons:
            self._add_lesson()

    def _add_lesson(self) -> None:
        if self.course is None or self.course.numchild >= LESSONS_PER_COURSE:
            if self.track is None or self.courses % COURSES_PER_TRACK == 0:
                self.track = ProgrammePageFactory()
            self.course = CoursePageFactory(parent=self.track)
            self.courses += 1
        if not self.pictures:
            self.pictures = self._picture_pool()
        first = self.pictures[(2 * self.lessons) % len(self.pictures)]
        second = self.pictures[(2 * self.lessons + 1) % len(self.pictures)]
        lesson = LessonPageFactory(
            parent=self.course, body=lesson_body(pictures=(first, second), fake=self.fake)
        )
        self.lessons += 1
        if self.lessons == self.measured_position:
            self.measured_lesson = lesson
