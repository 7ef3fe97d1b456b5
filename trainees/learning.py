"""Learning: enrolment, lesson progress, quiz attempts, completion and certificates.

Progress and enrolments always refer to the pages of the default language:
a trainee reading the Tibetan or English copy of a course (a translation or
an alias of the Chinese page) progresses in the same course.
"""

import datetime
import secrets
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.models import Locale, Page

from courses.models import CoursePage, LessonPage
from courses.quiz import QuizResult
from courses.translations import PAGE_FIELDS, in_reader_language, page_in_reader_language
from trainees import follow_ups, scoping, training_summary
from trainees.choices import EnrolmentSource, ProgressSource
from trainees.identity import normalise_id_number
from trainees.models import (
    Attendance,
    Certificate,
    Cohort,
    CohortSession,
    County,
    Enrolment,
    LessonProgress,
    QuizAttempt,
    Trainee,
)

CERTIFICATE_PREFIX = "EAGLE"
NUMBER_ATTEMPTS = 50  # numbers taken by courses completed at the same moment


class CourseAlreadyComplete(ValidationError):
    pass


class PrerequisitesMissing(ValidationError):
    """A trainee may not enrol in a course before completing the courses that come first:
    `courses` are those still to complete (pages of the default language)."""

    def __init__(self, courses: list[CoursePage]):
        self.courses = courses
        super().__init__(
            _("Complete these courses first: %(courses)s.")
            % {"courses": ", ".join(course.title for course in courses)},
            code="prerequisites_missing",
        )


def canonical_page(page: Page) -> Page:
    """The page of the default language that `page` translates or aliases (or `page` itself)."""
    default = Locale.get_default()
    if page.locale_id == default.pk:
        return page
    return page.get_translation_or_none(default) or page


# Trainees


def trainee_for_user(user: AbstractBaseUser) -> Trainee | None:
    if not user.is_authenticated:
        return None
    return Trainee.objects.filter(user=user).first()


@transaction.atomic
def trainee_create_for_user(
    *,
    user: AbstractBaseUser,
    name: str,
    gender: str,
    birth_year: int,
    county: County,
    id_number: str,
) -> Trainee:
    """A self-signed-up person's own trainee record, needed before they enrol."""
    id_number = normalise_id_number(id_number)
    if Trainee.objects.filter(user=user).exists():
        raise ValidationError(_("Your account already has a trainee record."))
    if Trainee.objects.filter(id_number=id_number).exists():
        raise ValidationError(
            {
                "id_number": _(
                    "A trainee with this identity number is already registered. "
                    "Ask your county coordinator to link the record to your account."
                )
            }
        )
    trainee = Trainee(
        user=user,
        name=name.strip(),
        gender=gender,
        birth_year=birth_year,
        county=county,
        id_number=id_number,
    )
    trainee.full_clean()
    trainee.save()
    training_summary.refresh(trainee_ids=[trainee.pk])
    return trainee


# Enrolment


def prerequisites_missing(*, trainee: Trainee | None, course: CoursePage) -> list[CoursePage]:
    """The live prerequisite courses of `course` that `trainee` has not completed (pages of
    the default language, in tree order), in two queries; all of them for no trainee. The
    one rule of prerequisites: a trainee enrolling themselves has completed each first
    (docs/learning.md says why coordinators' enrolments may go ahead of it)."""
    course = canonical_page(course)
    required = list(
        CoursePage.objects.live()
        .filter(required_by=course)
        .order_by("path")
        .only("id", "title", "url_path", "path", "depth", "translation_key", "locale_id")
    )
    if not required or trainee is None:
        return required
    completed = set(
        Enrolment.objects.filter(
            trainee=trainee,
            completed_at__isnull=False,
            course__translation_key__in=[page.translation_key for page in required],
        ).values_list("course__translation_key", flat=True)
    )
    return [page for page in required if page.translation_key not in completed]


