"""The outcomes dashboard in the Wagtail admin: headline figures against the year's targets,
the trend by month, the counties side by side, the channels, reporting completeness and the
funnel per cohort, for the area, period and filters chosen; and the figures managers
publish, shown again exactly as published. Programme managers see every area; a
coordinator their own county (and its townships). Each chart has its table beside it.

Live figures and published ones go through the same page: both are the JSON data of
outcomes/serialize.py. The dashboard and the annual report read from the read replica when
there is one (training_site/db_router.py); publishing and the published figures use the
main database, so a figure just published is there at once.
"""

import csv
from collections import defaultdict
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from wagtail.models import Locale

from courses.models import ProgrammePage
from incubator.choices import Channel, IncomeWay
from machinery.database_work import report_work
from machinery.exports import Percent, csv_value
from outcomes import charts, indicators, published, report
from outcomes.areas import PREFECTURE
from outcomes.models import Snapshot
from outcomes.params import AreaNotFound, BadParameter, may_see_outcomes, scope_from_params
from outcomes.serialize import as_json
from outcomes.targets import achievement, headline, targets_for
from trainees.models import Cohort, County, Township
from trainees.scoping import coordinated_county_id, is_programme_manager
from training_site.db_router import reads_outcomes

TEMPLATE = "outcomes/dashboard.html"
FILTERS = ("track", "cohort", "channel")
PARAMS = ("area", "period", *FILTERS)


def _area_choices(user) -> list[tuple[str, list[tuple[str, str]]]]:
    """(group, [(code, name)]): the prefecture and counties, then each county's townships."""
    counties = County.objects.order_by("code")
    if not is_programme_manager(user):
        counties = counties.filter(pk=coordinated_county_id(user))
    counties = [(county.pk, county.code, county.display_name) for county in counties]
    townships = defaultdict(list)
    for county_id, code, name in (
        Township.objects.filter(county__in=[pk for pk, _code, _name in counties])
        .order_by("code")
        .values_list("county_id", "code", "name")
    ):
        townships[county_id].append((code, name))
    groups = [(_("Counties"), [(code, name) for _pk, code, name in counties])]
    if is_programme_manager(user):
        groups[0][1].insert(0, ("", _("Whole prefecture")))
    groups += [(name, townships[pk]) for pk, _code, name in counties if townships[pk]]
    return groups


def _filter_choices(user, scope) -> dict:
    tracks = ProgrammePage.objects.filter(locale=Locale.get_default()).order_by("path")
    cohorts = Cohort.objects.filter(
        Q(starts_on__lte=scope.period.end, ends_on__gte=scope.period.start)
        # The chosen one stays listed (and chosen) whatever the period.
        | Q(pk=scope.cohort.pk if scope.cohort else None)
    ).order_by("-starts_on", "name")
    if scope.area.level != PREFECTURE:
        cohorts = cohorts.filter(county_id=scope.area.county_id)
    elif scope.cohort is not None:
        cohorts = cohorts.filter(pk=scope.cohort.pk)
    else:
        # A prefecture's year has hundreds of cohorts: they are listed once a county is chosen.
        cohorts = cohorts.none()
    return {
        "areas": _area_choices(user),
        "tracks": [(str(track.pk), track.title) for track in tracks],
        "cohorts": [(str(cohort.pk), cohort.name) for cohort in cohorts.only("pk", "name")],
        "channels": Channel.choices,
    }


def live_figures(scope, *, sales_by_cohort: bool = True, funnel_by_county: bool = False) -> dict:
    """Every figure of the scope with the year's targets (none once narrowed by a filter),
    as JSON data (sales by cohort only where they are shown or kept)."""
    figures = as_json(
        indicators.compute(
            scope, sales_by_cohort=sales_by_cohort, funnel_by_county=funnel_by_county
        )
    )
    # A target is the whole area's: figures narrowed to a track, cohort or channel are not
    # measured against it.
    figures["targets"] = {} if _filter_params(scope) else targets_for(scope.area, scope.period)
    return figures


def _counties_named(figures: dict) -> dict:
    """The figures with their counties (kept by Chinese name) named in the reader's language."""
    names = County.display_names()
    sales = {
        **figures["sales"],
        "by_county": {
            names.get(name, name): total for name, total in figures["sales"]["by_county"].items()
        },
    }
    funnel = [
        {**row, "county": names.get(row["county"], row["county"])} if "county" in row else row
        for row in figures.get("funnel", [])
    ]
    return {**figures, "sales": sales, "funnel": funnel}


