"""Wagtail admin for trainees, households, cohorts, enrolments and certificates.

Every listing, export, search, filter, form choice and object view is one of the scoped
views of machinery.admin, fed by trainees/scoping.py (registered into
`machinery.scoping`). Personal fields are masked per row for anyone but the row county's
coordinator and programme managers (`scoping.personal_value`). Trainees, household status
changes and enrolments are written by their services (trainees/services.py, named by each
viewset's `record_services`), which keep the tables derived from them right.
"""

import django_filters

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from wagtail.admin.ui.tables import BooleanColumn, Column, TitleColumn
from wagtail.admin.viewsets.base import ViewSetGroup

from courses.translations import pages_in_reader_language
from machinery.admin.actions import Action, RecordLink
from machinery.admin.filters import ScopedFilterSet
from machinery.admin.forms import ScopedModelForm
from machinery.admin.policies import ScopedPermissionPolicy
from machinery.admin.services import RecordServices
from machinery.admin.views import (
    ScopedCreateView,
    ScopedEditView,
    ScopedIndexView,
    ScopedInspectView,
    ServiceFormView,
)
from machinery.admin.viewsets import ScopedModelViewSet
from trainees import attendance, learning, scoping, services
from trainees.certificate_batch_views import (
    CertificateBatchStartView,
    CertificateBatchView,
    certificate_batch_zip,
    listing_query,
    may_download,
)
from trainees.choices import HouseholdStatus
from trainees.follow_up_admin import FollowUpViewSet
from trainees.models import (
    Attendance,
    Certificate,
    Cohort,
    CohortSession,
    Enrolment,
    FollowUp,
    Household,
    HouseholdStatusChange,
    LessonProgress,
    QuizAttempt,
    SmsDelivery,
    Trainee,
)


