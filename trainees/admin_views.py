"""Wagtail admin for trainees, households, cohorts, enrolments and certificates.

Every listing, export, search, filter, form choice and object view starts
from `trainees.scoping.visible_records`; this module only wires it into
Wagtail's generic views. Personal fields are masked per row for anyone but
the row county's coordinator and programme managers.
"""

from collections import Counter

import django_filters

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Count, IntegerField, OuterRef, ProtectedError, Subquery
from django.db.models.functions import Coalesce
from django.forms.models import modelform_factory
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.views.generic import (
    CreateView,
    DeleteView,
    EditView,
    IndexView,
    InspectView,
    WagtailAdminTemplateMixin,
)
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.coreutils import multigetattr
from wagtail.permission_policies import ModelPermissionPolicy

from trainees import scoping
from trainees.certificate_batch_views import (
    CertificateBatchStartView,
    CertificateBatchView,
    certificate_batch_zip,
    listing_query,
    may_download,
)
from trainees.choices import HouseholdStatus
from trainees.learning import certificate_revoke
from trainees.models import (
    Attendance,
    Certificate,
    Cohort,
    CohortSession,
    Enrolment,
    Household,
    HouseholdStatusChange,
    LessonProgress,
    QuizAttempt,
    Trainee,
)
from trainees.record_ids import is_number_beyond_ids

ALL_ACTIONS = frozenset({"add", "change", "delete", "view"})


class ScopedPermissionPolicy(ModelPermissionPolicy):
    """Django's model permissions, narrowed to the records `scoping` lets the user see.

    `actions` are the only actions anyone may take through the generic views
    (e.g. certificates are never edited by hand); `instructors_view` lets
    instructors who teach a course view the model, read-only.
    """

    def __init__(self, model, *, actions=ALL_ACTIONS, instructors_view=False, **kwargs):
        super().__init__(model, **kwargs)
        self.actions = frozenset(actions)
        self.instructors_view = instructors_view

    def user_has_permission(self, user, action):
        if action not in self.actions:
            return False
        if super().user_has_permission(user, action):
            return True
        return action == "view" and self.instructors_view and scoping.teaches_a_course(user)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return (
            self.user_has_permission(user, action)
            and scoping.visible_records(self.model, user).filter(pk=instance.pk).exists()
        )

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(
            self.user_has_permission_for_instance(user, action, instance) for action in actions
        )

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        return scoping.visible_records(self.model, user)

    def instances_user_has_permission_for(self, user, action):
        return self.instances_user_has_any_permission_for(user, [action])


class ScopedModelForm(WagtailAdminModelForm):
    """Every choice of a related record is narrowed to what the user may see."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        for field in self.fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is not None and scoping.is_scoped(queryset.model):
                field.queryset = scoping.visible_records(queryset.model, for_user)


class ScopedObjectMixin:
    """Edit, delete, inspect, history, usage: another county's record is simply not there (404)."""

    def get_object(self, queryset=None):
        pk = self.kwargs.get("pk") or self.args[0]
        return get_object_or_404(
            scoping.visible_records(self.model, self.request.user), pk=unquote(str(pk))
        )


class RecordChoiceField(django_filters.fields.ModelChoiceField):
    """A filter's choice of one record; a number larger than any id is not a valid choice
    (Django sends it to the database for a page, whose id is a link to Page: a server error)."""

    def to_python(self, value):
        if is_number_beyond_ids(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class RecordsChoiceField(django_filters.fields.ModelMultipleChoiceField):
    """A filter's choice of several records, refusing numbers larger than any id."""

    def _check_values(self, value):
        for pk in value:
            if is_number_beyond_ids(pk):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)


class RecordChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = RecordChoiceField


class RecordsChoiceFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = RecordsChoiceField


class ScopedFilterSet(WagtailFilterSet):
    """Wagtail's filters, with the record choices above for relations."""

    FILTER_DEFAULTS = {
        **WagtailFilterSet.FILTER_DEFAULTS,
        models.ForeignKey: {
            **WagtailFilterSet.FILTER_DEFAULTS[models.ForeignKey],
            "filter_class": RecordChoiceFilter,
        },
        models.OneToOneField: {
            **WagtailFilterSet.FILTER_DEFAULTS[models.OneToOneField],
            "filter_class": RecordChoiceFilter,
        },
        models.ManyToManyField: {
            **WagtailFilterSet.FILTER_DEFAULTS[models.ManyToManyField],
            "filter_class": RecordsChoiceFilter,
        },
    }


