"""Targets: what the programme means to reach in a year, and the share of it achieved."""

from decimal import Decimal

from outcomes.areas import COUNTY, PREFECTURE, Area
from outcomes.models import Target, TargetIndicator
from outcomes.periods import Period

# Where each headline figure is in the figures (as JSON data: outcomes.serialize).
HEADLINE = {
    TargetIndicator.TRAINEES_TRAINED: ("trained", "trainees"),
    TargetIndicator.POOR_HOUSEHOLD_TRAINEES: ("trained", "poor_household_trainees"),
    TargetIndicator.CERTIFICATES_ISSUED: ("certificates", "issued"),
    TargetIndicator.NEW_INCUBATIONS: ("incubations", "new"),
    TargetIndicator.ACTIVE_SHOPS: ("active_shops",),
    TargetIndicator.ONLINE_SALES: ("sales", "total"),
    TargetIndicator.JOBS_CREATED: ("jobs", "jobs"),
    TargetIndicator.POOR_HOUSEHOLD_JOBS: ("jobs", "poor_household_jobs"),
    TargetIndicator.POOR_HOUSEHOLDS: ("poor_households", "households"),
}


def is_whole_year(period: Period) -> bool:
    return (period.start.month, period.start.day, period.end.month, period.end.day) == (
        1,
        1,
        12,
        31,
    ) and period.start.year == period.end.year


def targets_for(area: Area, period: Period) -> dict[str, str]:
    """The targets of the area's year, when the period is a whole year of the prefecture or a
    county (townships have none), as {indicator: value}."""
    if not is_whole_year(period) or area.level not in {PREFECTURE, COUNTY}:
        return {}
    targets = Target.objects.filter(year=period.start.year, county_id=area.county_id)
    return {target.indicator: str(target.value) for target in targets}


def headline(figures: dict) -> list[dict]:
    """Each headline figure: its name, actual, target (None when none is set) and the share
    achieved."""
    rows = []
    for indicator, path in HEADLINE.items():
        actual = figures
        for key in path:
            actual = actual[key]
        actual = Decimal(str(actual))
        target = figures.get("targets", {}).get(indicator)
        target = Decimal(target) if target is not None else None
        rows.append(
            {
                "key": indicator.value,
                "decimals": "2g" if indicator == TargetIndicator.ONLINE_SALES else "g",
                "indicator": str(indicator.label),
                "actual": actual,
                "target": target,
                "share": (actual * 100 / target).quantize(Decimal("0.1")) if target else None,
            }
        )
    return rows


def achievement(figures: dict) -> list[dict]:
    """The headline figures that have a target."""
    return [row for row in headline(figures) if row["target"] is not None]
