"""Monthly sales reports and month locks.

A report goes draft → submitted → approved, or → returned (with a reason)
→ submitted again. The shop's owners and whoever runs its county write and
submit it; only whoever runs the county approves or returns it. Once a
programme manager locks a month, none of its reports changes until the month
is unlocked, and both are recorded (`MonthLock` keeps every lock and unlock).

Every state change locks the report's row (SELECT ... FOR UPDATE) and checks
its status afresh, so two people deciding the same report at once leave one
decision and a clear refusal for the other.
"""

import datetime
from decimal import Decimal

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from incubator import audit, sales_summary, scoping
from incubator.choices import EDITABLE_REPORT_STATUSES, Channel, ReportStatus
from incubator.models import MonthLock, SalesReport, Shop, ShopChannel
from incubator.values import (
    Errors,
    clean_choice,
    clean_count,
    clean_month,
    clean_percentage,
    clean_yuan,
)

REPORTED_FIELDS = ["sales", "orders", "agricultural_share"]
SALES_MAX_DIGITS = 12


def _label(field: str):
    return SalesReport._meta.get_field(field).verbose_name


# Month locks


def month_is_locked(month: datetime.date) -> bool:
    return MonthLock.objects.filter(month=month.replace(day=1), unlocked_at__isnull=True).exists()


def locked_message(month: datetime.date) -> str:
    return _(
        "%(month)s is locked: its sales reports cannot change until a programme manager unlocks it."
    ) % {"month": f"{month:%Y-%m}"}


def _refuse_if_locked(month: datetime.date) -> None:
    if month_is_locked(month):
        raise ValidationError({"month": locked_message(month)}, code="locked")


def _check_manager(by: AbstractBaseUser) -> None:
    if not scoping.may_lock_months(by):
        raise PermissionDenied(_("Only programme managers lock and unlock months."))


@transaction.atomic
def month_lock(*, month, by: AbstractBaseUser) -> MonthLock:
    """Close a month: from now on none of its reports changes."""
    _check_manager(by)
    errors = Errors()
    month = errors.check("month", _label("month"), clean_month, month)
    errors.raise_if_any()
    # Wait for whoever is changing a report of the month (they hold its row) and keep the
    # rows until the lock is in: a change either ends before the lock or sees it.
    list(SalesReport.objects.select_for_update().filter(month=month).values_list("pk"))
    if month_is_locked(month):
        raise ValidationError(
            {"month": _("%(month)s is already locked.") % {"month": f"{month:%Y-%m}"}}
        )
    try:
        with transaction.atomic():
            lock = MonthLock.objects.create(month=month, locked_at=timezone.now(), locked_by=by)
    except IntegrityError:
        raise ValidationError(
            {"month": _("%(month)s is already locked.") % {"month": f"{month:%Y-%m}"}}
        ) from None
    audit.record(lock, audit.MONTH_LOCK, by=by)
    return lock


def is_in_force(lock: MonthLock) -> bool:
    """A lock holds until its month is unlocked; only then may it be unlocked."""
    return lock.is_active


@transaction.atomic
def month_unlock(
    *, month, by: AbstractBaseUser, reason: str, lock: MonthLock | None = None
) -> MonthLock:
    """Open a locked month again, saying why; the lock stays in the history.

    `lock` is the lock someone unlocks from its own page: when it was lifted meanwhile, that
    is refused, so that an old page never lifts a newer lock of the same month."""
    _check_manager(by)
    errors = Errors()
    month = errors.check("month", _label("month"), clean_month, month)
    reason = (reason or "").strip()
    if not reason:
        errors.add("reason", _("Reason for unlocking: say why the month must change."))
    errors.raise_if_any()
    in_force = (
        MonthLock.objects.select_for_update().filter(month=month, unlocked_at__isnull=True).first()
    )
    if lock is not None and (in_force is None or in_force.pk != lock.pk):
        lifted = MonthLock.objects.get(pk=lock.pk).unlocked_at
        raise ValidationError(
            _("This lock was already lifted on %(day)s.") % {"day": timezone.localdate(lifted)}
        )
    if in_force is None:
        raise ValidationError(
            {"month": _("%(month)s is not locked.") % {"month": f"{month:%Y-%m}"}}
        )
    lock = in_force
    lock.unlocked_at, lock.unlocked_by, lock.unlock_reason = timezone.now(), by, reason
    lock.save(update_fields=["unlocked_at", "unlocked_by", "unlock_reason"])
    audit.record(lock, audit.MONTH_UNLOCK, by=by, reason=reason)
    return lock


# Reports


def _check_may_report(by: AbstractBaseUser, shop: Shop) -> None:
    if not scoping.may_act_for_shop(by, shop):
        raise PermissionDenied(_("Only the shop's owners and coordinators report its sales."))


