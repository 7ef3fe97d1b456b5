"""The programme's indicators, computed from the records of trainees/ and incubator/.

Each indicator is one function of a `Scope` (area, period and filters) returning plain
figures; `compute` runs them all. Everything is counted in SQL (aggregates over indexed
columns), in a number of queries that depends on the period's length, never on the data.
Only approved sales count. The definitions, in words, are in docs/outcomes.md; a change to
what any indicator counts raises CALCULATION_VERSION, which published snapshots keep.
"""

import dataclasses
import datetime
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import TruncDate
from django.utils import timezone

from courses.models import ProgrammePage
from incubator.choices import Channel, ReportStatus
from incubator.models import (
    Job,
    MonthlySales,
    PoorOwnerHousehold,
    PoorWorkerHousehold,
    SalesReport,
    Shop,
    ShopChannel,
    ShopYearSales,
)
from incubator.sales_summary import ALL_CHANNELS, active_window, report_deadline, report_due
from outcomes.areas import COUNTY, PREFECTURE, TOWNSHIP, WHOLE_PREFECTURE, Area
from outcomes.periods import Period
from trainees.choices import POOR_HOUSEHOLD_STATUSES
from trainees.models import (
    Certificate,
    CertifiedTrainee,
    Cohort,
    Enrolment,
    TraineeMonth,
    status_on_in_sql,
)

# 2: a month's reporting counts only once its reports are due; 3: the five ways of driving
# incomes (outcomes/five_ways.py).
CALCULATION_VERSION = 3
JOB_MINIMUM_DAYS = 90
POOR = sorted(POOR_HOUSEHOLD_STATUSES)
ZERO = Decimal("0.00")
FOR_POOR_HOUSEHOLD = Q(counts_for_poor_household=True)


@dataclass(frozen=True)
class Scope:
    area: Area
    period: Period
    track: ProgrammePage | None = None
    cohort: Cohort | None = None
    channel: str = ""
    today: datetime.date = field(default_factory=timezone.localdate)


def yuan(amount) -> Decimal:
    """An amount to the fen: SQLite's sums come back without their decimal places."""
    return Decimal(amount or 0).quantize(Decimal("0.01"))


