"""Wagtail admin for applications, shops, channels, products, milestones, reports, jobs and
month locks.

Listings, exports, filters, form choices and the views of one record are the
scoped views of machinery.admin, fed by incubator/scoping.py (registered into
`machinery.scoping`). Whatever follows a rule (deciding an application, changing a
stage, approving a report, adding or ending a job, locking a month) is an action: a
small form whose data goes to the service that owns the rule, declared once with the
rule's own predicate; the generic add and edit views are used only where there is no
rule, and write shops and channels through their services (shops.shop_save,
shop_channel_save, shop_channel_delete), which keep the derived tables right. Each
record's "History" shows its audit entries (incubator/audit.py).
"""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Case, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from wagtail.admin import messages
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.widgets.button import HeaderButton

from incubator import audit, jobs, sales, scoping, shops
from incubator.choices import ApplicationStatus, IncomeWay, JobKind, income_way_field
from incubator.forms import GENDER_CHOICES, EndJobForm
from incubator.models import (
    Application,
    Dividend,
    Enterprise,
    Job,
    Milestone,
    MonthLock,
    Product,
    Purchase,
    SalesReport,
    Shareholding,
    Shop,
    ShopChannel,
    TraineeBusiness,
)
from incubator.sales_import import COLUMNS as SALES_COLUMNS
from machinery.admin.actions import Action, RecordLink
from machinery.admin.forms import ScopedModelForm
from machinery.admin.policies import ScopedPermissionPolicy
from machinery.admin.services import RecordServices
from machinery.admin.views import (
    ScopedEditView,
    ScopedHistoryView,
    ScopedIndexView,
    ScopedInspectView,
    ServiceFormView,
)
from machinery.admin.viewsets import ScopedModelViewSet
from machinery.forms import DateInput
from machinery.text import refuse_control_characters
from trainees import roles
from trainees.models import Household
from trainees.scoping import visible_counties

APPROVE, RETURN = "approve", "return"


class IncubatorHistoryView(ScopedHistoryView):
    """Whoever may view a record sees its history (Wagtail's asks for add, change or delete)."""

    any_permission_required = ["add", "change", "delete", "view"]

    def get_edit_url(self, instance):
        if self.permission_policy.user_has_permission(self.request.user, "change"):
            return super().get_edit_url(instance)
        return None


class IncubatorViewSet(ScopedModelViewSet):
    history_view_class = IncubatorHistoryView
    history_in_row_menu = True


def _field_label(model, field: str) -> str:
    return model._meta.get_field(field).verbose_name


class ReasonField(forms.CharField):
    def __init__(self, label, **kwargs):
        super().__init__(
            label=label,
            required=False,
            widget=forms.Textarea(attrs={"rows": 3}),
            validators=[refuse_control_characters],
            **kwargs,
        )


# Applications


def _application_summary(application: Application) -> list[tuple[str, str]]:
    """What the coordinator reads above each decision's form."""
    lines = [
        (_field_label(Application, "trainee"), application.trainee.name),
        (_field_label(Application, "category"), application.get_category_display()),
        (_field_label(Application, "plan"), application.plan),
        (_("products"), products_of(application)),
        (_field_label(Application, "channels"), channels_of(application)),
        (_("ways of driving incomes"), ways_of(application)),
    ]
    lines += [
        (f"{message.get_kind_display()} · {local_time(message.written_at)}", message.text)
        for message in application.thread.all()
    ]
    return lines


def local_time(moment) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}"


def products_of(application: Application) -> str:
    return (
        "; ".join(
            f"{product.name} ({product.geographical_indication})"
            if product.geographical_indication_id
            else product.name
            for product in application.products.all()
        )
        or "–"
    )


def channels_of(application: Application) -> str:
    return ", ".join(str(label) for label in application.channel_labels) or "–"


def ways_of(application: Application) -> str:
    return (
        ", ".join(
            str(way.label) for way in IncomeWay if getattr(application, income_way_field(way.value))
        )
        or "–"
    )


class ApplicationActionView(ServiceFormView):
    model = Application

    def summary(self):
        return _application_summary(self.object)


