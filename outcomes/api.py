"""`GET /api/outcomes/`: the figures as JSON for other government systems, behind a token.

The token comes in `Authorization: Bearer <token>` (outcomes/tokens.py); the query
parameters are the dashboard's (outcomes/params.py), the area within the token's county.
The API speaks English whatever the request's language, so that its answers do not change
with a header. No session, no CSRF (no cookie is read), never stored by a proxy.
"""

from django.http import JsonResponse
from django.utils import timezone, translation
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from outcomes import follow_ups, indicators
from outcomes.models import Snapshot
from outcomes.params import AreaNotFound, BadParameter, scope_within
from outcomes.published import current, differences
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
        "figures": figures(scope),
    }


def figures(scope) -> dict:
    """Every indicator (`indicators.compute`) and the follow-ups of certified trainees."""
    return {**indicators.compute(scope), "follow_ups": follow_ups.follow_ups(scope)}


def _token_or_refusal(request):
    """(the request's valid token, None), or (None, the answer refusing the request)."""
    if request.method != "GET":
        response = _error("Only GET is allowed.", 405)
        response["Allow"] = "GET"
        return None, response
    check = token_for(_bearer_token(request))
    if check.token is None:
        return None, _refused(check.refusal)
    token_used(check.token)
    return check.token, None


@csrf_exempt  # no cookie is read: a POST gets its 405 below rather than a CSRF page
@never_cache
def outcomes(request):
    with translation.override("en"):
        token, refusal = _token_or_refusal(request)
        if refusal:
            return refusal
        # The token is checked on the main database (a revoked one is refused at once);
        # the figures come from the read replica when there is one.
        with outcomes_reads():
            try:
                scope = scope_within(request.GET, token.county_id)
            except AreaNotFound as error:
                return _error(str(error), 404)
            except BadParameter as error:
                return _error(str(error), 400)
            answer = _answer(scope)
        return JsonResponse(as_json(answer), json_dumps_params={"ensure_ascii": False})


# Published figures: the current ones (not withdrawn), and each one with its history.


def _local(moment):
    return timezone.localtime(moment).isoformat() if moment else None


def _published(snapshot: Snapshot) -> dict:
    filters = snapshot.filters or {}
    return {
        "id": snapshot.pk,
        "area": {"code": snapshot.area_code, "name": snapshot.area_name},
        "period": snapshot.period,
        "filters": {
            "track": filters.get("track"),
            "cohort": filters.get("cohort"),
            "channel": filters.get("channel"),
        },
        "filters_text": dict(snapshot.filters_shown()),
        "published_at": _local(snapshot.published_at),
        "corrected": snapshot.corrected_at is not None,
        "corrected_at": _local(snapshot.corrected_at),
        "withdrawn_at": _local(snapshot.withdrawn_at),
        "note": snapshot.note,
        "calculation_version": snapshot.calculation_version,
    }


def _visible(token):
    snapshots = Snapshot.objects.all()
    if token.county_id is not None:
        snapshots = snapshots.filter(county_id=token.county_id)
    return snapshots


@csrf_exempt
@never_cache
def published_list(request):
    """`GET /api/outcomes/published/`: the current published figures (withdrawn ones are
    left out) of the token's area, newest first, without their figures (read each one)."""
    with translation.override("en"):
        token, refusal = _token_or_refusal(request)
        if refusal:
            return refusal
        listed = current(_visible(token)).order_by("-published_at", "-pk")[:500]
        answer = {"published": [_published(snapshot) for snapshot in listed]}
        return JsonResponse(answer, json_dumps_params={"ensure_ascii": False})


@csrf_exempt
@never_cache
def published_one(request, pk: int):
    """`GET /api/outcomes/published/<id>/`: one published figure with its figures and history
    (a withdrawn one too: `withdrawn_at` says so)."""
    with translation.override("en"):
        token, refusal = _token_or_refusal(request)
        if refusal:
            return refusal
        snapshot = _visible(token).filter(pk=pk).first()
        if snapshot is None:
            return _error("No published figures have this id.", 404)
        answer = {
            **_published(snapshot),
            "figures": snapshot.figures,
            "history": [
                {
                    "change": change.kind,
                    "at": _local(change.made_at),
                    "reason": change.reason,
                    "calculation_version": {
                        "before": change.old_calculation_version,
                        "after": change.new_calculation_version,
                    },
                    "values": [
                        {"indicator": row["key"], "before": row["old"], "after": row["new"]}
                        for row in differences(change.old_figures, change.new_figures)
                    ],
                }
                for change in snapshot.changes.all()
            ],
        }
        return JsonResponse(as_json(answer), json_dumps_params={"ensure_ascii": False})