def may_decide_report(user: AbstractBaseUser, report: SalesReport) -> bool:
    """Whoever runs the shop's county approves or returns its reports."""
    return scoping.runs_county(user, report.shop.county_id)


def awaits_decision(report: SalesReport) -> bool:
    """A report is approved or returned while it is submitted."""
    return report.status == ReportStatus.SUBMITTED


def _check_may_decide(by: AbstractBaseUser, report: SalesReport) -> None:
    if not may_decide_report(by, report):
        raise PermissionDenied(
            _("Only programme managers and the county's coordinator approve or return reports.")
        )


def clean_figures(errors: Errors, *, sales, orders, agricultural_share) -> dict:
    """The figures of a report as stored; each bad one goes into `errors` under its field."""
    return {
        "sales": errors.check(
            "sales", _label("sales"), clean_yuan, sales, max_digits=SALES_MAX_DIGITS
        ),
        "orders": errors.check("orders", _label("orders"), clean_count, orders),
        "agricultural_share": errors.check(
            "agricultural_share", _label("agricultural_share"), clean_percentage, agricultural_share
        ),
    }


def clean_report(errors: Errors, *, channel, month, sales, orders, agricultural_share) -> dict:
    """Channel, month and figures of a new report as stored (the form's and the import's)."""
    return {
        "channel": errors.check(
            "channel", _label("channel"), clean_choice, channel, Channel, what=_("a channel")
        ),
        "month": errors.check("month", _label("month"), clean_month, month),
        **clean_figures(errors, sales=sales, orders=orders, agricultural_share=agricultural_share),
    }


def not_sold_message(shop: Shop, channel: str) -> str:
    return _("%(shop)s does not sell on %(channel)s: add the channel to the shop first.") % {
        "shop": shop.name,
        "channel": Channel(channel).label,
    }


def first_month(shop: Shop, opened_on: datetime.date | None) -> datetime.date:
    """The first month a shop may report on a channel: the month the shop applied (its
    record begins there), or the month the channel opened when that is later."""
    start = max(shop.applied_on, opened_on) if opened_on else shop.applied_on
    return start.replace(day=1)


def before_start_message(shop: Shop, channel: str, first: datetime.date) -> str:
    return _(
        "%(shop)s has no %(channel)s sales to report before %(first)s: the first month "
        "allowed is %(first)s (when the shop applied, or the channel opened if later)."
    ) % {"shop": shop.name, "channel": Channel(channel).label, "first": f"{first:%Y-%m}"}


def _duplicate_message(shop: Shop, channel: str, month: datetime.date) -> str:
    return _(
        "%(shop)s already has a report for %(channel)s in %(month)s: open it and change it "
        "instead of adding another."
    ) % {"shop": shop.name, "channel": Channel(channel).label, "month": f"{month:%Y-%m}"}


@transaction.atomic
def sales_report_create(
    *,
    shop: Shop,
    channel: str,
    month,
    sales: Decimal | str,
    orders: int | str,
    agricultural_share: int | str,
    by: AbstractBaseUser,
) -> SalesReport:
    """A draft report of one shop, channel and month; one report per shop, channel and month."""
    _check_may_report(by, shop)
    errors = Errors()
    values = clean_report(
        errors,
        channel=channel,
        month=month,
        sales=sales,
        orders=orders,
        agricultural_share=agricultural_share,
    )
    errors.raise_if_any()
    channel, month = values.pop("channel"), values.pop("month")
    shop_channel = ShopChannel.objects.filter(shop=shop, channel=channel).first()
    if shop_channel is None:
        raise ValidationError({"channel": not_sold_message(shop, channel)})
    first = first_month(shop, shop_channel.opened_on)
    if month < first:
        raise ValidationError({"month": before_start_message(shop, channel, first)})
    _refuse_if_locked(month)
    if SalesReport.objects.filter(shop=shop, channel=channel, month=month).exists():
        raise ValidationError({"month": _duplicate_message(shop, channel, month)})
    try:
        with transaction.atomic():
            report = SalesReport.objects.create(
                shop=shop, channel=channel, month=month, created_by=by, **values
            )
    except IntegrityError:
        # Created at the same moment by someone else.
        raise ValidationError({"month": _duplicate_message(shop, channel, month)}) from None
    audit.record(
        report,
        audit.REPORT_CREATE,
        by=by,
        changes=audit.changes_of(report, {}, REPORTED_FIELDS),
    )
    return report


@transaction.atomic
def sales_report_save(
    *,
    shop: Shop,
    channel: str,
    month,
    sales: Decimal | str,
    orders: int | str,
    agricultural_share: int | str,
    by: AbstractBaseUser,
    submit: bool = False,
) -> SalesReport:
    """The shop's report of one channel and month as the shop fills it in: created, or its
    figures changed while it is a draft or returned; sent for approval too when `submit`.
    All or nothing."""
    errors = Errors()
    month = errors.check("month", _label("month"), clean_month, month)
    errors.raise_if_any()
    figures = {"sales": sales, "orders": orders, "agricultural_share": agricultural_share}
    report = SalesReport.objects.filter(shop=shop, channel=channel, month=month).first()
    if report is None:
        report = sales_report_create(shop=shop, channel=channel, month=month, by=by, **figures)
    else:
        report = sales_report_update(report=report, by=by, **figures)
    if submit:
        report = sales_report_submit(report=report, by=by)
    return report