def figures_context(figures: dict, *, version: int) -> dict:
    """What the figures part of the page shows: the figures, their charts and tables."""
    figures = _counties_named(figures)
    sales, reporting = figures["sales"], figures["reporting"]
    months = list(sales["by_month"])  # "2025-01", ...
    # Short labels fit under the bars: the month alone within one year.
    labels = [month[5:] for month in months]
    if len({month[:4] for month in months}) > 1:
        labels = [month[2:] for month in months]
    made = {
        "sales_by_month": charts.bars(
            labels, list(sales["by_month"].values()), title=_("Approved sales by month (yuan)")
        ),
        "reporting_by_month": charts.bars(
            labels,
            [row["share"] for row in reporting["by_month"].values()],
            title=_("Reports approved by the 10th (%)"),
        ),
    }
    # Channels are kept by code (published figures read the same in every language).
    by_channel = {_channel_name(code): total for code, total in sales["by_channel"].items()}
    by_county = sales["by_county"]
    if by_channel:
        made["sales_by_channel"] = charts.ranking(
            list(by_channel), list(by_channel.values()), title=_("Sales by channel")
        )
    if len(by_county) > 1:
        made["sales_by_county"] = charts.ranking(
            list(by_county), list(by_county.values()), title=_("Sales by county")
        )
    return {
        "figures": figures,
        "charts": made,
        "trend": [
            (month, sales["by_month"][month], reporting["by_month"][month]) for month in months
        ],
        "channels": by_channel,
        "achievement": achievement(figures),
        "figures_version": version,
        "five_ways": _five_ways_rows(figures),
    }


def _five_ways_rows(figures: dict) -> list[tuple[str, dict]]:
    """(the way's name, its figures) for each way and over all; none for figures published
    before they were counted (calculation version 2 and earlier)."""
    counted = figures.get("five_ways")
    if not counted:
        return []
    rows = [(label, counted[way]) for way, label in IncomeWay.choices]
    return [*rows, (_("All five ways, each household once"), counted["total"])]


def _channel_name(code: str) -> str:
    return str(Channel(code).label) if code in Channel.values else code


def _scope_or_error(request, params):
    """(scope, None), or (None, the page answering the bad parameter)."""
    try:
        return scope_from_params(params, request.user), None
    except (AreaNotFound, BadParameter) as error:
        status = 404 if isinstance(error, AreaNotFound) else 400
        return None, TemplateResponse(request, TEMPLATE, {"error": str(error)}, status=status)


def _scope_and_errors(user, params) -> tuple:
    """(scope, {field: message}): the scope of the parameters that can be read, and for each
    that cannot its message, to show beside its field while the others stay as chosen. An
    area not found is not a field's error (it may be one the user must not learn about)."""
    readable, errors = dict(params.items()), {}
    while True:
        try:
            return scope_from_params(readable, user), errors
        except BadParameter as error:
            if not error.field or error.field in errors:
                raise
            errors[error.field] = str(error)
            readable[error.field] = ""


def read_filters(request, params) -> tuple:
    """(scope, None) when every value of the dashboard's form can be read; else (None, the
    form with its filters as chosen and a message beside each value that cannot, 400)."""
    try:
        scope, errors = _scope_and_errors(request.user, params)
    except AreaNotFound as error:
        return None, TemplateResponse(request, TEMPLATE, {"error": str(error)}, status=404)
    except BadParameter as error:
        return None, TemplateResponse(request, TEMPLATE, {"error": str(error)}, status=400)
    if not errors:
        return scope, None
    context = _form_context(request, params, scope, errors)
    return None, TemplateResponse(request, TEMPLATE, context, status=400)


def _form_context(request, params, scope, errors) -> dict:
    return {
        "scope": scope,
        # The report opens in the dashboard's language (it offers the others).
        "report_query": urlencode(
            {
                "area": scope.area.code,
                "year": scope.period.start.year,
                **_filter_params(scope),
                "lang": report.reader_language(),
            }
        ),
        "params": {name: value for name, value in params.items() if value and name in PARAMS},
        "errors": errors,
        "choices": _filter_choices(request.user, scope),
        "may_publish": is_programme_manager(request.user),
    }


@reads_outcomes
def dashboard(request):
    if not may_see_outcomes(request.user):
        raise PermissionDenied
    scope, refused = read_filters(request, request.GET)
    if refused:
        return refused
    context = {
        **_form_context(request, request.GET, scope, {}),
        **figures_context(
            # The prefecture's hundreds of cohorts are shown by county, a county's one by one.
            live_figures(
                scope,
                sales_by_cohort=False,
                funnel_by_county=scope.area.level == PREFECTURE and scope.cohort is None,
            ),
            version=indicators.CALCULATION_VERSION,
        ),
    }
    return TemplateResponse(request, TEMPLATE, context)


