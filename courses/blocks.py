"""StreamField blocks of a lesson. One stream block, `LessonStreamBlock`."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail.rich_text import RichText

from courses.html import clean_stored_rich_text
from courses.quiz import answer_field
from courses.video_choice import (
    LessonVideos,
    chosen_option,
    smallest_video,
    video_options,
)

RICH_TEXT_FEATURES = ["h3", "h4", "bold", "italic", "ol", "ul", "link", "hr"]


class CleanRichTextBlock(blocks.RichTextBlock):
    """Rich text cleaned with bleach before it is stored (and again when shown)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("features", RICH_TEXT_FEATURES)
        super().__init__(**kwargs)

    def get_prep_value(self, value):
        return clean_stored_rich_text(super().get_prep_value(value))

    def to_python(self, value):
        return RichText(clean_stored_rich_text(value))

    class Meta:
        icon = "pilcrow"
        template = "courses/blocks/rich_text.html"


class HeadingBlock(blocks.CharBlock):
    class Meta:
        icon = "title"
        template = "courses/blocks/heading.html"
        label = _("Heading")


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    caption = blocks.CharBlock(required=False, max_length=200, label=_("Caption"))
    alt_text = blocks.CharBlock(
        required=False,
        max_length=200,
        label=_("Alternative text"),
        help_text=_("What the image shows, for people who cannot see it."),
    )

    class Meta:
        icon = "image"
        template = "courses/blocks/image.html"
        label = _("Image with caption")


class VideoBlock(blocks.StructBlock):
    """An uploaded video file or an embed; the file is not loaded until played. An uploaded
    one is offered in its smaller copies too, with their sizes (courses/video_choice.py)."""

    file = DocumentChooserBlock(required=False, label=_("Video file"))
    embed = EmbedBlock(required=False, label=_("Embed URL"))
    poster = ImageChooserBlock(required=False, label=_("Poster image"))
    caption = blocks.CharBlock(required=False, max_length=200, label=_("Caption"))

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("file")) == bool(value.get("embed")):
            message = _("Choose either an uploaded video file or an embed URL.")
            raise StructBlockValidationError(block_errors={"file": ValidationError(message)})
        return value

    def get_context(self, value, parent_context=None):
        """The copies of an uploaded video to choose from, the one shown, and the smallest;
        the lesson's page reads the copies of all its videos at once (`lesson_videos`)."""
        context = super().get_context(value, parent_context=parent_context)
        document = value.get("file")
        if document is None:
            return context
        videos = (parent_context or {}).get("lesson_videos") or LessonVideos(None, "")
        options = video_options(document, videos.renditions_of(document))
        context.update(
            options=options,
            chosen=chosen_option(options, videos.choice),
            smallest=smallest_video(options),
            automatic=videos.choice == "",
        )
        return context

    class Meta:
        icon = "media"
        template = "courses/blocks/video.html"
        label = _("Video")


class DownloadBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    description = blocks.CharBlock(required=False, max_length=200, label=_("Description"))

    class Meta:
        icon = "doc-full"
        template = "courses/blocks/download.html"
        label = _("Downloadable document")


class TipBlock(blocks.StructBlock):
    text = CleanRichTextBlock(features=["bold", "italic", "link"], label=_("Tip"))

    class Meta:
        icon = "help"
        template = "courses/blocks/tip.html"
        label = _("Tip")


class QuizChoiceBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=300, label=_("Answer"))
    correct = blocks.BooleanBlock(required=False, label=_("Correct"))

    class Meta:
        icon = "check"
        label = _("Answer")


class QuizQuestionBlock(blocks.StructBlock):
    question = blocks.TextBlock(label=_("Question"))
    multiple = blocks.BooleanBlock(
        required=False,
        label=_("Multiple choice"),
        help_text=_("Tick when more than one answer is correct."),
    )
    choices = blocks.ListBlock(QuizChoiceBlock(), min_num=2, label=_("Answers"))
    explanation = blocks.TextBlock(
        required=False, label=_("Explanation"), help_text=_("Shown after answering.")
    )

    def clean(self, value):
        value = super().clean(value)
        correct = sum(1 for choice in value["choices"] if choice["correct"])
        if correct == 0:
            message = _("Mark at least one answer as correct.")
        elif correct > 1 and not value["multiple"]:
            message = _("A single-choice question has exactly one correct answer.")
        else:
            return value
        raise StructBlockValidationError(block_errors={"choices": ValidationError(message)})

    class Meta:
        icon = "list-ul"
        label = _("Question")


class QuizBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=200, label=_("Title"))
    pass_mark = blocks.IntegerBlock(
        min_value=0, max_value=100, default=60, label=_("Pass mark (%)")
    )
    questions = blocks.ListBlock(QuizQuestionBlock(), min_num=1, label=_("Questions"))

    def get_context(self, value, parent_context=None):
        """Each question with its answers, and after a submission what the trainee may see:
        a refused form keeps the answers given and flags the questions left blank; a failed
        attempt keeps the trainee's own ticks and says which questions were wrong and explains
        them, but never ticks or shows an answer they did not choose as right (the next try
        needs the learning); a pass shows it all."""
        context = super().get_context(value, parent_context=parent_context)
        parent_context = parent_context or {}
        answers = parent_context.get("quiz_answers")
        result = parent_context.get("quiz_result")
        refused = answers is not None and result is None
        passed = result is not None and result.passed
        keep_ticks = answers is not None
        questions = []
        for number, question in enumerate(value["questions"]):
            marked = result.questions[number] if result else None
            questions.append(
                {
                    "number": number + 1,
                    "field_name": answer_field(number),
                    "text": question["question"],
                    "multiple": question["multiple"],
                    "explanation": question["explanation"],
                    "marked": marked,
                    "unanswered": refused and not answers[number],
                    "choices": [
                        {
                            "value": index,
                            "text": choice["text"],
                            "checked": keep_ticks and index in answers[number],
                            "shown_correct": passed and choice["correct"],
                        }
                        for index, choice in enumerate(question["choices"])
                    ],
                }
            )
        context.update(
            questions=questions,
            quiz_result=result,
            quiz_refused=refused,
            wrong_numbers=[
                question["number"]
                for question in questions
                if question["marked"] and not question["marked"].correct
            ],
        )
        return context

    class Meta:
        icon = "form"
        template = "courses/blocks/quiz.html"
        label = _("Quiz")


class LessonStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    text = CleanRichTextBlock(label=_("Text"))
    image = CaptionedImageBlock()
    video = VideoBlock()
    download = DownloadBlock()
    tip = TipBlock()
    quiz = QuizBlock()

    class Meta:
        block_counts = {"quiz": {"max_num": 1}}
