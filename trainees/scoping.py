"""Which records a user may see: the one place that says it (DESIGN.md, "Who does what").

- Programme managers (and superusers) see everything.
- A county coordinator sees the records of their own county
  (`user.profile.county`) and nothing of any other.
- An instructor sees, read-only, the enrolments, lesson progress and quiz
  attempts of the courses they teach, in whichever language tree the course
  is named (translations share a `translation_key`).
- The text messages sent (their delivery log) are for programme managers only.
- Everyone else sees nothing here.

Personal data (ID numbers, phones, household status) is whole only for the
coordinator of the record's county and for managers; masked for anyone else.
"""

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from wagtail.models import Locale

from courses.models import CoursePage
from machinery import scoping as machinery_scoping
from trainees import roles
from trainees.identity import mask_id_number, mask_phone
from trainees.models import (
    Attendance,
    Certificate,
    Cohort,
    CohortSession,
    County,
    Enrolment,
    FollowUp,
    Household,
    HouseholdStatusChange,
    LessonProgress,
    QuizAttempt,
    SmsDelivery,
    Township,
    Trainee,
    Village,
)

_ROLE_CACHE = "_eagle_role_names"
_TEACHES_CACHE = "_eagle_teaches_a_course"


def _role_names(user) -> frozenset[str]:
    """The user's group names, read once per user object (a request's user lives one request)."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    names = getattr(user, _ROLE_CACHE, None)
    if names is None:
        names = frozenset(user.groups.values_list("name", flat=True))
        setattr(user, _ROLE_CACHE, names)
    return names


def is_programme_manager(user) -> bool:
    return getattr(user, "is_superuser", False) or roles.PROGRAMME_MANAGERS in _role_names(user)


def coordinated_county_id(user) -> int | None:
    """The county a coordinator looks after, or None for anyone who coordinates none."""
    if roles.COUNTY_COORDINATORS not in _role_names(user):
        return None
    profile = getattr(user, "profile", None)
    return profile.county_id if profile is not None else None


def runs_a_county(user) -> bool:
    """Programme managers, and coordinators with a county: who works on counties' records
    (imports, certificate batches, the incubator's actions, the outcomes)."""
    return is_programme_manager(user) or coordinated_county_id(user) is not None


def taught_course_keys(user) -> QuerySet:
    """The translation keys of the courses the user teaches (a subquery, no query of its own)."""
    if roles.INSTRUCTORS not in _role_names(user):
        return CoursePage.objects.none().values("translation_key")
    return CoursePage.objects.filter(instructors=user).values("translation_key")


def teaches_a_course(user) -> bool:
    """Read once per user object, like the roles: the admin asks it for every menu item."""
    if roles.INSTRUCTORS not in _role_names(user):
        return False
    teaches = getattr(user, _TEACHES_CACHE, None)
    if teaches is None:
        teaches = CoursePage.objects.filter(instructors=user).exists()
        setattr(user, _TEACHES_CACHE, teaches)
    return teaches


def _in_own_county(queryset: QuerySet, county_lookup: str, user) -> QuerySet:
    """Managers: everything; coordinators: their county's rows; anyone else: none."""
    if is_programme_manager(user):
        return queryset
    county_id = coordinated_county_id(user)
    if county_id is None:
        return queryset.none()
    return queryset.filter(**{county_lookup: county_id})


def visible_counties(user) -> QuerySet:
    return _in_own_county(County.objects.all(), "pk", user)


def visible_townships(user) -> QuerySet:
    return _in_own_county(Township.objects.all(), "county", user)


def visible_villages(user) -> QuerySet:
    return _in_own_county(Village.objects.all(), "township__county", user)


def visible_trainees(user) -> QuerySet:
    return _in_own_county(Trainee.objects.all(), "county", user)


def visible_households(user) -> QuerySet:
    return _in_own_county(Household.objects.all(), "village__township__county", user)


def visible_household_status_changes(user) -> QuerySet:
    return HouseholdStatusChange.objects.filter(household__in=visible_households(user))


def visible_cohorts(user) -> QuerySet:
    return _in_own_county(Cohort.objects.all(), "county", user)


def visible_sessions(user) -> QuerySet:
    return CohortSession.objects.filter(cohort__in=visible_cohorts(user))


def visible_attendances(user) -> QuerySet:
    return Attendance.objects.filter(trainee__in=visible_trainees(user))


def visible_enrolments(user) -> QuerySet:
    if is_programme_manager(user):
        return Enrolment.objects.all()
    county_id = coordinated_county_id(user)
    if county_id is not None:
        return Enrolment.objects.filter(trainee__county=county_id)
    return Enrolment.objects.filter(course__translation_key__in=taught_course_keys(user))


def visible_lesson_progress(user) -> QuerySet:
    return LessonProgress.objects.filter(enrolment__in=visible_enrolments(user))


def visible_quiz_attempts(user) -> QuerySet:
    return QuizAttempt.objects.filter(enrolment__in=visible_enrolments(user))


def visible_certificates(user) -> QuerySet:
    return _in_own_county(Certificate.objects.all(), "enrolment__trainee__county", user)


def visible_follow_ups(user) -> QuerySet:
    return _in_own_county(FollowUp.objects.all(), "certificate__enrolment__trainee__county", user)


def visible_courses(user) -> QuerySet:
    """Courses offered as choices (filters, forms), in the default language, where enrolments
    point: an instructor's own; every course for coordinators and managers."""
    courses = CoursePage.objects.filter(locale=Locale.get_default())
    if runs_a_county(user):
        return courses
    return courses.filter(translation_key__in=taught_course_keys(user))


def choosable_coordinators(user) -> QuerySet:
    """Who may be named a cohort's coordinator: the coordinators of the counties the user sees."""
    return (
        get_user_model()
        .objects.filter(
            groups__name=roles.COUNTY_COORDINATORS,
            profile__county__in=visible_counties(user),
        )
        .distinct()
    )


def visible_sms_deliveries(user) -> QuerySet:
    """The text messages sent, of every county (a number says nothing of its county):
    programme managers only."""
    if is_programme_manager(user):
        return SmsDelivery.objects.all()
    return SmsDelivery.objects.none()


_VISIBLE = {
    County: visible_counties,
    Township: visible_townships,
    Village: visible_villages,
    Trainee: visible_trainees,
    Household: visible_households,
    HouseholdStatusChange: visible_household_status_changes,
    Cohort: visible_cohorts,
    CohortSession: visible_sessions,
    Attendance: visible_attendances,
    Enrolment: visible_enrolments,
    LessonProgress: visible_lesson_progress,
    QuizAttempt: visible_quiz_attempts,
    Certificate: visible_certificates,
    FollowUp: visible_follow_ups,
    CoursePage: visible_courses,
    SmsDelivery: visible_sms_deliveries,
}


def register() -> None:
    """Serve these rules to the scoped admin (machinery.scoping): the records each user may
    see, and personal values whole or masked by the row's county (`personal_value`)."""
    for model, visible in _VISIBLE.items():
        machinery_scoping.register_visible(model, visible)
    machinery_scoping.register_personal_value(personal_value)


def runs_county(user, county: County | int | None) -> bool:
    """Programme managers, and the coordinator of `county`: who may act on its people."""
    if is_programme_manager(user):
        return True
    county_id = county.pk if isinstance(county, County) else county
    return county_id is not None and county_id == coordinated_county_id(user)


def may_see_personal_data(user, county: County | int | None) -> bool:
    """Whole ID numbers, phones and household status: the county's coordinator and managers."""
    return runs_county(user, county)


def may_choose_own_county(user) -> bool:
    """The welcome page sets the person's own county. A coordinator's county is what they may
    see (`coordinated_county_id`): it is given by a programme manager, never chosen there."""
    return roles.COUNTY_COORDINATORS not in _role_names(user)


MASKS = {"id_number": mask_id_number, "phone": mask_phone}
HIDDEN = "***"  # any other personal value (a household's status) shown to nobody else


def personal_value(user, field: str, value, county: County | int | None):
    """`value` of the personal `field` ("id_number", "phone", a household's status, or a
    dotted path ending in one) as `user` may see it: whole, or masked. Every listing,
    export and record view that shows personal data shows it through here."""
    if may_see_personal_data(user, county):
        return value
    mask = MASKS.get(field.rsplit(".", 1)[-1])
    return mask(value or "") if mask else HIDDEN


def may_see_site_history(user) -> bool:
    """Wagtail's site history filters its entries by model permission, not by county, so a
    coordinator would read the names of other counties' records there: not for coordinators."""
    return is_programme_manager(user) or roles.COUNTY_COORDINATORS not in _role_names(user)


def may_revoke_certificates(user, certificate: Certificate | None = None) -> bool:
    """Revoke a certificate (the admin's action, and `learning.certificate_revoke`): managers,
    any certificate."""
    return is_programme_manager(user)


def may_download_certificate_batches(user) -> bool:
    """Many certificates in one ZIP: managers (any county) and coordinators (their own)."""
    return runs_a_county(user)
