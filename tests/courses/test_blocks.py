import pytest

from django.core.files.base import ContentFile

from wagtail.blocks import StreamBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError

from courses.blocks import LessonStreamBlock, QuizQuestionBlock, VideoBlock
from courses.factories import DocumentFactory, ImageFactory, LessonPageFactory, quiz_block

pytestmark = pytest.mark.django_db


def test_uploaded_video_waits_for_play_and_shows_its_size_and_poster(client):
    video = DocumentFactory(
        title="开播演示", file=ContentFile(b"\x1a\x45\xdf\xa3" + b"0" * 3_000_000, name="live.webm")
    )
    lesson = LessonPageFactory(
        body=[
            ("video", {"file": video, "embed": None, "poster": ImageFactory(), "caption": "开播"})
        ]
    )

    html = client.get(lesson.url).content.decode()

    assert 'preload="none"' in html
    assert 'poster="/media/images/' in html
    assert "2.9 MB" in html


def test_a_video_needs_exactly_one_of_file_or_embed():
    block = VideoBlock()
    with pytest.raises(StructBlockValidationError):
        block.clean(block.to_python({"file": None, "embed": None, "poster": None, "caption": ""}))


def test_a_download_shows_its_type_and_size(client):
    document = DocumentFactory(title="松茸包装清单")
    lesson = LessonPageFactory(body=[("download", {"document": document, "description": ""})])

    html = client.get(lesson.url).content.decode()

    assert "松茸包装清单" in html
    assert "TXT" in html


@pytest.mark.parametrize(
    ("choices", "multiple"),
    [
        ([False, False], False),  # no right answer
        ([True, True], False),  # two right answers on a single-choice question
    ],
)
def test_a_question_needs_a_sensible_set_of_right_answers(choices, multiple):
    block = QuizQuestionBlock()
    value = block.to_python(
        {
            "question": "哪个对？",
            "multiple": multiple,
            "choices": [{"text": f"选项{i}", "correct": c} for i, c in enumerate(choices)],
            "explanation": "",
        }
    )
    with pytest.raises(StructBlockValidationError):
        block.clean(value)


def test_a_lesson_has_at_most_one_quiz():
    stream = LessonStreamBlock()
    value = stream.to_python(
        [{"type": "quiz", "value": quiz_block()}, {"type": "quiz", "value": quiz_block()}]
    )
    with pytest.raises(StreamBlockValidationError):
        stream.clean(value)