class ScopedIndexView(IndexView):
    """A listing (and its CSV/XLSX export, search and filters) of the visible records only."""

    base_filterset_class = ScopedFilterSet

    list_select_related = ()
    personal_fields = ()  # dotted paths masked for anyone but the row county's coordinator
    county_path = None  # dotted path to the row's county id

    def get_base_queryset(self):
        queryset = scoping.visible_records(self.model, self.request.user)
        if self.list_select_related:
            queryset = queryset.select_related(*self.list_select_related)
        return self.annotate_queryset(queryset)

    def annotate_queryset(self, queryset):
        return queryset

    @cached_property
    def filters(self):
        filterset = super().filters
        if filterset:
            for field in filterset.form.fields.values():
                queryset = getattr(field, "queryset", None)
                if queryset is not None and scoping.is_scoped(queryset.model):
                    field.queryset = scoping.visible_records(queryset.model, self.request.user)
        return filterset

    def personal_value(self, instance, field):
        return scoping.personal_value(
            self.request.user,
            field=field,
            value=multigetattr(instance, field),
            county=multigetattr(instance, self.county_path),
        )

    @cached_property
    def columns(self):
        columns = []
        for column in super().columns:
            if column.name in self.personal_fields:
                column = Column(
                    column.name,
                    label=column.label,
                    accessor=lambda instance, field=column.name: self.personal_value(
                        instance, field
                    ),
                )
            columns.append(column)
        return columns

    def to_row_dict(self, item):
        row = super().to_row_dict(item)
        for field in self.personal_fields:
            if field in row:
                row[field] = self.personal_value(item, field)
        return row


class ScopedEditView(ScopedObjectMixin, EditView):
    pass


class ScopedDeleteView(ScopedObjectMixin, DeleteView):
    """A record that others refer to (a trainee's enrolments, a shop's reports...) stays:
    the page says which records keep it, instead of failing."""

    def form_valid(self, form):
        try:
            with transaction.atomic():
                return super().form_valid(form)
        except ProtectedError as error:
            return self.refused(error.protected_objects)

    def refused(self, referring):
        messages.error(self.request, protected_message(self.object, referring))
        context = self.get_context_data()
        context["is_protected"] = True
        return self.render_to_response(context)


def protected_message(record, referring) -> str:
    """“X cannot be deleted while these records refer to it: 2 enrolments, 1 certificate.”"""
    counts = Counter(type(other)._meta.verbose_name_plural for other in referring)
    listed = ", ".join(f"{count} {name}" for name, count in sorted(counts.items()))
    return _("%(record)s cannot be deleted while these records refer to it: %(records)s.") % {
        "record": record,
        "records": listed,
    }


class ScopedInspectView(ScopedObjectMixin, InspectView):
    """One record's fields; its personal fields as the listing shows them."""

    personal_fields = ()
    county_path = None

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        if field_name not in self.personal_fields:
            return value
        return scoping.personal_value(
            self.request.user,
            field=field_name,
            value=value,
            county=multigetattr(self.object, self.county_path),
        )


class ScopedHistoryView(ScopedObjectMixin, HistoryView):
    pass


class ScopedUsageView(ScopedObjectMixin, UsageView):
    pass


