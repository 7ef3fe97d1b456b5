"""People, where they live, the classes they attend and what they complete.

Users are Django's own `auth.User`; everything the programme adds about an
account sits on its `Profile`. A `Trainee` is the programme's record of a
person, with or without an account (a coordinator may enrol people who have
none yet).
"""

import datetime
import secrets
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Coalesce, Length
from django.db.models.lookups import Exact
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from machinery.constraints import FieldCheckConstraint, FieldUniqueConstraint
from machinery.display import local_text
from trainees import area_codes
from trainees.choices import (
    AttendanceMethod,
    Education,
    EnrolmentSource,
    FollowUpAnswerMethod,
    FollowUpWork,
    Gender,
    HouseholdStatus,
    IncomeBand,
    Language,
    OfflineProgressKind,
    ProgressSource,
    SmsResult,
    SmsTemplate,
)
from trainees.identity import SHANGHAI, IdNumberField, mask_id_number, validate_id_number


class County(models.Model):
    """A county of Ganzi prefecture, by its official administrative code."""

    code = models.CharField(_("administrative code"), max_length=6, unique=True)
    name = models.CharField(_("name"), max_length=50)
    name_bo = models.CharField(_("name in Tibetan"), max_length=100, blank=True)
    name_en = models.CharField(_("name in English"), max_length=100, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("county")
        verbose_name_plural = _("counties")

    def __str__(self):
        return self.display_name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        cache.delete_many([county_names_cache_key(language) for language in NAME_FIELDS])

    @property
    def display_name(self) -> str:
        """The county's name in the reader's language (the active one), else its Chinese name."""
        return self.name_in(get_language())

    def name_in(self, language: str | None) -> str:
        field = NAME_FIELDS.get(language or "")
        return (getattr(self, field) if field else "") or self.name

    @classmethod
    def display_names(cls) -> dict[str, str]:
        """Each county's Chinese name -> its name in the reader's language, for figures that
        keep counties by their Chinese name (outcomes); one cached read."""
        language = get_language()
        key = county_names_cache_key(language)
        names = cache.get(key)
        if names is None:
            names = {county.name: county.name_in(language) for county in cls.objects.all()}
            cache.set(key, names, COUNTY_NAMES_SECONDS)
        return names


# The field holding a county's name in each interface language other than Chinese.
NAME_FIELDS = {"bo": "name_bo", "en": "name_en"}
COUNTY_NAMES_SECONDS = 300


def county_names_cache_key(language: str | None) -> str:
    return f"county-names:{language}"


class Profile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="profile",
        verbose_name=_("user"),
    )
    # E.164, e.g. +8613800138000; empty for people who signed up by e-mail.
    phone = models.CharField(_("mobile phone"), max_length=16, unique=True, null=True, blank=True)
    phone_verified = models.BooleanField(_("phone verified"), default=False)
    language = models.CharField(
        _("preferred language"),
        max_length=7,
        choices=Language.choices,
        default=Language.ZH_HANS,
    )
    county = models.ForeignKey(
        County,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="profiles",
        verbose_name=_("county"),
    )

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self):
        return str(self.user)