def _count_of(model, *, through: str = "enrolment", **conditions):
    """A subquery counting `model` rows per enrolment: no join fan-out, no query per row."""
    counted = (
        model.objects.filter(**{through: OuterRef("pk")}, **conditions)
        .order_by()
        .values(through)
        .annotate(n=Count("lesson", distinct=True))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


class TraineeViewSet(ScopedModelViewSet):
    model = Trainee
    icon = "user"
    menu_order = 100
    form_fields = [
        "name",
        "gender",
        "ethnicity",
        "birth_year",
        "education",
        "phone",
        "county",
        "village",
        "household",
        "id_number",
        "accepts_reminders",
    ]
    list_display = ["name", "county", "gender", "birth_year", "id_number", "phone"]
    list_filter = ["county", "gender", "education"]
    list_export = [
        "name",
        "county",
        "gender",
        "birth_year",
        "education",
        "village",
        "household",
        "id_number",
        "phone",
    ]
    search_fields = ["name", "phone", "id_number"]
    list_select_related = ("county", "village", "household")
    personal_fields = ("id_number", "phone")
    personal_scope_path = "county_id"
    export_filename = "trainees"
    record_services = RecordServices(
        "trainee", save=services.trainee_save, delete=services.trainee_delete
    )


def status_label(household) -> str:
    return HouseholdStatus(household.current_status or HouseholdStatus.NONE).label


class HouseholdIndexView(ScopedIndexView):
    def annotate_queryset(self, queryset):
        latest = HouseholdStatusChange.objects.filter(
            household=OuterRef("pk"), valid_from__lte=timezone.localdate()
        ).order_by("-valid_from")
        return queryset.annotate(current_status=Subquery(latest.values("status")[:1]))


class HouseholdViewSet(ScopedModelViewSet):
    model = Household
    icon = "home"
    menu_order = 200
    index_view_class = HouseholdIndexView
    form_fields = ["registry_number", "village", "members"]
    list_display = [
        "registry_number",
        "village",
        "members",
        Column("current_status", label=_("status today"), accessor=status_label),
    ]
    list_filter = ["village__township__county"]
    list_export = ["registry_number", "village", "members", "current_status"]
    export_headings = {"current_status": _("status today")}
    search_fields = ["registry_number"]
    list_select_related = ("village",)
    export_filename = "households"


class HouseholdStatusChangeViewSet(ScopedModelViewSet):
    """The status history of households (a Household's inline needs a ParentalKey it lacks)."""

    model = HouseholdStatusChange
    icon = "history"
    menu_order = 210
    form_fields = ["household", "status", "valid_from"]
    list_display = ["household", "status", "valid_from"]
    list_filter = ["status", "household__village__township__county"]
    list_export = ["household", "status", "valid_from"]
    search_fields = ["household__registry_number"]
    list_select_related = ("household",)
    export_filename = "household_status_changes"
    record_services = RecordServices(
        "change",
        save=services.household_status_change_save,
        delete=services.household_status_change_delete,
    )


class CohortForm(ScopedModelForm):
    """A new cohort is run by the coordinator who creates it, unless they name another."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        coordinators = scoping.choosable_coordinators(for_user)
        self.fields["coordinator"].queryset = coordinators
        if (
            self.instance.pk is None
            and for_user is not None
            and coordinators.filter(pk=for_user.pk).exists()
        ):
            self.initial.setdefault("coordinator", for_user.pk)


def filtered_listing(url_name: str, parameter: str) -> callable:
    """The address of a listing filtered to one record (`?cohort=<pk>`)."""
    return lambda record: f"{reverse(url_name)}?{parameter}={record.pk}"


def attendance_url(session) -> str:
    return reverse("attendance_session", args=[session.pk])


def may_take_attendance(user, session) -> bool:
    return attendance.user_can_take_attendance(user, session)


def may_import_roster(user, record=None) -> bool:
    return scoping.runs_a_county(user)


def may_add_session(user, cohort) -> bool:
    return scoping.runs_county(user, cohort.county_id)


# The class's attendance page (the QR code to check in, and the roster to tick), from the
# session's row and its page.
TAKE_ATTENDANCE = RecordLink(
    _("Take attendance (QR code)"),
    "check",
    url=attendance_url,
    may=may_take_attendance,
    in_row_menu=True,
    priority=1,
)


class CohortViewSet(ScopedModelViewSet):
    """A cohort's page leads to its sessions (and a new one, the cohort chosen), its
    enrolments and the roster import."""

    model = Cohort
    icon = "group"
    menu_order = 300
    form_fields = ["name", "county", "courses", "starts_on", "ends_on", "coordinator"]
    form_class = CohortForm
    list_display = ["name", "county", "starts_on", "ends_on", "coordinator"]
    list_filter = ["county", "courses", "starts_on"]
    list_export = ["name", "county", "starts_on", "ends_on", "coordinator"]
    search_fields = ["name"]
    list_select_related = ("county", "coordinator")
    export_filename = "cohorts"
    record_links = (
        RecordLink(
            _("Sessions"),
            "date",
            url=filtered_listing("cohortsession:index", "cohort"),
            count=lambda cohort: cohort.sessions.count(),
            priority=10,
        ),
        RecordLink(
            _("Add a session"),
            "plus",
            url=lambda cohort: f"{reverse('cohortsession:add')}?cohort={cohort.pk}",
            may=may_add_session,
            priority=11,
        ),
        RecordLink(
            _("Enrolments"),
            "list-ul",
            url=filtered_listing("enrolment:index", "cohort"),
            count=lambda cohort: cohort.enrolments.count(),
            priority=12,
        ),
        RecordLink(
            _("Import roster"),
            "upload",
            url=lambda cohort: reverse("roster_import:upload"),
            may=may_import_roster,
            priority=13,
        ),
    )


class CohortSessionViewSet(ScopedModelViewSet):
    """The offline classes of cohorts (a Cohort's inline needs a ParentalKey it lacks)."""

    model = CohortSession
    icon = "date"
    menu_order = 310
    # The check-in code is made with the session and shown on its attendance page.
    form_fields = ["cohort", "starts_at", "ends_at", "place"]
    # The session (its cohort and start), then its attendance page: on a phone the last
    # columns are off screen, and squeezed there the link stood one character a line.
    list_display = [
        "__str__",
        TitleColumn(
            "attendance_page",
            label=_("Attendance"),
            accessor=lambda session: _("Take attendance (QR code)"),
            get_url=lambda session: reverse("attendance_session", args=[session.pk]),
            classname="eagle-one-line",
        ),
        "place",
        "starts_at",
        "ends_at",
        "cohort",
    ]
    list_filter = ["cohort", "cohort__county"]
    list_export = ["cohort", "starts_at", "ends_at", "place"]
    search_fields = ["place", "cohort__name"]
    list_select_related = ("cohort",)
    export_filename = "cohort_sessions"
    record_links = (TAKE_ATTENDANCE,)


class AttendanceViewSet(ScopedModelViewSet):
    model = Attendance
    icon = "check"
    menu_order = 320
    form_fields = ["session", "trainee", "present", "method"]
    list_display = ["trainee", "session", BooleanColumn("present", label=_("present")), "method"]
    list_filter = ["session__cohort", "present", "method"]
    list_export = ["trainee", "session", "present", "method", "recorded_at"]
    search_fields = ["trainee__name", "session__cohort__name"]
    list_select_related = ("trainee", "session__cohort")
    export_filename = "attendances"


class EnrolmentIndexView(ScopedIndexView):
    def annotate_queryset(self, queryset):
        return queryset.annotate(
            lessons_done=_count_of(LessonProgress),
            quizzes_passed=_count_of(QuizAttempt, passed=True),
        )


def warn_of_prerequisites(request, enrolment: Enrolment) -> None:
    """A warning naming, in the reader's language, the courses that come before the
    enrolment's course and that its trainee has not completed: a coordinator's enrolment goes
    ahead of them on purpose (docs/learning.md), so it is saved, and the coordinator told."""
    if enrolment.completed_at is not None:
        return
    missing = learning.prerequisites_missing(trainee=enrolment.trainee, course=enrolment.course)
    if not missing:
        return
    course, *missing = pages_in_reader_language([enrolment.course, *missing])
    messages.warning(
        request,
        _(
            "%(trainee)s has not completed %(courses)s, which come before %(course)s. The "
            "enrolment is saved all the same: a coordinator may enrol a trainee ahead of the "
            "courses that come first."
        )
        % {
            "trainee": enrolment.trainee.name,
            "courses": pgettext("between the items of a list", ", ").join(
                page.title for page in missing
            ),
            "course": course.title,
        },
    )


class WarnsOfPrerequisites:
    """An enrolment's add or edit view: once it is saved, the warning of
    `warn_of_prerequisites` beside Wagtail's message that it was saved."""

    def save_action(self):
        response = super().save_action()
        if not self.expects_json_response:
            warn_of_prerequisites(self.request, self.object)
        return response


class EnrolmentCreateView(WarnsOfPrerequisites, ScopedCreateView):
    pass


class EnrolmentEditView(WarnsOfPrerequisites, ScopedEditView):
    pass


class EnrolmentViewSet(ScopedModelViewSet):
    model = Enrolment
    icon = "list-ul"
    menu_order = 400
    index_view_class = EnrolmentIndexView
    add_view_class = EnrolmentCreateView
    edit_view_class = EnrolmentEditView
    form_fields = ["trainee", "course", "cohort", "source", "completed_at"]
    list_display = [
        "trainee",
        "course",
        "cohort",
        "source",
        "enrolled_at",
        "completed_at",
        Column("lessons_done", label=_("lessons done"), accessor="lessons_done"),
        Column("quizzes_passed", label=_("quizzes passed"), accessor="quizzes_passed"),
    ]
    list_filter = ["course", "cohort", "source", "trainee__county"]
    list_export = [
        "trainee",
        "trainee.id_number",
        "course",
        "cohort",
        "source",
        "enrolled_at",
        "completed_at",
        "lessons_done",
        "quizzes_passed",
    ]
    export_headings = {
        "trainee.id_number": _("identity number"),
        "lessons_done": _("lessons done"),
        "quizzes_passed": _("quizzes passed"),
    }
    search_fields = ["trainee__name", "course__title", "cohort__name"]
    list_select_related = ("trainee", "course", "cohort")
    personal_fields = ("trainee.id_number",)
    personal_scope_path = "trainee.county_id"
    export_filename = "enrolments"
    record_services = RecordServices(
        "enrolment", save=services.enrolment_save, delete=services.enrolment_delete
    )


class QuizAttemptViewSet(ScopedModelViewSet):
    """Quiz results, read-only: they come from the trainees' own attempts."""

    model = QuizAttempt
    icon = "tasks"
    menu_order = 410
    form_fields = []
    list_display = ["enrolment", "lesson", "score", "passed", "attempted_at"]
    list_filter = ["enrolment__course", "passed"]
    list_export = ["enrolment", "lesson", "score", "passed", "attempted_at"]
    search_fields = ["enrolment__trainee__name", "lesson__title"]
    list_select_related = ("enrolment__trainee", "enrolment__course", "lesson")
    export_filename = "quiz_attempts"


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for revoking"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Say why the certificate is revoked.")},
    )


