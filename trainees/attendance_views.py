import segno

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from trainees import attendance
from trainees.models import Attendance, CohortSession

# How a refused check-in answers: the message is the same for a person, the status for machines.
CHECK_IN_REFUSAL_STATUS = {"unknown_code": 404, "not_enrolled": 403}


@login_required
@require_http_methods(["GET", "POST"])
def session_attendance(request, session_id: int):
    """The coordinator's page for a class: tick who is there, or show the check-in QR code."""
    session = get_object_or_404(
        CohortSession.objects.select_related("cohort__county"), pk=session_id
    )
    if not attendance.user_can_take_attendance(request.user, session):
        raise PermissionDenied
    status = 200
    if request.method == "POST":
        try:
            present_ids = [int(value) for value in request.POST.getlist("present")]
            attendance.attendance_roster_save(session=session, present_trainee_ids=present_ids)
        except ValueError:
            messages.error(request, _("The form was not filled in as expected; reload the page."))
            status = 400
        except attendance.AttendanceError as error:
            messages.error(request, error.message)
            status = 400
        else:
            messages.success(request, _("Attendance saved."))
            return redirect("attendance_session", session_id=session.pk)
    check_in_url = request.build_absolute_uri(
        reverse("attendance_check_in", args=[session.check_in_code])
    )
    roster = attendance.session_roster(session)
    context = {
        "session": session,
        "roster": roster,
        "present_count": sum(1 for _t, a in roster if a is not None and a.present),
        "check_in_url": check_in_url,
        # segno writes the SVG itself from the URL alone: nothing user-written goes into it.
        "check_in_qr_svg": mark_safe(  # noqa: S308
            segno.make(check_in_url, error="m").svg_inline(border=2, omitsize=True)
        ),
    }
    return render(request, "trainees/attendance/session.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def check_in(request, code: str):
    """A trainee scanned the class's QR code: a button to check in (a GET writes nothing)."""
    try:
        if request.method == "POST":
            result = attendance.attendance_check_in(code=code, user=request.user)
            return render(
                request,
                "trainees/attendance/checked_in.html",
                {"session": result.attendance.session, "already": result.already_checked_in},
            )
        session = attendance.check_in_session(code=code, user=request.user)
    except attendance.AttendanceError as error:
        return render(
            request,
            "trainees/attendance/check_in_refused.html",
            {"message": error.message},
            status=CHECK_IN_REFUSAL_STATUS.get(error.code, 400),
        )
    already = Attendance.objects.filter(
        session=session, trainee__user=request.user, present=True
    ).exists()
    if already:
        return render(
            request, "trainees/attendance/checked_in.html", {"session": session, "already": True}
        )
    return render(request, "trainees/attendance/check_in.html", {"session": session, "code": code})