def share(part, whole) -> Decimal | None:
    """part ÷ whole as a percentage with one decimal; None when there is no whole."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


# Where a record is: the area rules of each kind of record


def _trainee_in_area(area: Area, path: str = "") -> Q:
    if area.level == COUNTY:
        return Q(**{f"{path}county_id": area.county_id})
    if area.level == TOWNSHIP:
        return Q(**{f"{path}village__township_id": area.township_id})
    return Q()


def _shop_in_area(area: Area, path: str = "") -> Q:
    """A shop is in its county; in a township when one of its owners lives there."""
    if area.level == COUNTY:
        return Q(**{f"{path}county_id": area.county_id})
    if area.level == TOWNSHIP:
        owners_there = Shop.owners.through.objects.filter(
            trainee__village__township_id=area.township_id
        )
        return Q(**{f"{path}pk__in": owners_there.values("shop_id")})
    return Q()


def _household_in_area(area: Area, path: str = "") -> Q:
    if area.level == COUNTY:
        return Q(**{f"{path}village__township__county_id": area.county_id})
    if area.level == TOWNSHIP:
        return Q(**{f"{path}village__township_id": area.township_id})
    return Q()


# Training
#
# Where a scope covers whole counties and whole months, with no track and no cohort, the
# summary of trainees/training_summary.py serves it (a row per trainee and month); any other
# scope reads the enrolments and certificates themselves, by the same rules.
# tests/outcomes/test_training_summary.py shows both give the same figures.


def _training_summarised(scope: Scope) -> bool:
    return (
        scope.area.level in {PREFECTURE, COUNTY}
        and scope.track is None
        and scope.cohort is None
        and scope.period.is_whole_months
    )


def _trainee_months(scope: Scope) -> QuerySet:
    rows = TraineeMonth.objects.filter(
        month__gte=scope.period.first_month, month__lte=scope.period.last_month
    )
    if scope.area.level == COUNTY:
        rows = rows.filter(county_id=scope.area.county_id)
    return rows


def completed_enrolments(scope: Scope) -> QuerySet:
    """Enrolments completed in the period, by trainees of the area, within the track and
    cohort chosen."""
    enrolments = Enrolment.objects.filter(
        completed_at__gte=scope.period.starts_at(),
        completed_at__lt=scope.period.ends_before(),
    ).filter(_trainee_in_area(scope.area, "trainee__"))
    return _in_track_and_cohort(enrolments, scope)


def _in_track_and_cohort(enrolments: QuerySet, scope: Scope, path: str = "") -> QuerySet:
    if scope.track is not None:
        enrolments = enrolments.filter(
            **{
                f"{path}course__path__startswith": scope.track.path,
                f"{path}course__depth": scope.track.depth + 1,
            }
        )
    if scope.cohort is not None:
        enrolments = enrolments.filter(**{f"{path}cohort": scope.cohort})
    return enrolments


def poor_trained_enrolments(scope: Scope) -> QuerySet:
    """Completed enrolments of trainees whose household was poor on the enrolment date."""
    return (
        completed_enrolments(scope)
        .filter(trainee__household__isnull=False)
        .annotate(enrolled_on=TruncDate("enrolled_at"))
        .annotate(household_status=status_on_in_sql("trainee__household", OuterRef("enrolled_on")))
        .filter(household_status__in=POOR)
    )


@dataclass(frozen=True)
class PoorTrainees:
    """The trainees counted in 2 (of the area), and their households counted in 9 (of the
    area by their own village, with their members)."""

    trainees: frozenset
    households: dict


def poor_trainees(scope: Scope) -> PoorTrainees:
    """The costliest read of the training side, made once for indicators 2 and 9: for the
    whole prefecture one read serves both."""
    if _training_summarised(scope):
        poor, household = _trainee_months(_whole(scope)).filter(poor_completions__gt=0), ""
        poor_of_area = _trainee_months(scope).filter(poor_completions__gt=0)
    else:
        poor, household = poor_trained_enrolments(_whole(scope)), "trainee__"
        poor_of_area = poor_trained_enrolments(scope)
    rows = (
        poor.filter(_household_in_area(scope.area, f"{household}household__"))
        .values_list("trainee_id", f"{household}household_id", f"{household}household__members")
        .order_by()
    )
    rows = list(rows)
    households = {household: members for _trainee, household, members in rows}
    if scope.area.level == PREFECTURE:
        trainees = {trainee for trainee, _household, _members in rows}
    else:
        # A trainee is in the area by their own record, which may differ from their household's.
        trainees = set(poor_of_area.values_list("trainee_id", flat=True))
    return PoorTrainees(trainees=frozenset(trainees), households=households)


def trainees_trained(scope: Scope, *, poor: PoorTrainees | None = None) -> dict:
    """1 and 2: distinct trainees who completed a course, and the person-times; those of them
    from poor households."""
    if _training_summarised(scope):
        totals = (
            _trainee_months(scope)
            .filter(completions__gt=0)
            .aggregate(
                trainees=Count("trainee", distinct=True), person_times=Sum("completions", default=0)
            )
        )
    else:
        totals = completed_enrolments(scope).aggregate(
            trainees=Count("trainee", distinct=True), person_times=Count("pk")
        )
    if poor is None:
        poor = poor_trainees(scope)
    return {**totals, "poor_household_trainees": len(poor.trainees)}


def certificates(scope: Scope, *, completions: int) -> dict:
    """3: certificates issued in the period and not revoked; certified ÷ completed."""
    if _training_summarised(scope):
        issued = _trainee_months(scope).aggregate(issued=Sum("certificates", default=0))["issued"]
        return {"issued": issued, "certification_rate": share(issued, completions)}
    issued = Certificate.objects.filter(
        issued_on__range=(scope.period.start, scope.period.end), revoked_at__isnull=True
    ).filter(_trainee_in_area(scope.area, "enrolment__trainee__"))
    issued = _in_track_and_cohort(issued, scope, "enrolment__").count()
    return {"issued": issued, "certification_rate": share(issued, completions)}


# Shops and sales
#
# Where a scope covers whole counties and no cohort, the sales summaries that
# incubator/sales_summary.py keeps serve it (a few hundred rows for a year of the whole
# prefecture); a township or a cohort reads the approved reports themselves, by the same
# rules. tests/outcomes/test_sales_summary.py shows both give the same figures.


def _summarised(scope: Scope) -> bool:
    return scope.area.level in {PREFECTURE, COUNTY} and scope.cohort is None


def _whole_years(period: Period) -> list[int]:
    """The years of a period made of whole calendar years; none for any other period."""
    if (period.start.month, period.start.day, period.end.month, period.end.day) != (1, 1, 12, 31):
        return []
    return list(range(period.start.year, period.end.year + 1))


def _shops(scope: Scope) -> QuerySet:
    shops = Shop.objects.filter(_shop_in_area(scope.area))
    if scope.cohort is not None:
        owners = Shop.owners.through.objects.filter(trainee__enrolments__cohort=scope.cohort)
        shops = shops.filter(pk__in=owners.values("shop_id"))
    return shops


def _at_shops(scope: Scope) -> Q:
    """Records of the scope's shops (no condition at all for every shop of the prefecture)."""
    if scope.area.level == PREFECTURE and scope.cohort is None:
        return Q()
    return Q(shop__in=_shops(scope))