@dataclass
class PrerequisitesOfMany:
    """The rule of `prerequisites_missing` for many trainees and courses at once (a roster's),
    read in two queries: `required`, each course's live prerequisites in tree order, and
    `completed`, the (trainee id, translation key) of each course they completed."""

    required: dict[int, list[CoursePage]]
    completed: set[tuple[int, object]]

    def missing(self, trainee_id: int | None, course_id: int) -> list[CoursePage]:
        """The prerequisites of the course the trainee (None: a new one) has not completed."""
        return [
            page
            for page in self.required.get(course_id, [])
            if (trainee_id, page.translation_key) not in self.completed
        ]


def prerequisites_of_many(*, trainee_ids, course_ids) -> PrerequisitesOfMany:
    """`PrerequisitesOfMany` of these trainees and courses (pages of the default language)."""
    required: dict[int, list[CoursePage]] = defaultdict(list)
    for page in (
        CoursePage.objects.live()
        .filter(required_by__in=list(course_ids))
        .annotate(required_for=F("required_by"))
        .order_by("path")
        .only(*PAGE_FIELDS)
    ):
        required[page.required_for].append(page)
    keys = {page.translation_key for pages in required.values() for page in pages}
    completed = set()
    if keys and trainee_ids:
        completed = set(
            Enrolment.objects.filter(
                trainee_id__in=list(trainee_ids),
                completed_at__isnull=False,
                course__translation_key__in=keys,
            ).values_list("trainee_id", "course__translation_key")
        )
    return PrerequisitesOfMany(required=dict(required), completed=completed)


@transaction.atomic
def enrolment_create(
    *,
    trainee: Trainee,
    course: CoursePage,
    cohort: Cohort | None = None,
    source: str,
) -> Enrolment:
    """Enrol `trainee`; a trainee enrolling again gets their existing enrolment back.

    A trainee enrolling themselves must have completed the course's prerequisites first
    (PrerequisitesMissing); a coordinator's enrolment, in a cohort or alone, goes ahead of
    them on purpose (docs/learning.md)."""
    course = canonical_page(course)
    existing = Enrolment.objects.filter(trainee=trainee, course=course).first()
    if existing is not None:
        if source == EnrolmentSource.SELF:
            return existing
        raise ValidationError(
            _("%(trainee)s is already enrolled in %(course)s.")
            % {"trainee": trainee.name, "course": page_in_reader_language(course).title}
        )
    if source == EnrolmentSource.SELF and not course.live:
        raise ValidationError(_("This course is not open for enrolment."))
    if source == EnrolmentSource.SELF:
        missing = prerequisites_missing(trainee=trainee, course=course)
        if missing:
            raise PrerequisitesMissing(missing)
    if cohort is not None and not cohort.courses.filter(pk=course.pk).exists():
        raise ValidationError(
            _("The cohort %(cohort)s does not teach %(course)s.")
            % {"cohort": cohort.name, "course": page_in_reader_language(course).title}
        )
    try:
        with transaction.atomic():
            return Enrolment.objects.create(
                trainee=trainee, course=course, cohort=cohort, source=source
            )
    except IntegrityError:
        # Enrolled at the same moment by another request.
        if source == EnrolmentSource.SELF:
            return Enrolment.objects.get(trainee=trainee, course=course)
        raise ValidationError(
            _("%(trainee)s is already enrolled in %(course)s.")
            % {"trainee": trainee.name, "course": page_in_reader_language(course).title}
        ) from None


def enrolment_for(*, user: AbstractBaseUser, course: CoursePage) -> Enrolment | None:
    """The user's enrolment in the course, read in any of its languages, with its
    certificate (one query), or None. Enrolments are in the course's canonical page, which
    shares its translation key with every translation and alias of it."""
    if not user.is_authenticated:
        return None
    enrolment = (
        Enrolment.objects.filter(trainee__user=user, course__translation_key=course.translation_key)
        .select_related("certificate")
        .order_by("pk")
        .first()
    )
    if enrolment is not None and enrolment.course_id == course.pk:
        enrolment.course = course  # read already
    return enrolment