class Township(models.Model):
    """A township (乡镇) of a county; its 9-digit code starts with the county's (area_codes)."""

    county = models.ForeignKey(
        County, on_delete=models.PROTECT, related_name="townships", verbose_name=_("county")
    )
    code = models.CharField(
        _("administrative code"),
        max_length=area_codes.TOWNSHIP_CODE_LENGTH,
        unique=True,
        error_messages={"unique": _("Another township already has this code.")},
    )
    name = models.CharField(_("name"), max_length=area_codes.NAME_MAX_LENGTH)

    class Meta:
        ordering = ["code"]
        constraints = [
            FieldUniqueConstraint(
                fields=["county", "name"],
                name="township_name_unique_in_county",
                field="name",
                violation_error_message=_("This county already has a township of this name."),
            ),
            FieldCheckConstraint(
                condition=Exact(Length("code"), area_codes.TOWNSHIP_CODE_LENGTH),
                name="township_code_has_9_characters",
                field="code",
                violation_error_message=_("A township's administrative code has 9 digits."),
            ),
        ]
        verbose_name = _("township")
        verbose_name_plural = _("townships")

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        # An empty or overlong code, or no county, is already the field's own error.
        if self.county_id and self.code and len(self.code) <= area_codes.TOWNSHIP_CODE_LENGTH:
            problem = area_codes.township_code_problem(self.code, self.county)
            if problem:
                errors["code"] = problem
            elif self.pk:
                saved = Township.objects.filter(pk=self.pk).values_list("code", "county_id").first()
                if saved and saved != (self.code, self.county_id) and self.villages.exists():
                    errors["code"] = area_codes.township_code_locked(saved[0])
        if self.county_id and self.name:
            taken = (
                Township.objects.filter(county_id=self.county_id, name=self.name)
                .exclude(pk=self.pk)
                .values_list("code", flat=True)
                .first()
            )
            if taken:
                errors["name"] = area_codes.township_name_taken(
                    name=self.name, county=self.county, code=taken
                )
        if errors:
            raise ValidationError(errors)


class Village(models.Model):
    """A village (村) of a township; its 12-digit code starts with the township's (area_codes)."""

    township = models.ForeignKey(
        Township, on_delete=models.PROTECT, related_name="villages", verbose_name=_("township")
    )
    code = models.CharField(
        _("administrative code"),
        max_length=area_codes.VILLAGE_CODE_LENGTH,
        unique=True,
        error_messages={"unique": _("Another village already has this code.")},
    )
    name = models.CharField(_("name"), max_length=area_codes.NAME_MAX_LENGTH)

    class Meta:
        ordering = ["code"]
        constraints = [
            FieldUniqueConstraint(
                fields=["township", "name"],
                name="village_name_unique_in_township",
                field="name",
                violation_error_message=_("This township already has a village of this name."),
            ),
            FieldCheckConstraint(
                condition=Exact(Length("code"), area_codes.VILLAGE_CODE_LENGTH),
                name="village_code_has_12_characters",
                field="code",
                violation_error_message=_("A village's administrative code has 12 digits."),
            ),
        ]
        verbose_name = _("village")
        verbose_name_plural = _("villages")

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        if self.township_id and self.code and len(self.code) <= area_codes.VILLAGE_CODE_LENGTH:
            problem = area_codes.village_code_problem(self.code, self.township)
            if problem:
                errors["code"] = problem
        if self.township_id and self.name:
            taken = (
                Village.objects.filter(township_id=self.township_id, name=self.name)
                .exclude(pk=self.pk)
                .values_list("code", flat=True)
                .first()
            )
            if taken:
                errors["name"] = area_codes.village_name_taken(
                    name=self.name, township=self.township, code=taken
                )
        if errors:
            raise ValidationError(errors)


def status_on(changes: Iterable[tuple[datetime.date, str]], day: datetime.date) -> str:
    """A household's status on `day`, from its (valid_from, status) changes: that of the
    latest change made on or before the day; none before its first change.

    The one rule (docs/outcomes.md, indicators 2, 8 and 9): Household.status_on, the
    summaries of trainees and incubator and the synthetic programme ask it, and
    `status_on_in_sql` says the same in SQL (tests/trainees/test_households.py).
    """
    earlier = [change for change in changes if change[0] <= day]
    return max(earlier)[1] if earlier else HouseholdStatus.NONE


def status_on_in_sql(household: str, day) -> Coalesce:
    """`status_on` in SQL: the status on `day` (a date or an expression) of the household
    that `household` (a path of the outer query) names."""
    latest = (
        HouseholdStatusChange.objects.filter(household=OuterRef(household), valid_from__lte=day)
        .order_by("-valid_from")
        .values("status")[:1]
    )
    return Coalesce(Subquery(latest), Value(HouseholdStatus.NONE.value))


