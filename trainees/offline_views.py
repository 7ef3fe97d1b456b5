"""The pages and answers of learning without a connection (docs/learning.md, "Offline"):
the service worker, the web app manifest, the page shown offline when nothing is kept,
progress sent from the phone, and what a course saved for offline holds."""

import json

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from courses.models import CoursePage
from trainees import learning, offline, offline_course

MANIFEST_MAX_AGE = 24 * 60 * 60


def keep_offline(request) -> None:
    """Ask the service worker to keep this page for reading offline (the answer's
    `Eagle-Offline` header, trainees.middleware.OfflineHeadersMiddleware)."""
    request.eagle_offline_keep = True


@require_GET
def service_worker(request):
    """The site's service worker, plain JavaScript at the root so that its scope is the whole
    site; read afresh by browsers on each visit, so that a change reaches them."""
    response = HttpResponse(
        render_to_string("trainees/offline/sw.js", {"media_url": settings.MEDIA_URL}),
        content_type="text/javascript; charset=utf-8",
    )
    response["Service-Worker-Allowed"] = "/"
    add_never_cache_headers(response)
    patch_cache_control(response, no_cache=True)
    return response


@require_GET
def web_manifest(request):
    """The web app manifest in the reader's language: the programme's name and its icon on a
    phone's home screen, opening on My learning."""
    name = _("Eagle programme")
    manifest = {
        "name": name,
        "short_name": name,
        "lang": request.LANGUAGE_CODE,
        "start_url": reverse("learning_home"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#fbfaf7",
        "theme_color": "#8a3b12",
        "icons": [
            {"src": static("favicon.svg"), "sizes": "any", "type": "image/svg+xml"},
            {"src": static("icons/eagle-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("icons/eagle-512.png"), "sizes": "512x512", "type": "image/png"},
        ],
    }
    response = HttpResponse(
        json.dumps(manifest, ensure_ascii=False), content_type="application/manifest+json"
    )
    patch_cache_control(response, public=True, max_age=MANIFEST_MAX_AGE)
    return response


@require_GET
def offline_page(request):
    """What the service worker shows, in the reader's language, for a page not kept."""
    keep_offline(request)
    return render(request, "trainees/offline/offline.html")


def _refusal(message: str, status: int) -> JsonResponse:
    return JsonResponse({"status": "refused", "message": message}, status=status)


@require_POST
def progress_sent(request):
    """Progress made offline, sent by the phone (one item a request, JSON). Recorded through
    the services of progress made online, once for each id the phone made; what could not be
    kept (a lesson removed, an enrolment revoked, a quiz changed) is answered and kept."""
    if not request.user.is_authenticated:
        return _refusal(_("Log in to send the progress kept on this phone."), 403)
    trainee = learning.trainee_for_user(request.user)
    if trainee is None:
        return _refusal(_("Only trainees keep progress."), 403)
    try:
        sent = offline.parse_sent(request.body)
    except offline.BadProgress as bad:
        return _refusal(str(bad), 400)
    if sent.reader != offline.reader_token(request.user):
        return _refusal(
            _(
                "This progress was made on this phone by another account: log in as that "
                "account to send it."
            ),
            403,
        )
    try:
        row, before = offline.progress_receive(trainee=trainee, user=request.user, sent=sent)
    except offline.BadProgress as bad:
        return _refusal(str(bad), 400)
    except offline.NotYours:
        return _refusal(_("The progress sent has no valid id."), 400)
    return JsonResponse(
        {
            "status": "recorded" if row.recorded else "refused",
            "message": row.message,
            "again": before,
        }
    )


@require_GET
def course_offline(request, course_id: int):
    """What saving a course for offline downloads, for its enrolled trainee: its lessons'
    addresses, their pictures at phone size, its videos, their sizes and the versions."""
    course = get_object_or_404(CoursePage, pk=course_id)
    if not request.user.is_authenticated:
        return _refusal(_("Log in to save a course for offline."), 403)
    if learning.enrolment_for(user=request.user, course=course) is None:
        return _refusal(_("Enrol in the course to save it for offline."), 403)
    return JsonResponse(offline_course.course_listing(course, request))