def _approved(scope: Scope, first_month: datetime.date, last_month: datetime.date) -> QuerySet:
    reports = SalesReport.objects.filter(
        status=ReportStatus.APPROVED, month__gte=first_month, month__lte=last_month
    ).filter(_at_shops(scope))
    if scope.channel:
        reports = reports.filter(channel=scope.channel)
    return reports


def _monthly(scope: Scope, first_month: datetime.date, last_month: datetime.date) -> QuerySet:
    """The summary rows of the scope's counties and months, of its channel or of all."""
    rows = MonthlySales.objects.filter(
        month__gte=first_month, month__lte=last_month, channel=scope.channel or ALL_CHANNELS
    )
    if scope.area.level == COUNTY:
        rows = rows.filter(county_id=scope.area.county_id)
    return rows


def _shop_years(scope: Scope, years: list[int]) -> QuerySet:
    rows = ShopYearSales.objects.filter(year__in=years, channel=scope.channel or ALL_CHANNELS)
    if scope.area.level == COUNTY:
        rows = rows.filter(shop__county_id=scope.area.county_id)
    return rows


def incubations(scope: Scope) -> dict:
    """4: shops that began incubating in the period, and all that had by its end."""
    return _shops(scope).aggregate(
        new=Count("pk", filter=Q(incubating_on__range=(scope.period.start, scope.period.end))),
        cumulative=Count("pk", filter=Q(incubating_on__lte=scope.period.end)),
    )


def active_shops(scope: Scope) -> int:
    """5: shops with approved sales above zero in any of the period's last 3 months."""
    last = scope.period.last_month
    if _summarised(scope):
        return _monthly(scope, last, last).aggregate(active=Sum("active_shops", default=0))[
            "active"
        ]
    first, last = active_window(last)
    return _approved(scope, first, last).filter(sales__gt=0).values("shop_id").distinct().count()


def sales(scope: Scope, *, by_cohort: bool = True) -> dict:
    """6: approved sales of the months of the period: in all, by month, channel, county and
    (when asked) cohort; the 832 platform's own line; the agricultural share (weighted by
    sales)."""
    first, last = scope.period.first_month, scope.period.last_month
    if _summarised(scope):
        rows = MonthlySales.objects.filter(month__gte=first, month__lte=last, reports__gt=0)
        rows = rows.filter(channel=scope.channel) if scope.channel else rows.exclude(channel="")
        if scope.area.level == COUNTY:
            rows = rows.filter(county_id=scope.area.county_id)
        figures = _sales_figures(rows, weight=F("agricultural_weight"), county="county__name")
    else:
        weight = ExpressionWrapper(
            F("sales") * F("agricultural_share"),
            output_field=DecimalField(max_digits=16, decimal_places=2),
        )
        figures = _sales_figures(
            _approved(scope, first, last), weight=weight, county="shop__county__name"
        )
    figures["by_month"] = {
        month: yuan(figures["by_month"].get(month)) for month in scope.period.months()
    }
    if by_cohort:
        figures["by_cohort"] = _sales_by_cohort(_sales_by_shop(scope))
    return figures


