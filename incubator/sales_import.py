"""Sales import: a month's sales reports, one row a shop and channel, from one CSV file.

The file is read by machinery.imports like the roster and the areas: a CSV
with a header row, in UTF-8 (with or without a byte order mark) or
GBK/GB18030, headers in Chinese or English, in any order. Every column is
required:

| header | English | value |
| --- | --- | --- |
| 月份 | month | 2026-03 (or 2026/3, 2026年3月, 2026-03-01); not after this month |
| 店铺编号 | shop_id | the shop's number, as the Shops listing shows it |
| 店铺 | shop | the shop's name: a check that the number is the right one |
| 渠道 | channel | the channel's name in any language (淘宝, 832平台, Douyin) or code |
| 销售额 | sales | yuan, to the fen, not negative |
| 订单数 | orders | a whole number, not negative |
| 农产品占比 | agricultural_share | a whole percentage, 0 to 100 |

Shop names are not unique (two counties may each have a 松茸小店), so a shop
is named by its number, and its name guards against a mistyped number.
Values are read by incubator/sales.py's `clean_report`, the forms' own
reading, so a bad value gets the same message here as on a form.

Who: whoever runs a county (incubator/scoping.py): a programme manager
imports for any shop, a county coordinator for their county's shops only (a
row naming another shop reads as an unknown shop of their county, so nothing
of other counties shows).

What applying does, row by row:

- no report of the shop, channel and month yet: one is created, submitted
  (waiting for approval);
- a draft or returned report: its figures are replaced and it is submitted;
- a submitted or approved report with the same figures: left as it is, so
  importing the same file twice changes nothing the second time;
- a submitted or approved report with other figures: an error (it changes only
  while it is a draft or returned), as is any report to create or change in a
  locked month, and the same shop, channel and month twice in the file.

Nothing is written unless every row is clean. `sales_check` reads and checks
a file and says what applying it would do, in a fixed number of queries
(lookups in chunks); `sales_apply` checks again and writes it in one
transaction, in bulk, with one audit entry for each report it creates or changes.
"""

import copy
import datetime
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from incubator import audit, scoping
from incubator.choices import EDITABLE_REPORT_STATUSES, Channel, ReportStatus
from incubator.models import MonthLock, SalesReport, Shop, ShopChannel
from incubator.sales import (
    REPORTED_FIELDS,
    before_start_message,
    clean_report,
    first_month,
    locked_message,
    not_sold_message,
)
from incubator.values import Errors
from machinery.imports.chunks import LOOKUP_CHUNK, chunks
from machinery.imports.errors import ImportFileError, ImportInvalid, RowError
from machinery.imports.tables import Rows, control_character_errors, csv_table_read
from machinery.jobs import Progress
from trainees.models import County

# Field key -> the headers accepted for it; the first is the one named in messages.
COLUMNS = {
    "month": ("月份", "month"),
    "shop_id": ("店铺编号", "shop_id", "shop_no", "shop_number"),
    "shop": ("店铺", "shop", "shop_name", "店铺名称"),
    "channel": ("渠道", "channel", "平台", "platform"),
    "sales": ("销售额", "sales", "sales_yuan", "销售额(元)", "销售额（元）"),
    "orders": ("订单数", "orders", "订单量"),
    "agricultural_share": (
        "农产品占比",
        "agricultural_share",
        "农产品占比(%)",
        "农产品占比（%）",
    ),
}
REQUIRED_COLUMNS = tuple(COLUMNS)
# Updates listed in the preview; the rest are counted.
UPDATES_KEPT = 200
AUDITED_FIELDS = [*REPORTED_FIELDS, "status"]

CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"


@dataclass
class SalesRow:
    """One row as read; None where its cell could not be read."""

    row: int
    shop_id: int | None
    shop_name: str
    channel: str | None
    month: datetime.date | None
    sales: Decimal | None
    orders: int | None
    agricultural_share: int | None
    shop: Shop | None = None
    existing: SalesReport | None = None
    action: str = ""

    @property
    def key(self) -> tuple:
        return (self.shop_id, self.channel, self.month)


