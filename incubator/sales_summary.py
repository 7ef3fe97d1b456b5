"""Approved sales summed up ahead of time, so that the outcomes of a whole prefecture and
year read a few hundred rows instead of every report (docs/outcomes.md, "Speed").

Two tables, derived from the approved reports (models.MonthlySales, models.ShopYearSales),
recomputed a county and a calendar year at a time by `refresh`, which the services call in
the transaction of every change they depend on:

- a report approved (`sales.sales_report_approve`): its county, its year and, for a report
  of the year's last months, the next year (a shop stays active for ACTIVE_MONTHS);
- a shop's county or channels changed (`refresh_shop`, called by `shops.shop_save`,
  `shop_channel_save` and `shop_channel_delete`, which the admin's forms call): every year
  the shop reported, in its counties.

An approved report never changes again, so nothing else moves the figures. No signal keeps
them: a shop or channel written around those services leaves them stale. `rebuild`
recomputes everything (after a bulk load such as benchmarks/synthetic.py, or to repair).
The rules of "active" and "on time" live here, once; outcomes/indicators.py applies the
same rules to the reports themselves where no summary serves (a township, a cohort).
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction
from django.db.models import Max, Min
from django.db.models.functions import ExtractYear

from incubator.choices import ReportStatus
from incubator.models import MonthlySales, SalesReport, Shop, ShopChannel, ShopYearSales
from incubator.values import add_months, midnight
from trainees.models import County

ACTIVE_MONTHS = 3  # a shop is active with approved sales in any of the last 3 months
REPORT_DUE_DAY = 10  # a month's report is on time when approved by the 10th of the next
ALL_CHANNELS = ""
ZERO = Decimal("0.00")


def report_deadline(month: datetime.date) -> datetime.datetime:
    """The moment after which a report of `month` is late: the end of the next month's 10th."""
    return midnight(add_months(month, 1).replace(day=REPORT_DUE_DAY + 1))


def report_due(month: datetime.date, *, today: datetime.date) -> bool:
    """Whether the reports of `month` are due on `today` (a day in Asia/Shanghai): once the
    month has ended and its grace period, to the end of the next month's 10th, has passed.
    Before that a month's shops are neither on time nor late, and its reporting is not
    counted."""
    return midnight(today) >= report_deadline(month)


