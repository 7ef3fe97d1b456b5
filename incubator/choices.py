from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from trainees.choices import SellingChannel


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Waiting for a decision")
    INFORMATION_ASKED = "information_asked", _("More information asked")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


# An application in these states is open: the trainee has one at most, and it is decided.
OPEN_APPLICATION_STATUSES = frozenset(
    {ApplicationStatus.SUBMITTED, ApplicationStatus.INFORMATION_ASKED}
)


class ApplicationMessageKind(models.TextChoices):
    QUESTION = "question", pgettext_lazy("application thread", "Question")
    ANSWER = "answer", pgettext_lazy("application thread", "Answer")


class ShopCategory(models.TextChoices):
    PRODUCE = "produce", _("Fruit, vegetables and grain")
    LIVESTOCK = "livestock", _("Yak meat, dairy and other livestock products")
    HERBS_FUNGI = "herbs_fungi", _("Matsutake, cordyceps and other herbs and fungi")
    TEA_SPICES = "tea_spices", _("Tea, Sichuan pepper and spices")
    HANDICRAFTS = "handicrafts", _("Tibetan handicrafts and embroidery")
    TOURISM = "tourism", _("Rural tourism and homestays")
    SERVICES = "services", _("E-commerce services")
    OTHER = "other", _("Other")


class IncomeWay(models.TextChoices):
    """The five ways of driving incomes (五个带动). An application says which ones the trainee
    means to use (a boolean `drives_<value>` each); what each way did is recorded by its own
    records (docs/incubator.md, "The five ways") and counted by outcomes/five_ways.py."""

    OWN_SHOP = "own_shop", _("Own online shop")
    INDUSTRY = "industry", _("E-commerce industry")
    START_UP = "start_up", _("Starting a business")
    EMPLOYMENT = "employment", _("Employment")
    SHAREHOLDING = "shareholding", _("Shareholding")


def income_way_field(way: str) -> str:
    """The Application field that says whether the trainee means to drive incomes in `way`."""
    return f"drives_{way}"


class Stage(models.TextChoices):
    APPLIED = "applied", _("Applied")
    INCUBATING = "incubating", _("Incubating")
    GRADUATED = "graduated", _("Graduated")
    CLOSED = "closed", _("Closed")


# The field holding the day a shop entered each stage.
STAGE_DATE_FIELDS = {
    Stage.APPLIED: "applied_on",
    Stage.INCUBATING: "incubating_on",
    Stage.GRADUATED: "graduated_on",
    Stage.CLOSED: "closed_on",
}

# Where a shop may go from each stage.
STAGE_TRANSITIONS = {
    Stage.APPLIED: frozenset({Stage.INCUBATING, Stage.CLOSED}),
    Stage.INCUBATING: frozenset({Stage.GRADUATED, Stage.CLOSED}),
    Stage.GRADUATED: frozenset({Stage.CLOSED}),
    Stage.CLOSED: frozenset(),
}


# The channels a shop sells on are those a trainee reports at a follow-up: one list,
# kept with the trainees (the lower layer).
Channel = SellingChannel


class MilestoneKind(models.TextChoices):
    FIRST_LISTING = "first_listing", _("First listing live")
    FIRST_ORDER = "first_order", _("First order")
    ORDERS_100 = "orders_100", _("First 100 orders")
    ORDERS_1000 = "orders_1000", _("First 1,000 orders")
    MONTH_10000 = "month_10000", _("First month over 10,000 yuan")
    MONTH_100000 = "month_100000", _("First month over 100,000 yuan")
    FIRST_EMPLOYEE = "first_employee", _("First employee")
    FIRST_LIVESTREAM = "first_livestream", _("First livestream sale")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")


# A report in these states may still be edited by the shop.
EDITABLE_REPORT_STATUSES = frozenset({ReportStatus.DRAFT, ReportStatus.RETURNED})


class JobKind(models.TextChoices):
    FULL_TIME = "full_time", _("Full-time")
    PART_TIME = "part_time", _("Part-time")
    SEASONAL = "seasonal", _("Seasonal")


class EnterpriseKind(models.TextChoices):
    CO_OPERATIVE = "co_operative", _("Co-operative")
    COMPANY = "company", _("Company")
