"""Published figures: publishing the figures of a scope, correcting them and withdrawing
them, each a service (one transaction), with the one predicate that says who may.

Only programme managers publish, correct and withdraw (`may_publish`: the pages' buttons and
these services ask it alike). Publishing is confirmed first: the confirmation page shows the
figures with their `digest`, and publishing refuses figures that are no longer those the
manager saw. A correction computes the figures again for the same area, period and filters;
a correction and a withdrawal each need a reason and are kept, with the figures before and
after, in the snapshot's history (`SnapshotChange`).
"""

import hashlib
import json
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from outcomes import indicators
from outcomes.areas import register_name
from outcomes.indicators import Scope
from outcomes.models import Snapshot, SnapshotChange
from outcomes.params import AreaNotFound, BadParameter, scope_within
from outcomes.targets import HEADLINE, headline
from trainees.scoping import is_programme_manager

REASON_LENGTH = 1000


class FiguresRefused(ValueError):
    """A publication, correction or withdrawal that cannot be made; the message says why."""


def may_publish(user) -> bool:
    """Whether the user may publish, correct and withdraw figures: programme managers."""
    return is_programme_manager(user)


def digest(figures: dict) -> str:
    """A short fingerprint of the figures, to tell whether they are the ones confirmed."""
    text = json.dumps(figures, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def filters_of(scope: Scope) -> dict:
    """The scope's filters by code, as a snapshot keeps them."""
    filters = {}
    if scope.track is not None:
        filters["track"] = {"id": scope.track.pk, "title": scope.track.title}
    if scope.cohort is not None:
        filters["cohort"] = {"id": scope.cohort.pk, "name": scope.cohort.name}
    if scope.channel:
        filters["channel"] = scope.channel
    return filters


def params_of(snapshot: Snapshot) -> dict:
    """The dashboard's parameters that name the snapshot's scope."""
    filters = snapshot.filters or {}
    return {
        name: str(value)
        for name, value in {
            "area": snapshot.area_code,
            "period": snapshot.period,
            "track": (filters.get("track") or {}).get("id", ""),
            "cohort": (filters.get("cohort") or {}).get("id", ""),
            "channel": filters.get("channel", ""),
        }.items()
        if value
    }


def scope_of(snapshot: Snapshot) -> Scope:
    """The area, period and filters the snapshot was published for, read again."""
    filters = snapshot.filters or {}
    if any("id" not in (filters.get(name) or {"id": None}) for name in ("track", "cohort")):
        # Published before filters were kept by code: a track or cohort known by name only.
        raise FiguresRefused(_("The filters of these figures cannot be read again."))
    try:
        return scope_within(params_of(snapshot), None)
    except (AreaNotFound, BadParameter) as error:
        raise FiguresRefused(
            _("The area, period or filters of these figures cannot be read again: %(error)s")
            % {"error": error}
        ) from None


def headline_names() -> list[str]:
    """The names of `headline_values`, in their order (a spreadsheet's columns)."""
    return [str(indicator.label) for indicator in HEADLINE] + [_reporting_share_name()]


def _reporting_share_name() -> str:
    return _("Reports approved by the 10th (%)")


def headline_values(figures: dict) -> list[dict]:
    """The figures a person checks and compares: the headline figures and the reporting
    share, each {key, indicator, value}."""
    rows = [
        {"key": row["key"], "indicator": row["indicator"], "value": row["actual"]}
        for row in headline(figures)
    ]
    reporting = figures["reporting"]["share"]
    rows.append(
        {
            "key": "reporting_share",
            "indicator": _reporting_share_name(),
            "value": Decimal(reporting) if reporting is not None else None,
        }
    )
    return rows


def differences(old: dict, new: dict | None) -> list[dict]:
    """The headline values that differ between two sets of figures: {key, indicator, old, new}
    (new None after a withdrawal: every value, before)."""
    before = headline_values(old)
    if new is None:
        return [{**row, "old": row["value"], "new": None} for row in before]
    after = {row["key"]: row["value"] for row in headline_values(new)}
    return [
        {**row, "old": row["value"], "new": after[row["key"]]}
        for row in before
        if row["value"] != after[row["key"]]
    ]


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise FiguresRefused(_("Give the reason: it is kept in the figures' history."))
    if len(reason) > REASON_LENGTH:
        raise FiguresRefused(
            _("Write the reason in at most %(count)s characters.") % {"count": REASON_LENGTH}
        )
    return reason


def _check(user) -> None:
    if not may_publish(user):
        raise PermissionDenied


def snapshot_publish(
    *, scope: Scope, figures: dict, confirmed: str, by, note: str = ""
) -> Snapshot:
    """Keep `figures` (the live figures of `scope`) as published, if they are the ones the
    manager confirmed (`confirmed`: their digest on the confirmation page)."""
    _check(by)
    if confirmed != digest(figures):
        raise FiguresRefused(
            _(
                "The figures are no longer the ones you confirmed (records changed since "
                "then): check them again, then publish."
            )
        )
    return Snapshot.objects.create(
        area_code=scope.area.code,
        area_name=register_name(scope.area),
        county_id=scope.area.county_id,
        period=str(scope.period),
        filters=filters_of(scope),
        figures=figures,
        calculation_version=indicators.CALCULATION_VERSION,
        published_by=by,
        note=(note or "").strip()[:200],
    )


def _locked(snapshot: Snapshot) -> Snapshot:
    locked = Snapshot.objects.select_for_update().get(pk=snapshot.pk)
    if locked.is_withdrawn:
        raise FiguresRefused(
            _("These figures were withdrawn on %(day)s: they can no longer be changed.")
            % {"day": f"{timezone.localtime(locked.withdrawn_at):%Y-%m-%d %H:%M}"}
        )
    return locked


@transaction.atomic
def snapshot_correct(
    *, snapshot: Snapshot, figures: dict, confirmed: str, by, reason: str
) -> SnapshotChange:
    """Replace the snapshot's figures by `figures` (those of its scope now, as the manager
    confirmed them), keeping the old and new ones in its history with the reason."""
    _check(by)
    reason = _reason(reason)
    snapshot = _locked(snapshot)
    if confirmed != digest(figures):
        raise FiguresRefused(
            _(
                "The figures are no longer the ones you confirmed (records changed since "
                "then): check them again, then correct."
            )
        )
    if figures == snapshot.figures and snapshot.calculation_version == (
        indicators.CALCULATION_VERSION
    ):
        raise FiguresRefused(
            _("The figures now are the same as those published: there is nothing to correct.")
        )
    now = timezone.now()
    change = SnapshotChange.objects.create(
        snapshot=snapshot,
        kind=SnapshotChange.Kind.CORRECTED,
        made_by=by,
        reason=reason,
        old_figures=snapshot.figures,
        old_calculation_version=snapshot.calculation_version,
        new_figures=figures,
        new_calculation_version=indicators.CALCULATION_VERSION,
    )
    Snapshot.objects.filter(pk=snapshot.pk).update(
        figures=figures, calculation_version=indicators.CALCULATION_VERSION, corrected_at=now
    )
    return change


@transaction.atomic
def snapshot_withdraw(*, snapshot: Snapshot, by, reason: str) -> SnapshotChange:
    """Take the figures out of the current ones, keeping them and the reason in the history."""
    _check(by)
    reason = _reason(reason)
    snapshot = _locked(snapshot)
    change = SnapshotChange.objects.create(
        snapshot=snapshot,
        kind=SnapshotChange.Kind.WITHDRAWN,
        made_by=by,
        reason=reason,
        old_figures=snapshot.figures,
        old_calculation_version=snapshot.calculation_version,
    )
    Snapshot.objects.filter(pk=snapshot.pk).update(withdrawn_at=change.made_at)
    return change


def current(snapshots):
    """The snapshots not withdrawn: the current published figures."""
    return snapshots.filter(withdrawn_at__isnull=True)