def active_window(month: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The months in which approved sales make a shop active in `month`."""
    return add_months(month, 1 - ACTIVE_MONTHS), month


@transaction.atomic
def refresh(*, county_id: int, years: Iterable[int]) -> None:
    """Recompute the summaries of the county's shops for each of `years`."""
    # One refresh of a county at a time: the second waits, then reads what the first wrote.
    County.objects.select_for_update().filter(pk=county_id).exists()
    for year in sorted(set(years)):
        _recompute(county_id, year)


def refresh_after_approval(report: SalesReport) -> None:
    last_affected = add_months(report.month, ACTIVE_MONTHS - 1)
    refresh(county_id=report.shop.county_id, years={report.month.year, last_affected.year})


def refresh_shop(shop: Shop, *, county_ids: Iterable[int]) -> None:
    """After the shop's county or channels changed: every year it reported, in the counties
    it was and is in (locked in order, so that two refreshes never wait for each other)."""
    years = set(
        SalesReport.objects.filter(shop=shop, status=ReportStatus.APPROVED)
        .annotate(year=ExtractYear("month"))
        .values_list("year", flat=True)
        .distinct()
    )
    years |= {add_months(datetime.date(year, 12, 1), ACTIVE_MONTHS - 1).year for year in years}
    for county_id in sorted(set(county_ids)):
        refresh(county_id=county_id, years=years)


@transaction.atomic
def rebuild() -> None:
    """Recompute every summary from the approved reports."""
    MonthlySales.objects.all().delete()
    ShopYearSales.objects.all().delete()
    span = SalesReport.objects.filter(status=ReportStatus.APPROVED).aggregate(
        first=Min("month"), last=Max("month")
    )
    if span["first"] is None:
        return
    years = range(span["first"].year, add_months(span["last"], ACTIVE_MONTHS - 1).year + 1)
    for county_id in County.objects.order_by("pk").values_list("pk", flat=True):
        refresh(county_id=county_id, years=years)


def _recompute(county_id: int, year: int) -> None:
    months = [datetime.date(year, number, 1) for number in range(1, 13)]
    shops = Shop.objects.filter(county_id=county_id).values("pk")
    deadlines = {month: report_deadline(month) for month in months}
    reports = SalesReport.objects.filter(
        shop__in=shops,
        status=ReportStatus.APPROVED,
        month__range=(active_window(months[0])[0], months[-1]),
    ).values_list("shop_id", "channel", "month", "sales", "agricultural_share", "decided_at")
    channels_of = defaultdict(set)
    for shop_id, channel in ShopChannel.objects.filter(shop__in=shops).values_list(
        "shop_id", "channel"
    ):
        channels_of[shop_id].add(channel)

    totals = defaultdict(lambda: [0, ZERO, ZERO])  # (month, channel): reports, sales, weight
    sold = defaultdict(set)  # (month, channel): shops with sales above zero
    on_time = defaultdict(lambda: defaultdict(int))  # (month, channel): {shop: reports}
    shop_years = defaultdict(lambda: [ZERO, False])  # (shop, channel): sales, active at end
    for shop_id, channel, month, sales, share, decided_at in reports:
        for key in (channel, ALL_CHANNELS):
            if sales > 0:
                sold[month, key].add(shop_id)
            if month.year != year:
                continue  # read only for the activity of the year's first months
            row = totals[month, key]
            row[0] += 1
            row[1] += sales
            row[2] += sales * share
            owed = channel in channels_of[shop_id]  # not a channel the shop no longer lists
            if owed and decided_at is not None and decided_at < deadlines[month]:
                on_time[month, key][shop_id] += 1
            shop_year = shop_years[shop_id, key]
            shop_year[0] += sales
            if sales > 0 and month >= active_window(months[-1])[0]:
                shop_year[1] = True

    monthly = []
    for month in months:
        window = [add_months(month, -back) for back in range(ACTIVE_MONTHS)]
        for key in {key for (_month, key) in sold} | {key for (_month, key) in totals}:
            active = set().union(*(sold.get((m, key), set()) for m in window))
            reports_count, sales, weight = totals.get((month, key), (0, ZERO, ZERO))
            if not active and not reports_count:
                continue
            on_time_count = sum(
                1
                for shop_id in active
                if _reported_on_time(on_time[month, key].get(shop_id, 0), channels_of[shop_id], key)
            )
            monthly.append(
                MonthlySales(
                    county_id=county_id,
                    month=month,
                    channel=key,
                    reports=reports_count,
                    sales=sales,
                    agricultural_weight=weight,
                    active_shops=len(active),
                    on_time_shops=on_time_count,
                )
            )
    MonthlySales.objects.filter(county_id=county_id, month__year=year).delete()
    MonthlySales.objects.bulk_create(monthly, batch_size=1000)
    ShopYearSales.objects.filter(shop__in=shops, year=year).delete()
    ShopYearSales.objects.bulk_create(
        (
            ShopYearSales(
                shop_id=shop_id, year=year, channel=key, sales=sales, active_at_end=active
            )
            for (shop_id, key), (sales, active) in shop_years.items()
        ),
        batch_size=2000,
    )


def _reported_on_time(reports_on_time: int, channels: set[str], key: str) -> bool:
    """Whether a shop's reports of a month were all approved in time: one a channel it sells
    on (or on `key` alone), counted among the channels it lists; a shop that sells on none
    owes nothing and is never on time."""
    owed = len(channels) if key == ALL_CHANNELS else int(key in channels)
    return owed > 0 and reports_on_time == owed