class Household(models.Model):
    registry_number = models.CharField(_("registry number"), max_length=30, unique=True)
    village = models.ForeignKey(
        Village,
        on_delete=models.PROTECT,
        related_name="households",
        verbose_name=_("village"),
        db_index=False,  # households_by_village leads with it
    )
    members = models.PositiveSmallIntegerField(_("members"), default=1)

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        indexes = [
            # An area's households with their members, from the index alone: indicator 9
            # reads them for each of its links (a county's 12,000 at scale 10 in 0.3 ms
            # instead of 6, from the table's pages scattered across the villages).
            models.Index(fields=["village", "id", "members"], name="households_by_village"),
        ]

    def __str__(self):
        return self.registry_number

    def status_on(self, day: datetime.date) -> str:
        """The household's status on `day` (the module's `status_on`)."""
        return status_on(self.status_changes.order_by().values_list("valid_from", "status"), day)


class HouseholdStatusChange(models.Model):
    """From `valid_from` on, the household has `status` (until its next change)."""

    household = models.ForeignKey(
        Household,
        on_delete=models.CASCADE,
        related_name="status_changes",
        verbose_name=_("household"),
    )
    status = models.CharField(_("status"), max_length=20, choices=HouseholdStatus.choices)
    valid_from = models.DateField(_("valid from"))

    class Meta:
        ordering = ["household", "valid_from"]
        constraints = [
            FieldUniqueConstraint(
                fields=["household", "valid_from"],
                name="one_household_status_a_day",
                field="valid_from",
                violation_error_message=_(
                    "This household already has a status from this day: change that one."
                ),
            )
        ]
        verbose_name = _("household status change")
        verbose_name_plural = _("household status changes")

    def __str__(self):
        return f"{self.household} {self.get_status_display()} {local_text(self.valid_from)}"


class Trainee(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="trainee",
        verbose_name=_("account"),
    )
    name = models.CharField(_("name"), max_length=100)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices)
    ethnicity = models.CharField(_("ethnicity"), max_length=20, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"))
    education = models.CharField(
        _("education"), max_length=20, choices=Education.choices, blank=True
    )
    phone = models.CharField(_("mobile phone"), max_length=16, blank=True)
    county = models.ForeignKey(
        County, on_delete=models.PROTECT, related_name="trainees", verbose_name=_("county")
    )
    village = models.ForeignKey(
        Village,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="trainees",
        verbose_name=_("village"),
    )
    household = models.ForeignKey(
        Household,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="trainees",
        verbose_name=_("household"),
    )
    # Stored whole, shown whole only to the county's coordinator and programme managers.
    id_number = IdNumberField(
        _("identity number"), max_length=18, unique=True, validators=[validate_id_number]
    )
    # Asked by the trainee or their coordinator: no reminder is ever sent to them
    # (trainees/reminders.py). Messages they wait for (log-in codes) are not reminders.
    accepts_reminders = models.BooleanField(_("accepts reminders by text message"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["county", "name"]
        verbose_name = _("trainee")
        verbose_name_plural = _("trainees")

    def __str__(self):
        return self.name

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)


class Cohort(models.Model):
    """A class of one or more courses, run by a county's e-commerce service centre."""

    name = models.CharField(_("name"), max_length=100)
    county = models.ForeignKey(
        County, on_delete=models.PROTECT, related_name="cohorts", verbose_name=_("county")
    )
    courses = models.ManyToManyField(
        "courses.CoursePage", related_name="cohorts", verbose_name=_("courses")
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="coordinated_cohorts",
        verbose_name=_("coordinator"),
    )
    instructors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="taught_cohorts",
        verbose_name=_("instructors"),
    )

    class Meta:
        ordering = ["-starts_on", "name"]
        constraints = [
            FieldCheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="cohort_ends_after_it_starts",
                field="ends_on",
                violation_error_message=_(
                    "A cohort cannot end before it starts: give a last day on or after its "
                    "first day."
                ),
            )
        ]
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")

    def __str__(self):
        return self.name

    def clean(self):
        """New days keep the cohort's sessions within them (`session_days_problem`, seen from
        the cohort): a session left outside is named by its local day."""
        if not (self.pk and self.starts_on and self.ends_on) or self.ends_on < self.starts_on:
            return  # a cohort ending before it starts is its constraint's message
        errors = {}
        for session in self.sessions.order_by("starts_at"):
            for moment in (session.starts_at, session.ends_at):
                day = timezone.localdate(moment, timezone=SHANGHAI)
                field = "starts_on" if day < self.starts_on else "ends_on"
                if not (self.starts_on <= day <= self.ends_on) and field not in errors:
                    errors[field] = _(
                        "The session of %(day)s would fall outside the cohort's days: move or "
                        "delete it first."
                    ) % {"day": date_format(day, "DATE_FORMAT")}
        if errors:
            raise ValidationError(errors)