def lessons_done(enrolment: Enrolment) -> set:
    """The translation keys of the lessons done in the enrolment (one query): the same in
    every language of the course."""
    return set(
        LessonProgress.objects.filter(enrolment=enrolment).values_list(
            "lesson__translation_key", flat=True
        )
    )


def lesson_done(*, enrolment: Enrolment, lesson: LessonPage) -> bool:
    """Whether the lesson (in any of its languages) is done in the enrolment."""
    return enrolment.progress.filter(lesson__translation_key=lesson.translation_key).exists()


# Progress


def course_lessons(course: CoursePage):
    """The live lessons of a course, in tree order."""
    return LessonPage.objects.live().child_of(course).order_by("path")


def _lesson_of_enrolment(enrolment: Enrolment, lesson: LessonPage) -> LessonPage:
    """The live lesson of the enrolment's course that `lesson` is, or translates."""
    found = course_lessons(enrolment.course).filter(translation_key=lesson.translation_key).first()
    if found is None:
        raise ValidationError(_("This lesson is not part of a course you are enrolled in."))
    return found


@transaction.atomic
def lesson_mark_done(*, enrolment: Enrolment, lesson: LessonPage) -> Certificate | None:
    """Mark a lesson without a quiz done; the certificate, if that completed the course."""
    lesson = _lesson_of_enrolment(enrolment, lesson)
    if lesson.specific.quiz() is not None:
        raise ValidationError(_("Pass the quiz to finish this lesson."))
    LessonProgress.objects.get_or_create(
        enrolment=enrolment, lesson=lesson, defaults={"source": ProgressSource.MARKED}
    )
    return _complete_if_done(enrolment)


def _answers_for_storage(answers: list[frozenset[int]]) -> list[list[int]]:
    return [sorted(chosen) for chosen in answers]


@transaction.atomic
def quiz_attempt_record(
    *,
    enrolment: Enrolment,
    lesson: LessonPage,
    answers: list[frozenset[int]],
    result: QuizResult,
) -> tuple[QuizAttempt, Certificate | None]:
    """Keep a quiz attempt; a pass marks the lesson done (and may complete the course)."""
    lesson = _lesson_of_enrolment(enrolment, lesson)
    attempt = QuizAttempt.objects.create(
        enrolment=enrolment,
        lesson=lesson,
        answers=_answers_for_storage(answers),
        score=result.score,
        passed=result.passed,
    )
    certificate = None
    if result.passed:
        LessonProgress.objects.get_or_create(
            enrolment=enrolment, lesson=lesson, defaults={"source": ProgressSource.QUIZ}
        )
        certificate = _complete_if_done(enrolment)
    return attempt, certificate


def resume_lesson(enrolment: Enrolment) -> LessonPage | None:
    """The first live lesson not done yet, in tree order."""
    done = LessonProgress.objects.filter(enrolment=enrolment).values("lesson_id")
    return course_lessons(enrolment.course).exclude(pk__in=done).first()


@dataclass(frozen=True)
class NextStep:
    """Where a trainee goes after a lesson: `kind` is "lesson" (the one after it), "left" (a
    lesson still to do before it, at the end of the course), "quiz" (a quiz still to pass)
    or "course" (nothing left: back to the course and its certificate)."""

    kind: str
    page: Page


def next_step(*, enrolment: Enrolment, lesson: LessonPage, request) -> NextStep:
    """The step after `lesson` (the page being read, in its language): the lesson after it;
    at the last one, the first lesson of the course still to do; then the course."""
    following = lesson.neighbours[1]
    if following is not None:
        return NextStep("lesson", following)
    left = resume_lesson(enrolment)
    if left is not None:
        page = page_in_reader_language(left)
        return NextStep("quiz" if left.quiz() is not None else "left", page)
    return NextStep("course", lesson.course)


# Completion