def _sales_figures(rows: QuerySet, *, weight, county: str) -> dict:
    """The sums of approved sales over `rows`: reports, or the summaries' rows of channels."""
    totals = rows.aggregate(
        total=Sum("sales", default=ZERO),
        agricultural=Sum(weight, default=ZERO),
        platform_832=Sum("sales", filter=Q(channel=Channel.PLATFORM_832), default=ZERO),
    )
    by_month = dict(rows.values_list("month").annotate(total=Sum("sales")).order_by("month"))
    by_channel = dict(rows.values_list("channel").annotate(total=Sum("sales")).order_by("-total"))
    by_county = dict(rows.values_list(county).annotate(total=Sum("sales")).order_by("-total"))
    return {
        "total": yuan(totals["total"]),
        "platform_832": yuan(totals["platform_832"]),
        "agricultural_share": share(totals["agricultural"] / 100, totals["total"]),
        "by_month": by_month,
        "by_channel": {code: yuan(total) for code, total in by_channel.items()},
        "by_county": {name: yuan(total) for name, total in by_county.items()},
    }


def _sales_by_shop(scope: Scope) -> QuerySet:
    """(shop, total): each shop's approved sales in the period, the shops with an approved
    report."""
    years = _whole_years(scope.period)
    if _summarised(scope) and years:
        rows = _shop_years(scope, years)
    else:
        rows = _approved(scope, scope.period.first_month, scope.period.last_month)
    return rows.values_list("shop_id").annotate(total=Sum("sales")).order_by()


def _sales_by_cohort(by_shop: QuerySet) -> dict:
    """A shop's sales count for every cohort one of its owners was enrolled in (so the
    cohorts' lines may add up to more than the total)."""
    totals = dict(by_shop)
    pairs = (
        Shop.owners.through.objects.filter(
            shop__in=by_shop.values("shop_id"), trainee__enrolments__cohort__isnull=False
        )
        .values_list("shop_id", "trainee__enrolments__cohort__name")
        .distinct()
    )
    by_cohort = defaultdict(lambda: ZERO)
    for shop_id, cohort in pairs:
        by_cohort[cohort] += totals[shop_id]
    return {cohort: yuan(total) for cohort, total in sorted(by_cohort.items(), key=lambda i: -i[1])}


def median_monthly_sales(scope: Scope) -> Decimal | None:
    """7: the median, over active shops, of each shop's approved sales per month of the
    period."""
    period, years = scope.period, _whole_years(scope.period)
    if _summarised(scope) and years:
        # Active at the end of the period: at the end of its last year.
        totals = (
            _shop_years(scope, years)
            .values("shop_id")
            .annotate(
                total=Sum("sales"),
                active=Count("pk", filter=Q(year=years[-1], active_at_end=True)),
            )
            .filter(active__gt=0)
        )
    else:
        window = active_window(period.last_month)[0]
        # One pass over the reports, grouped by shop: the period's total, and whether the
        # shop sold in the last months (active).
        totals = (
            _approved(scope, min(period.first_month, window), period.last_month)
            .values("shop_id")
            .annotate(
                total=Sum("sales", filter=Q(month__gte=period.first_month), default=ZERO),
                sold_lately=Count("pk", filter=Q(month__gte=window, sales__gt=0)),
            )
            .filter(sold_lately__gt=0)
        )
    months = len(period.months())
    per_month = [total / months for total in totals.values_list("total", flat=True).order_by()]
    if not per_month:
        return None
    return Decimal(statistics.median(per_month)).quantize(Decimal("0.01"))