class AcceptApplicationForm(forms.Form):
    """Nothing to fill in: the button is the decision."""


class AcceptApplicationView(ApplicationActionView):
    form_class = AcceptApplicationForm
    page_title = _("Accept application")
    header_icon = "check"
    submit_button_label = _("Accept: the shop starts incubating today")

    def act(self, data):
        self.accepted = shops.application_decide(
            application=self.object, accept=True, by=self.request.user
        )
        return _("Accepted: %(shop)s is incubating.") % {"shop": self.object.shop_name}

    def success_buttons(self):
        """The new shop, to open its channels, products and reports."""
        url = reverse("shop:edit", args=[self.accepted.shop_id])
        return [messages.button(url, _("Open the shop"))]


class AskApplicationForm(forms.Form):
    question = ReasonField(_("Question for the trainee"))


class AskApplicationView(ApplicationActionView):
    form_class = AskApplicationForm
    page_title = _("Ask for more information")
    header_icon = "help"
    submit_button_label = _("Ask the trainee")

    def act(self, data):
        shops.application_ask(
            application=self.object, question=data["question"], by=self.request.user
        )
        return _("Asked: %(shop)s waits for the trainee's answer.") % {
            "shop": self.object.shop_name
        }


class DeclineApplicationForm(forms.Form):
    reason = ReasonField(_("Reason for declining"))


class DeclineApplicationView(ApplicationActionView):
    form_class = DeclineApplicationForm
    page_title = _("Decline application")
    header_icon = "cross"
    submit_button_label = _("Decline")

    def act(self, data):
        shops.application_decide(
            application=self.object, accept=False, by=self.request.user, reason=data["reason"]
        )
        return _("Declined: %(shop)s.") % {"shop": self.object.shop_name}


def waiting_count(user) -> int:
    """The applications waiting for a decision that `user` decides (their counties')."""
    return (
        scoping.visible_applications(user)
        .filter(status=ApplicationStatus.SUBMITTED, county__in=visible_counties(user))
        .count()
    )


class ApplicationIndexView(ScopedIndexView):
    """Those waiting for a decision first, then those waiting for an answer, then the rest;
    the newest first within each."""

    default_ordering = ["queue", "-submitted_at"]

    def annotate_queryset(self, queryset):
        return queryset.annotate(
            queue=Case(
                When(status=ApplicationStatus.SUBMITTED, then=Value(0)),
                When(status=ApplicationStatus.INFORMATION_ASKED, then=Value(1)),
                default=Value(2),
            )
        )


class ApplicationInspectView(ScopedInspectView):
    """The application, its questions and answers, and the buttons of the decisions."""

    template_name = "incubator/admin/application_inspect.html"

    def get_channels_display_value(self):
        return channels_of(self.object)

    def get_products_display_value(self):
        return products_of(self.object)

    def get_ways_display_value(self):
        return ways_of(self.object)

    def get_field_display_value(self, field_name, field):
        """Moments in local time (Asia/Shanghai), as the listing shows them; "–" for none."""
        value = getattr(self.object, field_name, "") if field_name.endswith("_at") else None
        if value is not None and field_name.endswith("_at"):
            return local_time(value) if value else "–"
        value = super().get_field_display_value(field_name, field)
        return "–" if value is None else value

    def get_field_label(self, field_name, field):
        if field_name == "products":
            return capfirst(_("products"))
        if field_name == "ways":
            return capfirst(_("ways of driving incomes"))
        return super().get_field_label(field_name, field)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            thread=self.object.thread.select_related("written_by"), **kwargs
        )