def new_check_in_code() -> str:
    """A session's check-in code, made when the session is: 22 URL-safe characters from 128
    random bits, so nobody checks in to a class by guessing; it fits the 32-character field
    (codes typed before it was made remain valid)."""
    return secrets.token_urlsafe(16)


def session_days_problem(
    cohort: "Cohort", starts_at: datetime.datetime | None, ends_at: datetime.datetime | None
) -> dict[str, str]:
    """The one rule of a session's days: it starts and ends within its cohort's first and last
    day, read in local time (Asia/Shanghai). The problem of each moment outside them, by
    field; empty when there is none. CohortSession.clean asks it (the admin's form), and
    attendance.session_create through it."""
    problems = {}
    for field, moment in (("starts_at", starts_at), ("ends_at", ends_at)):
        if moment is not None and not (
            cohort.starts_on <= timezone.localdate(moment, timezone=SHANGHAI) <= cohort.ends_on
        ):
            problems[field] = _(
                "The cohort %(cohort)s runs from %(first)s to %(last)s: its sessions start "
                "and end within those days."
            ) % {
                "cohort": cohort.name,
                "first": date_format(cohort.starts_on, "DATE_FORMAT"),
                "last": date_format(cohort.ends_on, "DATE_FORMAT"),
            }
    return problems


class CohortSession(models.Model):
    """An offline class of a cohort, with the code of its check-in QR code."""

    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("cohort")
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=200)
    # Made for the coordinator, never typed: shown on the session's attendance page.
    check_in_code = models.CharField(
        _("check-in code"), max_length=32, unique=True, default=new_check_in_code, editable=False
    )

    class Meta:
        ordering = ["cohort", "starts_at"]
        constraints = [
            FieldCheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="session_ends_after_it_starts",
                field="ends_at",
                violation_error_message=_("A session must end after it starts."),
            )
        ]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    def __str__(self):
        return f"{self.cohort} {local_text(self.starts_at)}"

    def clean(self):
        if self.cohort_id:
            problems = session_days_problem(self.cohort, self.starts_at, self.ends_at)
            if problems:
                raise ValidationError(problems)


class Attendance(models.Model):
    session = models.ForeignKey(
        CohortSession,
        on_delete=models.CASCADE,
        related_name="attendances",
        verbose_name=_("session"),
    )
    trainee = models.ForeignKey(
        Trainee, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("trainee")
    )
    present = models.BooleanField(_("present"), default=True)
    method = models.CharField(_("how"), max_length=10, choices=AttendanceMethod.choices)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)

    class Meta:
        constraints = [
            FieldUniqueConstraint(
                fields=["session", "trainee"],
                name="one_attendance_a_session",
                field="trainee",
                violation_error_message=_(
                    "This trainee's attendance at this session is already recorded: change "
                    "that record."
                ),
            )
        ]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")

    def __str__(self):
        return f"{self.trainee} @ {self.session}"


