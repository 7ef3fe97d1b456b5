"""The trainee's follow-up form, on their phone (trainees/follow_ups.py): reached by the
signed link of their text message, without logging in, in the language of its address."""

from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from courses.translations import page_in_reader_language
from trainees import follow_ups, reminders
from trainees.forms import FollowUpAnswerForm


@never_cache
def follow_up_form(request, token: str):
    try:
        follow_up = follow_ups.follow_up_from_token(token)
    except follow_ups.LinkRefused:
        return render(request, "trainees/follow_ups/link_refused.html", status=404)
    if follow_up.is_answered:
        return _already_answered(request, follow_up)
    form = FollowUpAnswerForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            follow_ups.follow_up_answer(follow_up=follow_up, **form.cleaned_data)
        except follow_ups.AlreadyAnswered:
            return _already_answered(request, follow_up)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return render(request, "trainees/follow_ups/thanks.html")
    course = page_in_reader_language(follow_up.certificate.enrolment.course)
    return render(
        request,
        "trainees/follow_ups/form.html",
        {"form": form, "follow_up": follow_up, "course_title": course.title, "token": token},
        status=400 if form.errors else 200,
    )


def _already_answered(request, follow_up):
    follow_up.refresh_from_db(fields=["answered_at"])
    return render(
        request,
        "trainees/follow_ups/answered.html",
        {"message": follow_ups.already_answered_message(follow_up)},
    )


@require_POST
def no_more_reminders(request, token: str):
    """The button under the form: the trainee wants no more text reminders."""
    try:
        follow_up = follow_ups.follow_up_from_token(token)
    except follow_ups.LinkRefused:
        return render(request, "trainees/follow_ups/link_refused.html", status=404)
    reminders.reminders_stop(trainee=follow_up.certificate.enrolment.trainee)
    return render(request, "trainees/follow_ups/no_more_reminders.html")