@dataclass
class SalesCheck:
    """What a file holds and what applying it would change."""

    errors: list[RowError] = field(default_factory=list)
    rows: list[SalesRow] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.errors

    def rows_to(self, action: str) -> list[SalesRow]:
        return [row for row in self.rows if row.action == action]

    def summary(self) -> dict:
        """The counts a person reads before and after applying, as plain data."""
        actions = Counter(row.action for row in self.rows)
        by_channel: dict[str, list] = {}
        for row in self.rows:
            reports_and_sales = by_channel.setdefault(row.channel, [0, Decimal(0)])
            reports_and_sales[0] += 1
            reports_and_sales[1] += row.sales
        updates = [
            {
                "shop": row.shop.name,
                "shop_id": row.shop.pk,
                "channel": str(Channel(row.channel).label),
                "month": f"{row.month:%Y-%m}",
                "status": str(ReportStatus(row.existing.status).label),
                "before": f"{row.existing.sales:,}",
                "after": f"{row.sales:,}",
            }
            for row in self.rows_to(UPDATE)
        ]
        return {
            "rows": len(self.rows),
            "created": actions[CREATE],
            "updated": actions[UPDATE],
            "unchanged": actions[UNCHANGED],
            "months": sorted({f"{row.month:%Y-%m}" for row in self.rows}),
            "by_channel": [
                {
                    "channel": str(channel.label),
                    "reports": by_channel[channel.value][0],
                    "sales": f"{by_channel[channel.value][1]:,}",
                }
                for channel in Channel
                if channel.value in by_channel
            ],
            "total_sales": f"{sum((row.sales for row in self.rows), Decimal(0)):,}",
            "updates": updates[:UPDATES_KEPT],
            "updates_hidden": max(0, len(updates) - UPDATES_KEPT),
        }


def sales_read(text: str) -> tuple[dict[str, str], Rows]:
    return csv_table_read(
        text,
        columns=COLUMNS,
        required=REQUIRED_COLUMNS,
        empty=_("The file is empty: it needs a header row and one row a shop and channel."),
    )


def _name_key(name: str) -> str:
    return re.sub(r"\s+", "", name).lower()


def channel_names() -> dict[str, str]:
    """Each channel's code and its name in every language of the site -> its code."""
    names = {}
    for channel in Channel:
        names[_name_key(channel.value)] = channel.value
        for language, _language_name in settings.LANGUAGES:
            with translation.override(language):
                names[_name_key(str(channel.label))] = channel.value
    return names


def sales_check(
    *,
    text: str,
    by: AbstractBaseUser,
    progress: Progress | None = None,
    lock_reports: bool = False,
) -> SalesCheck:
    """Check every row of a sales file for `by`; say what applying it would change.

    Raises ImportFileError when the file as a whole cannot be read, and
    PermissionDenied when `by` may not import sales. `lock_reports` locks the
    existing reports the file names until the end of the transaction (for applying).
    """
    if not scoping.may_import_sales(by):
        raise PermissionDenied(_("Only programme managers and county coordinators import sales."))
    columns, raw_rows = sales_read(text)
    check = SalesCheck()
    check.errors.extend(control_character_errors(columns, raw_rows))
    names = channel_names()
    total = len(raw_rows)
    read = []
    for index, (line, values) in enumerate(raw_rows, start=1):
        read.append(_read_row(line, values, columns, names, check.errors))
        if progress and index % 500 == 0:
            progress(index, total)
    _check_against_database(read, columns, by, check, lock_reports=lock_reports)
    check.errors.sort(key=lambda error: error.row)
    check.rows = [] if check.errors else read
    if progress:
        progress(total, total)
    return check


def _read_row(line, values, columns, names, errors) -> SalesRow:
    def error(key: str, message: str) -> None:
        errors.append(RowError(line, columns[key], message))

    def cell(key: str) -> str:
        value = values.get(key, "")
        if not value:
            error(key, _("This field is required."))
        return value

    month, shop_id_value, shop_name, channel_value = (
        cell(key) for key in ("month", "shop_id", "shop", "channel")
    )
    # At most 18 digits: a longer number is no shop, and would overflow the database's integers.
    is_number = shop_id_value.isascii() and shop_id_value.isdigit() and len(shop_id_value) <= 18
    shop_id = int(shop_id_value) if is_number else None
    if shop_id_value and shop_id is None:
        error("shop_id", _("Enter the shop's number from the Shops listing, such as 12."))
    figures = {key: cell(key) for key in ("sales", "orders", "agricultural_share")}
    cleaning = Errors()
    cleaned = clean_report(
        cleaning,
        # A name in any language reads as its code; anything else gets the forms' message.
        channel=names.get(_name_key(channel_value), channel_value),
        month=month,
        **figures,
    )
    for key, problems in cleaning.by_field.items():
        if values.get(key):  # an empty cell is already said to be required
            for problem in problems:
                for message in problem.messages:
                    error(key, message)
    return SalesRow(
        row=line,
        shop_id=shop_id,
        shop_name=shop_name,
        **{key: value if values.get(key) else None for key, value in cleaned.items()},
    )