class Enrolment(models.Model):
    trainee = models.ForeignKey(
        Trainee, on_delete=models.CASCADE, related_name="enrolments", verbose_name=_("trainee")
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.PROTECT,
        related_name="enrolments",
        verbose_name=_("course"),
    )
    cohort = models.ForeignKey(
        Cohort,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enrolments",
        verbose_name=_("cohort"),
    )
    source = models.CharField(_("enrolled by"), max_length=20, choices=EnrolmentSource.choices)
    enrolled_at = models.DateTimeField(_("enrolled at"), auto_now_add=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)

    class Meta:
        ordering = ["-enrolled_at"]
        constraints = [
            FieldUniqueConstraint(
                fields=["trainee", "course"],
                name="one_enrolment_a_course",
                field="course",
                violation_error_message=_("This trainee is already enrolled in this course."),
            )
        ]
        indexes = [
            # Outcomes: the courses completed in a period.
            models.Index(
                fields=["completed_at"],
                condition=models.Q(completed_at__isnull=False),
                name="enrolments_completed",
            )
        ]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")

    def __str__(self):
        return f"{self.trainee} – {self.course}"


class LessonProgress(models.Model):
    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, related_name="progress", verbose_name=_("enrolment")
    )
    lesson = models.ForeignKey(
        "courses.LessonPage",
        on_delete=models.CASCADE,
        related_name="progress",
        verbose_name=_("lesson"),
    )
    source = models.CharField(_("how"), max_length=10, choices=ProgressSource.choices)
    done_at = models.DateTimeField(_("done at"), auto_now_add=True)

    class Meta:
        constraints = [
            FieldUniqueConstraint(
                fields=["enrolment", "lesson"],
                name="lesson_done_once",
                field="lesson",
                violation_error_message=_("This lesson is already marked as done."),
            )
        ]
        verbose_name = _("lesson progress")
        verbose_name_plural = _("lesson progress")

    def __str__(self):
        return f"{self.enrolment}: {self.lesson}"


class QuizAttempt(models.Model):
    enrolment = models.ForeignKey(
        Enrolment,
        on_delete=models.CASCADE,
        related_name="quiz_attempts",
        verbose_name=_("enrolment"),
    )
    lesson = models.ForeignKey(
        "courses.LessonPage",
        on_delete=models.CASCADE,
        related_name="quiz_attempts",
        verbose_name=_("lesson"),
    )
    answers = models.JSONField(_("answers"))
    score = models.PositiveSmallIntegerField(_("score (%)"))
    passed = models.BooleanField(_("passed"))
    attempted_at = models.DateTimeField(_("attempted at"), auto_now_add=True)

    class Meta:
        ordering = ["-attempted_at"]
        verbose_name = _("quiz attempt")
        verbose_name_plural = _("quiz attempts")

    def __str__(self):
        return f"{self.enrolment}: {self.lesson} {self.score}%"