class ApplicationViewSet(IncubatorViewSet):
    """Applications come from trainees ("My learning"); the county's coordinator and the
    managers accept them, ask a question, or decline them."""

    model = Application
    icon = "form"
    menu_order = 100
    index_view_class = ApplicationIndexView
    inspect_view_class = ApplicationInspectView
    form_fields = []
    list_display = ["shop_name", "trainee", "county", "category", "status", "submitted_at"]
    list_filter = ["status", "county", "category"]
    list_export = [
        "shop_name",
        "trainee",
        "county",
        "category",
        "plan",
        "status",
        "submitted_at",
        "decided_at",
        "decided_by",
        "decline_reason",
    ]
    inspect_view_fields = [
        "trainee",
        "county",
        "shop_name",
        "category",
        "plan",
        "products",
        "channels",
        "ways",
        "household",
        "status",
        "submitted_at",
        "decided_at",
        "decided_by",
        "decline_reason",
        "shop",
    ]
    search_fields = ["shop_name", "trainee__name"]
    list_select_related = ("trainee", "county", "decided_by")
    export_filename = "incubation_applications"
    actions = (
        Action(
            "accept",
            _("Accept"),
            "check",
            AcceptApplicationView,
            may=shops.may_decide_application,
            applies=shops.awaits_decision,
        ),
        Action(
            "ask",
            _("Ask for more information"),
            "help",
            AskApplicationView,
            may=shops.may_decide_application,
            applies=shops.awaits_question,
            priority=6,
        ),
        Action(
            "decline",
            _("Decline"),
            "cross",
            DeclineApplicationView,
            may=shops.may_decide_application,
            applies=shops.awaits_decision,
            priority=7,
        ),
    )

    @cached_property
    def menu_item_class(self):
        """The menu item says how many applications wait for the user's decision."""
        base = super().menu_item_class

        class WaitingCountMenuItem(base):
            def render_component(self, request):
                component = super().render_component(request)
                count = waiting_count(request.user)
                if count:
                    component.label = _("%(label)s (%(count)d waiting)") % {
                        "label": self.label,
                        "count": count,
                    }
                return component

        return WaitingCountMenuItem


# Shops


