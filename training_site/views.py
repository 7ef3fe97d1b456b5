import sys

from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

# How long a browser or a proxy should wait before asking again while the database is away.
RETRY_AFTER_SECONDS = 30


@never_cache
@require_safe
def health(request):
    """200 when the database answers, 503 when it does not (for load balancers)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": False}, status=503)
    return JsonResponse({"status": "ok", "database": True})


def database_unavailable(request) -> HttpResponse:
    """The page shown while the database cannot be reached, in the request's language.

    Rendered without context processors: the user, the session and Wagtail's settings
    all live in the database that is away.
    """
    response = HttpResponse(render_to_string("503.html", {"path": request.path}), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request) -> HttpResponse:
    """handler500: a database that went away (connection refused or lost) is a 503 that
    says to try again soon; any other error is Django's plain 500.

    Django calls this inside its `except`, for an error raised in a view, a template or
    a middleware alike, so the exception being handled says which it is.
    """
    if isinstance(sys.exception(), OperationalError | InterfaceError):
        return database_unavailable(request)
    return defaults.server_error(request)
