"""The period a figure is for: a month, a quarter, a year or a range of days.

Written as text in URLs and the API: `2026-05` (a month), `2026-Q2` (a quarter),
`2026` (a year), or `2026-01-15..2026-03-31` (a range of days, both included).
Days are days in Asia/Shanghai. A monthly figure (sales) counts a month when the
month overlaps the period.
"""

import calendar
import datetime
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from incubator.values import add_months, midnight

FIRST_YEAR, LAST_YEAR = 2000, 2099  # the years a figure of the programme can be for
YEAR = re.compile(r"^(\d{4})$")
QUARTER = re.compile(r"^(\d{4})-Q([1-4])$", re.IGNORECASE)
MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$")


class PeriodError(ValueError):
    """Text that is not a period; the message says what to write instead."""


def month_end(month: datetime.date) -> datetime.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date  # included
    text: str

    def __post_init__(self):
        for day in (self.start, self.end):
            _year(day.year)
        if self.end < self.start:
            raise PeriodError(
                _("The period ends (%(end)s) before it starts (%(start)s).")
                % {"end": self.end, "start": self.start}
            )

    @property
    def first_month(self) -> datetime.date:
        return self.start.replace(day=1)

    @property
    def last_month(self) -> datetime.date:
        return self.end.replace(day=1)

    def months(self) -> list[datetime.date]:
        """The first day of every month overlapping the period."""
        months, month = [], self.first_month
        while month <= self.last_month:
            months.append(month)
            month = add_months(month, 1)
        return months

    @property
    def is_whole_months(self) -> bool:
        """Whether the period starts on a month's first day and ends on a month's last."""
        return self.start.day == 1 and self.end == month_end(self.end)

    def starts_at(self) -> datetime.datetime:
        """The first moment of the period, in the programme's time zone."""
        return midnight(self.start)

    def ends_before(self) -> datetime.datetime:
        """The first moment after the period."""
        return midnight(self.end + datetime.timedelta(days=1))

    def __str__(self):
        return self.text


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise PeriodError(_("%(day)s is not a date.") % {"day": text}) from None


def _year(text: str | int) -> int:
    """A period's year, checked before a date is made of it (year 0 is no date at all)."""
    year = int(text)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise PeriodError(
            _("%(year)s is not a year of the programme: write a year from %(first)s to %(last)s.")
            % {"year": text, "first": FIRST_YEAR, "last": LAST_YEAR}
        )
    return year


def period_from_text(text: str) -> Period:
    """The period written as `2026`, `2026-Q2`, `2026-05` or `2026-01-15..2026-03-31`."""
    text = (text or "").strip()
    if match := YEAR.match(text):
        year = _year(match[1])
        return Period(datetime.date(year, 1, 1), datetime.date(year, 12, 31), text)
    if match := QUARTER.match(text):
        first = datetime.date(_year(match[1]), 3 * int(match[2]) - 2, 1)
        return Period(first, month_end(add_months(first, 2)), text.upper())
    if match := MONTH.match(text):
        month_number = int(match[2])
        if 1 <= month_number <= 12:
            month = datetime.date(_year(match[1]), month_number, 1)
            return Period(month, month_end(month), f"{month:%Y-%m}")
    if match := RANGE.match(text):
        return Period(_date(match[1]), _date(match[2]), text)
    raise PeriodError(
        _(
            "“%(text)s” is not a period: write a year (2026), a quarter (2026-Q2), a month "
            "(2026-05) or two days (2026-01-15..2026-03-31)."
        )
        % {"text": text}
    )