class ShopForm(ScopedModelForm):
    """Stages change only through their own form (with dates and history). A shop added here
    says why it comes without an application; one made by accepting an application is not
    asked."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        why = self.fields["why_no_application"]
        if self.instance.pk is None:
            why.required = True
            why.error_messages["required"] = shops.why_no_application_missing()
        elif Application.objects.filter(shop=self.instance.pk).exists():
            del self.fields["why_no_application"]
        self.fields["mentor"].queryset = (
            get_user_model()
            .objects.filter(
                groups__name__in=[
                    roles.INSTRUCTORS,
                    roles.COUNTY_COORDINATORS,
                    roles.PROGRAMME_MANAGERS,
                ]
            )
            .distinct()
            .order_by("username")
        )


class StageForm(forms.Form):
    stage = forms.ChoiceField(label=_("New stage"), widget=forms.RadioSelect)
    on = forms.DateField(label=_("From"), widget=DateInput())
    reason = ReasonField(_("Note"))

    def __init__(self, *args, stages=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = [(stage.value, stage.label) for stage in stages]
        self.fields["on"].initial = timezone.localdate()


class ShopStageView(ServiceFormView):
    model = Shop
    form_class = StageForm
    page_title = _("Change stage")
    header_icon = "resubmit"
    submit_button_label = _("Change stage")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "stages": shops.next_stages(self.object)}

    def summary(self):
        return [
            (
                _field_label(Shop, "stage"),
                f"{self.object.get_stage_display()} ({self.object.stage_date})",
            )
        ]

    def act(self, data):
        shop = shops.shop_stage_change(
            shop=self.object,
            stage=data["stage"],
            on=data["on"],
            by=self.request.user,
            reason=data["reason"],
        )
        return _("%(shop)s is now %(stage)s.") % {
            "shop": shop.name,
            "stage": shop.get_stage_display().lower(),
        }


def stage_date(shop) -> str:
    return str(shop.stage_date or "")


def shop_listing(url_name: str) -> callable:
    """The address of a listing filtered to one shop (`?shop=<pk>`)."""
    return lambda shop: f"{reverse(url_name)}?shop={shop.pk}"


# A shop's page leads to its channels, products, reports, jobs and milestones (each listing
# filtered to the shop, with how many there are).
SHOP_LINKS = (
    RecordLink(
        _("Channels"),
        "link",
        url=shop_listing("shopchannel:index"),
        count=lambda shop: shop.channels.count(),
    ),
    RecordLink(
        _("Products"),
        "tag",
        url=shop_listing("product:index"),
        count=lambda shop: shop.products.count(),
    ),
    RecordLink(
        _("Sales reports"),
        "table",
        url=shop_listing("salesreport:index"),
        count=lambda shop: shop.sales_reports.count(),
    ),
    RecordLink(
        _("Jobs"),
        "user",
        url=shop_listing("job:index"),
        count=lambda shop: shop.jobs.count(),
    ),
    RecordLink(
        _("Milestones"),
        "pick",
        url=shop_listing("milestone:index"),
        count=lambda shop: shop.milestones.count(),
    ),
)


class ShopEditView(ScopedEditView):
    """The shop's form; above it, its stage's button and its links; below it, its history
    (the audit entries: stages, owners, channels)."""

    template_name = "incubator/admin/shop_edit.html"
    history_shown = 10

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            history=audit.history(self.object)[: self.history_shown],
            history_url=reverse("shop:history", args=[self.object.pk]),
            **kwargs,
        )


class ShopViewSet(IncubatorViewSet):
    model = Shop
    icon = "site"
    menu_order = 200
    edit_view_class = ShopEditView
    form_class = ShopForm
    form_fields = [
        "name",
        "owners",
        "county",
        "category",
        "mentor",
        "why_no_application",
    ]
    list_display = [
        "name",
        Column("pk", label=_("shop no."), accessor="pk"),
        "county",
        "category",
        "stage",
        Column("stage_date", label=_("since"), accessor=stage_date),
        "mentor",
    ]
    list_filter = [
        "county",
        "stage",
        "category",
    ]
    list_export = [
        "pk",
        "name",
        "county",
        "category",
        "stage",
        "applied_on",
        "incubating_on",
        "graduated_on",
        "closed_on",
        "mentor",
    ]
    # The sales import's headers for the shop's number and name (店铺编号, 店铺).
    export_headings = {"pk": SALES_COLUMNS["shop_id"][0], "name": SALES_COLUMNS["shop"][0]}
    search_fields = ["name"]
    list_select_related = ("county", "mentor")
    export_filename = "shops"
    # Its county and owners feed the sales summaries and the poor households (shops.shop_save).
    record_services = RecordServices("shop", save=shops.shop_save)
    actions = (
        Action(
            "stage",
            _("Change stage"),
            "resubmit",
            ShopStageView,
            may=shops.may_change_stage,
            applies=shops.has_next_stage,
            priority=15,
        ),
    )
    record_links = SHOP_LINKS


class ShopChannelViewSet(IncubatorViewSet):
    model = ShopChannel
    icon = "link"
    menu_order = 210
    form_fields = ["shop", "channel", "store_name", "opened_on"]
    list_display = ["shop", "channel", "store_name", "opened_on"]
    list_filter = ["channel", "shop__county", "shop"]
    list_export = ["shop", "channel", "store_name", "opened_on"]
    search_fields = ["shop__name", "store_name"]
    list_select_related = ("shop",)
    export_filename = "shop_channels"
    # A shop's channels decide which reports it owes each month (sales_summary).
    record_services = RecordServices(
        "channel", save=shops.shop_channel_save, delete=shops.shop_channel_delete
    )


class ProductViewSet(IncubatorViewSet):
    model = Product
    icon = "tag"
    menu_order = 220
    form_fields = ["shop", "name", "geographical_indication"]
    list_display = ["name", "shop", "geographical_indication"]
    list_filter = ["geographical_indication", "shop__county", "shop"]
    list_export = ["name", "shop", "geographical_indication"]
    search_fields = ["name", "shop__name"]
    list_select_related = ("shop", "geographical_indication")
    export_filename = "products"


class MilestoneInspectView(ScopedInspectView):
    def get_evidence_display_value(self):
        """A link to the screenshot's view (the file has no address of its own)."""
        return format_html(
            '<a href="{}">{}</a>',
            reverse("milestone_evidence", args=[self.object.pk]),
            _("Open the screenshot"),
        )


