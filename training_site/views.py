import posixpath
import sys
import threading

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, InterfaceError, OperationalError, connections
from django.http import Http404, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.static import serve

from wagtail.users.models import UserProfile

from machinery.cache_health import cache_answers
from training_site.database_deadline import deadline
from training_site.storage import is_disk_full

# /health/ gives the database this long: a load balancer's probe typically waits 2 s.
HEALTH_DATABASE_SECONDS = 1.5
# How long a browser or a proxy should wait before asking again while the database is away.
RETRY_AFTER_SECONDS = 30

DATABASE_UNAVAILABLE = _("The site is briefly unavailable")
DATABASE_UNAVAILABLE_TEXT = [
    _("Our database is not answering just now. If you were saving something, it was not saved."),
    _("Please wait a minute and try again."),
]
DISK_FULL = _("No room left to store files")
DISK_FULL_MESSAGE = _(
    "The server has no room left to store files, so what you sent was not stored and "
    "nothing was changed. Please tell the programme's administrator, then try again."
)
# A page that only reads can still need to write: a thumbnail (an image's rendition).
PREVIEW_DISK_FULL = _("No room left to make a preview")
PREVIEW_DISK_FULL_MESSAGE = _(
    "The server has no room left to store files, so a preview of the image could not be "
    "made. Nothing was changed. Please tell the programme's administrator, then try again."
)


@never_cache
@require_safe
def health(request):
    """What each dependency says, for a load balancer and for alerting (docs/deploy.md):
    503 when the database does not answer within HEALTH_DATABASE_SECONDS (this server
    cannot serve), 200 with "degraded" when only the cache is away (pages are served
    without it), 200 with "ok" otherwise."""
    database = database_answers(seconds=HEALTH_DATABASE_SECONDS)
    cache_reachable = cache_answers()
    body = {"database": database, "cache": cache_reachable}
    if not database:
        return JsonResponse({"status": "unavailable", **body}, status=503)
    return JsonResponse({"status": "ok" if cache_reachable else "degraded", **body})


def database_answers(*, seconds: float) -> bool:
    """Whether the database answers SELECT 1 within `seconds`, asked on a connection of its
    own in a thread of its own: never on the request's persistent connection, which may be
    the one stuck, and never waiting longer than `seconds` for a server that says nothing.
    A thread given up on ends by itself (connect_timeout, or the deadline cutting it)."""
    answered = []

    def ask() -> None:
        database = connections.create_connection(DEFAULT_DB_ALIAS)
        try:
            with deadline(seconds, database), database.cursor() as cursor:
                cursor.execute("SELECT 1")
                answered.append(cursor.fetchone())
        except DatabaseError:
            pass
        finally:
            database.close()

    asking = threading.Thread(target=ask, name="health-database", daemon=True)
    asking.start()
    asking.join(seconds)
    return bool(answered)


# Media folders no URL serves: Wagtail's documents go through its view (/documents/), which
# checks their collection's privacy and sends them so that nothing in them runs.
UNSERVED_MEDIA = ("documents",)


def development_media(request, path: str) -> HttpResponse:
    """MEDIA_ROOT under DEBUG (`runserver`), as the web server serves it in production:
    anything but documents. The path is read as `serve` reads it (`a/../documents`,
    `/documents`), and without case (a case-insensitive disk)."""
    first = posixpath.normpath(path).lstrip("/").split("/", 1)[0]
    if first.lower() in UNSERVED_MEDIA:
        raise Http404(path)
    return serve(request, path, document_root=settings.MEDIA_ROOT)


def fault_page(request, *, status: int, heading, paragraphs) -> HttpResponse:
    """A page saying what went wrong, in the language of the request, never cached.

    Rendered without context processors: the user, the session and Wagtail's
    settings all live in the database, which may be what is away.
    """
    html = render_to_string(
        "fault.html", {"heading": heading, "paragraphs": paragraphs, "path": request.path}
    )
    response = HttpResponse(html, status=status)
    response["Cache-Control"] = "no-store"
    return response


def database_unavailable(request) -> HttpResponse:
    response = fault_page(
        request, status=503, heading=DATABASE_UNAVAILABLE, paragraphs=DATABASE_UNAVAILABLE_TEXT
    )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _admin_language(request) -> str | None:
    """The language an admin user reads the admin in (Wagtail keeps it in their profile)."""
    if not request.path.startswith(reverse("wagtailadmin_home")):
        return None
    user = getattr(request, "user", None)
    try:
        if user is None or not user.is_authenticated:
            return None
        return UserProfile.get_for_user(user).get_preferred_language()
    except DatabaseError:  # the failed write may have left the transaction unusable
        return None


def disk_full(request) -> HttpResponse:
    """507 Insufficient Storage; Wagtail's multiple uploaders (XHR) read it from JSON.

    A request that sent nothing (GET, HEAD) failed making a file of its own, a thumbnail:
    it is not told that what it sent was not stored."""
    if request.method in ("GET", "HEAD"):
        heading, message = PREVIEW_DISK_FULL, PREVIEW_DISK_FULL_MESSAGE
    else:
        heading, message = DISK_FULL, DISK_FULL_MESSAGE
    with translation.override(_admin_language(request) or translation.get_language()):
        if request.headers.get("x-requested-with") == "XMLHttpRequest":
            # How Wagtail's uploaders answer a refused file, so they show the message.
            return JsonResponse({"success": False, "error_message": str(message)})
        return fault_page(request, status=507, heading=heading, paragraphs=[message])


def server_error(request) -> HttpResponse:
    """handler500: a database that went away (connection refused or lost) is a 503 that
    says to try again soon, a full disk a 507 that says nothing was stored; any other error
    is Django's plain 500.

    Django calls this inside its `except`, for an error raised in a view, a template or
    a middleware alike, so the exception being handled says which it is.
    """
    error = sys.exception()
    if isinstance(error, OperationalError | InterfaceError):
        return database_unavailable(request)
    if is_disk_full(error):
        return disk_full(request)
    return defaults.server_error(request)
