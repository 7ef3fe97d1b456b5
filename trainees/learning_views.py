"""The trainee's side of learning: enrol, mark lessons done, "My learning", verification."""

from allauth.core import ratelimit

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.html import escape, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from wagtail import hooks

from courses.models import CoursePage, LessonPage
from courses.translations import page_in_reader_language, pages_in_reader_language
from machinery.page_messages import section_tag
from machinery.text import refuse_control_characters
from trainees import follow_ups, learning, offline
from trainees.choices import EnrolmentSource, Gender
from trainees.forms import CountyChoiceField
from trainees.identity import IdNumberFormField
from trainees.models import Certificate, County

# Extension point for apps that build on the trainees (trainees depend on none of them):
# "trainees_learning_home_extras": fn(trainee, request) -> HTML or None, shown at the top of
# "My learning" (the incubator's "My shop" card, say).
LEARNING_HOME_EXTRAS_HOOK = "trainees_learning_home_extras"

# The id of a lesson page's progress panel, where "Mark as done" leads back to.
PROGRESS_SECTION = "progress"

TOO_MANY_ATTEMPTS = _(
    "You have tried this too many times in a short while. Wait a few minutes, then try again."
)


class AboutYouForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        validators=[refuse_control_characters],
        error_messages={"required": _("Enter your name as on your identity card.")},
    )
    gender = forms.ChoiceField(
        label=_("Gender"),
        choices=Gender.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose your gender.")},
    )
    birth_year = forms.IntegerField(
        label=_("Year of birth"),
        min_value=1930,
        error_messages={
            "required": _("Enter the year you were born, such as 1995."),
            "invalid": _("Enter the year you were born, such as 1995."),
            "min_value": _("Enter the year you were born, such as 1995."),
        },
    )
    county = CountyChoiceField(
        label=_("County"),
        queryset=County.objects.all(),
        empty_label=_("Choose your county"),
        error_messages={
            "invalid_choice": _("Choose one of the counties of Ganzi in the list."),
            "required": _("Choose the county you live in."),
        },
    )
    id_number = IdNumberFormField(
        label=_("Identity number"),
        max_length=30,
        error_messages={"required": _("Enter the 18 characters of your identity number.")},
    )
    course = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean_birth_year(self) -> int:
        year = self.cleaned_data["birth_year"]
        if year > timezone.localdate().year:
            raise ValidationError(_("Enter the year you were born, such as 1995."))
        return year


def _course_or_404(course_id: int) -> CoursePage:
    return get_object_or_404(CoursePage, pk=course_id)


def _url_in_language_in_use(page, request) -> str:
    """The address of `page` in the tree of the language being read."""
    return page_in_reader_language(page).get_url(request)


def _enrolment(request, course: CoursePage):
    """The reader's enrolment in `course`, read once a request (the course page's ticks and
    its panel both ask)."""
    memo = request.__dict__.setdefault("_learning_enrolments", {})
    if course.translation_key not in memo:
        memo[course.translation_key] = learning.enrolment_for(user=request.user, course=course)
    return memo[course.translation_key]


def _course_links(courses: list[CoursePage], request) -> SafeString:
    """Links to `courses`, each titled and addressed in the language being read."""
    return format_html_join(
        ", ",
        '<a href="{}">{}</a>',
        ((page.get_url(request), page.title) for page in pages_in_reader_language(courses)),
    )


def _prerequisites_message(courses: list[CoursePage], request) -> SafeString:
    return mark_safe(  # noqa: S308 - the words escaped, the links built by format_html
        escape(gettext("Complete these courses first: %(courses)s."))
        % {"courses": _course_links(courses, request)}
    )


def _enrolled_message(course: CoursePage) -> str:
    title = page_in_reader_language(course).title
    return gettext("You are enrolled in %(course)s. Start with the first lesson.") % {
        "course": title
    }