class MilestoneViewSet(IncubatorViewSet):
    """Recorded by the shops with their screenshots; read here."""

    model = Milestone
    inspect_view_class = MilestoneInspectView
    icon = "pick"
    menu_order = 230
    form_fields = []
    list_display = ["shop", "kind", "achieved_on", "recorded_by"]
    list_filter = ["kind", "shop__county", "shop"]
    list_export = ["shop", "kind", "achieved_on", "recorded_by", "recorded_at"]
    search_fields = ["shop__name"]
    list_select_related = ("shop", "recorded_by")
    export_filename = "milestones"


# Sales reports


class DecideReportForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[(APPROVE, _("Approve")), (RETURN, _("Return to the shop"))],
        widget=forms.RadioSelect,
    )
    reason = ReasonField(_("Reason for returning"))


class DecideReportView(ServiceFormView):
    model = SalesReport
    form_class = DecideReportForm
    page_title = _("Decide sales report")
    header_icon = "check"
    submit_button_label = _("Decide")

    def get_initial(self):
        """The decision of the button that led here (the report's page has one for each)."""
        decision = self.request.GET.get("decision")
        return {"decision": decision} if decision in (APPROVE, RETURN) else {}

    def summary(self):
        report = self.object
        return [
            (_field_label(SalesReport, field), value)
            for field, value in (
                ("sales", report.sales),
                ("orders", report.orders),
                ("agricultural_share", report.agricultural_share),
            )
        ]

    def act(self, data):
        if data["decision"] == APPROVE:
            sales.sales_report_approve(report=self.object, by=self.request.user)
            return _("Approved: %(report)s.") % {"report": self.object}
        sales.sales_report_return(report=self.object, by=self.request.user, reason=data["reason"])
        return _("Returned to the shop: %(report)s.") % {"report": self.object}


def decide_url(report, decision: str) -> str:
    return f"{reverse('salesreport:decide', args=[report.pk])}?decision={decision}"


def may_decide_now(user, report) -> bool:
    return sales.may_decide_report(user, report) and sales.awaits_decision(report)


