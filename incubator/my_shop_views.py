"""My shop: a shop's owners see its stage and milestones, fill in the month's sales report of
each channel, add and end jobs, and see the past months' sales, on a phone.

Only the shop's owners open it (others get 404: coordinators and managers work in the admin).
Each form posts to its own URL; what it sends goes to a service, whose ValidationError is
shown on the form with the page around it (status 400), and nothing is written.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from incubator import jobs, sales, shops
from incubator.choices import Channel
from incubator.forms import MilestoneForm, OwnerEndJobForm, OwnerJobForm, SalesReportForm
from incubator.models import Shop
from incubator.my_shop import (
    CHART_BAR_STEP,
    CHART_HEIGHT,
    CHART_MONTHS,
    month_to_report,
    overview,
    owned_shops,
)
from machinery.forms import show_service_errors
from machinery.page_messages import section_tag


def _own_shop(request, shop_id: int) -> Shop:
    return get_object_or_404(owned_shops(request.user), pk=shop_id)


def _page_url(shop: Shop, month=None, anchor: str = "") -> str:
    url = reverse("my_shop", args=[shop.pk])
    if month is not None:
        url += f"?month={month:%Y-%m}"
    return url + (f"#{anchor}" if anchor else "")


def _report_form(item) -> SalesReportForm:
    report = item.report
    initial = (
        {
            "sales": report.sales,
            "orders": report.orders,
            "agricultural_share": report.agricultural_share,
        }
        if report
        else {}
    )
    return SalesReportForm(prefix=item.channel.channel, initial=initial)


def _page(request, shop: Shop, month, *, sent=None, status: int = 200):
    """The whole page. `sent` is a form that came back with errors, shown in place of its
    empty one: ("report", channel, form), ("end", job_id, form), ("job", None, form) or
    ("milestone", None, form)."""
    kind, key, sent_form = sent or (None, None, None)

    def form_for(form_kind, form_key, make):
        return sent_form if (kind, key) == (form_kind, form_key) else make()

    data = overview(shop, month)
    for item in data.reports:
        item.form = form_for("report", item.channel.channel, lambda item=item: _report_form(item))
    for job in data.jobs:
        job.end_form = form_for(
            "end", job.pk, lambda job=job: OwnerEndJobForm(prefix=f"end-{job.pk}")
        )
    reached = {milestone.kind for milestone in data.milestones}
    context = {
        "overview": data,
        "job_form": form_for("job", None, lambda: OwnerJobForm(prefix="job")),
        "milestone_form": form_for(
            "milestone", None, lambda: MilestoneForm(prefix="milestone", reached=reached)
        ),
        "chart_height": CHART_HEIGHT,
        "chart_width": CHART_MONTHS * CHART_BAR_STEP,
        "sent": kind,
    }
    return render(request, "incubator/my_shop/shop.html", context, status=status)


@login_required
def my_shops(request):
    """Straight to the shop when the owner has one; a list when several; a word when none."""
    owned = list(owned_shops(request.user))
    if len(owned) == 1:
        return redirect("my_shop", shop_id=owned[0].pk)
    return render(request, "incubator/my_shop/shops.html", {"shops": owned})


@login_required
def my_shop(request, shop_id: int):
    shop = _own_shop(request, shop_id)
    return _page(request, shop, month_to_report(shop, request.GET.get("month")))


@require_POST
@login_required
def report_save(request, shop_id: int):
    shop = _own_shop(request, shop_id)
    channel = request.POST.get("channel", "")
    month = request.POST.get("month", "")
    form = SalesReportForm(request.POST, prefix=channel)
    form.is_valid()
    send = "send" in request.POST
    try:
        report = sales.sales_report_save(
            shop=shop, channel=channel, month=month, by=request.user, submit=send, **form.typed()
        )
    except ValidationError as error:
        show_service_errors(form, error)
        # What is not about a figure (a locked month, a report already sent, a channel the
        # shop does not sell on) goes above the page: that channel may show no form.
        for problem in form.non_field_errors():
            messages.error(request, problem, extra_tags=section_tag("report"))
        sent = ("report", channel, form)
        return _page(request, shop, month_to_report(shop, month), sent=sent, status=400)
    if send:
        done = _("Sent for approval: %(channel)s, %(month)s.")
    else:
        done = _("Saved as a draft: %(channel)s, %(month)s. Send it for approval when it is right.")
    label = Channel(report.channel).label
    messages.success(
        request,
        done % {"channel": label, "month": f"{report.month:%Y-%m}"},
        extra_tags=section_tag("report"),
    )
    return redirect(_page_url(shop, report.month, anchor="report"))


@require_POST
@login_required
def job_add(request, shop_id: int):
    shop = _own_shop(request, shop_id)
    form = OwnerJobForm(request.POST, prefix="job")
    form.is_valid()
    typed = form.typed()
    try:
        with transaction.atomic():
            household = jobs.household_by_number(
                registry_number=typed.pop("household_number"), county=shop.county
            )
            job = jobs.job_create(shop=shop, household=household, by=request.user, **typed)
    except ValidationError as error:
        show_service_errors(form, error)
        sent = ("job", None, form)
        return _page(request, shop, month_to_report(shop, None), sent=sent, status=400)
    added = _("Job added: %(worker)s.") % {"worker": job.worker_name}
    messages.success(request, added, extra_tags=section_tag("jobs"))
    return redirect(_page_url(shop, anchor="jobs"))


@require_POST
@login_required
def job_end(request, shop_id: int, job_id: int):
    shop = _own_shop(request, shop_id)
    job = get_object_or_404(shop.jobs.select_related("shop"), pk=job_id)
    form = OwnerEndJobForm(request.POST, prefix=f"end-{job.pk}")
    form.is_valid()
    try:
        job = jobs.job_end(job=job, by=request.user, **form.typed())
    except ValidationError as error:
        show_service_errors(form, error)
        sent = ("end", job.pk, form)
        return _page(request, shop, month_to_report(shop, None), sent=sent, status=400)
    ended = _("%(worker)s's last day: %(day)s.") % {"worker": job.worker_name, "day": job.ends_on}
    messages.success(request, ended, extra_tags=section_tag("jobs"))
    return redirect(_page_url(shop, anchor="jobs"))


@require_POST
@login_required
def milestone_add(request, shop_id: int):
    shop = _own_shop(request, shop_id)
    reached = set(shop.milestones.values_list("kind", flat=True))
    form = MilestoneForm(request.POST, request.FILES, prefix="milestone", reached=reached)
    form.is_valid()
    try:
        milestone = shops.milestone_record(shop=shop, by=request.user, **form.typed())
    except ValidationError as error:
        show_service_errors(form, error)
        sent = ("milestone", None, form)
        return _page(request, shop, month_to_report(shop, None), sent=sent, status=400)
    recorded = _("Milestone recorded: %(milestone)s.")
    messages.success(
        request,
        recorded % {"milestone": milestone.get_kind_display()},
        extra_tags=section_tag("milestones"),
    )
    return redirect(_page_url(shop, anchor="milestones"))


def learning_home_card(trainee, request) -> str | None:
    """The "My shop" card of "My learning" (trainees' LEARNING_HOME_EXTRAS_HOOK), for a
    trainee who owns a shop."""
    if not Shop.objects.filter(owners=trainee).exists():
        return None
    return render_to_string("incubator/my_shop/learning_card.html", request=request)