def _shops_and_channels(
    shop_ids: list[int],
) -> tuple[dict[int, Shop], dict[tuple[int, str], datetime.date | None]]:
    """The shops, and the day each (shop, channel) opened (None when not recorded)."""
    shops: dict[int, Shop] = {}
    channels: dict[tuple[int, str], datetime.date | None] = {}
    for chunk in chunks(shop_ids):
        shops.update((shop.pk, shop) for shop in Shop.objects.filter(pk__in=chunk))
        channels.update(
            ((shop_id, channel), opened_on)
            for shop_id, channel, opened_on in ShopChannel.objects.filter(
                shop_id__in=chunk
            ).values_list("shop_id", "channel", "opened_on")
        )
    return shops, channels


def _existing_reports(shop_ids: list[int], months: list, *, lock: bool) -> dict[tuple, SalesReport]:
    reports = {}
    for chunk in chunks(shop_ids):
        found = SalesReport.objects.filter(shop_id__in=chunk, month__in=months)
        if lock:
            found = found.select_for_update()
        reports.update(((r.shop_id, r.channel, r.month), r) for r in found)
    return reports


def _locked_months(months: list) -> set[datetime.date]:
    return set(
        MonthLock.objects.filter(month__in=months, unlocked_at__isnull=True).values_list(
            "month", flat=True
        )
    )


def _unknown_shop_message(shop_id: int, county: County | None) -> str:
    """The same words for a shop of another county as for no shop: nothing of it shows."""
    if county is None:
        return _("There is no shop no. %(id)s.") % {"id": shop_id}
    return _("There is no shop no. %(id)s in %(county)s.") % {
        "id": shop_id,
        "county": county.display_name,
    }


def _check_against_database(rows, columns, by, check: SalesCheck, *, lock_reports: bool) -> None:
    """Find the shops, channels, reports and locks the rows name, a chunk of rows a query."""
    shop_ids = sorted({row.shop_id for row in rows if row.shop_id is not None})
    months = sorted({row.month for row in rows if row.month is not None})
    shops, channels = _shops_and_channels(shop_ids)
    existing = _existing_reports(shop_ids, months, lock=lock_reports)
    locked = _locked_months(months)
    county = (
        None
        if scoping.is_programme_manager(by)
        else County.objects.get(pk=scoping.coordinated_county_id(by))
    )
    rows_with_errors = {error.row for error in check.errors}
    first_row_of: dict[tuple, int] = {}

    def error(row: SalesRow, key: str, message: str) -> None:
        check.errors.append(RowError(row.row, columns[key] if key else "", message))
        rows_with_errors.add(row.row)

    for row in rows:
        _check_once_in_file(row, first_row_of, error)
        if row.shop_id is None:
            continue
        shop = shops.get(row.shop_id)
        if shop is None or not scoping.runs_county(by, shop.county_id):
            error(row, "shop_id", _unknown_shop_message(row.shop_id, county))
            continue
        row.shop = shop
        if row.shop_name and row.shop_name != shop.name:
            error(
                row,
                "shop",
                _("Shop no. %(id)s is “%(name)s”, not “%(value)s”: check the number and the name.")
                % {"id": shop.pk, "name": shop.name, "value": row.shop_name},
            )
        if row.channel and (shop.pk, row.channel) not in channels:
            error(row, "channel", not_sold_message(shop, row.channel))
        elif row.channel and row.month:
            first = first_month(shop, channels[shop.pk, row.channel])
            if row.month < first:
                error(row, "month", before_start_message(shop, row.channel, first))
        if row.row in rows_with_errors:
            continue
        _check_report(row, existing.get(row.key), locked, error)


def _check_once_in_file(row: SalesRow, first_row_of: dict, error) -> None:
    """One row a shop, channel and month, whatever else is wrong with either row."""
    if None in row.key:
        return
    earlier = first_row_of.setdefault(row.key, row.row)
    if earlier != row.row:
        error(
            row,
            "",
            _("%(shop)s on %(channel)s in %(month)s is already on row %(row)d of the file.")
            % {
                "shop": row.shop_name,  # as the file writes it: it may name no shop of theirs
                "channel": Channel(row.channel).label,
                "month": f"{row.month:%Y-%m}",
                "row": earlier,
            },
        )