class SalesReportInspectView(ScopedInspectView):
    """The report, with "—" for a field left empty (not "None") and its month as the listing
    writes it (2026-11, not the 1st of November), and above it the buttons to approve or
    return it (instead of the listing's "Decide", which leads to the same form)."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.actions = ()

    def get_field_display_value(self, field_name, field):
        if field_name == "month":
            return month_of(self.object)
        value = super().get_field_display_value(field_name, field)
        return "—" if value in (None, "") else value


class SalesReportIndexView(ScopedIndexView):
    """Above the listing, the sales import too (its own pages, sales_import_views.py)."""

    @property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if scoping.may_import_sales(self.request.user):
            buttons.append(
                HeaderButton(
                    _("Import sales (CSV)"), url=reverse("sales_import:upload"), icon_name="upload"
                )
            )
        return buttons


def month_text(month) -> str:
    return f"{month:%Y-%m}"


def month_of(report) -> str:
    return month_text(report.month)


class SalesReportViewSet(IncubatorViewSet):
    """Reports come from the shops (and their imports); coordinators and managers decide them."""

    model = SalesReport
    icon = "table"
    menu_order = 300
    index_view_class = SalesReportIndexView
    inspect_view_class = SalesReportInspectView
    form_fields = []
    # The status next to the shop: on a phone the last columns are off screen.
    list_display = [
        "shop",
        "status",
        Column("month", label=_("month"), accessor=month_of),
        "channel",
        "sales",
        "orders",
        "agricultural_share",
    ]
    list_filter = ["status", "channel", "month", "shop__county", "shop"]
    list_export = [
        "shop.county",
        "shop_id",
        "shop",
        "channel",
        "month",
        "sales",
        "orders",
        "agricultural_share",
        "status",
        "return_reason",
        "decided_by",
        "decided_at",
    ]
    # The import's own headers (月份, 店铺编号, 店铺, ...) in every language: the export of a
    # listing can be imported as it is.
    export_headings = {
        "shop.county": _("county"),
        **{key: aliases[0] for key, aliases in SALES_COLUMNS.items()},
    }
    search_fields = ["shop__name"]
    list_select_related = ("shop__county", "decided_by")
    export_filename = "sales_reports"
    # The month as the import reads it back (2026-03), and the share as a percentage.
    custom_field_preprocess = {"month": {"csv": month_text, "xlsx": month_text}}
    percent_fields = ("agricultural_share",)
    actions = (
        Action(
            "decide",
            _("Decide"),
            "check",
            DecideReportView,
            may=sales.may_decide_report,
            applies=sales.awaits_decision,
        ),
    )
    # On the report's page, a button for each decision (the decision's form, preset).
    record_links = (
        RecordLink(
            _("Approve"),
            "check",
            url=lambda report: decide_url(report, APPROVE),
            may=may_decide_now,
            priority=1,
        ),
        RecordLink(
            _("Return to the shop"),
            "arrow-left",
            url=lambda report: decide_url(report, RETURN),
            may=may_decide_now,
            priority=2,
        ),
    )


# Jobs


class HireForm(forms.Form):
    """Typed values go to jobs.job_create as typed: it reads and checks them."""

    shop = forms.ModelChoiceField(label=_("shop"), queryset=Shop.objects.none())
    worker_name = forms.CharField(label=_("worker"), required=False)
    id_number = forms.CharField(label=_("identity number"), required=False)
    # By number, not from a list: a county holds thousands of households.
    household_number = forms.CharField(
        label=_("household registry number (if known)"), required=False
    )
    gender = forms.ChoiceField(label=_("gender"), choices=GENDER_CHOICES, required=False)
    kind = forms.ChoiceField(label=_("kind"), choices=JobKind.choices)
    starts_on = forms.CharField(label=_("starts on"), widget=DateInput())
    ends_on = forms.CharField(label=_("ends on"), required=False, widget=DateInput())
    monthly_wage = forms.CharField(label=_("monthly wage (yuan)"))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The shops of the counties the user runs (not those they merely own).
        self.fields["shop"].queryset = scoping.visible_shops(user).filter(
            county__in=visible_counties(user)
        )


class HireView(ServiceFormView):
    model = Job
    form_class = HireForm
    page_title = _("Add a job")
    header_icon = "plus"
    submit_button_label = _("Add job")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def act(self, data):
        household = jobs.household_by_number(
            registry_number=data["household_number"], county=data["shop"].county
        )
        job = jobs.job_create(
            shop=data["shop"],
            worker_name=data["worker_name"],
            id_number=data["id_number"],
            household=household,
            gender=data["gender"],
            kind=data["kind"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"] or None,
            monthly_wage=data["monthly_wage"],
            by=self.request.user,
        )
        return _("Job added: %(job)s.") % {"job": job}


class EndJobView(ServiceFormView):
    model = Job
    form_class = EndJobForm
    page_title = _("End job")
    header_icon = "date"
    submit_button_label = _("End job")

    def summary(self):
        return [(_field_label(Job, "starts_on"), self.object.starts_on)]

    def act(self, data):
        job = jobs.job_end(job=self.object, ends_on=data["ends_on"], by=self.request.user)
        return _("Job ended on %(day)s: %(job)s.") % {"day": job.ends_on, "job": job}


STATUS = "get_household_status_at_start_display"


class JobViewSet(IncubatorViewSet):
    """Jobs are added and ended through jobs.job_create and job_end (rules and history)."""

    model = Job
    icon = "user"
    menu_order = 400
    form_fields = []
    list_display = [
        "worker_name",
        "shop",
        "kind",
        "starts_on",
        "ends_on",
        "monthly_wage",
        Column(STATUS, label=_("household status on the start date")),
    ]
    # Not by "counts for a poor household": that would tell a coordinator the status of a
    # household of another county whose member works in theirs (the column is masked).
    list_filter = ["kind", "shop__county", "shop", "starts_on"]
    list_export = [
        "worker_name",
        "worker.id_number",
        "shop",
        "shop.county",
        "kind",
        "starts_on",
        "ends_on",
        "monthly_wage",
        STATUS,
        "counts_for_poor_household",
    ]
    export_headings = {
        "worker.id_number": _("identity number"),
        "shop.county": _("county"),
        STATUS: _("household status on the start date"),
    }
    inspect_view_fields = [
        "worker_name",
        "shop",
        "kind",
        "starts_on",
        "ends_on",
        "monthly_wage",
        "household_status_at_start",
        "counts_for_poor_household",
        "created_by",
        "created_at",
    ]
    search_fields = ["worker_name", "shop__name"]
    list_select_related = ("worker__household__village__township", "shop__county")
    personal_fields = (
        "worker.id_number",
        STATUS,
        "household_status_at_start",
        "counts_for_poor_household",
    )
    # The ID number is the one the shop's people typed; the status is the household's.
    personal_scope_path = {
        "worker.id_number": "shop.county_id",
        STATUS: "household_county_id",
        "household_status_at_start": "household_county_id",
        "counts_for_poor_household": "household_county_id",
    }
    export_filename = "jobs"
    actions = (
        Action(
            "hire",
            _("Add a job"),
            "plus",
            HireView,
            may=scoping.may_manage_jobs,
            per_record=False,
        ),
        Action(
            "end",
            _("End job"),
            "date",
            EndJobView,
            may=scoping.may_manage_jobs,
            applies=jobs.is_open,
        ),
    )


# Month locks


class LockMonthForm(forms.Form):
    month = forms.CharField(label=_("month"), widget=forms.DateInput(attrs={"type": "month"}))


class LockMonthView(ServiceFormView):
    model = MonthLock
    form_class = LockMonthForm
    page_title = _("Lock a month")
    header_icon = "lock"
    submit_button_label = _("Lock")

    def act(self, data):
        lock = sales.month_lock(month=data["month"], by=self.request.user)
        return _("%(month)s is locked.") % {"month": lock}


class UnlockMonthForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for unlocking"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[refuse_control_characters],
    )


class UnlockMonthView(ServiceFormView):
    model = MonthLock
    form_class = UnlockMonthForm
    page_title = _("Unlock month")
    header_icon = "lock-open"
    submit_button_label = _("Unlock")

    def act(self, data):
        sales.month_unlock(
            month=self.object.month, by=self.request.user, reason=data["reason"], lock=self.object
        )
        return _("%(month)s is unlocked.") % {"month": self.object}


def month_of_lock(lock) -> str:
    return str(lock)


class MonthLockViewSet(IncubatorViewSet):
    """The lock history: every lock and unlock, with who, when and why."""

    model = MonthLock
    icon = "lock"
    menu_order = 500
    form_fields = []
    list_display = [
        Column("month", label=_("month"), accessor=month_of_lock),
        "locked_by",
        "locked_at",
        "unlocked_by",
        "unlocked_at",
        "unlock_reason",
    ]
    list_filter = ["month"]
    list_export = ["month", "locked_by", "locked_at", "unlocked_by", "unlocked_at", "unlock_reason"]
    list_select_related = ("locked_by", "unlocked_by")
    export_filename = "month_locks"
    actions = (
        Action(
            "lock",
            _("Lock a month"),
            "lock",
            LockMonthView,
            may=scoping.may_lock_months,
            per_record=False,
        ),
        Action(
            "unlock",
            _("Unlock"),
            "lock-open",
            UnlockMonthView,
            may=scoping.may_lock_months,
            applies=sales.is_in_force,
        ),
    )


# The five ways' records (docs/incubator.md, "The five ways"): entered here, each form
# narrowed to the shops, co-operatives, households and villages the user sees.


class EnterpriseViewSet(IncubatorViewSet):
    model = Enterprise
    icon = "group"
    menu_order = 500
    form_fields = ["kind", "name", "county", "villages", "bases", "shops"]
    list_display = ["name", "kind", "county"]
    list_filter = ["kind", "county"]
    list_export = ["name", "kind", "county", "bases"]
    search_fields = ["name"]
    list_select_related = ("county",)
    export_filename = "co_operatives_and_companies"


class HouseholdByNumberForm(ScopedModelForm):
    """The household is named by its registry number, not chosen from a list: a county holds
    thousands of households (as when adding a job)."""

    household = forms.ModelChoiceField(
        label=_("household registry number"),
        queryset=Household.objects.all(),  # narrowed to those the user sees
        to_field_name="registry_number",
        widget=forms.TextInput,
        error_messages={
            "invalid_choice": _(
                "No household of your counties has this registry number: check the number."
            )
        },
    )

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if self.instance.household_id is not None:
            self.initial["household"] = self.instance.household.registry_number


class PurchaseViewSet(IncubatorViewSet):
    model = Purchase
    form_class = HouseholdByNumberForm
    icon = "form"
    menu_order = 510
    form_fields = ["shop", "enterprise", "household", "what", "month", "amount"]
    list_display = ["what", "household", "month", "amount", "shop", "enterprise"]
    list_filter = ["month", "shop__county", "enterprise__county"]
    list_export = ["shop", "enterprise", "household", "what", "month", "amount"]
    search_fields = ["what", "household__registry_number", "shop__name", "enterprise__name"]
    list_select_related = ("shop", "enterprise", "household")
    export_filename = "purchases_from_households"


class TraineeBusinessViewSet(IncubatorViewSet):
    model = TraineeBusiness
    icon = "cogs"
    menu_order = 520
    form_fields = ["trainee", "what", "started_on", "county", "village"]
    list_display = ["what", "trainee", "started_on", "county", "village"]
    list_filter = ["county", "started_on"]
    list_export = ["trainee", "what", "started_on", "county", "village"]
    search_fields = ["what", "trainee__name"]
    list_select_related = ("trainee", "county", "village")
    export_filename = "trainees_businesses"


class ShareholdingViewSet(IncubatorViewSet):
    model = Shareholding
    form_class = HouseholdByNumberForm
    icon = "doc-full"
    menu_order = 530
    form_fields = ["household", "shop", "enterprise", "since"]
    list_display = ["household", "shop", "enterprise", "since"]
    list_filter = ["shop__county", "enterprise__county"]
    list_export = ["household", "shop", "enterprise", "since"]
    search_fields = ["household__registry_number", "shop__name", "enterprise__name"]
    list_select_related = ("household", "shop", "enterprise")
    export_filename = "shareholdings"


class DividendViewSet(IncubatorViewSet):
    model = Dividend
    icon = "success"
    menu_order = 540
    form_fields = ["shareholding", "paid_on", "amount"]
    list_display = ["shareholding", "paid_on", "amount"]
    list_filter = ["paid_on"]
    list_export = ["shareholding", "paid_on", "amount"]
    search_fields = ["shareholding__household__registry_number"]
    list_select_related = (
        "shareholding__household",
        "shareholding__shop",
        "shareholding__enterprise",
    )
    export_filename = "dividends"


class IncubatorViewSetGroup(ViewSetGroup):
    menu_label = _("Incubator")
    menu_icon = "site"
    menu_order = 260
    items = (
        ApplicationViewSet,
        ShopViewSet,
        ShopChannelViewSet,
        ProductViewSet,
        MilestoneViewSet,
        SalesReportViewSet,
        JobViewSet,
        MonthLockViewSet,
        EnterpriseViewSet,
        PurchaseViewSet,
        TraineeBusinessViewSet,
        ShareholdingViewSet,
        DividendViewSet,
    )


# What each model's generic views allow at most; the groups' permissions and scoping
# narrow it further. Decisions, stages, jobs and locks go through the views above.
PERMISSION_POLICIES = {
    Application: ScopedPermissionPolicy(Application, actions={"view"}),
    Shop: ScopedPermissionPolicy(Shop),
    ShopChannel: ScopedPermissionPolicy(ShopChannel),
    Product: ScopedPermissionPolicy(Product),
    Milestone: ScopedPermissionPolicy(Milestone, actions={"view"}),
    SalesReport: ScopedPermissionPolicy(SalesReport, actions={"view"}),
    Job: ScopedPermissionPolicy(Job, actions={"view"}),
    MonthLock: ScopedPermissionPolicy(MonthLock, actions={"view"}),
    Enterprise: ScopedPermissionPolicy(Enterprise),
    Purchase: ScopedPermissionPolicy(Purchase),
    TraineeBusiness: ScopedPermissionPolicy(TraineeBusiness),
    Shareholding: ScopedPermissionPolicy(Shareholding),
    Dividend: ScopedPermissionPolicy(Dividend),
}
