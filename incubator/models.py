"""Shops incubated from trainees, what they sell, and the jobs they create.

Writes go through `incubator/services.py`; who may see which record is
`incubator/scoping.py`. Every change to a sales report, a job or a shop's
stage is logged with Wagtail's `ModelLogEntry` (see `incubator/audit.py`).
"""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from incubator.choices import (
    OPEN_APPLICATION_STATUSES,
    STAGE_DATE_FIELDS,
    ApplicationMessageKind,
    ApplicationStatus,
    Channel,
    EnterpriseKind,
    JobKind,
    MilestoneKind,
    ReportStatus,
    ShopCategory,
    Stage,
)
from machinery.constraints import FieldCheckConstraint, FieldUniqueConstraint
from trainees.choices import POOR_HOUSEHOLD_STATUSES, Gender, HouseholdStatus
from trainees.identity import IdNumberField, mask_id_number, validate_id_number
from training_site.storage import private_storage


class GeographicalIndication(models.Model):
    """A geographical-indication brand (地理标志), such as 雅江松茸."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    county = models.ForeignKey(
        "trainees.County",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="geographical_indications",
        verbose_name=_("county"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("geographical indication")
        verbose_name_plural = _("geographical indications")

    def __str__(self):
        return self.name


class Application(models.Model):
    """A certified trainee's request to have a shop incubated, and the decision on it."""

    trainee = models.ForeignKey(
        "trainees.Trainee",
        on_delete=models.PROTECT,
        related_name="incubation_applications",
        verbose_name=_("trainee"),
    )
    # The trainee's county when they applied: whose coordinator decides.
    county = models.ForeignKey(
        "trainees.County",
        on_delete=models.PROTECT,
        related_name="incubation_applications",
        verbose_name=_("county"),
    )
    shop_name = models.CharField(_("shop name"), max_length=100)
    category = models.CharField(_("category"), max_length=20, choices=ShopCategory.choices)
    plan = models.TextField(_("idea and plan"))
    # The channels the trainee means to sell on (choices.Channel values): read, never counted.
    channels = models.JSONField(_("sales channels"), default=list, blank=True)
    # The five ways of driving incomes the trainee means to use (choices.IncomeWay): their
    # plan, read, never counted; what a way did is recorded by its own records.
    drives_own_shop = models.BooleanField(_("own online shop"), default=False)
    drives_industry = models.BooleanField(_("e-commerce industry"), default=False)
    drives_start_up = models.BooleanField(_("starting a business"), default=False)
    drives_employment = models.BooleanField(_("employment"), default=False)
    drives_shareholding = models.BooleanField(_("shareholding"), default=False)
    # The trainee's household when they applied, if it was recorded.
    household = models.ForeignKey(
        "trainees.Household",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("household"),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.SUBMITTED,
    )
    # A decision or a question the trainee has not yet seen on "My learning".
    trainee_has_news = models.BooleanField(_("news for the trainee"), default=False)
    submitted_at = models.DateTimeField(_("submitted at"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    shop = models.OneToOneField(
        "Shop",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="application",
        verbose_name=_("shop"),
    )

    class Meta:
        ordering = ["-submitted_at"]
        constraints = [
            FieldUniqueConstraint(
                fields=["trainee"],
                condition=Q(status__in=sorted(OPEN_APPLICATION_STATUSES)),
                name="one_open_application_a_trainee",
                field="trainee",
                violation_error_message=_(
                    "This trainee already has an application waiting for a decision."
                ),
            )
        ]
        indexes = [models.Index(fields=["status", "county"], name="application_queue")]
        verbose_name = _("incubation application")
        verbose_name_plural = _("incubation applications")

    def __str__(self):
        return f"{self.shop_name} ({self.trainee})"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_APPLICATION_STATUSES

    @property
    def channel_labels(self) -> list[str]:
        return [Channel(value).label for value in self.channels if value in Channel.values]


class ApplicationProduct(models.Model):
    """A product the trainee means to sell, with its geographical-indication brand if any;
    accepting the application makes it a Product of the shop."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="products",
        verbose_name=_("application"),
    )
    name = models.CharField(_("name"), max_length=100)
    geographical_indication = models.ForeignKey(
        GeographicalIndication,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("geographical-indication brand"),
    )

    class Meta:
        ordering = ["application", "pk"]
        constraints = [
            FieldUniqueConstraint(
                fields=["application", "name"],
                name="product_named_once_an_application",
                field="name",
                violation_error_message=_("This product is already named in the application."),
            )
        ]
        verbose_name = _("product of an application")
        verbose_name_plural = _("products of applications")

    def __str__(self):
        return self.name


class ApplicationMessage(models.Model):
    """A coordinator's question on an application, or the trainee's answer, with its time."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="thread", verbose_name=_("application")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ApplicationMessageKind.choices)
    text = models.TextField(_("text"))
    written_at = models.DateTimeField(_("written at"))
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("written by"),
    )

    class Meta:
        ordering = ["application", "written_at", "pk"]
        verbose_name = _("question or answer on an application")
        verbose_name_plural = _("questions and answers on applications")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.text[:40]}"


