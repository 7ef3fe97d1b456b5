"""The page tree of the Eagle programme.

    HomePage
    └── CourseIndexPage  (/courses/, the catalogue)
        └── ProgrammePage  (a track of the programme)
            └── CoursePage
                └── LessonPage

Each language has its own tree (Wagtail localisation); see docs/architecture.md.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import Http404, HttpResponseBadRequest
from django.template.response import TemplateResponse
from django.utils.cache import patch_vary_headers
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalManyToManyField
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index
from wagtail.url_routing import RouteResult

from courses import page_cache
from courses.blocks import LessonStreamBlock
from courses.choices import (
    Level,
    VideoKind,
    VideoRenditionReason,
    VideoRenditionStatus,
    content_language_name,
)
from courses.forms import CatalogueFilterForm, LessonPageForm
from courses.quiz import chosen_answers, mark_quiz, unanswered
from courses.search import index_text
from courses.translations import pages_in_reader_language, reader_language
from courses.video_choice import (
    QUALITY_COOKIE,
    QUALITY_COOKIE_SECONDS,
    QUALITY_PARAMETER,
    LessonVideos,
    asked_quality,
    has_uploaded_video,
    reader_choice,
)
from machinery.constraints import FieldUniqueConstraint

CATALOGUE_PAGE_SIZE = 12

# Extension points for apps that build on the courses (courses depend on none of them):
# - "courses_page_extras": fn(page, request) -> HTML or None, shown on course and lesson pages;
# - "courses_quiz_marked": fn(*, lesson, request, answers, result), after a quiz is marked;
# - "courses_lessons_done": fn(course, request) -> the translation keys of the course's lessons
#   the reader has done, or None when they do not follow the course (ticks on its page).
PAGE_EXTRAS_HOOK = "courses_page_extras"
QUIZ_MARKED_HOOK = "courses_quiz_marked"
LESSONS_DONE_HOOK = "courses_lessons_done"


def page_extras(page, request) -> list[str]:
    return [html for extra in hooks.get_hooks(PAGE_EXTRAS_HOOK) if (html := extra(page, request))]


def lessons_done(course, request) -> set | None:
    """The translation keys of the lessons of `course` the reader has done, or None."""
    found = None
    for done in hooks.get_hooks(LESSONS_DONE_HOOK):
        keys = done(course, request)
        if keys is not None:
            found = (found or set()) | set(keys)
    return found


class WrittenInLanguage:
    """A page that knows the language its words are in: its own locale's, or for an alias
    (which shows its source's words) its source's. Read it through querysets that select
    `locale` and `alias_of__locale` (`with_languages`), or it costs a query or two a page."""

    @property
    def content_language(self) -> str:
        source = self.alias_of if self.alias_of_id else self
        return source.locale.language_code

    @property
    def content_language_name(self) -> str:
        """The name of that language in the reader's language."""
        return content_language_name(self.content_language)

    @property
    def in_reader_language(self) -> bool:
        """Whether the page's words are in the reader's (the active) language."""
        return self.content_language == reader_language()


def with_languages(pages: PageQuerySet) -> PageQuerySet:
    """`pages` read with what WrittenInLanguage needs."""
    return pages.select_related("locale", "alias_of__locale")


class HomePage(WrittenInLanguage, Page):
    intro = models.TextField(_("introduction"), blank=True)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("hero_image")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["courses.CourseIndexPage"]

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        catalogue = CourseIndexPage.objects.live().child_of(self).first()
        context["catalogue"] = catalogue
        context["tracks"] = catalogue.tracks() if catalogue else []
        return context

    def route(self, request, path_components):
        """The page at the path in one read (Wagtail's walk reads two a level: a lesson's
        URL took eight). No page type of the programme routes on its own, so this finds the
        page the walk would find, live or 404 alike (tests/courses/test_routing.py)."""
        if not path_components:
            return super().route(request, path_components)
        found = Page.objects.filter(
            slug=path_components[-1],
            depth=self.depth + len(path_components),
            url_path=f"{self.url_path}{'/'.join(path_components)}/",
        ).first()
        if found is None or not found.live:
            raise Http404
        return RouteResult(found.specific)


class CourseIndexPage(WrittenInLanguage, Page):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["courses.HomePage"]
    subpage_types = ["courses.ProgrammePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("course catalogue")
        verbose_name_plural = _("course catalogues")

    def tracks(self):
        return with_languages(ProgrammePage.objects.live().public().child_of(self))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        tracks = list(self.tracks())
        form = CatalogueFilterForm(request.GET or None, tracks=tracks)
        courses = CoursePage.objects.live().public().descendant_of(self)
        if form.is_valid():
            courses = form.filter(courses)
        page = Paginator(courses.for_cards(), CATALOGUE_PAGE_SIZE).get_page(request.GET.get("page"))
        tracks_by_path = {track.path: track for track in tracks}
        for course in page:
            course.track = tracks_by_path.get(course.path[: -Page.steplen])
        context.update(filter_form=form, courses=page, tracks=tracks)
        return context


class ProgrammePage(WrittenInLanguage, Page):
    """A track of the programme, such as shop operation or livestream selling."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["courses.CoursePage"]

    class Meta:
        verbose_name = _("programme track")
        verbose_name_plural = _("programme tracks")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["courses"] = CoursePage.objects.live().public().child_of(self).for_cards()
        return context


class CoursePageQuerySet(PageQuerySet):
    def for_cards(self):
        """Everything a course card shows, in a fixed number of queries."""
        return with_languages(self.select_related("cover_image")).prefetch_related(
            "cover_image__renditions"
        )


class CoursePage(WrittenInLanguage, Page):
    code = models.CharField(
        _("course code"), max_length=20, help_text=_("Short code such as EC-101.")
    )
    summary = models.TextField(_("summary"), max_length=600)
    level = models.CharField(_("level"), max_length=20, choices=Level, default=Level.BEGINNER)
    estimated_hours = models.DecimalField(
        _("estimated hours"), max_digits=4, decimal_places=1, default=1
    )
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("cover image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    instructors = ParentalManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("instructors"),
        blank=True,
        related_name="taught_courses",
        limit_choices_to={"groups__name": "Instructors"},
    )
    attendance_required = models.PositiveSmallIntegerField(
        _("attendance required (%)"),
        default=80,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("For trainees in a cohort: the share of its sessions they must attend."),
    )
    prerequisites = ParentalManyToManyField(
        "self",
        verbose_name=_("prerequisite courses"),
        blank=True,
        symmetrical=False,
        related_name="required_by",
    )

    objects = PageManager.from_queryset(CoursePageQuerySet)()

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("code"),
                FieldPanel("level"),
                FieldPanel("estimated_hours"),
                FieldPanel("attendance_required"),
            ],
            heading=_("Course facts"),
        ),
        FieldPanel("summary"),
        FieldPanel("cover_image"),
        FieldPanel("prerequisites"),
        # Only managers decide who teaches; the instructors' page rights follow from it.
        FieldPanel("instructors", permission="courses.assign_instructors"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("code"),
        index.SearchField("summary"),
        index.SearchField("han_words"),
        index.FilterField("level"),
    ]
    parent_page_types = ["courses.ProgrammePage"]
    subpage_types = ["courses.LessonPage"]

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        permissions = [("assign_instructors", _("Can choose the instructors of a course"))]

    def clean(self):
        super().clean()
        same_code = CoursePage.objects.filter(code=self.code, locale_id=self.locale_id).exclude(
            translation_key=self.translation_key
        )
        if self.code and same_code.exists():
            raise ValidationError({"code": _("Another course already uses this code.")})

    def han_words(self) -> str:
        return index_text(f"{self.title} {self.summary}")

    def lessons(self):
        return LessonPage.objects.live().public().child_of(self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        lessons = list(
            self.lessons().only(
                "id", "title", "url_path", "path", "depth", "estimated_minutes", "translation_key"
            )
        )
        # Ticks for the reader's own progress: never kept in a cache shared with others.
        done = lessons_done(self, request)
        for lesson in lessons:
            lesson.done = done is not None and lesson.translation_key in done
        context["lessons"] = lessons
        context["lessons_done"] = None if done is None else sum(lesson.done for lesson in lessons)
        context["prerequisite_courses"] = pages_in_reader_language(
            list(self.prerequisites.live().order_by("path"))
        )
        context["page_extras"] = page_extras(self, request)
        return context


class LessonPage(Page):
    estimated_minutes = models.PositiveSmallIntegerField(_("estimated minutes"), default=15)
    body = StreamField(LessonStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("estimated_minutes"), FieldPanel("body")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("body"),
        index.SearchField("han_words"),
    ]
    parent_page_types = ["courses.CoursePage"]
    subpage_types = []
    base_form_class = LessonPageForm  # a new lesson's slug, and no second start of a draft
    allowed_http_methods = ["GET", "HEAD", "OPTIONS", "POST"]

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")

    def han_words(self) -> str:
        body_text = " ".join(self._meta.get_field("body").get_searchable_content(self.body))
        return index_text(f"{self.title} {body_text}")

    @cached_property
    def course(self) -> CoursePage:
        """The course the lesson belongs to (its parent), read in one query and kept."""
        return CoursePage.objects.select_related("locale").get(path=self.path[: -self.steplen])

    def quiz(self):
        """The lesson's quiz block value, or None."""
        return next((block.value for block in self.body if block.block_type == "quiz"), None)

    @cached_property
    def neighbours(self) -> tuple:
        """The live, public lessons before and after this one (None at either end), from one
        read of the course's lessons."""
        siblings = (
            LessonPage.objects.live().public().sibling_of(self, inclusive=False).order_by("path")
        )
        before, after = [], []
        for sibling in siblings.only("title", "url_path", "path"):
            (before if sibling.path < self.path else after).append(sibling)
        return (before[-1] if before else None), (after[0] if after else None)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["course"] = self.course
        # The template's fragments (courses/page_cache.py); a quiz is never kept.
        context["page_tree_version"] = page_cache.tree_version()
        context["page_cache_seconds"] = page_cache.FRAGMENT_SECONDS
        context["article_kept"] = self.quiz() is None
        # Its videos in the copy the reader chose (courses/video_choice.py); the text is kept
        # once for each choice.
        has_video = has_uploaded_video(self.body)
        context["video_choice"] = reader_choice(request) if has_video else ""
        context["lesson_videos"] = LessonVideos(self.body, context["video_choice"])
        context["page_extras"] = page_extras(self, request)
        return context

    def serve(self, request, *args, **kwargs):
        """GET shows the lesson; POST marks the answers to its quiz."""
        if request.method != "POST":
            if QUALITY_PARAMETER in request.GET and asked_quality(request) is None:
                messages.error(
                    request,
                    _("That video size is not offered. Choose one of the sizes under the video."),
                )
            response = super().serve(request, *args, **kwargs)
            if has_uploaded_video(self.body):
                self.remember_video_quality(request, response)
            return response
        quiz = self.quiz()
        if quiz is None:
            return HttpResponseBadRequest(_("This lesson has no quiz."))
        answers = chosen_answers(quiz, request.POST)
        if unanswered(answers):  # refused, and not an attempt: the form says what is missing
            context = self.get_context(request, *args, **kwargs)
            context["quiz_answers"] = answers
            return TemplateResponse(request, self.get_template(request), context, status=400)
        result = mark_quiz(quiz, answers)
        for quiz_marked in hooks.get_hooks(QUIZ_MARKED_HOOK):
            quiz_marked(lesson=self, request=request, answers=answers, result=result)
        context = self.get_context(request, *args, **kwargs)
        context.update(quiz_answers=answers, quiz_result=result)
        return TemplateResponse(request, self.get_template(request), context)

    @staticmethod
    def remember_video_quality(request, response) -> None:
        """The video quality chosen with a link is kept for the lessons after; the page
        varies with it and with the browser's wish to save data."""
        patch_vary_headers(response, ("Cookie", "Save-Data"))
        asked = asked_quality(request)
        if asked and asked != request.COOKIES.get(QUALITY_COOKIE):
            response.set_cookie(
                QUALITY_COOKIE,
                asked,
                max_age=QUALITY_COOKIE_SECONDS,
                secure=request.is_secure(),
                httponly=True,
                samesite="Lax",
            )


class VideoRendition(models.Model):
    """A smaller copy of an uploaded video (a Wagtail document): 360p, 240p or its sound
    alone, made by ffmpeg in the background (courses/videos.py). A trainee is offered it only
    once it is ready and made from the document's current file (`source_name`)."""

    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("video"),
        on_delete=models.CASCADE,
        related_name="video_renditions",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=VideoKind)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=VideoRenditionStatus,
        default=VideoRenditionStatus.WAITING,
    )
    reason = models.CharField(_("reason"), max_length=20, choices=VideoRenditionReason, blank=True)
    # What ffmpeg said, for the programme's administrator (not translated).
    detail = models.TextField(_("details"), blank=True)
    source_name = models.CharField(_("made from"), max_length=255)
    file = models.FileField(_("file"), max_length=255, blank=True)
    size = models.PositiveBigIntegerField(_("size (bytes)"), null=True, blank=True)
    width = models.PositiveIntegerField(_("width"), null=True, blank=True)
    height = models.PositiveIntegerField(_("height"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("video rendition")
        constraints = [
            FieldUniqueConstraint(
                fields=["document", "kind"],
                name="courses_videorendition_one_of_a_kind",
                field="kind",
                violation_error_message=_("This video already has a copy of this kind."),
            )
        ]

    def __str__(self):
        return f"{self.document_id} {self.kind}"
