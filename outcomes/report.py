"""The annual report of an area: one page that prints to A4, and the same as PDF and XLSX.

In Chinese unless Tibetan or English is chosen. It holds aggregates only (a few hundred
cells whatever the data), so it is made while the person waits: no background task.
"""

import io
from decimal import Decimal

from openpyxl import Workbook

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from machinery.exports import Percent, xlsx_row
from outcomes.params import BadParameter
from training_site.languages import LANGUAGE_NAMES

LANGUAGES = {code: LANGUAGE_NAMES[code] for code, _name in settings.LANGUAGES}
DEFAULT_LANGUAGE = "zh-hans"
FORMATS = ("html", "pdf", "xlsx")


def reader_language() -> str:
    """The active language if the report has it (the dashboard's), else the default."""
    language = translation.get_language()
    return language if language in LANGUAGES else DEFAULT_LANGUAGE


def report_choices(params) -> tuple[str, str, str]:
    """(year, language, format) asked for; BadParameter when one is not in the list."""
    year = (params.get("year") or str(timezone.localdate().year)).strip()
    if not (len(year) == 4 and year.isdigit()):
        raise BadParameter(_("“%(year)s” is not a year: write it as 2025.") % {"year": year})
    language = params.get("lang") or DEFAULT_LANGUAGE
    if language not in LANGUAGES:
        raise BadParameter(_("Language “%(value)s” is not in the list.") % {"value": language})
    file_format = params.get("format") or "html"
    if file_format not in FORMATS:
        raise BadParameter(_("Format “%(value)s” is not in the list.") % {"value": file_format})
    return year, language, file_format


def report_html(context: dict, *, language: str) -> str:
    with translation.override(language):
        return render_to_string("outcomes/report.html", context)


def report_pdf(html: str) -> bytes:
    """The report's page as PDF, with the fonts of the certificates (Chinese and Tibetan)."""
    from trainees.certificate_pdf import font_files, load_weasyprint

    weasyprint = load_weasyprint()
    font_files()  # says which font package is missing, if one is
    return weasyprint.HTML(string=html).write_pdf()


def report_xlsx(context: dict, *, language: str) -> bytes:
    """The report's tables, one sheet each, written row by row (openpyxl's write-only mode)."""
    figures = context["figures"]
    workbook = Workbook(write_only=True)
    with translation.override(language):
        summary = workbook.create_sheet(_("Summary"))
        _append(summary, [context["title"]])
        _append(summary, [_("Area"), context["area_name"]])
        _append(summary, [_("Period"), context["period"]])
        filters = [f"{name}: {value}" for name, value in context["filters"]]
        _append(
            summary,
            [_("Filters"), " · ".join(filters) or _("None: every track, cohort and channel")],
        )
        _append(summary, [_("Made at"), context["generated_at"]])
        _append(summary, [])
        _append(summary, [_("Indicator"), _("Actual"), _("Target"), _("Achieved")])
        for row in context["headline"]:
            _append(
                summary,
                [row["indicator"], row["actual"], row["target"], Percent(row["share"])],
            )
        for name, value in _more_figures(figures):
            _append(summary, [name, value])
        months = workbook.create_sheet(_("By month"))
        _append(
            months,
            [
                _("Month"),
                _("Approved sales (yuan)"),
                _("Active shops"),
                _("Approved by the 10th"),
                _("Share approved by the 10th"),
            ],
        )
        for month, total, reporting in context["trend"]:
            on_time = reporting["on_time"]
            if reporting.get("due") is False:
                on_time = _("not due yet")
            _append(
                months,
                [month, _number(total), reporting["active"], on_time, Percent(reporting["share"])],
            )
        for title, rows in (
            (_("By county"), figures["sales"]["by_county"]),
            (_("By channel"), context["channels"]),
            (_("By cohort"), figures["sales"]["by_cohort"]),
        ):
            sheet = workbook.create_sheet(title)
            _append(sheet, [title, _("Approved sales (yuan)")])
            for name, total in rows.items():
                _append(sheet, [name, _number(total)])
        funnel = workbook.create_sheet(_("Funnel"))
        _append(
            funnel,
            [
                _("Cohort"),
                _("Certified"),
                _("Own a shop"),
                _("Shops that sold"),
                _("Jobs"),
                _("For poor households"),
            ],
        )
        for row in figures["funnel"]:
            _append(
                funnel,
                [
                    row["cohort"]["name"],
                    row["certified"],
                    row["shop_owners"],
                    row["selling_shops"],
                    row["jobs"],
                    row["poor_household_jobs"],
                ],
            )
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _more_figures(figures: dict) -> list[tuple]:
    """The figures the printed report shows below the headline ones, shares as percentages."""
    sales = figures["sales"]
    return [
        (_("Person-times trained"), figures["trained"]["person_times"]),
        (_("Certification rate"), Percent(figures["certificates"]["certification_rate"])),
        (_("Incubated shops in all"), figures["incubations"]["cumulative"]),
        (_("Sales on the 832 platform (yuan)"), _number(sales["platform_832"])),
        (_("Share of agricultural products"), Percent(sales["agricultural_share"])),
        (
            _("Median monthly sales of an active shop (yuan)"),
            _number(figures["median_monthly_sales"]),
        ),
        (_("People of the poor households benefited"), figures["poor_households"]["people"]),
        (_("Reports approved by the 10th"), Percent(figures["reporting"]["share"])),
    ]


def _append(sheet, values) -> None:
    """A row of the sheet, each cell through `machinery.exports` (readable, never a formula;
    a share as a percentage)."""
    sheet.append(xlsx_row(sheet, values))


def _number(value):
    """A figure kept as text (an exact decimal) as a number for the spreadsheet."""
    if value in (None, ""):
        return None
    return Decimal(value)
