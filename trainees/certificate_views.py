from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from machinery.database_work import report_work
from trainees import certificate_pdf, scoping
from trainees.models import Certificate


def user_can_download(user, certificate: Certificate) -> bool:
    trainee = certificate.enrolment.trainee
    return (trainee.user_id is not None and trainee.user_id == user.pk) or scoping.runs_county(
        user, trainee.county_id
    )


@report_work
@login_required
@require_GET
def certificate_pdf_download(request, number: str):
    """The certificate as a PDF, for its trainee, their county's coordinator and managers.

    Anyone else gets 404, as for a number that does not exist: certificate
    numbers are not meant to be tried out.
    """
    certificate = (
        Certificate.objects.select_related("enrolment__trainee", "enrolment__course")
        .filter(number=number)
        .first()
    )
    if certificate is None or not user_can_download(request.user, certificate):
        raise Http404
    if not certificate.is_valid:
        return render(
            request,
            "trainees/certificates/revoked.html",
            {"certificate": certificate},
            status=410,
        )
    pdf = certificate_pdf.certificate_pdf(certificate=certificate, request=request)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{certificate.number}.pdf"'
    return response