def reporting_completeness(scope: Scope) -> dict:
    """10: for each month of the period, active shops all of whose channels' reports for the
    month were approved by the 10th of the next month, ÷ active shops; and the period's
    share over its months whose reports are due (`report_due`: a month not ended, or still
    in its grace period, is neither on time nor late: shown, not counted)."""
    if _summarised(scope):
        rows = _monthly(scope, scope.period.first_month, scope.period.last_month)
        counts = {
            month: {"active": active, "on_time": on_time}
            for month, active, on_time in rows.values_list("month")
            .annotate(active=Sum("active_shops"), on_time=Sum("on_time_shops"))
            .order_by()
        }
    else:
        counts = {month: _reporting_of(scope, month) for month in scope.period.months()}
    months = {}
    for month in scope.period.months():
        count = counts.get(month, {"active": 0, "on_time": 0})
        if report_due(month, today=scope.today):
            months[month] = {**count, "share": share(count["on_time"], count["active"])}
            months[month]["due"] = True
        else:
            months[month] = {"active": count["active"], "on_time": None, "share": None}
            months[month]["due"] = False
    due = [month for month in months.values() if month["due"]]
    on_time = sum(month["on_time"] for month in due)
    active = sum(month["active"] for month in due)
    return {"by_month": months, "share": share(on_time, active)}


def _reporting_of(scope: Scope, month: datetime.date) -> dict:
    """Active shops in `month` and those of them whose reports were all on time, from the
    reports (one pass over the month's window, grouped by shop)."""
    channels = ShopChannel.objects.filter(shop=OuterRef("shop_id"))
    if scope.channel:
        channels = channels.filter(channel=scope.channel)
    channel_count = Subquery(
        channels.order_by().values("shop").annotate(count=Count("pk")).values("count")[:1]
    )
    listed = Exists(
        ShopChannel.objects.filter(shop=OuterRef("shop_id"), channel=OuterRef("channel"))
    )
    on_time = Q(listed, month=month, decided_at__lt=report_deadline(month))
    return (
        _approved(scope, *active_window(month))
        .values("shop_id")
        .annotate(
            sold=Count("pk", filter=Q(sales__gt=0)),
            reports_on_time=Count("pk", filter=on_time),
            channels=channel_count,
        )
        .filter(sold__gt=0)
        .aggregate(
            active=Count("shop_id"),
            on_time=Count("shop_id", filter=Q(reports_on_time=F("channels"))),
        )
    )


# Jobs and households


def _counted(scope: Scope) -> Q:
    """Jobs (or their links) that lasted at least JOB_MINIMUM_DAYS or are still open."""
    long_enough = F("starts_on") + datetime.timedelta(days=JOB_MINIMUM_DAYS - 1)
    return Q(ends_on__isnull=True) | Q(ends_on__gte=scope.today) | Q(ends_on__gte=long_enough)


def _counted_jobs(scope: Scope) -> QuerySet:
    """Counted jobs at shops of the area."""
    return Job.objects.filter(_counted(scope), _at_shops(scope))


def jobs_created(scope: Scope) -> dict:
    """8: counted jobs starting in the period; those for poor households (frozen at hiring)."""
    return (
        _counted_jobs(scope)
        .filter(starts_on__range=(scope.period.start, scope.period.end))
        .aggregate(
            jobs=Count("pk"),
            poor_household_jobs=Count("pk", filter=Q(counts_for_poor_household=True)),
        )
    )


def poor_households_benefited(scope: Scope, *, poor: PoorTrainees | None = None) -> dict:
    """9: distinct poor households of the area with, in the period, a trainee who completed a
    course (poor on the enrolment date), an owner of a shop that began incubating (poor on
    that day) or a worker whose counted job began (a job for a poor household); each
    household once, with its members."""
    area, whole = scope.area, _whole(scope)
    if poor is None:
        poor = poor_trainees(scope)
    # The owners' and workers' links, kept ahead of time by incubator/poor_households.py.
    owners = PoorOwnerHousehold.objects.filter(
        incubating_on__range=(scope.period.start, scope.period.end)
    )
    workers = PoorWorkerHousehold.objects.filter(
        _counted(scope), starts_on__range=(scope.period.start, scope.period.end)
    )
    # Small reads of (household, members), each household counted once here.
    members = dict(poor.households)
    for links in (owners, workers):
        links = links.filter(_household_in_area(area, "household__"), _at_shops(whole))
        members.update(links.values_list("household_id", "household__members").order_by())
    return {"households": len(members), "people": sum(members.values())}


def _whole(scope: Scope) -> Scope:
    """The same scope over the whole prefecture: households are placed by their own village."""
    return dataclasses.replace(scope, area=WHOLE_PREFECTURE)


