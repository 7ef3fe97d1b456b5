from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET, require_safe

from machinery.database_work import report_work
from trainees import certificate_pdf, certificate_signing, scoping
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


# What the verification page keeps for checking certificates without a connection
# (trainees/certificate_signing.py). Public, the same in every language, readable from
# other sites (an employer's own tool may check statements too).

KEYS_MAX_AGE = 60 * 60
REVOCATIONS_MAX_AGE = 5 * 60


def _public_json(document: dict, *, max_age: int) -> JsonResponse:
    response = JsonResponse(document)
    patch_cache_control(response, public=True, max_age=max_age)
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
def certificate_keys(request):
    """The programme's public keys, by id. Cached for an hour: a new key is published
    before it signs (docs/deploy.md, Certificate signing keys)."""
    return _public_json(certificate_signing.public_keys_document(), max_age=KEYS_MAX_AGE)


@require_safe
def certificate_revocations(request):
    """Every certificate number revoked, with the time the list was made, signed. Cached for
    five minutes: a certificate revoked now is on the lists phones keep within that."""
    return _public_json(certificate_signing.revocation_list(), max_age=REVOCATIONS_MAX_AGE)
