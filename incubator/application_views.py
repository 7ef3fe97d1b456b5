"""Applying for incubation, on the public site: a certified trainee sends an application from
"My learning", follows its state there (waiting, a question to answer, accepted, declined),
and answers the coordinator's question. Coordinators decide in the admin
(incubator/admin_views.py). Every rule is in incubator/shops.py; a refusal is shown on the form
(status 400) and nothing is written.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from courses.translations import pages_in_reader_language
from incubator import shops
from incubator.choices import ApplicationStatus, IncomeWay, income_way_field
from incubator.forms import AnswerForm, ApplicationForm
from incubator.models import Application, Shop
from machinery.forms import show_service_errors
from trainees import learning

# The id of the card on "My learning", where the forms send the trainee back to.
CARD = "incubation"


def _home() -> str:
    return reverse("learning_home") + "#" + CARD


def _courses_to_finish(trainee) -> list[str]:
    """The titles of the trainee's courses without a certificate yet, in the reader's
    language where the course has a translation."""
    courses = [
        enrolment.course
        for enrolment in trainee.enrolments.filter(certificate__isnull=True)
        .select_related("course")
        .order_by("-enrolled_at")
    ]
    return [course.title for course in pages_in_reader_language(courses)]


def _apply_page(request, trainee, form, *, product_errors=(), status=200):
    context = {
        "trainee": trainee,
        "form": form,
        "product_errors": product_errors,
        "why_not": shops.why_cannot_apply(trainee),
        "certified": shops.holds_valid_certificate(trainee),
        "courses_to_finish": _courses_to_finish(trainee),
    }
    return render(request, "incubator/application/apply.html", context, status=status)


@login_required
def apply(request):
    """The application form; a trainee who cannot apply yet reads why instead."""
    trainee = learning.trainee_for_user(request.user)
    if trainee is None:
        return redirect("learning_home")
    if request.method != "POST":
        return _apply_page(request, trainee, ApplicationForm())
    form = ApplicationForm(request.POST)
    try:
        shops.application_submit(trainee=trainee, by=request.user, **form.service_values())
    except ValidationError as error:
        product_errors = []
        if hasattr(error, "error_dict") and "products" in error.error_dict:
            product_errors = ValidationError(error.error_dict.pop("products")).messages
        if not hasattr(error, "error_dict") or error.error_dict:
            show_service_errors(form, error)
        return _apply_page(request, trainee, form, product_errors=product_errors, status=400)
    messages.success(
        request,
        _(
            "Your application is sent. Your county's coordinator decides it; "
            "you will read the answer here."
        ),
    )
    return redirect(_home())


def _own_application(request, application_id: int) -> Application:
    """The trainee's own application; anyone else's is not there (404)."""
    return get_object_or_404(
        Application.objects.select_related("trainee"),
        pk=application_id,
        trainee__user=request.user,
    )


@login_required
def answer(request, application_id: int):
    """The trainee's answer to the coordinator's question (the form is on "My learning" too)."""
    application = _own_application(request, application_id)
    form = AnswerForm(request.POST or None)
    status = 200
    if request.method == "POST":
        try:
            shops.application_answer(application=application, by=request.user, **form.typed())
        except ValidationError as error:
            show_service_errors(form, error)
            status = 400
        else:
            messages.success(
                request, _("Your answer is sent: the application waits for a decision again.")
            )
            return redirect(_home())
    context = {
        "application": application,
        "question": shops.latest_question(application),
        "form": form,
    }
    return render(request, "incubator/application/answer.html", context, status=status)


def _news(application: Application) -> str:
    """What the trainee is told the first time they come after a decision or a question."""
    shop = application.shop_name
    if application.status == ApplicationStatus.ACCEPTED:
        return _("Your application for %(shop)s is accepted: your shop is incubating.") % {
            "shop": shop
        }
    if application.status == ApplicationStatus.DECLINED:
        return _("Your application for %(shop)s is declined. Read why below.") % {"shop": shop}
    return _(
        "Your county's coordinator asks a question about your application for %(shop)s: "
        "answer it below."
    ) % {"shop": shop}


def learning_home_card(trainee, request) -> str | None:
    """The incubation card of "My learning" (trainees' LEARNING_HOME_EXTRAS_HOOK): the latest
    application's state, or the way to apply, or why the trainee cannot apply yet. Nothing
    for the owner of a shop added without an application."""
    application = (
        Application.objects.filter(trainee=trainee)
        .select_related("shop")
        .prefetch_related("thread", "products__geographical_indication")
        .order_by("-submitted_at")
        .first()
    )
    if application is None and Shop.objects.filter(owners=trainee).exists():
        return None
    if application is not None and application.trainee_has_news:
        messages.info(request, _news(application))
        shops.application_news_seen(application=application)
    why_not = shops.why_cannot_apply(trainee)
    context = {
        "application": application,
        "card": CARD,
        "certified": shops.holds_valid_certificate(trainee),
        "may_apply": why_not is None
        and (application is None or application.status == ApplicationStatus.DECLINED),
        "courses_to_finish": _courses_to_finish(trainee),
        "answer_form": AnswerForm(),
        "ways": [
            way.label
            for way in IncomeWay
            if application is not None and getattr(application, income_way_field(way.value))
        ],
    }
    return render_to_string("incubator/application/learning_card.html", context, request=request)