def publish(request):
    """Publishing in two steps: the page shows what will be published (area, period,
    filters and the figures) and asks to confirm (GET); the confirmation publishes them
    (POST), if they are still the figures shown."""
    if not may_see_outcomes(request.user) or not published.may_publish(request.user):
        raise PermissionDenied
    params = request.POST if request.method == "POST" else request.GET
    scope, refused = read_filters(request, params)
    if refused:
        return refused
    figures = live_figures(scope)
    status = 200
    if request.method == "POST":
        try:
            snapshot = published.snapshot_publish(
                scope=scope,
                figures=figures,
                confirmed=request.POST.get("confirmed", ""),
                by=request.user,
                note=request.POST.get("note", ""),
            )
        except published.FiguresRefused as error:
            messages.error(request, str(error))
            status = 409
        else:
            messages.success(request, _("Published: %(snapshot)s.") % {"snapshot": snapshot})
            return redirect("outcomes_snapshot", pk=snapshot.pk)
    context = {
        "scope": scope,
        "params": {name: value for name, value in params.items() if value and name in PARAMS},
        "filters": Snapshot(filters=published.filters_of(scope)).filters_shown(),
        "values": published.headline_values(figures),
        "digest": published.digest(figures),
        "note": params.get("note", "")[:200],
        "figures_version": indicators.CALCULATION_VERSION,
    }
    return TemplateResponse(request, "outcomes/publish.html", context, status=status)


def _visible_snapshots(user):
    if is_programme_manager(user):
        return Snapshot.objects.all()
    return Snapshot.objects.filter(county_id=coordinated_county_id(user))


def snapshots(request):
    """The published figures: the current ones, or those withdrawn (?withdrawn=1)."""
    if not may_see_outcomes(request.user):
        raise PermissionDenied
    visible = _visible_snapshots(request.user)
    withdrawn = request.GET.get("withdrawn") == "1"
    listed = visible.filter(withdrawn_at__isnull=not withdrawn)
    context = {
        "snapshots": listed.select_related("published_by")[:200],
        "withdrawn": withdrawn,
        "withdrawn_count": visible.filter(withdrawn_at__isnull=False).count(),
    }
    return TemplateResponse(request, "outcomes/snapshots.html", context)


def snapshots_export(request):
    """The list of published figures as CSV (a BOM, for Excel): every filter, the headline
    figures, when published, corrected and withdrawn."""
    if not may_see_outcomes(request.user):
        raise PermissionDenied
    listed = _visible_snapshots(request.user).select_related("published_by")
    if request.GET.get("withdrawn") != "all":
        listed = published.current(listed)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="published-figures.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Area"),
            _("Area code"),
            _("Period"),
            _("Track"),
            _("Cohort"),
            _("Channel"),
            *published.headline_names(),
            pgettext("when figures were published", "Published"),
            _("Published by"),
            _("Last corrected"),
            _("Withdrawn"),
            _("Calculation version"),
            _("Note"),
        ]
    )
    for snapshot in listed.order_by("-published_at")[:5000]:
        filters = dict(snapshot.filters_shown())
        writer.writerow(
            csv_value(value)
            for value in [
                snapshot.area_name,
                snapshot.area_code,
                snapshot.period,
                filters.get(_("Track"), _("All")),
                filters.get(_("Cohort"), _("All")),
                filters.get(_("Channel"), _("All")),
                *(_cell(row) for row in published.headline_values(snapshot.figures)),
                _local(snapshot.published_at),
                _person(snapshot.published_by),
                _local(snapshot.corrected_at),
                _local(snapshot.withdrawn_at),
                snapshot.calculation_version,
                snapshot.note,
            ]
        )
    return response


def _cell(row: dict):
    """A headline value as the export's cell: the reporting share as a percentage."""
    return Percent(row["value"]) if row["key"] == "reporting_share" else row["value"]


def _local(moment) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}" if moment else ""


def _person(user) -> str:
    return user.get_full_name() or user.get_username()


def _shown_snapshot(request, pk: int) -> Snapshot:
    if not may_see_outcomes(request.user):
        raise PermissionDenied
    return get_object_or_404(_visible_snapshots(request.user).select_related("published_by"), pk=pk)


def snapshot(request, pk: int):
    shown = _shown_snapshot(request, pk)
    changes = shown.changes.select_related("made_by")
    history = [
        {
            "kind": pgettext("figures, as corrected or withdrawn", "Published"),
            "at": shown.published_at,
            "by": _person(shown.published_by),
            "reason": shown.note,
            "changes": [],
        }
    ] + [
        {
            "kind": change.get_kind_display(),
            "at": change.made_at,
            "by": _person(change.made_by),
            "reason": change.reason,
            "changes": published.differences(change.old_figures, change.new_figures),
        }
        for change in changes
    ]
    context = {
        "snapshot": shown,
        "filters": shown.filters_shown(),
        "history": history,
        "withdrawal": next(
            (change for change in reversed(changes) if change.kind == "withdrawn"), None
        ),
        "may_change": published.may_publish(request.user) and not shown.is_withdrawn,
        **figures_context(shown.figures, version=shown.calculation_version),
    }
    return TemplateResponse(request, "outcomes/snapshot.html", context)