@dataclass
class Requirements:
    lessons_to_do: list[LessonPage] = field(default_factory=list)
    quizzes_to_pass: list[LessonPage] = field(default_factory=list)
    # The cohort's sessions that have ended, and any the trainee is already marked present at:
    # attendance counts when it is taken, so that time passing alone never completes a course.
    sessions_counted: int = 0
    sessions_attended: int = 0
    attendance_required: int = 0

    @property
    def attendance_met(self) -> bool:
        if self.sessions_counted == 0:
            return True
        return 100 * self.sessions_attended >= self.attendance_required * self.sessions_counted

    @property
    def met(self) -> bool:
        return not self.lessons_to_do and not self.quizzes_to_pass and self.attendance_met


def _lessons_under(courses) -> Q:
    """The condition for the pages right under any of `courses`."""
    under = Q()
    for course in courses:
        under |= Q(path__startswith=course.path, depth=course.depth + 1)
    return under


def _requirements_of(enrolments: list[Enrolment]) -> dict[int, Requirements]:
    """What each enrolment has left to do, by enrolment id, in a fixed number of queries."""
    if not enrolments:
        return {}
    courses = {
        course.pk: course
        for course in CoursePage.objects.filter(pk__in={e.course_id for e in enrolments})
    }
    lessons: dict[str, list[LessonPage]] = {course.path: [] for course in courses.values()}
    for lesson in (
        LessonPage.objects.live().filter(_lessons_under(courses.values())).order_by("path")
    ):
        lessons[lesson.path[: -Page.steplen]].append(lesson)
    done = set(
        LessonProgress.objects.filter(enrolment__in=enrolments).values_list(
            "enrolment_id", "lesson_id"
        )
    )
    passed = set(
        QuizAttempt.objects.filter(enrolment__in=enrolments, passed=True).values_list(
            "enrolment_id", "lesson_id"
        )
    )
    cohort_ids = {e.cohort_id for e in enrolments if e.cohort_id}
    sessions: dict[int, list[tuple[int, datetime.datetime]]] = {pk: [] for pk in cohort_ids}
    present: dict[int, set[int]] = {}
    if cohort_ids:
        for pk, cohort_id, ends_at in (
            CohortSession.objects.filter(cohort_id__in=cohort_ids)
            .order_by()
            .values_list("pk", "cohort_id", "ends_at")
        ):
            sessions[cohort_id].append((pk, ends_at))
        for trainee_id, session_id in Attendance.objects.filter(
            session__cohort_id__in=cohort_ids,
            trainee__in={e.trainee_id for e in enrolments},
            present=True,
        ).values_list("trainee_id", "session_id"):
            present.setdefault(trainee_id, set()).add(session_id)
    now = timezone.now()
    left = {}
    for enrolment in enrolments:
        course = courses[enrolment.course_id]
        requirements = Requirements(
            lessons_to_do=[
                lesson for lesson in lessons[course.path] if (enrolment.pk, lesson.pk) not in done
            ],
            quizzes_to_pass=[
                lesson
                for lesson in lessons[course.path]
                if lesson.quiz() is not None and (enrolment.pk, lesson.pk) not in passed
            ],
            attendance_required=course.attendance_required,
        )
        if enrolment.cohort_id:
            attended = present.get(enrolment.trainee_id, set())
            counted = [
                pk
                for pk, ends_at in sessions[enrolment.cohort_id]
                if ends_at <= now or pk in attended
            ]
            requirements.sessions_counted = len(counted)
            requirements.sessions_attended = sum(1 for pk in counted if pk in attended)
        left[enrolment.pk] = requirements
    return left


def requirements_left(enrolment: Enrolment) -> Requirements:
    return _requirements_of([enrolment])[enrolment.pk]


