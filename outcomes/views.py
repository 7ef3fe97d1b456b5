"""The outcomes dashboard in the Wagtail admin: headline figures, the trend by month, the
counties side by side, the channels, reporting completeness and the funnel per cohort, for
the area, period and filters chosen. Programme managers see every area; a coordinator their
own county (and its townships). Each chart has its table beside it."""

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from wagtail.models import Locale

from courses.models import ProgrammePage
from incubator.choices import Channel
from outcomes import charts, indicators
from outcomes.areas import PREFECTURE
from outcomes.params import AreaNotFound, BadParameter, may_see_outcomes, scope_from_params
from trainees.models import Cohort, County, Township
from trainees.scoping import coordinated_county_id, is_programme_manager

TEMPLATE = "outcomes/dashboard.html"


def _area_choices(user) -> list[tuple[str, list[tuple[str, str]]]]:
    """(group, [(code, name)]): the prefecture and counties, then each county's townships."""
    counties = County.objects.order_by("code")
    if not is_programme_manager(user):
        counties = counties.filter(pk=coordinated_county_id(user))
    counties = list(counties)
    townships = Township.objects.filter(county__in=counties).order_by("code")
    groups = [(_("Counties"), [(county.code, county.name) for county in counties])]
    if is_programme_manager(user):
        groups[0][1].insert(0, ("", _("Whole prefecture")))
    for county in counties:
        of_county = [(t.code, t.name) for t in townships if t.county_id == county.pk]
        if of_county:
            groups.append((county.name, of_county))
    return groups


def _filter_choices(user, scope) -> dict:
    tracks = ProgrammePage.objects.filter(locale=Locale.get_default()).order_by("path")
    cohorts = Cohort.objects.filter(
        starts_on__lte=scope.period.end, ends_on__gte=scope.period.start
    ).order_by("-starts_on", "name")
    if scope.area.level != PREFECTURE:
        cohorts = cohorts.filter(county_id=scope.area.county_id)
    elif not is_programme_manager(user):
        cohorts = cohorts.none()
    return {
        "areas": _area_choices(user),
        "tracks": [(str(track.pk), track.title) for track in tracks],
        "cohorts": [(str(cohort.pk), cohort.name) for cohort in cohorts.only("pk", "name")],
        "channels": Channel.choices,
    }


def _charts(figures: dict, scope) -> dict:
    sales = figures["sales"]
    # Short labels fit under the bars: the month alone within one year.
    one_year = scope.period.first_month.year == scope.period.last_month.year
    months = [f"{month:%m}" if one_year else f"{month:%y-%m}" for month in sales["by_month"]]
    made = {
        "sales_by_month": charts.bars(
            months, list(sales["by_month"].values()), title=_("Approved sales by month (yuan)")
        ),
        "reporting_by_month": charts.bars(
            months,
            [row["share"] for row in figures["reporting"]["by_month"].values()],
            title=_("Reports approved by the 10th (%)"),
        ),
    }
    if sales["by_channel"]:
        made["sales_by_channel"] = charts.ranking(
            list(sales["by_channel"]),
            list(sales["by_channel"].values()),
            title=_("Sales by channel"),
        )
    if scope.area.level == PREFECTURE and sales["by_county"]:
        made["sales_by_county"] = charts.ranking(
            list(sales["by_county"]), list(sales["by_county"].values()), title=_("Sales by county")
        )
    return made


def dashboard(request):
    user = request.user
    if not may_see_outcomes(user):
        raise PermissionDenied
    try:
        scope = scope_from_params(request.GET, user)
    except (AreaNotFound, BadParameter) as error:
        status = 404 if isinstance(error, AreaNotFound) else 400
        return TemplateResponse(request, TEMPLATE, {"error": str(error)}, status=status)
    figures = indicators.compute(scope)
    context = {
        "scope": scope,
        "figures": figures,
        "charts": _charts(figures, scope),
        "trend": [
            (month, total, figures["reporting"]["by_month"][month])
            for month, total in figures["sales"]["by_month"].items()
        ],
        "params": request.GET,
        "choices": _filter_choices(user, scope),
        "calculation_version": indicators.CALCULATION_VERSION,
    }
    return TemplateResponse(request, TEMPLATE, context)
