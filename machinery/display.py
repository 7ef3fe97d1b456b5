"""How a value reads to a person: one place for the models' names (`__str__`), the admin's
listings and record views, and the exports (`machinery.exports`).

- A moment is read in the programme's time zone (settings.TIME_ZONE, Asia/Shanghai), whatever
  time zone is active: the database hands back UTC, and a request may have another active.
- Dates and times are written as the reader's language writes them (Django's localisation
  formats, with the project's own for English and Tibetan in training_site/formats):
  2026年12月7日 09:00, 2026-12-07 09:00, 2026ལོའི་ཟླ་12ཚེས་7 09:00.
- True and False are the words Yes and No of the reader's language.
"""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import formats, timezone
from django.utils.translation import gettext as _


def local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def local_moment(moment: datetime.datetime) -> datetime.datetime:
    """An aware moment in the programme's time zone; a naive one is taken as already local."""
    if timezone.is_naive(moment):
        return moment
    return timezone.localtime(moment, local_zone())


def local_date(moment: datetime.datetime) -> datetime.date:
    """The day a moment falls on, in the programme's time zone."""
    return local_moment(moment).date()


def local_text(value) -> str:
    """A moment, date or time as the reader's language writes it, in local time; "" for None;
    any other value as text."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return formats.date_format(local_moment(value), "DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "DATE_FORMAT")
    if isinstance(value, datetime.time):
        return formats.time_format(value, "TIME_FORMAT")
    return str(value)


def yes_no(value) -> str:
    """True and False as the words Yes and No; "" for None (not known)."""
    if value is None:
        return ""
    return _("Yes") if value else _("No")