def _enrol(request, trainee, course: CoursePage):
    """Enrol the trainee themselves, and say so; a refusal goes back to the course's panel,
    where the Enrol button was."""
    try:
        enrolment = learning.enrolment_create(
            trainee=trainee, course=course, source=EnrolmentSource.SELF
        )
    except learning.PrerequisitesMissing as refused:
        messages.error(
            request,
            _prerequisites_message(refused.courses, request),
            extra_tags=section_tag(PROGRESS_SECTION),
        )
        return redirect(_url_in_language_in_use(course, request) + "#" + PROGRESS_SECTION)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages), extra_tags=section_tag(PROGRESS_SECTION))
        return redirect(_url_in_language_in_use(course, request) + "#" + PROGRESS_SECTION)
    messages.success(request, _enrolled_message(course))
    first = learning.resume_lesson(enrolment)
    return redirect(_url_in_language_in_use(first or course, request))


@require_POST
def enrol(request, course_id: int):
    """The Enrol button of a course page."""
    course = _course_or_404(course_id)
    if not request.user.is_authenticated:
        return redirect_to_login(course.get_url(request))
    trainee = learning.trainee_for_user(request.user)
    if trainee is None:
        return redirect(f"{reverse('learning_about_you')}?course={course.pk}")
    return _enrol(request, trainee, course)


@login_required
def about_you(request):
    """The trainee record a self-signed-up person fills in once, before their first enrolment."""
    if learning.trainee_for_user(request.user) is not None:
        return redirect("learning_home")
    status = 200
    if request.method == "POST":
        form = AboutYouForm(request.POST)
        if form.is_valid() and not ratelimit.consume(
            request, action="about_you", user=request.user
        ):
            # Each form that reaches the register tells whether its number is there: as many
            # as failed log-ins are (settings ACCOUNT_RATE_LIMITS["about_you"]).
            form.add_error(None, TOO_MANY_ATTEMPTS)
            status = 429
        elif form.is_valid():
            data = form.cleaned_data
            try:
                trainee = learning.trainee_create_for_user(
                    user=request.user,
                    name=data["name"],
                    gender=data["gender"],
                    birth_year=data["birth_year"],
                    county=data["county"],
                    id_number=data["id_number"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Your details are saved."))
                course = CoursePage.objects.filter(pk=data["course"]).first()
                if course is None:
                    return redirect("learning_home")
                return _enrol(request, trainee, course)
    else:
        profile = getattr(request.user, "profile", None)
        form = AboutYouForm(
            initial={
                "course": request.GET.get("course", ""),
                "county": profile.county_id if profile else None,
            }
        )
    return render(request, "trainees/learning/about_you.html", {"form": form}, status=status)


@require_POST
@login_required
def lesson_done(request, lesson_id: int):
    """ "Mark as done", for the logged-in trainee's own enrolment only."""
    lesson = get_object_or_404(LessonPage, pk=lesson_id)
    course = lesson.course
    # Back where the button was: the answer and the next step beside it, not above the lesson.
    back = _url_in_language_in_use(lesson, request) + "#" + PROGRESS_SECTION
    in_progress = section_tag(PROGRESS_SECTION)
    enrolment = learning.enrolment_for(user=request.user, course=course)
    if enrolment is None:
        messages.error(
            request, _("Enrol in the course to keep your progress."), extra_tags=in_progress
        )
        return redirect(back)
    try:
        learning.lesson_mark_done(enrolment=enrolment, lesson=lesson)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages), extra_tags=in_progress)
    else:
        messages.success(request, _("This lesson is marked as done."), extra_tags=in_progress)
    return redirect(back)


@login_required
def learning_home(request):
    """My learning: each course with its progress, the next lesson and certificates."""
    trainee = learning.trainee_for_user(request.user)
    request.eagle_offline_keep = True  # kept on the phone for reading offline
    courses = learning.learning_overview(trainee=trainee, request=request) if trainee else []
    extras = (
        [
            html
            for extra in hooks.get_hooks(LEARNING_HOME_EXTRAS_HOOK)
            if (html := extra(trainee, request))
        ]
        if trainee
        else []
    )
    return render(
        request,
        "trainees/learning/home.html",
        {
            "trainee": trainee,
            "courses": courses,
            "extras": extras,
            "offline_refused": offline.refused_lately(trainee) if trainee else [],
        },
    )