class Certificate(models.Model):
    """Issued once per enrolment, when the course is complete; revoked only with a reason."""

    enrolment = models.OneToOneField(
        Enrolment,
        on_delete=models.PROTECT,
        related_name="certificate",
        verbose_name=_("enrolment"),
    )
    number = models.CharField(_("number"), max_length=30, unique=True)
    verification_code = models.CharField(_("verification code"), max_length=32, unique=True)
    issued_on = models.DateField(_("issued on"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )
    revoke_reason = models.TextField(_("reason for revoking"), blank=True)

    class Meta:
        ordering = ["-issued_on", "-number"]
        indexes = [models.Index(fields=["issued_on"], name="certificates_by_day")]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")

    def __str__(self):
        return self.number

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None


class TraineeMonth(models.Model):
    """A trainee's courses completed and certificates issued (and not revoked) in one month:
    what the outcomes read at prefecture scale instead of every enrolment. Derived from the
    enrolments, certificates and household statuses, and kept right by
    trainees/training_summary.py."""

    # No database constraint: when a trainee is deleted, their enrolments go first and each
    # refreshes the summary, which the trainee's own deletion then empties.
    trainee = models.ForeignKey(
        Trainee,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,  # the unique constraint's index leads with the trainee
        related_name="+",
        verbose_name=_("trainee"),
    )
    month = models.DateField(_("month"))
    county = models.ForeignKey(
        County, on_delete=models.CASCADE, related_name="+", verbose_name=_("county")
    )
    household = models.ForeignKey(
        Household,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("household"),
    )
    completions = models.PositiveIntegerField(_("courses completed"))
    # Of those, the courses enrolled in while the household was poor.
    poor_completions = models.PositiveIntegerField(_("courses completed while poor"))
    certificates = models.PositiveIntegerField(_("valid certificates issued"))

    class Meta:
        constraints = [
            FieldUniqueConstraint(
                fields=["trainee", "month"],
                name="one_trainee_month",
                field="month",
                violation_error_message=_("This trainee's month is already summed up."),
            )
        ]
        indexes = [models.Index(fields=["month", "county"], name="trainee_months_by_month")]
        verbose_name = _("month of a trainee")
        verbose_name_plural = _("months of the trainees")

    def __str__(self):
        return f"{self.trainee_id} {self.month:%Y-%m}"


class CertifiedTrainee(models.Model):
    """A trainee holding a valid certificate of an enrolment in a cohort: the first step of
    the cohort's funnel (outcomes, indicator 11), read instead of joining every certificate
    to its enrolment. Kept right by trainees/training_summary.py, with TraineeMonth."""

    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="+", verbose_name=_("cohort")
    )
    # No database constraint, as for TraineeMonth.
    trainee = models.ForeignKey(
        Trainee,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        verbose_name=_("trainee"),
    )

    class Meta:
        constraints = [
            FieldUniqueConstraint(
                fields=["cohort", "trainee"],
                name="one_certified_trainee",
                field="trainee",
                violation_error_message=_(
                    "This trainee is already counted as certified in this cohort."
                ),
            )
        ]
        verbose_name = _("certified trainee of a cohort")
        verbose_name_plural = _("certified trainees of the cohorts")

    def __str__(self):
        return f"{self.cohort_id} {self.trainee_id}"


class SmsDelivery(models.Model):
    """One text message the site tried to send (trainees.sms.send_sms), for managers to see
    what the gateway said. The number is kept masked and the text never: a log-in code must
    not outlive its message."""

    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    phone_masked = models.CharField(_("phone (masked)"), max_length=20)
    template = models.CharField(_("template"), max_length=40, choices=SmsTemplate.choices)
    language = models.CharField(_("language"), max_length=10, choices=Language.choices)
    backend = models.CharField(_("backend"), max_length=200)
    result = models.CharField(_("result"), max_length=10, choices=SmsResult.choices)
    gateway_code = models.CharField(_("gateway code"), max_length=100, blank=True)
    gateway_message = models.CharField(_("gateway message"), max_length=500, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=1)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        indexes = [models.Index(fields=["sent_at"], name="sms_deliveries_by_time")]
        verbose_name = _("text message sent")
        verbose_name_plural = _("text messages sent")

    def __str__(self):
        return f"{self.phone_masked} {self.get_template_display()}"


class OfflineProgress(models.Model):
    """A "Mark as done" or a quiz's answers made on a phone without a connection and sent
    later (docs/learning.md, "Offline"): kept by the id the phone gave it, so that sending it
    twice records it once, with what the trainee was told."""

    uuid = models.UUIDField(_("id made on the phone"))
    trainee = models.ForeignKey(
        Trainee,
        on_delete=models.CASCADE,
        related_name="offline_progress",
        verbose_name=_("trainee"),
    )
    # The lesson may be deleted meanwhile: its id is kept, and what the trainee was told.
    lesson = models.ForeignKey(
        "courses.LessonPage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lesson"),
    )
    lesson_ref = models.PositiveIntegerField(_("lesson id"))
    kind = models.CharField(_("kind"), max_length=10, choices=OfflineProgressKind.choices)
    made_at = models.DateTimeField(_("made at"), null=True, blank=True)
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)
    recorded = models.BooleanField(_("recorded"), default=False)
    message = models.TextField(_("what the trainee was told"), blank=True)

    class Meta:
        constraints = [
            FieldUniqueConstraint(
                fields=["uuid"],
                name="offline_progress_once",
                field="uuid",
                violation_error_message=_("This progress was already received."),
            )
        ]
        verbose_name = _("progress made offline")
        verbose_name_plural = _("progress made offline")

    def __str__(self):
        return f"{self.trainee_id} {self.kind} {self.lesson_ref}"