class Shop(models.Model):
    name = models.CharField(_("name"), max_length=100)
    owners = models.ManyToManyField(
        "trainees.Trainee", related_name="shops", verbose_name=_("owners")
    )
    county = models.ForeignKey(
        "trainees.County", on_delete=models.PROTECT, related_name="shops", verbose_name=_("county")
    )
    category = models.CharField(_("category"), max_length=20, choices=ShopCategory.choices)
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mentored_shops",
        verbose_name=_("mentor"),
    )
    stage = models.CharField(
        _("stage"), max_length=20, choices=Stage.choices, default=Stage.APPLIED, db_index=True
    )
    # A shop added in the admin rather than by accepting an application says why.
    why_no_application = models.TextField(_("why without an application"), blank=True)
    applied_on = models.DateField(_("applied on"), default=timezone.localdate)
    incubating_on = models.DateField(_("incubating since"), null=True, blank=True)
    graduated_on = models.DateField(_("graduated on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["county", "name"]
        constraints = [
            FieldCheckConstraint(
                condition=Q(incubating_on__isnull=True)
                | Q(incubating_on__gte=models.F("applied_on")),
                name="shop_incubates_after_applying",
                field="incubating_on",
                violation_error_message=_(
                    "A shop starts incubating on or after the day it applied."
                ),
            ),
            FieldCheckConstraint(
                condition=Q(graduated_on__isnull=True)
                | Q(incubating_on__isnull=False, graduated_on__gte=models.F("incubating_on")),
                name="shop_graduates_after_incubating",
                field="graduated_on",
                violation_error_message=_(
                    "A shop graduates only once it incubates, on or after the day it began."
                ),
            ),
            FieldCheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=models.F("applied_on")),
                name="shop_closes_after_applying",
                field="closed_on",
                violation_error_message=_("A shop closes on or after the day it applied."),
            ),
        ]
        verbose_name = _("shop")
        verbose_name_plural = _("shops")

    def __str__(self):
        return self.name

    @property
    def stage_date(self):
        """The day the shop entered its current stage."""
        return getattr(self, STAGE_DATE_FIELDS[self.stage])


