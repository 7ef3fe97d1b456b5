"""Reading the scope of the figures (area, period, track, cohort, channel) from a request's
query parameters, for the dashboard, the report and the API alike.

A value that cannot be read is a `BadParameter` (the pages answer 400 with its message);
an area that does not exist, or that the user may not see, is `AreaNotFound` (404).
"""

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import ProgrammePage
from incubator.choices import Channel
from machinery.record_ids import is_record_id
from outcomes.areas import PREFECTURE, Area, AreaNotFound, area_from_code
from outcomes.indicators import Scope
from outcomes.periods import PeriodError, period_from_text
from trainees.models import Cohort, County
from trainees.scoping import coordinated_county_id, is_programme_manager, runs_a_county

__all__ = [
    "AreaNotFound",
    "BadParameter",
    "may_see_outcomes",
    "scope_from_params",
    "scope_within",
]


class BadParameter(ValueError):
    """A value that cannot be read; `field` names its parameter (period, track, ...), so that
    a form can show the message beside it."""

    def __init__(self, message: str, *, field: str = ""):
        super().__init__(message)
        self.field = field


def may_see_outcomes(user) -> bool:
    """Programme managers, for every area; a county's coordinator, for their county."""
    return runs_a_county(user)


def readable_county_id(user) -> int | None:
    """The one county whose figures the user may read; None for every area (managers)."""
    if is_programme_manager(user):
        return None
    county_id = coordinated_county_id(user)
    if county_id is None:
        raise PermissionDenied
    return county_id


def area_within(county_id: int | None, code: str) -> Area:
    """The area named by `code` if it lies in the county `county_id` (None: anywhere); the
    county itself when no code is given. An area outside it is not found, like a wrong code."""
    if county_id is None:
        return area_from_code(code)
    if not code:
        return area_from_code(County.objects.get(pk=county_id).code)
    area = area_from_code(code)
    if area.county_id != county_id:
        raise AreaNotFound(_("No county or township has the code “%(code)s”.") % {"code": code})
    return area


def _one_of(queryset, value: str, what: str, *, field: str):
    if not value:
        return None
    record = queryset.filter(pk=value).first() if is_record_id(value) else None
    if record is None:
        raise BadParameter(
            _("%(what)s “%(value)s” is not in the list.") % {"what": what, "value": value},
            field=field,
        )
    return record


def scope_from_params(params, user) -> Scope:
    """The scope the parameters name; this year and the user's widest area by default."""
    return scope_within(params, readable_county_id(user))


def scope_within(params, county_id: int | None) -> Scope:
    """The scope the parameters name, its area within the county `county_id` (None: any);
    this year and the widest area allowed by default."""
    area = area_within(county_id, params.get("area", "").strip())
    try:
        period = period_from_text(params.get("period") or str(timezone.localdate().year))
    except PeriodError as error:
        raise BadParameter(str(error), field="period") from None
    channel = params.get("channel", "").strip()
    if channel and channel not in Channel.values:
        raise BadParameter(
            _("Channel “%(value)s” is not in the list.") % {"value": channel}, field="channel"
        )
    cohorts = Cohort.objects.all()
    if area.level != PREFECTURE:
        cohorts = cohorts.filter(county_id=area.county_id)
    return Scope(
        area=area,
        period=period,
        track=_one_of(
            ProgrammePage.objects.all(), params.get("track", "").strip(), _("Track"), field="track"
        ),
        cohort=_one_of(cohorts, params.get("cohort", "").strip(), _("Cohort"), field="cohort"),
        channel=channel,
    )