class FollowUp(models.Model):
    """What a certified trainee does 3, 6 or 12 months after their certificate
    (trainees/follow_ups.py schedules it with the certificate; docs/outcomes.md,
    "Follow-ups"). Unanswered while `answered_at` is empty: the trainee answers on the phone
    form their text message links to, or their coordinator records the answer of a call."""

    certificate = models.ForeignKey(
        Certificate,
        on_delete=models.CASCADE,
        related_name="follow_ups",
        verbose_name=_("certificate"),
    )
    months = models.PositiveSmallIntegerField(_("months after the certificate"))
    due_on = models.DateField(_("due on"))
    # The day its text message went out: sent once (trainees/reminders.py).
    sms_sent_on = models.DateField(_("text message sent on"), null=True, blank=True)
    working = models.CharField(_("work"), max_length=20, choices=FollowUpWork.choices, blank=True)
    own_shop = models.BooleanField(_("runs their own shop"), null=True, blank=True)
    # SellingChannel values; `sells_online` is read from them when the answer is recorded.
    channels = models.JSONField(_("where they sell"), default=list, blank=True)
    sells_online = models.BooleanField(_("sells online"), null=True, blank=True)
    income_band = models.CharField(
        _("income a month"), max_length=20, choices=IncomeBand.choices, blank=True
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_how = models.CharField(
        _("answered how"), max_length=20, choices=FollowUpAnswerMethod.choices, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    # Checked by the programme (the coordinator saw the shop or the job): the public
    # certificate page says so.
    verified = models.BooleanField(_("checked by the programme"), default=False)
    consents_to_show = models.BooleanField(
        _("agrees to show it on the certificate's page"), default=False
    )

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            FieldUniqueConstraint(
                fields=["certificate", "months"],
                name="one_follow_up_a_certificate_and_months",
                field="months",
                violation_error_message=_(
                    "This certificate already has its follow-up at this many months."
                ),
            )
        ]
        indexes = [
            # The call list and the reminders: the unanswered follow-ups due by a day.
            models.Index(
                fields=["due_on"],
                condition=models.Q(answered_at__isnull=True),
                name="follow_ups_unanswered",
            ),
        ]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")

    def __str__(self):
        return _("%(certificate)s after %(months)d months") % {
            "certificate": self.certificate,
            "months": self.months,
        }

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None


class Reminder(models.Model):
    """One reminder to one trainee (trainees/reminders.py), by what it is about (`key`):
    claimed before it is sent, so that it goes once however often the daily run starts;
    one whose message failed is tried again by the next run."""

    kind = models.CharField(_("kind"), max_length=40, choices=SmsTemplate.choices)
    key = models.CharField(_("about"), max_length=100)
    trainee = models.ForeignKey(
        Trainee, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("trainee")
    )
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    language = models.CharField(_("language"), max_length=10, choices=Language.choices)
    result = models.CharField(_("result"), max_length=10, choices=SmsResult.choices, blank=True)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        constraints = [
            FieldUniqueConstraint(
                fields=["kind", "key"],
                name="one_reminder_of_a_kind_about_a_thing",
                field="key",
                violation_error_message=_("This reminder was already sent."),
            )
        ]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")

    def __str__(self):
        return f"{self.get_kind_display()} {self.key}"
