"""The records the outcomes app keeps of its own (it owns no source data): targets, published
figures and API tokens."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from machinery.constraints import FieldCheckConstraint, FieldUniqueConstraint


class TargetIndicator(models.TextChoices):
    """The headline figures a target can be set for (indicators.headline)."""

    TRAINEES_TRAINED = "trainees_trained", _("Trainees trained")
    POOR_HOUSEHOLD_TRAINEES = "poor_household_trainees", _("Trainees from poor households")
    CERTIFICATES_ISSUED = "certificates_issued", _("Certificates issued")
    NEW_INCUBATIONS = "new_incubations", _("New incubations")
    ACTIVE_SHOPS = "active_shops", _("Active incubated shops")
    ONLINE_SALES = "online_sales", _("Online sales (yuan)")
    JOBS_CREATED = "jobs_created", _("Jobs created")
    POOR_HOUSEHOLD_JOBS = "poor_household_jobs", _("Jobs for poor households")
    POOR_HOUSEHOLDS = "poor_households", _("Poor households benefited")


class Target(models.Model):
    """What the programme means to reach in a year, for the prefecture or one county."""

    indicator = models.CharField(_("indicator"), max_length=40, choices=TargetIndicator.choices)
    county = models.ForeignKey(
        "trainees.County",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="targets",
        verbose_name=_("county"),
        help_text=_("Empty for the whole prefecture."),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("target"), max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["-year", "county", "indicator"]
        constraints = [
            FieldUniqueConstraint(
                fields=["indicator", "year"],
                condition=Q(county__isnull=True),
                name="one_prefecture_target_a_year",
                field="indicator",
                violation_error_message=_(
                    "The whole prefecture already has a target for this indicator in this year."
                ),
            ),
            FieldUniqueConstraint(
                fields=["indicator", "county", "year"],
                condition=Q(county__isnull=False),
                name="one_county_target_a_year",
                field="indicator",
                violation_error_message=_(
                    "This county already has a target for this indicator in this year."
                ),
            ),
            FieldCheckConstraint(
                condition=Q(value__gt=0),
                name="target_above_zero",
                field="value",
                violation_error_message=_("Enter a target above zero."),
            ),
        ]
        verbose_name = _("target")
        verbose_name_plural = _("targets")

    def __str__(self):
        area = self.county.display_name if self.county_id else _("Whole prefecture")
        return f"{self.year} {area}: {self.get_indicator_display()} {self.value}"


class Snapshot(models.Model):
    """Figures as a manager published them: shown again exactly so, whatever changes later.

    A manager may correct them (the figures computed again, for the same area, period and
    filters) or withdraw them, each with a reason; both are kept in `changes`. Withdrawn
    figures leave the list of current figures (and the API's) but keep their page and
    history. `filters` holds the filters by code, {"track": {"id", "title"}, "cohort":
    {"id", "name"}, "channel": code}, so that they read in every language."""

    area_code = models.CharField(_("area code"), max_length=12, blank=True)
    area_name = models.CharField(_("area"), max_length=100)
    county = models.ForeignKey(
        "trainees.County",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("county"),
    )
    period = models.CharField(_("period"), max_length=30)
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    figures = models.JSONField(_("figures"))
    calculation_version = models.PositiveSmallIntegerField(_("calculation version"))
    published_at = models.DateTimeField(_("published at"), auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("published by"),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    corrected_at = models.DateTimeField(_("last corrected at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        ordering = ["-published_at"]
        verbose_name = _("published figures")
        verbose_name_plural = _("published figures")

    def __str__(self):
        parts = [self.area_shown, self.period, *(value for _name, value in self.filters_shown())]
        return " · ".join(str(part) for part in parts)

    @property
    def area_shown(self) -> str:
        """The area in the reader's language: a county by its name in it (one cached read for
        all counties), a township after its county's; `area_name` keeps the register's."""
        from trainees.models import County

        if not self.area_code:
            return str(_("Whole prefecture"))
        county, _space, township = self.area_name.partition(" ")
        names = County.display_names()
        return " ".join(part for part in (names.get(county, county), township) if part)

    def filters_shown(self) -> list[tuple[str, str]]:
        """(name, value) of each filter chosen, in the active language: track, cohort,
        channel."""
        from incubator.choices import Channel

        shown, filters = [], self.filters or {}
        if track := filters.get("track"):
            shown.append((str(_("Track")), track["title"]))
        if cohort := filters.get("cohort"):
            shown.append((str(_("Cohort")), cohort["name"]))
        if channel := filters.get("channel"):
            label = Channel(channel).label if channel in Channel.values else channel
            shown.append((str(_("Channel")), str(label)))
        return shown

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None


class SnapshotChange(models.Model):
    """A correction or withdrawal of published figures: who, when, why, and the figures
    before and after (none after a withdrawal)."""

    class Kind(models.TextChoices):
        CORRECTED = "corrected", _("Corrected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    snapshot = models.ForeignKey(
        Snapshot, on_delete=models.CASCADE, related_name="changes", verbose_name=_("figures")
    )
    kind = models.CharField(_("change"), max_length=10, choices=Kind.choices)
    made_at = models.DateTimeField(_("when"), auto_now_add=True)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    reason = models.TextField(_("reason"), max_length=1000)
    old_figures = models.JSONField(_("figures before"))
    old_calculation_version = models.PositiveSmallIntegerField(_("calculation version before"))
    new_figures = models.JSONField(_("figures after"), null=True, blank=True)
    new_calculation_version = models.PositiveSmallIntegerField(
        _("calculation version after"), null=True, blank=True
    )

    class Meta:
        ordering = ["made_at", "pk"]
        constraints = [
            FieldCheckConstraint(
                condition=~Q(reason=""),
                name="a_change_has_a_reason",
                field="reason",
                violation_error_message=_(
                    "Reason: say why the published figures are corrected or withdrawn."
                ),
            ),
        ]
        verbose_name = _("change of published figures")
        verbose_name_plural = _("changes of published figures")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.snapshot}"


# API tokens: another government system reads the figures with one (outcomes/tokens.py,
# outcomes/api.py). Only the SHA-256 digest of a token is kept, never the token itself.
class ApiToken(models.Model):
    """A token another system reads the figures with, for the whole prefecture or one county."""

    name = models.CharField(
        _("system"), max_length=100, help_text=_("The system that reads the figures with it.")
    )
    digest = models.CharField(_("SHA-256 digest"), max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("starts with"), max_length=8, editable=False)
    county = models.ForeignKey(
        "trainees.County",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="api_tokens",
        verbose_name=_("county"),
        help_text=_("The county whose figures it may read; empty for the whole prefecture."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    expires_at = models.DateTimeField(_("expires at"))
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"