# The chain from training to income


def funnel(scope: Scope, *, by_county: bool = False) -> list[dict]:
    """11: for each cohort of the area starting in the period, of its trainees certified
    (a valid certificate of an enrolment in the cohort): how many own a shop, how many of
    their shops had approved sales above zero, the counted jobs at those shops, and those
    for poor households. By county: the same for all the cohorts of each county together
    (each trainee and shop once)."""
    cohorts = Cohort.objects.filter(starts_on__range=(scope.period.start, scope.period.end))
    if scope.area.level != PREFECTURE:
        cohorts = cohorts.filter(county_id=scope.area.county_id)
    if scope.cohort is not None:
        cohorts = cohorts.filter(pk=scope.cohort.pk)
    order = ("county__code", "starts_on", "name") if by_county else ("starts_on", "name")
    cohorts = list(cohorts.select_related("county").order_by(*order))
    # Three reads: the cohorts' certified trainees (kept by trainees/training_summary.py)
    # with the shops they own; which of those shops ever sold (approved sales above zero in
    # a year of the summaries); and their counted jobs.
    certified_trainees = CertifiedTrainee.objects.filter(cohort__in=cohorts).order_by()
    certified = defaultdict(set)  # cohort: its certified trainees
    shops_of = defaultdict(set)  # trainee: the shops they own
    for cohort_id, trainee_id, shop_id in certified_trainees.values_list(
        "cohort_id", "trainee_id", "trainee__shops"
    ):
        certified[cohort_id].add(trainee_id)
        if shop_id is not None:
            shops_of[trainee_id].add(shop_id)
    owned = Shop.owners.through.objects.filter(
        trainee__in=certified_trainees.values("trainee_id")
    ).values("shop_id")
    selling = set(
        ShopYearSales.objects.filter(channel=ALL_CHANNELS, sales__gt=0, shop__in=owned)
        .values_list("shop_id", flat=True)
        .distinct()
        .order_by()
    )
    jobs_at = {
        shop_id: (jobs, poor)
        for shop_id, jobs, poor in _counted_jobs(_whole(scope))
        .filter(shop__in=owned)
        .values_list("shop_id")
        .annotate(jobs=Count("pk"), poor=Count("pk", filter=FOR_POOR_HOUSEHOLD))
        .order_by()
    }
    groups = defaultdict(list)  # a cohort, or a county's name: the cohorts in it
    for cohort in cohorts:
        groups[cohort.county.name if by_county else cohort].append(cohort)
    rows = []
    for group, members in groups.items():
        trainees = set().union(*(certified.get(cohort.pk, set()) for cohort in members))
        shops = set().union(*(shops_of[trainee] for trainee in trainees if trainee in shops_of))
        rows.append(
            {
                "county" if by_county else "cohort": group,
                "certified": len(trainees),
                "shop_owners": sum(1 for trainee in trainees if trainee in shops_of),
                "selling_shops": len(shops & selling),
                "jobs": sum(jobs_at.get(shop, (0, 0))[0] for shop in shops),
                "poor_household_jobs": sum(jobs_at.get(shop, (0, 0))[1] for shop in shops),
            }
        )
    return rows


def compute(scope: Scope, *, sales_by_cohort: bool = True, funnel_by_county: bool = False) -> dict:
    """Every indicator of the scope. Sales by cohort, the costliest split and one the
    dashboard does not show, may be left out; the funnel may be by county."""
    from outcomes.five_ways import five_ways  # which counts with this module's rules

    poor = poor_trainees(scope)
    trained = trainees_trained(scope, poor=poor)
    return {
        "trained": trained,
        "certificates": certificates(scope, completions=trained["person_times"]),
        "incubations": incubations(scope),
        "active_shops": active_shops(scope),
        "sales": sales(scope, by_cohort=sales_by_cohort),
        "median_monthly_sales": median_monthly_sales(scope),
        "jobs": jobs_created(scope),
        "poor_households": poor_households_benefited(scope, poor=poor),
        "reporting": reporting_completeness(scope),
        "funnel": funnel(scope, by_county=funnel_by_county),
        "five_ways": five_ways(scope),
    }