class CertificateRevokeView(ServiceFormView):
    """Programme managers revoke a certificate, with a reason that its verification shows."""

    form_class = RevokeForm
    template_name = "trainees/admin/certificate_revoke.html"
    page_title = _("Revoke certificate")
    header_icon = "warning"
    submit_button_label = _("Revoke")
    submit_button_active_label = _("Revoking…")

    def dispatch(self, request, *args, **kwargs):
        # Anyone but a manager is refused before a certificate is looked for, whichever it is.
        if not scoping.may_revoke_certificates(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(certificate=self.object, **kwargs)

    def act(self, data):
        learning.certificate_revoke(
            certificate=self.object, by=self.request.user, reason=data["reason"]
        )
        return _("Certificate %(number)s revoked.") % {"number": self.object.number}


class CertificateIndexView(ScopedIndexView):
    batch_start_url_name = None

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        if scoping.may_download_certificate_batches(self.request.user):
            query = listing_query(self.request)
            context["batch_start_url"] = reverse(self.batch_start_url_name) + (
                f"?{query}" if query else ""
            )
        return context


class CertificateFilterSet(ScopedFilterSet):
    """The listing's filters, named as people say them (a batch's page repeats them)."""

    labels = {
        "enrolment__course": _("course"),
        "enrolment__cohort": _("cohort"),
        "enrolment__trainee__county": _("county"),
    }

    class Meta:
        model = Certificate
        fields = [
            "enrolment__course",
            "enrolment__cohort",
            "enrolment__trainee__county",
            "issued_on",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in self.labels.items():
            self.filters[name].label = label


class CertificateViewSet(ScopedModelViewSet):
    """Certificates are issued by the service and never edited by hand; managers revoke them."""

    model = Certificate
    icon = "doc-full"
    menu_order = 500
    index_view_class = CertificateIndexView
    form_fields = []
    list_display = [
        "number",
        "enrolment",
        "issued_on",
        BooleanColumn("is_valid", label=_("valid")),
        "revoked_at",
    ]
    filterset_class = CertificateFilterSet
    list_export = [
        "number",
        "enrolment.trainee",
        "enrolment.course",
        "issued_on",
        "verification_code",
        "revoked_at",
        "revoke_reason",
    ]
    export_headings = {
        "enrolment.trainee": _("trainee"),
        "enrolment.course": _("course"),
    }
    search_fields = ["number", "enrolment__trainee__name"]
    list_select_related = ("enrolment__trainee", "enrolment__course")
    export_filename = "certificates"

    index_results_template_name = "trainees/admin/certificate_index_results.html"
    actions = (
        Action(
            "revoke",
            _("Revoke"),
            "warning",
            CertificateRevokeView,
            may=scoping.may_revoke_certificates,
            applies=learning.is_revocable,
            priority=40,
        ),
    )

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            batch_start_url_name=self.get_url_name("batch_start"), **kwargs
        )

    @property
    def batch_start_view(self):
        return may_download(
            CertificateBatchStartView.as_view(
                listing_view=self.index_view,
                index_url_name=self.get_url_name("index"),
                batch_url_name=self.get_url_name("batch"),
            )
        )

    @property
    def batch_view(self):
        return may_download(
            CertificateBatchView.as_view(
                index_url_name=self.get_url_name("index"),
                start_url_name=self.get_url_name("batch_start"),
                zip_url_name=self.get_url_name("batch_zip"),
            )
        )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("batch/", self.batch_start_view, name="batch_start"),
            path("batch/<str:batch_id>/", self.batch_view, name="batch"),
            path(
                "batch/<str:batch_id>/zip/", may_download(certificate_batch_zip), name="batch_zip"
            ),
        ]