def certificate_verify(request, code: str):
    certificate = (
        Certificate.objects.select_related("enrolment__trainee", "enrolment__course")
        .filter(verification_code=code)
        .first()
    )
    if certificate is None:
        return render(
            request, "trainees/learning/certificate_unknown.html", {"code": code}, status=404
        )
    course = page_in_reader_language(certificate.enrolment.course)
    return render(
        request,
        "trainees/learning/certificate_verify.html",
        {
            "certificate": certificate,
            "course_title": course.title,
            "holder": learning.masked_name(certificate.enrolment.trainee.name),
            "outcome": follow_ups.public_outcome(certificate),
            "certificate_workers": certificate_workers(),
        },
    )


# Checking a certificate without a connection (docs/learning.md): the verification page's
# script keeps the programme's keys, the revocation list and the page below on the phone,
# and registers a service worker that answers with that page when the network does not.


OFFLINE_CHECK_MAX_AGE = 24 * 60 * 60


def certificate_workers() -> list[str]:
    """The service workers the check registers: the one of the addresses QR codes carry
    (the default language's, without a prefix) and the one of the page's language."""
    with translation.override(settings.LANGUAGE_CODE):
        workers = [reverse("certificate_service_worker")]
    if (own := reverse("certificate_service_worker")) not in workers:
        workers.append(own)
    return workers


def certificate_check_offline(request):
    """The check of the signed statement after the "#" of whichever certificate's QR code
    is opened; its service worker shows it when there is no connection. The script fetches
    it on each visit of a verification page: a day in the browser's cache spares that."""
    response = render(
        request,
        "trainees/learning/certificate_offline.html",
        {"certificate_workers": certificate_workers()},
    )
    patch_cache_control(response, private=True, max_age=OFFLINE_CHECK_MAX_AGE)
    return response


def certificate_service_worker(request):
    """Plain JavaScript served from its scope's folder; read afresh by browsers on each
    visit, so that a change reaches them."""
    response = HttpResponse(
        render_to_string("trainees/learning/certificate_service_worker.js"),
        content_type="text/javascript; charset=utf-8",
    )
    patch_cache_control(response, no_cache=True)
    return response


# Wagtail hooks (registered in trainees/wagtail_hooks.py)


def page_extras(page, request) -> str | None:
    """The enrol button on a course page (or, while courses that come first are left, the
    way to them); progress and "Mark as done" on a lesson page."""
    if isinstance(page, CoursePage):
        course, lesson = page, None
    elif isinstance(page, LessonPage):
        course, lesson = None, page
    else:
        return None
    context = {"page": page, "lesson": lesson, "section": PROGRESS_SECTION}
    if request.user.is_authenticated:
        # A trainee's lessons and courses are kept on their phone for reading offline.
        request.eagle_offline_keep = True
        if lesson is not None:
            course = lesson.course
        enrolment = _enrolment(request, course)
        context.update(course=course, enrolment=enrolment)
        if enrolment is None:
            missing = learning.prerequisites_missing(
                trainee=learning.trainee_for_user(request.user), course=course
            )
            context["prerequisites_missing"] = pages_in_reader_language(missing)
        else:
            context["certificate"] = getattr(enrolment, "certificate", None)
            if lesson is not None:
                context["lesson_done"] = learning.lesson_done(enrolment=enrolment, lesson=lesson)
                context["has_quiz"] = lesson.quiz() is not None
                if context["lesson_done"]:
                    context["next_step"] = learning.next_step(
                        enrolment=enrolment, lesson=lesson, request=request
                    )
            else:
                resume = learning.resume_lesson(enrolment)
                context["resume"] = resume and page_in_reader_language(resume)
    elif lesson is not None:
        return None
    return render_to_string("trainees/learning/page_extras.html", context, request=request)


def lessons_done(course, request) -> set | None:
    """The ticks of the course page: the lessons the reader has done, if enrolled."""
    if not request.user.is_authenticated:
        return None
    enrolment = _enrolment(request, course)
    return None if enrolment is None else learning.lessons_done(enrolment)


def quiz_marked(*, lesson, request, answers, result) -> None:
    """Keep the quiz attempt of an enrolled trainee; readers who are not enrolled just practise."""
    if not request.user.is_authenticated:
        return
    course = lesson.course
    enrolment = learning.enrolment_for(user=request.user, course=course)
    if enrolment is None:
        return
    learning.quiz_attempt_record(enrolment=enrolment, lesson=lesson, answers=answers, result=result)
