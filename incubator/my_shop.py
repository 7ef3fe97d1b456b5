"""What "My shop" shows a shop's owner: the month to report, each channel's report of it, the
jobs, the milestones and the past months' sales as a chart. Reads only; writes go through
the services."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet, Sum
from django.utils import timezone

from incubator import sales, scoping
from incubator.choices import EDITABLE_REPORT_STATUSES, MilestoneKind, ReportStatus
from incubator.models import Job, SalesReport, Shop
from incubator.values import MONTH_PATTERN, add_months, this_month

CHART_MONTHS = 12
# The chart is an SVG drawn on the server (no script, no library to download): bars of
# CHART_HEIGHT units at most, one every CHART_BAR_STEP units; it scales to the screen.
CHART_HEIGHT = 120
CHART_BAR_STEP = 20


def owned_shops(user) -> QuerySet:
    return Shop.objects.filter(pk__in=scoping.owned_shop_ids(user)).select_related("county")


def earliest_month(shop: Shop) -> datetime.date:
    """The first month the shop may report on any of its channels (sales.first_month), never
    after this month."""
    firsts = [sales.first_month(shop, channel.opened_on) for channel in shop.channels.all()]
    return min(min(firsts, default=sales.first_month(shop, None)), this_month())


def month_to_report(shop: Shop, text: str | None) -> datetime.date:
    """The month asked for (2026-03) if it has begun and the shop may report it; otherwise the
    month that is due now, the last one, whose report is expected by the 10th of this month,
    or the shop's first month when the shop (or all its channels) began after that."""
    earliest = earliest_month(shop)
    match = MONTH_PATTERN.match((text or "").strip())
    if match:
        try:
            month = datetime.date(int(match[1]), int(match[2]), 1)
        except ValueError:
            month = None
        if month is not None and month <= this_month():
            return max(month, earliest)
    return max(add_months(this_month(), -1), earliest)


@dataclass
class ChannelReport:
    channel: object  # a ShopChannel
    report: SalesReport | None
    first_month: datetime.date  # the first month this channel may report
    month: datetime.date

    @property
    def open(self) -> bool:
        """Whether the channel may report the month at all (not before it opened)."""
        return self.month >= self.first_month

    @property
    def editable(self) -> bool:
        return self.open and (self.report is None or self.report.status in EDITABLE_REPORT_STATUSES)


def channel_reports(shop: Shop, month: datetime.date) -> list[ChannelReport]:
    """Each channel the shop sells on, with its report of `month` if there is one."""
    reports = {report.channel: report for report in shop.sales_reports.filter(month=month)}
    return [
        ChannelReport(
            channel,
            reports.get(channel.channel),
            first_month=sales.first_month(shop, channel.opened_on),
            month=month,
        )
        for channel in shop.channels.all()
    ]


@dataclass
class MonthBar:
    """One month of the chart: approved sales, with those awaiting approval stacked on top."""

    month: datetime.date
    approved: Decimal
    awaiting: Decimal  # submitted, not yet approved
    x: int = 0
    approved_height: float = 0
    awaiting_height: float = 0

    @property
    def approved_y(self) -> float:
        return CHART_HEIGHT - self.approved_height

    @property
    def awaiting_y(self) -> float:
        return self.approved_y - self.awaiting_height


def sales_chart(shop: Shop, *, last: datetime.date, months: int = CHART_MONTHS) -> list[MonthBar]:
    """Approved and submitted sales of each of the `months` months up to `last`, all channels
    together, with bar sizes for an SVG whose bars are CHART_HEIGHT units high (one query)."""
    first = add_months(last, 1 - months)
    totals = (
        shop.sales_reports.filter(month__range=(first, last))
        .values("month")
        .annotate(
            approved=Sum("sales", filter=Q(status=ReportStatus.APPROVED), default=Decimal(0)),
            awaiting=Sum("sales", filter=Q(status=ReportStatus.SUBMITTED), default=Decimal(0)),
        )
        .order_by()
    )
    by_month = {row["month"]: row for row in totals}
    bars = []
    for index in range(months):
        month = add_months(first, index)
        row = by_month.get(month, {})
        bars.append(
            MonthBar(
                month=month,
                approved=row.get("approved", Decimal(0)),
                awaiting=row.get("awaiting", Decimal(0)),
                x=index * CHART_BAR_STEP,
            )
        )
    highest = max(bar.approved + bar.awaiting for bar in bars) or 1
    for bar in bars:
        bar.approved_height = round(float(bar.approved / highest) * CHART_HEIGHT, 1)
        bar.awaiting_height = round(float(bar.awaiting / highest) * CHART_HEIGHT, 1)
    return bars


def jobs_now(shop: Shop) -> QuerySet:
    """The jobs not yet ended (or ending today or later), newest first."""
    today = timezone.localdate()
    return shop.jobs.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today)).order_by(
        "-starts_on", "pk"
    )


def jobs_ended(shop: Shop, *, count: int = 10) -> list[Job]:
    today = timezone.localdate()
    return list(shop.jobs.filter(ends_on__lt=today).order_by("-ends_on")[:count])


@dataclass
class Overview:
    shop: Shop
    month: datetime.date
    first_month: datetime.date  # the earliest month the shop may report
    month_locked: bool
    reports: list[ChannelReport]
    chart: list[MonthBar]
    milestones: list
    milestones_left: list
    jobs: list[Job]
    ended_jobs: list[Job]

    @property
    def has_sales(self) -> bool:
        return any(bar.approved or bar.awaiting for bar in self.chart)

    @property
    def earlier_month(self) -> datetime.date | None:
        earlier = add_months(self.month, -1)
        return earlier if earlier >= self.first_month else None

    @property
    def later_month(self) -> datetime.date | None:
        later = add_months(self.month, 1)
        return later if later <= this_month() else None


def overview(shop: Shop, month: datetime.date) -> Overview:
    milestones = list(shop.milestones.order_by("achieved_on", "pk"))
    reached = {milestone.kind for milestone in milestones}
    return Overview(
        shop=shop,
        month=month,
        first_month=earliest_month(shop),
        month_locked=sales.month_is_locked(month),
        reports=channel_reports(shop, month),
        chart=sales_chart(shop, last=this_month()),
        milestones=milestones,
        milestones_left=[kind for kind in MilestoneKind if kind not in reached],
        jobs=list(jobs_now(shop)),
        ended_jobs=jobs_ended(shop),
    )