def _check_report(row: SalesRow, report, locked, error) -> None:
    """What the row does to its report, or why it cannot."""
    row.existing = report
    if report is None:
        row.action = CREATE
    elif report.status in EDITABLE_REPORT_STATUSES:
        row.action = UPDATE
    elif _same_figures(report, row):
        row.action = UNCHANGED
        return  # nothing to write: neither its status nor a lock stands in the way
    else:
        error(
            row,
            "",
            _(
                "%(shop)s already has a report for %(channel)s in %(month)s that is "
                "%(status)s, with other figures (%(sales)s yuan): it can be changed only "
                "while it is a draft or returned."
            )
            % {
                "shop": row.shop.name,
                "channel": Channel(row.channel).label,
                "month": f"{row.month:%Y-%m}",
                "status": report.get_status_display().lower(),
                "sales": report.sales,
            },
        )
        return
    if row.month in locked:
        error(row, "month", locked_message(row.month))


def _same_figures(report: SalesReport, row: SalesRow) -> bool:
    return all(getattr(report, name) == getattr(row, name) for name in REPORTED_FIELDS)


@transaction.atomic
def sales_apply(
    *, text: str, by: AbstractBaseUser, file: str = "", progress: Progress | None = None
) -> SalesCheck:
    """Check the file again against the database as it is now, and write it, all or nothing.

    Raises ImportInvalid (nothing written) when a row has an error. `file` names the
    file in the audit entries.
    """
    check = sales_check(text=text, by=by, lock_reports=True)
    if not check.is_valid:
        raise ImportInvalid(check.errors)
    steps = 3

    def step(done: int) -> None:
        if progress:
            progress(done, steps)

    now = timezone.now()
    try:
        with transaction.atomic():
            created = _create_reports(check.rows_to(CREATE), by=by, now=now)
            step(1)
            updated = _update_reports(check.rows_to(UPDATE), now=now)
            step(2)
    except IntegrityError:
        raise ImportFileError(
            _(
                "Someone saved a report of this file's shops while it was being imported; "
                "nothing was written. Upload the file again to check it afresh."
            )
        ) from None
    audit.record_many(
        [
            *((report, audit.REPORT_CREATE, changes) for report, changes in created),
            *((report, audit.REPORT_UPDATE, changes) for report, changes in updated),
        ],
        by=by,
        file=file,
    )
    step(3)
    return check


def _create_reports(rows: list[SalesRow], *, by, now) -> list[tuple[SalesReport, dict]]:
    reports = [
        SalesReport(
            shop=row.shop,
            channel=row.channel,
            month=row.month,
            sales=row.sales,
            orders=row.orders,
            agricultural_share=row.agricultural_share,
            status=ReportStatus.SUBMITTED,
            submitted_at=now,
            created_by=by,
        )
        for row in rows
    ]
    SalesReport.objects.bulk_create(reports, batch_size=LOOKUP_CHUNK)
    if reports and reports[0].pk is None:  # a database that returns no ids from bulk inserts
        ids = _existing_reports(
            sorted({r.shop_id for r in reports}), sorted({r.month for r in reports}), lock=False
        )
        for report in reports:
            report.pk = ids[(report.shop_id, report.channel, report.month)].pk
    return [(report, audit.changes_of(report, {}, AUDITED_FIELDS)) for report in reports]


def _update_reports(rows: list[SalesRow], *, now) -> list[tuple[SalesReport, dict]]:
    updated = []
    for row in rows:
        report = copy.copy(row.existing)  # the check's copy keeps what was there, for its summary
        before = audit.snapshot(report, AUDITED_FIELDS)
        for name in REPORTED_FIELDS:
            setattr(report, name, getattr(row, name))
        report.shop = row.shop
        report.status, report.submitted_at = ReportStatus.SUBMITTED, now
        report.decided_at, report.decided_by, report.return_reason = None, None, ""
        report.updated_at = now
        updated.append((report, audit.changes_of(report, before, AUDITED_FIELDS)))
    SalesReport.objects.bulk_update(
        [report for report, _changes in updated],
        [
            *REPORTED_FIELDS,
            "status",
            "submitted_at",
            "decided_at",
            "decided_by",
            "return_reason",
            "updated_at",
        ],
        batch_size=LOOKUP_CHUNK,
    )
    return updated
