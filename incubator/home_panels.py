"""The incubator's panels of the coordinator's home (trainees/home_panels.py): applications
waiting for a decision and sales reports waiting for approval, of the user's county (a
programme manager's: every county), each from two queries."""

from django.urls import reverse
from django.utils.translation import gettext as _

from incubator import scoping
from incubator.choices import ApplicationStatus, ReportStatus
from incubator.models import SalesReport
from machinery import scoping as machinery_scoping
from machinery.admin.home import HomePanel, Line
from machinery.display import local_text
from trainees.home_panels import LINES_SHOWN
from trainees.scoping import runs_a_county, visible_counties


def waiting_applications(user):
    return scoping.visible_applications(user).filter(
        status=ApplicationStatus.SUBMITTED, county__in=visible_counties(user)
    )


def waiting_reports(user):
    return machinery_scoping.visible_records(SalesReport, user).filter(
        status=ReportStatus.SUBMITTED, shop__county__in=visible_counties(user)
    )


def applications_panel(user) -> HomePanel:
    applications = waiting_applications(user)
    shown = applications.select_related("trainee").order_by("submitted_at")[:LINES_SHOWN]
    return HomePanel(
        name="applications",
        title=_("Applications waiting for a decision"),
        count=applications.count(),
        lines=[
            Line(
                text=f"{application.shop_name} · {application.trainee.name}",
                url=reverse("application:inspect", args=[application.pk]),
                detail=local_text(application.submitted_at),
            )
            for application in shown
        ],
        empty=_("No application waiting."),
        more_url=f"{reverse('application:index')}?status={ApplicationStatus.SUBMITTED}",
        more_label=_("All applications waiting"),
        order=20,
    )


def reports_panel(user) -> HomePanel:
    reports = waiting_reports(user)
    shown = reports.select_related("shop").order_by("month", "shop__name")[:LINES_SHOWN]
    return HomePanel(
        name="reports",
        title=_("Sales reports waiting for approval"),
        count=reports.count(),
        lines=[
            Line(
                text=f"{report.shop.name} · {report.get_channel_display()}",
                url=reverse("salesreport:inspect", args=[report.pk]),
                detail=f"{report.month:%Y-%m}",
            )
            for report in shown
        ],
        empty=_("No sales report waiting."),
        more_url=f"{reverse('salesreport:index')}?status={ReportStatus.SUBMITTED}",
        more_label=_("All reports waiting"),
        order=30,
    )


def incubator_panels(request, panels: list) -> None:
    """`construct_homepage_panels`: the incubator's panels of whoever runs a county."""
    if runs_a_county(request.user):
        panels += [applications_panel(request.user), reports_panel(request.user)]