class ScopedModelViewSet(ModelViewSet):
    """A ModelViewSet whose every view sees only `scoping.visible_records`."""

    index_view_class = ScopedIndexView
    add_view_class = CreateView
    edit_view_class = ScopedEditView
    delete_view_class = ScopedDeleteView
    inspect_view_class = ScopedInspectView
    history_view_class = ScopedHistoryView
    usage_view_class = ScopedUsageView
    copy_view_enabled = False
    inspect_view_enabled = True
    search_backend_name = None  # the database's own icontains, over the scoped queryset
    list_select_related = ()
    personal_fields = ()
    county_path = None

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            list_select_related=self.list_select_related,
            personal_fields=self.personal_fields,
            county_path=self.county_path,
            **kwargs,
        )

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(
            personal_fields=self.personal_fields, county_path=self.county_path, **kwargs
        )

    def get_form_class(self, for_update=False):
        return modelform_factory(
            self.model,
            form=getattr(self, "form_class", ScopedModelForm),
            fields=self.get_form_fields(),
            exclude=self.get_exclude_form_fields(),
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
    county_path = "county_id"
    export_filename = "trainees"


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


class CohortForm(ScopedModelForm):
    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        self.fields["coordinator"].queryset = scoping.choosable_coordinators(for_user)


class CohortViewSet(ScopedModelViewSet):
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


class CohortSessionViewSet(ScopedModelViewSet):
    """The offline classes of cohorts (a Cohort's inline needs a ParentalKey it lacks)."""

    model = CohortSession
    icon = "date"
    menu_order = 310
    form_fields = ["cohort", "starts_at", "ends_at", "place", "check_in_code"]
    list_display = ["__str__", "cohort", "starts_at", "ends_at", "place"]
    list_filter = ["cohort", "cohort__county"]
    list_export = ["cohort", "starts_at", "ends_at", "place"]
    search_fields = ["place", "cohort__name"]
    list_select_related = ("cohort",)
    export_filename = "cohort_sessions"


class AttendanceViewSet(ScopedModelViewSet):
    model = Attendance
    icon = "tick"
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


class EnrolmentViewSet(ScopedModelViewSet):
    model = Enrolment
    icon = "list-ul"
    menu_order = 400
    index_view_class = EnrolmentIndexView
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
    county_path = "trainee.county_id"
    export_filename = "enrolments"


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


class CertificateRevokeView(WagtailAdminTemplateMixin, FormView):
    """Programme managers revoke a certificate, with a reason that its verification shows."""

    form_class = RevokeForm
    template_name = "trainees/admin/certificate_revoke.html"
    page_title = _("Revoke certificate")
    header_icon = "warning"
    index_url_name = None

    def dispatch(self, request, *args, **kwargs):
        if not scoping.may_revoke_certificates(request.user):
            raise PermissionDenied
        self.certificate = get_object_or_404(
            scoping.visible_certificates(request.user), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.certificate)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            certificate=self.certificate,
            action_url=self.request.path,
            submit_button_label=_("Revoke"),
            submit_button_active_label=_("Revoking…"),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            certificate_revoke(
                certificate=self.certificate,
                by=self.request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error("reason", error.message_dict.get("reason", error.messages))
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Certificate %(number)s revoked.") % {"number": self.certificate.number},
        )
        return redirect(reverse(self.index_url_name))


class CertificateIndexView(ScopedIndexView):
    revoke_url_name = None
    batch_start_url_name = None

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        if scoping.may_download_certificate_batches(self.request.user):
            query = listing_query(self.request)
            context["batch_start_url"] = reverse(self.batch_start_url_name) + (
                f"?{query}" if query else ""
            )
        return context

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.is_valid and scoping.may_revoke_certificates(self.request.user):
            buttons.append(
                MenuItem(
                    _("Revoke"),
                    url=reverse(self.revoke_url_name, args=[instance.pk]),
                    icon_name="warning",
                    priority=40,
                )
            )
        return buttons


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

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            revoke_url_name=self.get_url_name("revoke"),
            batch_start_url_name=self.get_url_name("batch_start"),
            **kwargs,
        )

    @property
    def revoke_view(self):
        return CertificateRevokeView.as_view(index_url_name=self.get_url_name("index"))

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
            path("revoke/<int:pk>/", self.revoke_view, name="revoke"),
            path("batch/", self.batch_start_view, name="batch_start"),
            path("batch/<str:batch_id>/", self.batch_view, name="batch"),
            path(
                "batch/<str:batch_id>/zip/", may_download(certificate_batch_zip), name="batch_zip"
            ),
        ]


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
    Enrolment: ScopedPermissionPolicy(Enrolment, instructors_view=True),
    QuizAttempt: ScopedPermissionPolicy(QuizAttempt, actions={"view"}, instructors_view=True),
    Certificate: ScopedPermissionPolicy(Certificate, actions={"view"}),
}
