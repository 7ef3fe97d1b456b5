"""Factories for course pages, shared by the tests and the benchmarks.

Pages are created in the tree with `parent.add_child`, so pass `parent=`; a
page created without one goes under the catalogue of the default language.
"""

import io
import random

import factory
from PIL import Image as PILImage
from PIL import ImageDraw

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile

from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Locale, Page
from wagtail.rich_text import RichText

from courses.choices import Level, VideoKind, VideoRenditionStatus
from courses.models import (
    CourseIndexPage,
    CoursePage,
    HomePage,
    LessonPage,
    ProgrammePage,
    VideoRendition,
)


def picture_file(name: str = "picture.jpg", *, width: int = 960, height: int = 540, seed: int = 0):
    """A real photo-like JPEG drawn with Pillow: sky, hills and a few shapes."""
    rng = random.Random(seed)
    image = PILImage.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    top, bottom = (rng.randint(90, 160), rng.randint(150, 200), 235), (250, 240, 220)
    for y in range(height):
        share = y / height
        draw.line(
            [(0, y), (width, y)],
            fill=tuple(int(a + (b - a) * share) for a, b in zip(top, bottom, strict=True)),
        )
    for layer in range(3):
        green = (40 + 30 * layer, 110 + 25 * layer + rng.randint(0, 30), 60 + 10 * layer)
        base = height * (0.55 + 0.12 * layer)
        points = [(0, height)]
        for x in range(0, width + 60, 60):
            points.append((x, base - rng.randint(0, int(height * 0.18))))
        points.append((width, height))
        draw.polygon(points, fill=green)
    for _ in range(rng.randint(3, 6)):
        x, y = rng.randint(0, width), rng.randint(int(height * 0.6), height)
        r = rng.randint(height // 30, height // 12)
        draw.ellipse([x - r, y - r // 2, x + r, y + r // 2], fill=(150, 110, 70))
        draw.rectangle([x - r // 4, y, x + r // 4, y + r], fill=(235, 225, 200))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=85)
    buffer.seek(0)
    return ImageFile(buffer, name=name)


def catalogue(language_code: str = "zh-hans") -> CourseIndexPage:
    return CourseIndexPage.objects.get(locale=Locale.objects.get(language_code=language_code))


class ImageFactory(factory.django.DjangoModelFactory):
    title = factory.Faker("sentence", nb_words=3, locale="zh_CN")
    file = factory.LazyAttributeSequence(lambda o, n: picture_file(f"picture-{n}.jpg", seed=n))

    class Meta:
        model = Image


class DocumentFactory(factory.django.DjangoModelFactory):
    """A small UTF-8 text document, such as a checklist to download."""

    title = factory.Sequence(lambda n: f"包装检查清单 {n}")
    file = factory.LazyAttributeSequence(
        lambda o, n: ContentFile(
            f"{o.title}\n[ ] 冰袋\n[ ] 泡沫箱\n".encode(), name=f"checklist-{n}.txt"
        )
    )

    class Meta:
        model = Document

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        document = model_class(*args, **kwargs)
        document._set_document_file_metadata()
        document.save()
        return document


class VideoDocumentFactory(DocumentFactory):
    """A video document of `file_size` bytes; they are not a real video (for ffmpeg's, see
    tests/video_files.py)."""

    title = factory.Sequence(lambda n: f"直播间布置示范 {n}")
    file = factory.LazyAttributeSequence(
        lambda o, n: ContentFile(b"\0" * o.file_size, name=f"live-{n}.mp4")
    )
    file_size = 1_500_000


class VideoRenditionFactory(factory.django.DjangoModelFactory):
    """A ready copy of a video of `size` bytes (filler bytes: no ffmpeg), made from the
    document's current file."""

    document = factory.SubFactory(VideoDocumentFactory)
    kind = VideoKind.P240
    status = VideoRenditionStatus.READY
    size = 3_250_000
    source_name = factory.LazyAttribute(lambda o: o.document.file.name)
    file = factory.LazyAttribute(
        lambda o: ContentFile(
            b"\0" * o.size,
            name=f"{o.kind}.{'m4a' if o.kind == VideoKind.AUDIO else 'mp4'}",
        )
    )
    height = factory.LazyAttribute(
        lambda o: None if o.kind == VideoKind.AUDIO else int(o.kind.rstrip("p"))
    )

    class Meta:
        model = VideoRendition


class PageFactory(factory.django.DjangoModelFactory):
    """Adds the page under `parent` in the tree and publishes it."""

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, parent: Page | None = None, **kwargs):
        page = model_class(*args, **kwargs)
        parent = parent or cls.default_parent()
        parent.add_child(instance=page)
        page.save_revision().publish()
        return page

    @classmethod
    def default_parent(cls) -> Page:
        raise NotImplementedError


class ProgrammePageFactory(PageFactory):
    title = factory.Sequence(lambda n: f"电商运营方向 {n}")
    slug = factory.Sequence(lambda n: f"track-{n}")
    intro = factory.Faker("paragraph", locale="zh_CN")

    class Meta:
        model = ProgrammePage

    @classmethod
    def default_parent(cls) -> Page:
        return catalogue()


class CoursePageFactory(PageFactory):
    title = factory.Sequence(lambda n: f"网店开设入门 {n}")
    slug = factory.Sequence(lambda n: f"course-{n}")
    code = factory.Sequence(lambda n: f"EC-{n:03d}")
    summary = factory.Faker("paragraph", locale="zh_CN")
    level = Level.BEGINNER
    estimated_hours = 2

    class Meta:
        model = CoursePage

    @classmethod
    def default_parent(cls) -> Page:
        return ProgrammePageFactory()


def quiz_block(*, pass_mark: int = 60) -> dict:
    """A two-question quiz: one single choice, one multiple choice."""
    return {
        "title": "小测验",
        "pass_mark": pass_mark,
        "questions": [
            {
                "question": "哪个平台是国家扶贫产品采购平台？",
                "multiple": False,
                "choices": [
                    {"text": "832平台", "correct": True},
                    {"text": "微店", "correct": False},
                ],
                "explanation": "832平台是脱贫地区农副产品网络销售平台。",
            },
            {
                "question": "松茸冷链发货需要哪些东西？",
                "multiple": True,
                "choices": [
                    {"text": "冰袋", "correct": True},
                    {"text": "泡沫箱", "correct": True},
                    {"text": "报纸", "correct": False},
                ],
                "explanation": "冰袋和泡沫箱让松茸在路上保持低温。",
            },
        ],
    }


class LessonPageFactory(PageFactory):
    title = factory.Sequence(lambda n: f"第{n}课 商品标题怎么写")
    slug = factory.Sequence(lambda n: f"lesson-{n}")
    estimated_minutes = 15
    body = factory.LazyFunction(
        lambda: [
            ("heading", "本课要点"),
            ("text", RichText("<p>好的标题写清楚产地、品种和规格。</p>")),
        ]
    )

    class Meta:
        model = LessonPage

    @classmethod
    def default_parent(cls) -> Page:
        return CoursePageFactory()


def home(language_code: str = "zh-hans") -> HomePage:
    return HomePage.objects.get(locale=Locale.objects.get(language_code=language_code))