def _language_name(delivery: SmsDelivery) -> str:
    """The message's language named in the reader's language: a fact in a table, not a
    choice among languages (where each names itself)."""
    return str(dict(settings.LANGUAGES).get(delivery.language, delivery.language))


class SmsDeliveryFilterSet(ScopedFilterSet):
    language = django_filters.ChoiceFilter(label=_("language"), choices=settings.LANGUAGES)

    class Meta:
        model = SmsDelivery
        fields = ["result", "template", "language"]


class SmsDeliveryInspectView(ScopedInspectView):
    def get_language_display_value(self):
        return _language_name(self.object)


class SmsDeliveryViewSet(ScopedModelViewSet):
    """The text messages sent (trainees.sms.send_sms), read-only, for programme managers:
    what each gateway answered, the number masked."""

    model = SmsDelivery
    icon = "mail"
    menu_order = 600
    form_fields = []
    list_display = [
        "sent_at",
        "phone_masked",
        "template",
        Column("language", label=_("language"), accessor=_language_name, sort_key="language"),
        "result",
        "gateway_code",
        "gateway_message",
        "attempts",
    ]
    filterset_class = SmsDeliveryFilterSet
    inspect_view_class = SmsDeliveryInspectView
    list_export = [
        "sent_at",
        "phone_masked",
        "get_template_display",
        "get_language_display",
        "get_result_display",
        "gateway_code",
        "gateway_message",
        "attempts",
        "backend",
    ]
    export_headings = {
        "get_template_display": _("template"),
        "get_language_display": _("language"),
        "get_result_display": _("result"),
    }
    search_fields = ["phone_masked", "gateway_code"]
    export_filename = "text_messages"


