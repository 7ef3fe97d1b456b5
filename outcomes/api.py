"""`GET /api/outcomes/`: the figures as JSON for other government systems, behind a token.

The token comes in `Authorization: Bearer <token>` (outcomes/tokens.py); the query
parameters are the dashboard's (outcomes/params.py), the area within the token's county.
The API speaks English whatever the request's language, so that its answers do not change
with a header. No session, no CSRF (no cookie is read), never stored by a proxy.
"""

from django.http import JsonResponse
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from outcomes import indicators
from outcomes.params import AreaNotFound, BadParameter, scope_within
from outcomes.serialize import as_json
from outcomes.tokens import token_for, token_used
from training_site.db_router import outcomes_reads

BEARER = "bearer "


def _error(message: str, status: int) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


def _refused(message: str) -> JsonResponse:
    response = _error(message, 401)
    response["WWW-Authenticate"] = 'Bearer realm="outcomes"'
    return response


def _bearer_token(request) -> str:
    header = request.headers.get("Authorization", "")
    if header[: len(BEARER)].lower() != BEARER:
        return ""
    return header[len(BEARER) :].strip()


def _answer(scope) -> dict:
    area, period = scope.area, scope.period
    return {
        "area": {"level": area.level, "code": area.code, "name": str(area)},
        "period": {"text": period.text, "start": period.start, "end": period.end},
        "filters": {
            "track": {"id": scope.track.pk, "title": scope.track.title} if scope.track else None,
            "cohort": scope.cohort,
            "channel": scope.channel or None,
        },
        "calculation_version": indicators.CALCULATION_VERSION,
        "figures": indicators.compute(scope),
    }


@csrf_exempt  # no cookie is read: a POST gets its 405 below rather than a CSRF page
@never_cache
def outcomes(request):
    with translation.override("en"):
        if request.method != "GET":
            response = _error("Only GET is allowed.", 405)
            response["Allow"] = "GET"
            return response
        check = token_for(_bearer_token(request))
        if check.token is None:
            return _refused(check.refusal)
        token_used(check.token)
        # The token is checked on the main database (a revoked one is refused at once);
        # the figures come from the read replica when there is one.
        with outcomes_reads():
            try:
                scope = scope_within(request.GET, check.token.county_id)
            except AreaNotFound as error:
                return _error(str(error), 404)
            except BadParameter as error:
                return _error(str(error), 400)
            answer = _answer(scope)
        return JsonResponse(as_json(answer), json_dumps_params={"ensure_ascii": False})