def _locked_report(report: SalesReport) -> SalesReport:
    """The report's row, locked until the end of the transaction, with its current status."""
    return (
        SalesReport.objects.select_for_update(of=("self",)).select_related("shop").get(pk=report.pk)
    )


@transaction.atomic
def sales_report_update(
    *,
    report: SalesReport,
    sales: Decimal | str,
    orders: int | str,
    agricultural_share: int | str,
    by: AbstractBaseUser,
) -> SalesReport:
    """Change the figures of a draft or returned report."""
    _check_may_report(by, report.shop)
    errors = Errors()
    figures = clean_figures(
        errors, sales=sales, orders=orders, agricultural_share=agricultural_share
    )
    errors.raise_if_any()
    report = _locked_report(report)
    _refuse_if_locked(report.month)
    if report.status not in EDITABLE_REPORT_STATUSES:
        raise ValidationError(
            _("This report is %(status)s: it can be changed only while it is a draft or returned.")
            % {"status": report.get_status_display().lower()}
        )
    before = audit.snapshot(report, REPORTED_FIELDS)
    for field, value in figures.items():
        setattr(report, field, value)
    changes = audit.changes_of(report, before, REPORTED_FIELDS)
    if changes:
        report.save(update_fields=[*REPORTED_FIELDS, "updated_at"])
        audit.record(report, audit.REPORT_UPDATE, by=by, changes=changes)
    return report


@transaction.atomic
def sales_report_submit(*, report: SalesReport, by: AbstractBaseUser) -> SalesReport:
    """Send a draft or returned report for approval."""
    _check_may_report(by, report.shop)
    report = _locked_report(report)
    _refuse_if_locked(report.month)
    if report.status not in EDITABLE_REPORT_STATUSES:
        raise ValidationError(
            _("This report is already %(status)s.")
            % {"status": report.get_status_display().lower()}
        )
    return _move(report, ReportStatus.SUBMITTED, by=by, action=audit.REPORT_SUBMIT)


@transaction.atomic
def sales_report_approve(*, report: SalesReport, by: AbstractBaseUser) -> SalesReport:
    """Approve a submitted report: its figures then count in the outcomes."""
    report = _locked_report(report)
    _check_may_decide(by, report)
    _refuse_if_locked(report.month)
    _refuse_unless_submitted(report)
    report = _move(report, ReportStatus.APPROVED, by=by, action=audit.REPORT_APPROVE)
    sales_summary.refresh_after_approval(report)
    return report


@transaction.atomic
def sales_report_return(*, report: SalesReport, by: AbstractBaseUser, reason: str) -> SalesReport:
    """Send a submitted report back to the shop, saying what to correct."""
    report = _locked_report(report)
    _check_may_decide(by, report)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Reason for returning: say what the shop should correct.")}
        )
    _refuse_if_locked(report.month)
    _refuse_unless_submitted(report)
    return _move(report, ReportStatus.RETURNED, by=by, action=audit.REPORT_RETURN, reason=reason)


def _refuse_unless_submitted(report: SalesReport) -> None:
    if awaits_decision(report):
        return
    if report.status in {ReportStatus.APPROVED, ReportStatus.RETURNED}:
        raise ValidationError(
            _("This report was already %(status)s by %(person)s at %(time)s.")
            % {
                "status": report.get_status_display().lower(),
                "person": report.decided_by.get_full_name() or report.decided_by.get_username(),
                "time": f"{timezone.localtime(report.decided_at):%Y-%m-%d %H:%M}",
            },
            code="already_decided",
        )
    raise ValidationError(
        _("This report is still a draft: it can be decided once the shop submits it."),
        code="not_submitted",
    )


def _move(
    report: SalesReport, status: str, *, by: AbstractBaseUser, action: str, reason: str = ""
) -> SalesReport:
    before = audit.snapshot(report, ["status"])
    now = timezone.now()
    report.status = status
    if status == ReportStatus.SUBMITTED:
        report.submitted_at, report.decided_at, report.decided_by = now, None, None
    else:
        report.decided_at, report.decided_by = now, by
    report.return_reason = reason
    report.save(
        update_fields=[
            "status",
            "submitted_at",
            "decided_at",
            "decided_by",
            "return_reason",
            "updated_at",
        ]
    )
    audit.record(
        report, action, by=by, changes=audit.changes_of(report, before, ["status"]), reason=reason
    )
    return report