def certificate_numbers(*, year: int, count: int) -> list[str]:
    """The next `count` numbers of certificates issued in `year`, after the highest one
    stored: EAGLE-2026-000001, EAGLE-2026-000002, ... (the one format of a number)."""
    prefix = f"{CERTIFICATE_PREFIX}-{year}-"
    last = (
        Certificate.objects.filter(number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    first = int(last.removeprefix(prefix)) + 1 if last else 1
    return [f"{prefix}{sequence:06d}" for sequence in range(first, first + count)]


def _certificates_issue(enrolments: list[Enrolment], issued_on: datetime.date) -> list[Certificate]:
    """A certificate for each enrolment, numbered one after the other, in one insert."""
    for _attempt in range(NUMBER_ATTEMPTS):
        numbers = certificate_numbers(year=issued_on.year, count=len(enrolments))
        certificates = [
            Certificate(
                enrolment=enrolment,
                number=number,
                verification_code=secrets.token_urlsafe(18),
                issued_on=issued_on,
            )
            for enrolment, number in zip(enrolments, numbers, strict=True)
        ]
        try:
            with transaction.atomic():
                issued = Certificate.objects.bulk_create(certificates)
        except IntegrityError:
            # Another course was completed at the same moment and took the numbers.
            if Certificate.objects.filter(enrolment__in=enrolments).exists():
                raise
        else:
            # Here, where every certificate is made, so that none misses its follow-ups.
            follow_ups.follow_ups_schedule(certificates=issued)
            return issued
    raise IntegrityError("no free certificate number")


def _complete_those_done(locked: list[Enrolment]) -> dict[int, Certificate]:
    """Completes the locked, not yet complete enrolments that met every requirement.

    Their certificates, by enrolment id.
    """
    requirements = _requirements_of(locked)
    done = [enrolment for enrolment in locked if requirements[enrolment.pk].met]
    if not done:
        return {}
    now = timezone.now()
    Enrolment.objects.filter(pk__in=[enrolment.pk for enrolment in done]).update(completed_at=now)
    for enrolment in done:
        enrolment.completed_at = now
    certificates = _certificates_issue(done, timezone.localdate(now))
    training_summary.refresh(trainee_ids={enrolment.trainee_id for enrolment in done})
    return {certificate.enrolment_id: certificate for certificate in certificates}


@transaction.atomic
def completion_check(*, enrolment: Enrolment) -> Certificate | None:
    """Complete the enrolment and issue its certificate if every requirement is met.

    Returns the new certificate, or None while something is left to do.
    """
    locked = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if locked.completed_at is not None or Certificate.objects.filter(enrolment=locked).exists():
        raise CourseAlreadyComplete(
            _("This course is already complete and its certificate was issued.")
        )
    certificate = _complete_those_done([locked]).get(locked.pk)
    if certificate is not None:
        enrolment.completed_at = locked.completed_at
    return certificate


@transaction.atomic
def completions_check(*, enrolments: QuerySet[Enrolment]) -> list[Certificate]:
    """Complete each of `enrolments` whose requirements are all met; the new certificates.

    The enrolments already complete are left as they are. The number of
    queries does not grow with the number of enrolments.
    """
    # Locked in id order, so that two checks of the same enrolments wait rather than deadlock.
    locked = list(enrolments.select_for_update().filter(completed_at__isnull=True).order_by("pk"))
    certified = set(
        Certificate.objects.filter(enrolment__in=locked).values_list("enrolment_id", flat=True)
    )
    incomplete = [enrolment for enrolment in locked if enrolment.pk not in certified]
    return list(_complete_those_done(incomplete).values())


def _complete_if_done(enrolment: Enrolment) -> Certificate | None:
    # A lesson not yet done is enough to know the course is not complete (a requirement of
    # completion_check): one read instead of a lock and every requirement's.
    if course_lessons(enrolment.course).exclude(progress__enrolment=enrolment).exists():
        return None
    try:
        return completion_check(enrolment=enrolment)
    except CourseAlreadyComplete:
        return None


# Certificates


def is_revocable(certificate: Certificate) -> bool:
    """A certificate is revoked once: while it is valid."""
    return certificate.is_valid


@transaction.atomic
def certificate_revoke(
    *, certificate: Certificate, by: AbstractBaseUser, reason: str
) -> Certificate:
    """Mark the certificate revoked by `by`, with `reason`; its verification then says so."""
    if not scoping.may_revoke_certificates(by, certificate):
        raise PermissionDenied(_("Only programme managers can revoke certificates."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the certificate is revoked.")})
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if not is_revocable(certificate):
        raise ValidationError(
            {
                "reason": _("This certificate was already revoked on %(day)s.")
                % {"day": timezone.localdate(certificate.revoked_at)}
            }
        )
    certificate.revoked_at = timezone.now()
    certificate.revoked_by = by
    certificate.revoke_reason = reason
    certificate.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
    training_summary.refresh(trainee_ids=[certificate.enrolment.trainee_id])
    return certificate


TSHEG, TIBETAN_ENDS = "\u0f0b", "\u0f0b\u0f0d\u0f0e\u0f14 "


def masked_name(name: str) -> str:
    """The first and last characters kept, the rest starred: 扎西卓玛 -> 扎**玛. A Tibetan
    name keeps its first and last syllables (a letter alone is part of one, with its vowel
    signs apart from it): བཀྲ་ཤིས་སྒྲོལ་མ། -> བཀྲ་*་*་མ."""
    if any("\u0f00" <= character <= "\u0fff" for character in name):
        syllables = [part for part in name.strip(TIBETAN_ENDS).split(TSHEG) if part]
        return TSHEG.join(_first_and_last_kept(syllables))
    return "".join(_first_and_last_kept(list(name)))


def _first_and_last_kept(parts: list[str]) -> list[str]:
    if len(parts) <= 1:
        return ["*"]
    if len(parts) == 2:
        return [parts[0], "*"]
    return [parts[0], *["*"] * (len(parts) - 2), parts[-1]]


# The "My learning" page


@dataclass
class CourseProgress:
    enrolment: Enrolment
    course_title: str  # in the reader's language
    course_url: str
    lessons_total: int
    lessons_done: int
    resume_title: str = ""
    resume_url: str = ""

    @property
    def certificate(self) -> Certificate | None:
        return getattr(self.enrolment, "certificate", None)

    @property
    def percent(self) -> int:
        if not self.lessons_total:
            return 0
        return round(100 * self.lessons_done / self.lessons_total)


def learning_overview(*, trainee: Trainee, request) -> list[CourseProgress]:
    """Every enrolment of the trainee with its progress, in a fixed number of queries."""
    enrolments = list(
        trainee.enrolments.select_related("course", "certificate").order_by("-enrolled_at")
    )
    if not enrolments:
        return []
    by_course_path = {enrolment.course.path: enrolment for enrolment in enrolments}
    lessons = list(
        LessonPage.objects.live()
        .filter(_lessons_under(enrolment.course for enrolment in enrolments))
        .order_by("path")
        .only("id", "title", "path", "depth", "url_path", "translation_key", "locale_id")
    )
    done = set(
        LessonProgress.objects.filter(enrolment__in=enrolments).values_list(
            "enrolment_id", "lesson_id"
        )
    )
    totals = {enrolment.pk: 0 for enrolment in enrolments}
    done_counts = dict(totals)
    resume: dict[int, LessonPage] = {}
    for lesson in lessons:
        enrolment = by_course_path[lesson.path[: -Page.steplen]]
        totals[enrolment.pk] += 1
        if (enrolment.pk, lesson.pk) in done:
            done_counts[enrolment.pk] += 1
        else:
            resume.setdefault(enrolment.pk, lesson)
    localised = in_reader_language(
        [enrolment.course for enrolment in enrolments] + list(resume.values())
    )
    overview = []
    for enrolment in enrolments:
        course = localised[enrolment.course.pk]
        item = CourseProgress(
            enrolment=enrolment,
            course_title=course.title,
            course_url=course.get_url(request),
            lessons_total=totals[enrolment.pk],
            lessons_done=done_counts[enrolment.pk],
        )
        if enrolment.pk in resume:
            lesson = localised[resume[enrolment.pk].pk]
            item.resume_title, item.resume_url = lesson.title, lesson.get_url(request)
        overview.append(item)
    return overview
