"""The five ways of driving incomes (五个带动), counted for a Scope: for each way and over
all of them, the households reached, their people, the poor households among them and
the income passed to them. Definitions in docs/outcomes.md, "The five ways".

Each way is one read of its records in the period, grouped by household (one query a way,
five in all, whatever the data), with:

- own shop: the owners of the shops that began incubating in the period; poor on the day
  the shop began; no income recorded (sales are a shop's turnover, not its owners' income);
- industry: purchases from households of the period's months; poor on the first day of
  the purchase's month; income the amounts paid;
- start-up: the trainees whose business (not a shop) started in the period; poor on the
  day it started; no income recorded;
- employment: the counted jobs starting in the period (as indicator 8); poor as frozen at
  hiring; income the wages (see `_wages`);
- shareholding: the dividends paid in the period; poor on the day paid; income the
  dividends.

A household is in the area of its own village. Over all the ways, a household reached
twice counts once (poor when it was poor in any of them) and the incomes add up.
"""

import dataclasses
from decimal import Decimal

from django.db.models import (
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear, Least

from incubator.choices import IncomeWay
from incubator.models import Dividend, Job, Purchase, Shop, TraineeBusiness
from outcomes.indicators import POOR, Scope, _counted, _household_in_area, yuan
from trainees.models import status_on_in_sql

TOTAL = "total"


@dataclasses.dataclass(frozen=True)
class Way:
    """How one way is read: its records in the scope's period, the path from a record to
    its household, whether that household was poor on the day (a condition), and the
    income of a record (None: not recorded)."""

    records: callable
    household: str
    poor: callable
    income: callable = None


def _poor_on(household: str, day: str) -> Q:
    """The household's status on the record's day (trainees.models.status_on) is a poor one."""
    return Q(status__in=POOR), status_on_in_sql(household, OuterRef(day))


def _wages(scope: Scope):
    """A job's wages in the period: its monthly wage for each month it ran, from the month
    it started to the month it ended, the period's last month or today's month, whichever
    comes first (the first and last months count whole: wages are recorded by the month)."""
    last_day = Least(
        Coalesce("ends_on", Value(scope.today)), Value(scope.period.end), Value(scope.today)
    )
    months = (ExtractYear(last_day) - ExtractYear("starts_on")) * 12 + (
        ExtractMonth(last_day) - ExtractMonth("starts_on") + 1
    )
    return ExpressionWrapper(
        F("monthly_wage") * ExpressionWrapper(months, output_field=IntegerField()),
        output_field=DecimalField(max_digits=16, decimal_places=2),
    )


def _ways(scope: Scope) -> dict[str, Way]:
    period = scope.period
    days = (period.start, period.end)
    return {
        IncomeWay.OWN_SHOP: Way(
            records=lambda: Shop.owners.through.objects.filter(shop__incubating_on__range=days),
            household="trainee__household",
            poor=lambda: _poor_on("trainee__household", "shop__incubating_on"),
        ),
        IncomeWay.INDUSTRY: Way(
            records=lambda: Purchase.objects.filter(
                month__gte=period.first_month, month__lte=period.last_month
            ),
            household="household",
            poor=lambda: _poor_on("household", "month"),
            income=lambda: F("amount"),
        ),
        IncomeWay.START_UP: Way(
            records=lambda: TraineeBusiness.objects.filter(started_on__range=days),
            household="trainee__household",
            poor=lambda: _poor_on("trainee__household", "started_on"),
        ),
        IncomeWay.EMPLOYMENT: Way(
            records=lambda: Job.objects.filter(_counted(scope), starts_on__range=days),
            household="worker__household",
            # Frozen at hiring: the household's status on the job's first day.
            poor=lambda: (Q(counts_for_poor_household=True), None),
            income=lambda: _wages(scope),
        ),
        IncomeWay.SHAREHOLDING: Way(
            records=lambda: Dividend.objects.filter(paid_on__range=days),
            household="shareholding__household",
            poor=lambda: _poor_on("shareholding__household", "paid_on"),
            income=lambda: F("amount"),
        ),
    }


def _households(scope: Scope, way: Way) -> QuerySet:
    """(household, members, poor records, income) for each household the way reached."""
    poor, status = way.poor()
    records = way.records().filter(
        Q(**{f"{way.household}__isnull": False}),
        _household_in_area(scope.area, f"{way.household}__"),
    )
    if status is not None:
        records = records.annotate(status=status)
    income = Sum(way.income()) if way.income else Value(None, DecimalField())
    return (
        records.values_list(way.household, f"{way.household}__members")
        .annotate(poor=Count("pk", filter=poor), income=income)
        .order_by()
    )


def _figures(households: dict, incomes: list) -> dict:
    recorded = [income for income in incomes if income is not None]
    return {
        "households": len(households),
        "people": sum(members for members, _poor in households.values()),
        "poor_households": sum(1 for _members, poor in households.values() if poor),
        "income": yuan(sum(recorded, Decimal(0))) if recorded else None,
    }


def five_ways(scope: Scope) -> dict:
    """For each way (choices.IncomeWay values) and over all of them (`total`): households
    reached, people reached, poor households among them, income passed to them (yuan;
    None where the way records none)."""
    figures, reached, incomes = {}, {}, []
    for code, way in _ways(scope).items():
        households, way_incomes = {}, []
        for household, members, poor, income in _households(scope, way):
            households[household] = (members, poor > 0)
            way_incomes.append(income)
        if way.income is None:
            way_incomes = []
        elif not way_incomes:
            way_incomes = [Decimal(0)]
        figures[code] = _figures(households, way_incomes)
        incomes.extend(way_incomes)
        for household, (members, poor) in households.items():
            reached[household] = (members, poor or reached.get(household, (0, False))[1])
    figures[TOTAL] = _figures(reached, incomes)
    return figures
