"""The shops' reminders (trainees/reminders.py): each owner of an incubating shop is
reminded, from the REMINDER_DAY of the month, of last month's sales report for each of the
shop's channels not yet sent (no report, or one still a draft or returned), once per shop
and month, before the report is due (incubator/sales_summary.py, the 10th)."""

import datetime
from collections.abc import Iterable

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from incubator.choices import ReportStatus, Stage
from incubator.models import SalesReport, Shop, ShopChannel
from incubator.sales_summary import REPORT_DUE_DAY
from incubator.values import add_months
from trainees.choices import SmsTemplate
from trainees.reminders import TRAINEE_SOURCES, Due

REMINDER_DAY = 5
SENT = (ReportStatus.SUBMITTED, ReportStatus.APPROVED)


def sales_reports_due(today: datetime.date) -> Iterable[Due]:
    if not REMINDER_DAY <= today.day <= REPORT_DUE_DAY:
        return
    month = add_months(today, -1)
    missing = ShopChannel.objects.filter(shop=OuterRef("pk")).exclude(
        Exists(
            SalesReport.objects.filter(
                shop=OuterRef("shop"),
                channel=OuterRef("channel"),
                month=month,
                status__in=SENT,
            )
        )
    )
    shops = (
        Shop.objects.filter(stage=Stage.INCUBATING, incubating_on__lte=month)
        .filter(Exists(missing))
        .prefetch_related("owners")
    )
    for shop in shops:
        for owner in shop.owners.all():
            params = {"shop": shop.name, "month": f"{month:%Y-%m}"}
            yield Due(
                kind=SmsTemplate.SALES_REPORT_DUE,
                key=f"sales:{shop.pk}:{month:%Y-%m}:trainee:{owner.pk}",
                trainee=owner,
                text=lambda params=params: (
                    _(
                        "Eagle programme: the sales report of %(shop)s for %(month)s is not sent "
                        "yet. Please send it by the 10th in My shop."
                    )
                    % params
                ),
                params=lambda params=params: params,
            )


# Every reminder of the daily run: the incubator sees both apps' records.
ALL_SOURCES = (*TRAINEE_SOURCES, sales_reports_due)