def snapshot_change(request, pk: int, kind: str):
    """Correct (the figures computed again for the same scope) or withdraw published
    figures, with a reason: the page asks to confirm and shows the values that change."""
    shown = _shown_snapshot(request, pk)
    if not published.may_publish(request.user):
        raise PermissionDenied
    if shown.is_withdrawn:
        messages.error(request, _("These figures were withdrawn: they can no longer be changed."))
        return redirect("outcomes_snapshot", pk=shown.pk)
    correcting = kind == "correct"
    context = {"snapshot": shown, "correcting": correcting, "filters": shown.filters_shown()}
    figures = None
    if correcting:
        try:
            figures = live_figures(published.scope_of(shown))
        except published.FiguresRefused as error:
            messages.error(request, str(error))
            return redirect("outcomes_snapshot", pk=shown.pk)
        context["digest"] = published.digest(figures)
        context["differences"] = published.differences(shown.figures, figures)
        context["same"] = figures == shown.figures and (
            shown.calculation_version == indicators.CALCULATION_VERSION
        )
    else:
        context["differences"] = published.differences(shown.figures, None)
    status = 200
    if request.method == "POST":
        reason = request.POST.get("reason", "")
        try:
            if correcting:
                published.snapshot_correct(
                    snapshot=shown,
                    figures=figures,
                    confirmed=request.POST.get("confirmed", ""),
                    by=request.user,
                    reason=reason,
                )
                done = _("Corrected: %(snapshot)s.")
            else:
                published.snapshot_withdraw(snapshot=shown, by=request.user, reason=reason)
                done = _("Withdrawn: %(snapshot)s.")
        except published.FiguresRefused as error:
            context["error"] = str(error)
            context["reason"] = reason
            status = 400
        else:
            messages.success(request, done % {"snapshot": shown})
            return redirect("outcomes_snapshot", pk=shown.pk)
    return TemplateResponse(request, "outcomes/snapshot_change.html", context, status=status)


def _filter_params(scope) -> dict:
    """The scope's filters as the dashboard's and the report's query parameters."""
    return {
        name: str(value)
        for name, value in (
            ("track", scope.track.pk if scope.track else ""),
            ("cohort", scope.cohort.pk if scope.cohort else ""),
            ("channel", scope.channel),
        )
        if value
    }


@report_work
@reads_outcomes
def annual_report(request):
    """The annual report of an area and year, narrowed by the dashboard's filters if chosen:
    a page to print (A4), or its PDF or XLSX."""
    if not may_see_outcomes(request.user):
        raise PermissionDenied
    try:
        year, language, file_format = report.report_choices(request.GET)
    except BadParameter as error:
        return TemplateResponse(request, TEMPLATE, {"error": str(error)}, status=400)
    # The dashboard's filters (track, cohort, channel) narrow the report as they narrow it.
    chosen = {"area": request.GET.get("area", ""), "period": year}
    chosen |= {name: request.GET[name] for name in FILTERS if request.GET.get(name)}
    scope, error_page = _scope_or_error(request, chosen)
    if error_page:
        return error_page
    # Only the spreadsheet has a sheet of sales by cohort.
    figures = live_figures(scope, sales_by_cohort=file_format == "xlsx")
    with translation.override(language):
        context = {
            **figures_context(figures, version=indicators.CALCULATION_VERSION),
            "title": _("Eagle programme: annual report %(year)s") % {"year": year},
            "area_name": str(scope.area),
            "period": str(scope.period),
            "filters": Snapshot(filters=published.filters_of(scope)).filters_shown(),
            "headline": headline(figures),
            "generated_at": timezone.localtime(),
            "languages": report.LANGUAGES,
            "language": language,
            "year": year,
            "area_code": scope.area.code,
            "query": urlencode({"area": scope.area.code, "year": year, **_filter_params(scope)}),
        }
    name = "-".join(
        ["eagle", scope.area.code or "prefecture", year, *_filter_params(scope).values()]
    )
    if file_format == "xlsx":
        response = HttpResponse(
            report.report_xlsx(context, language=language),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    html = report.report_html(context, language=language)
    if file_format == "pdf":
        response = HttpResponse(report.report_pdf(html), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
        return response
    return HttpResponse(html)