class TraineesViewSetGroup(ViewSetGroup):
    menu_label = _("Trainees")
    menu_icon = "group"
    menu_order = 250
    items = (
        TraineeViewSet,
        HouseholdViewSet,
        HouseholdStatusChangeViewSet,
        CohortViewSet,
        CohortSessionViewSet,
        AttendanceViewSet,
        EnrolmentViewSet,
        QuizAttemptViewSet,
        CertificateViewSet,
        FollowUpViewSet,
        SmsDeliveryViewSet,
    )


# What each model's generic views allow at most; the groups' permissions and
# `scoping` narrow it further. Registered by trainees/wagtail_hooks.py.
PERMISSION_POLICIES = {
    Trainee: ScopedPermissionPolicy(Trainee),
    Household: ScopedPermissionPolicy(Household),
    HouseholdStatusChange: ScopedPermissionPolicy(HouseholdStatusChange),
    Cohort: ScopedPermissionPolicy(Cohort),
    CohortSession: ScopedPermissionPolicy(CohortSession),
    Attendance: ScopedPermissionPolicy(Attendance),
    Enrolment: ScopedPermissionPolicy(Enrolment, also_view=scoping.teaches_a_course),
    QuizAttempt: ScopedPermissionPolicy(
        QuizAttempt, actions={"view"}, also_view=scoping.teaches_a_course
    ),
    Certificate: ScopedPermissionPolicy(Certificate, actions={"view"}),
    # The call list is read, and answers recorded through its action, never edited by hand.
    FollowUp: ScopedPermissionPolicy(FollowUp, actions={"view"}),
    SmsDelivery: ScopedPermissionPolicy(
        SmsDelivery, actions={"view"}, also_view=scoping.is_programme_manager
    ),
}