class ShopChannel(models.Model):
    """A channel a shop sells on; sales are reported per shop, channel and month."""

    shop = models.ForeignKey(
        Shop, on_delete=models.CASCADE, related_name="channels", verbose_name=_("shop")
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    store_name = models.CharField(_("name on the channel"), max_length=100, blank=True)
    opened_on = models.DateField(_("opened on"), null=True, blank=True)

    class Meta:
        ordering = ["shop", "channel"]
        constraints = [
            FieldUniqueConstraint(
                fields=["shop", "channel"],
                name="one_channel_entry_a_shop",
                field="channel",
                violation_error_message=_("This shop already has this channel."),
            )
        ]
        verbose_name = _("shop channel")
        verbose_name_plural = _("shop channels")

    def __str__(self):
        return f"{self.shop} · {self.get_channel_display()}"


class Product(models.Model):
    shop = models.ForeignKey(
        Shop, on_delete=models.CASCADE, related_name="products", verbose_name=_("shop")
    )
    name = models.CharField(_("name"), max_length=100)
    geographical_indication = models.ForeignKey(
        GeographicalIndication,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="products",
        verbose_name=_("geographical-indication brand"),
    )

    class Meta:
        ordering = ["shop", "name"]
        constraints = [
            FieldUniqueConstraint(
                fields=["shop", "name"],
                name="product_named_once_a_shop",
                field="name",
                violation_error_message=_("This shop already has a product of this name."),
            )
        ]
        verbose_name = _("product")
        verbose_name_plural = _("products")

    def __str__(self):
        return self.name


def evidence_path(milestone: "Milestone", filename: str) -> str:
    """A name nobody can guess: evidence may show a shop's orders and customers."""
    suffix = PurePath(filename).suffix.lower()
    return f"incubator/evidence/{uuid.uuid4().hex}{suffix}"


class Milestone(models.Model):
    shop = models.ForeignKey(
        Shop, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("shop")
    )
    kind = models.CharField(_("milestone"), max_length=20, choices=MilestoneKind.choices)
    achieved_on = models.DateField(_("achieved on"))
    # Evidence may show a shop's orders and customers: no URL serves it, only
    # incubator.milestone_views.milestone_evidence, to those who see the milestone.
    evidence = models.ImageField(
        _("evidence (screenshot)"), upload_to=evidence_path, storage=private_storage
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        ordering = ["shop", "achieved_on"]
        constraints = [
            FieldUniqueConstraint(
                fields=["shop", "kind"],
                name="milestone_reached_once",
                field="kind",
                violation_error_message=_("This shop has already reached this milestone."),
            )
        ]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self):
        return f"{self.shop}: {self.get_kind_display()}"


class SalesReport(models.Model):
    """A shop's sales on one channel in one month (`month` is the month's first day)."""

    shop = models.ForeignKey(
        Shop, on_delete=models.PROTECT, related_name="sales_reports", verbose_name=_("shop")
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    month = models.DateField(_("month"))
    sales = models.DecimalField(
        _("sales (yuan)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )
    orders = models.PositiveIntegerField(_("orders"))
    agricultural_share = models.PositiveSmallIntegerField(
        _("share of agricultural products (%)"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    return_reason = models.TextField(_("reason for returning"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )

    class Meta:
        ordering = ["-month", "shop", "channel"]
        constraints = [
            FieldUniqueConstraint(
                fields=["shop", "channel", "month"],
                name="one_report_a_shop_channel_month",
                field="month",
                violation_error_message=_(
                    "This shop already has a report of this month on this channel: change that one."
                ),
            ),
            FieldCheckConstraint(
                condition=Q(sales__gte=0),
                name="sales_not_negative",
                field="sales",
                violation_error_message=_("Sales cannot be below zero."),
            ),
            FieldCheckConstraint(
                condition=Q(agricultural_share__lte=100),
                name="agricultural_share_a_percentage",
                field="agricultural_share",
                violation_error_message=_(
                    "The share of agricultural products is a percentage, from 0 to 100."
                ),
            ),
            FieldCheckConstraint(
                condition=Q(month__day=1),
                name="report_month_on_day_one",
                field="month",
                violation_error_message=_(
                    "A month is given by its first day, e.g. 2025-03-01 for March 2025."
                ),
            ),
        ]
        indexes = [
            # Outcomes: approved sales by month and channel (county through the shop).
            models.Index(
                fields=["month", "channel"],
                condition=Q(status=ReportStatus.APPROVED),
                name="approved_sales_by_month",
            ),
            # The approval queue: submitted reports, newest month first.
            models.Index(fields=["status", "month"], name="report_status_month"),
        ]
        verbose_name = _("monthly sales report")
        verbose_name_plural = _("monthly sales reports")

    def __str__(self):
        # Channel(...).label rather than get_channel_display(), which hashes every lazy
        # label of the choices on each call: imports name thousands of reports.
        return f"{self.shop} · {Channel(self.channel).label} · {self.month:%Y-%m}"


class MonthLock(models.Model):
    """A month closed by a programme manager; unlocking keeps the row, so the history stays."""

    month = models.DateField(_("month"))
    locked_at = models.DateTimeField(_("locked at"))
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("locked by"),
    )
    unlocked_at = models.DateTimeField(_("unlocked at"), null=True, blank=True)
    unlocked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("unlocked by"),
    )
    unlock_reason = models.TextField(_("reason for unlocking"), blank=True)

    class Meta:
        ordering = ["-month", "-locked_at"]
        constraints = [
            FieldUniqueConstraint(
                fields=["month"],
                condition=Q(unlocked_at__isnull=True),
                name="one_lock_a_month",
                field="month",
                violation_error_message=_("This month is already locked."),
            ),
            FieldCheckConstraint(
                condition=Q(month__day=1),
                name="lock_month_on_day_one",
                field="month",
                violation_error_message=_(
                    "A month is given by its first day, e.g. 2025-03-01 for March 2025."
                ),
            ),
        ]
        verbose_name = _("month lock")
        verbose_name_plural = _("month locks")

    def __str__(self):
        return f"{self.month:%Y-%m}"

    @property
    def is_active(self) -> bool:
        return self.unlocked_at is None


class Worker(models.Model):
    """A person employed by shops. The same person is one Worker: found by ID number when
    it is known, otherwise by name within the household (see services.worker_for)."""

    name = models.CharField(_("name"), max_length=100)
    household = models.ForeignKey(
        "trainees.Household",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="workers",
        verbose_name=_("household"),
    )
    id_number = IdNumberField(
        _("identity number"), max_length=18, blank=True, validators=[validate_id_number]
    )
    # Empty for the workers recorded before it was asked (nobody guessed it from a name).
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            FieldUniqueConstraint(
                fields=["id_number"],
                condition=~Q(id_number=""),
                name="worker_id_number_unique",
                field="id_number",
                violation_error_message=_("Another worker already has this identity number."),
            )
        ]
        indexes = [models.Index(fields=["household", "name"], name="worker_in_household")]
        verbose_name = _("worker")
        verbose_name_plural = _("workers")

    def __str__(self):
        return self.name

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number) if self.id_number else ""


class Job(models.Model):
    shop = models.ForeignKey(
        Shop, on_delete=models.PROTECT, related_name="jobs", verbose_name=_("shop")
    )
    worker = models.ForeignKey(
        Worker, on_delete=models.PROTECT, related_name="jobs", verbose_name=_("worker")
    )
    # The name the employer gave when hiring, shown wherever the job is: a worker found by
    # identity number may have been registered under another name, by another county.
    worker_name = models.CharField(_("worker's name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=JobKind.choices)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    monthly_wage = models.DecimalField(
        _("monthly wage (yuan)"), max_digits=10, decimal_places=2, validators=[MinValueValidator(0)]
    )
    # Frozen at hiring: the worker's household status on the start date.
    household_status_at_start = models.CharField(
        _("household status on the start date"),
        max_length=20,
        choices=HouseholdStatus.choices,
        default=HouseholdStatus.NONE,
    )
    counts_for_poor_household = models.BooleanField(_("counts for a poor household"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "shop"]
        constraints = [
            FieldCheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="job_ends_after_it_starts",
                field="ends_on",
                violation_error_message=_("A job ends on or after the day it starts."),
            ),
            FieldCheckConstraint(
                condition=Q(monthly_wage__gte=0),
                name="wage_not_negative",
                field="monthly_wage",
                violation_error_message=_("A monthly wage cannot be below zero."),
            ),
            FieldCheckConstraint(
                condition=Q(
                    counts_for_poor_household=True,
                    household_status_at_start__in=sorted(POOR_HOUSEHOLD_STATUSES),
                )
                | Q(
                    counts_for_poor_household=False,
                    household_status_at_start=HouseholdStatus.NONE,
                ),
                name="job_counts_by_its_household_status",
                field="counts_for_poor_household",
                violation_error_message=_(
                    "A job counts for a poor household when, and only when, the worker's "
                    "household was poor on the day the job started."
                ),
            ),
        ]
        indexes = [
            # Outcomes: jobs created, by start date, and those for poor households.
            models.Index(fields=["starts_on", "counts_for_poor_household"], name="jobs_by_start"),
        ]
        verbose_name = _("job")
        verbose_name_plural = _("jobs")

    def __str__(self):
        return f"{self.worker_name} @ {self.shop}"

    @property
    def household_county_id(self) -> int:
        """The county whose coordinator may read the status frozen on this job: the worker's
        household's (perhaps not the shop's), or the shop's when there is no household."""
        household = self.worker.household
        return household.village.township.county_id if household else self.shop.county_id


class MonthlySales(models.Model):
    """Approved sales of a county's shops in one month, on one channel or, with channel "",
    on all of them together: what the outcomes read at prefecture scale instead of every
    report. Derived from the reports and kept right by incubator/sales_summary.py."""

    county = models.ForeignKey(
        "trainees.County", on_delete=models.CASCADE, related_name="+", verbose_name=_("county")
    )
    month = models.DateField(_("month"))
    channel = models.CharField(_("channel"), max_length=20, blank=True)
    reports = models.PositiveIntegerField(_("approved reports"))
    sales = models.DecimalField(_("sales (yuan)"), max_digits=18, decimal_places=2)
    # Σ sales × agricultural share (%): ÷ 100 the yuan of agricultural products.
    agricultural_weight = models.DecimalField(max_digits=21, decimal_places=2)
    active_shops = models.PositiveIntegerField(_("active shops"))
    on_time_shops = models.PositiveIntegerField(_("active shops approved on time"))

    class Meta:
        constraints = [
            FieldUniqueConstraint(
                fields=["county", "month", "channel"],
                name="monthly_sales_once",
                field="month",
                violation_error_message=_(
                    "This county's sales of this month on this channel are already summed up."
                ),
            )
        ]
        indexes = [models.Index(fields=["month", "channel"], name="monthly_sales_by_month")]
        verbose_name = _("monthly sales of a county")
        verbose_name_plural = _("monthly sales of the counties")

    def __str__(self):
        return f"{self.county_id} {self.month:%Y-%m} {self.channel or '*'}"


class ShopYearSales(models.Model):
    """A shop's approved sales in a calendar year, on one channel or (channel "") all, and
    whether it was active at the year's end. Kept right by incubator/sales_summary.py."""

    shop = models.ForeignKey(
        Shop, on_delete=models.CASCADE, related_name="+", verbose_name=_("shop")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    channel = models.CharField(_("channel"), max_length=20, blank=True)
    sales = models.DecimalField(_("sales (yuan)"), max_digits=16, decimal_places=2)
    active_at_end = models.BooleanField(_("active at the year's end"))

    class Meta:
        constraints = [
            FieldUniqueConstraint(
                fields=["shop", "year", "channel"],
                name="shop_year_once",
                field="year",
                violation_error_message=_(
                    "This shop's sales of this year on this channel are already summed up."
                ),
            )
        ]
        indexes = [models.Index(fields=["year", "channel"], name="shop_year_sales_by_year")]
        verbose_name = _("yearly sales of a shop")
        verbose_name_plural = _("yearly sales of the shops")

    def __str__(self):
        return f"{self.shop_id} {self.year} {self.channel or '*'}"


class PoorOwnerHousehold(models.Model):
    """A household that was poor on the day a shop began incubating, through one of the
    shop's owners: indicator 9's link of owners, read instead of walking every owner to their
    household and its status. Kept right by incubator/poor_households.py."""

    shop = models.ForeignKey(Shop, on_delete=models.CASCADE, related_name="+")
    household = models.ForeignKey("trainees.Household", on_delete=models.CASCADE, related_name="+")
    incubating_on = models.DateField(_("incubating since"))

    class Meta:
        constraints = [
            FieldUniqueConstraint(
                fields=["shop", "household"],
                name="one_poor_owner_household",
                field="household",
                violation_error_message=_(
                    "This household is already counted among the poor households of this "
                    "shop's owners."
                ),
            )
        ]
        indexes = [models.Index(fields=["incubating_on"], name="poor_owner_households_by_day")]
        verbose_name = _("poor household of a shop's owner")
        verbose_name_plural = _("poor households of shops' owners")

    def __str__(self):
        return f"{self.shop_id} {self.household_id}"


class PoorWorkerHousehold(models.Model):
    """A job counting for a poor household (frozen at hiring) with its worker's household
    and its days: indicator 9's link of workers, read instead of joining every job to its
    worker. Kept right by incubator/poor_households.py."""

    job = models.OneToOneField(Job, on_delete=models.CASCADE, related_name="+")
    shop = models.ForeignKey(Shop, on_delete=models.CASCADE, related_name="+")
    household = models.ForeignKey("trainees.Household", on_delete=models.CASCADE, related_name="+")
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True)

    class Meta:
        indexes = [models.Index(fields=["starts_on"], name="poor_worker_households_by_day")]
        verbose_name = _("poor household of a job's worker")
        verbose_name_plural = _("poor households of jobs' workers")

    def __str__(self):
        return f"{self.job_id} {self.household_id}"


# The five ways of driving incomes (choices.IncomeWay), each recorded by what it did: the
# owners of shops (Shop), purchases from households (Purchase), trainees' businesses that
# are not shops (TraineeBusiness), jobs (Job) and dividends on households' shares
# (Shareholding, Dividend). outcomes/five_ways.py counts them (docs/outcomes.md).

ONE_BUYER = Q(shop__isnull=False, enterprise__isnull=True) | Q(
    shop__isnull=True, enterprise__isnull=False
)


class Enterprise(models.Model):
    """A co-operative (合作社) or a company of a county, which buys from the households of
    villages, has its bases, and works with shops."""

    kind = models.CharField(_("kind"), max_length=20, choices=EnterpriseKind.choices)
    name = models.CharField(_("name"), max_length=100)
    county = models.ForeignKey(
        "trainees.County",
        on_delete=models.PROTECT,
        related_name="enterprises",
        verbose_name=_("county"),
    )
    villages = models.ManyToManyField(
        "trainees.Village",
        blank=True,
        related_name="enterprises",
        verbose_name=_("villages it buys from"),
    )
    bases = models.TextField(_("bases"), blank=True)
    shops = models.ManyToManyField(
        Shop, blank=True, related_name="enterprises", verbose_name=_("shops it works with")
    )

    class Meta:
        ordering = ["county", "name"]
        constraints = [
            FieldUniqueConstraint(
                fields=["county", "name"],
                name="enterprise_named_once_a_county",
                field="name",
                violation_error_message=_(
                    "This county already has a co-operative or company of this name."
                ),
            )
        ]
        verbose_name = _("co-operative or company")
        verbose_name_plural = _("co-operatives and companies")

    def __str__(self):
        return self.name


class Purchase(models.Model):
    """What a shop, a co-operative or a company bought from a household in a month (`month`
    is the month's first day), and what it paid."""

    shop = models.ForeignKey(
        Shop,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="purchases",
        verbose_name=_("shop"),
    )
    enterprise = models.ForeignKey(
        Enterprise,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="purchases",
        verbose_name=_("co-operative or company"),
    )
    household = models.ForeignKey(
        "trainees.Household",
        on_delete=models.PROTECT,
        related_name="purchases",
        verbose_name=_("household"),
    )
    what = models.CharField(_("what was bought"), max_length=100)
    month = models.DateField(_("month"))
    amount = models.DecimalField(_("amount paid (yuan)"), max_digits=12, decimal_places=2)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-month", "household"]
        constraints = [
            FieldCheckConstraint(
                condition=ONE_BUYER,
                name="purchase_by_one_buyer",
                field="shop",
                violation_error_message=_(
                    "A purchase is made by a shop or by a co-operative or company: "
                    "choose exactly one of them."
                ),
            ),
            FieldCheckConstraint(
                condition=Q(amount__gt=0),
                name="purchase_amount_above_zero",
                field="amount",
                violation_error_message=_("The amount paid is above zero yuan."),
            ),
            FieldCheckConstraint(
                condition=Q(month__day=1),
                name="purchase_month_on_day_one",
                field="month",
                violation_error_message=_(
                    "A month is given by its first day, e.g. 2025-03-01 for March 2025."
                ),
            ),
        ]
        # Outcomes: the purchases of the period's months.
        indexes = [models.Index(fields=["month", "household"], name="purchases_by_month")]
        verbose_name = _("purchase from a household")
        verbose_name_plural = _("purchases from households")

    def __str__(self):
        return f"{self.what} · {self.household} · {self.month:%Y-%m}"

    @property
    def buyer(self):
        return self.shop or self.enterprise

    @property
    def county_id(self):
        """The buyer's county: whose coordinator records and sees the purchase."""
        return self.buyer.county_id


class TraineeBusiness(models.Model):
    """A business a trainee started that is not a shop of the programme (a workshop, a
    homestay, a stall)."""

    trainee = models.ForeignKey(
        "trainees.Trainee",
        on_delete=models.PROTECT,
        related_name="businesses",
        verbose_name=_("trainee"),
    )
    what = models.CharField(_("what the business does"), max_length=200)
    started_on = models.DateField(_("started on"))
    county = models.ForeignKey(
        "trainees.County",
        on_delete=models.PROTECT,
        related_name="trainee_businesses",
        verbose_name=_("county"),
    )
    village = models.ForeignKey(
        "trainees.Village",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("village"),
    )

    class Meta:
        ordering = ["-started_on"]
        indexes = [models.Index(fields=["started_on"], name="trainee_businesses_by_start")]
        verbose_name = _("trainee's business")
        verbose_name_plural = _("trainees' businesses")

    def __str__(self):
        return f"{self.what} ({self.trainee})"

    def clean(self):
        super().clean()
        if self.village_id and self.county_id and self.village.township.county_id != self.county_id:
            raise ValidationError({"village": _("This village is not in the business's county.")})
        if self.started_on and self.started_on > timezone.localdate():
            raise ValidationError(
                {
                    "started_on": _(
                        "%(day)s has not come yet: record the business once it has started."
                    )
                    % {"day": self.started_on}
                }
            )


class Shareholding(models.Model):
    """A household's shares in a shop, a co-operative or a company, from a day on."""

    household = models.ForeignKey(
        "trainees.Household",
        on_delete=models.PROTECT,
        related_name="shareholdings",
        verbose_name=_("household"),
    )
    shop = models.ForeignKey(
        Shop,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="shareholdings",
        verbose_name=_("shop"),
    )
    enterprise = models.ForeignKey(
        Enterprise,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="shareholdings",
        verbose_name=_("co-operative or company"),
    )
    since = models.DateField(_("shareholder since"))

    class Meta:
        ordering = ["household", "since"]
        constraints = [
            FieldCheckConstraint(
                condition=ONE_BUYER,
                name="shares_in_one_business",
                field="shop",
                violation_error_message=_(
                    "Shares are held in a shop or in a co-operative or company: "
                    "choose exactly one of them."
                ),
            ),
            FieldUniqueConstraint(
                fields=["household", "shop"],
                condition=Q(shop__isnull=False),
                name="household_holds_shares_of_a_shop_once",
                field="household",
                violation_error_message=_("This household already holds shares of this shop."),
            ),
            FieldUniqueConstraint(
                fields=["household", "enterprise"],
                condition=Q(enterprise__isnull=False),
                name="household_holds_shares_of_an_enterprise_once",
                field="household",
                violation_error_message=_(
                    "This household already holds shares of this co-operative or company."
                ),
            ),
        ]
        verbose_name = _("shareholding of a household")
        verbose_name_plural = _("shareholdings of households")

    def __str__(self):
        # A form sent back may hold neither a shop nor a co-operative or company yet.
        parts = (self.household if self.household_id else None, self.shop or self.enterprise)
        return " · ".join(str(part) for part in parts if part is not None)

    @property
    def county_id(self):
        """The county of the shop, co-operative or company: whose coordinator records it."""
        return (self.shop or self.enterprise).county_id


class Dividend(models.Model):
    """A dividend paid to a shareholding household."""

    shareholding = models.ForeignKey(
        Shareholding,
        on_delete=models.PROTECT,
        related_name="dividends",
        verbose_name=_("shareholding"),
    )
    paid_on = models.DateField(_("paid on"))
    amount = models.DecimalField(_("amount (yuan)"), max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["-paid_on"]
        constraints = [
            FieldCheckConstraint(
                condition=Q(amount__gt=0),
                name="dividend_above_zero",
                field="amount",
                violation_error_message=_("A dividend is above zero yuan."),
            ),
        ]
        indexes = [models.Index(fields=["paid_on"], name="dividends_by_day")]
        verbose_name = _("dividend")
        verbose_name_plural = _("dividends")

    def __str__(self):
        return f"{self.shareholding} · {self.paid_on}"

    def clean(self):
        super().clean()
        if self.shareholding_id and self.paid_on and self.paid_on < self.shareholding.since:
            raise ValidationError(
                {
                    "paid_on": _(
                        "%(day)s is before the household held its shares (from %(since)s)."
                    )
                    % {"day": self.paid_on, "since": self.shareholding.since}
                }
            )
