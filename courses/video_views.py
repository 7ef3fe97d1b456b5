"""A smaller copy of an uploaded video, served as its document is: with the document's
collection privacy (Wagtail's `before_serve_document` hooks), `nosniff` and a CSP that lets
nothing run. Only a copy that is ready and made from the document's current file is served
(courses/videos.py); its address names its file, so a new file gets a new address.

A player asks for part of a file (a Range request) to start in the middle or to go on after
a dropped connection; one range is answered with 206 and that part only.
"""

import re
from pathlib import Path

from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from wagtail import hooks
from wagtail.documents import get_document_model

from courses.choices import VideoRenditionStatus
from courses.video_choice import content_type

RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
CHUNK_BYTES = 64 * 1024
# Copies are named after the file they were made from: one address never changes content.
CACHE_CONTROL = "private, max-age=604800"


@require_safe
def video_rendition(request, document_id: int, filename: str):
    document = get_object_or_404(get_document_model(), pk=document_id)
    rendition = next(
        (
            rendition
            for rendition in document.video_renditions.filter(
                status=VideoRenditionStatus.READY, source_name=document.file.name
            )
            if rendition.file and Path(rendition.file.name).name == filename
        ),
        None,
    )
    if rendition is None:
        raise Http404("No such copy of this video.")
    for before_serve in hooks.get_hooks("before_serve_document"):
        refused = before_serve(document, request)
        if isinstance(refused, HttpResponse):
            return refused
    response = ranged_file_response(
        request, rendition.file, rendition.size, content_type(rendition.file.name)
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'"
    response["Cache-Control"] = CACHE_CONTROL
    return response


def requested_range(header: str | None, size: int) -> tuple[int, int] | None | bool:
    """(first, last) byte of the one range asked for; None for the whole file (no Range, or
    one this view does not answer in part, such as several ranges); False when the range
    lies outside the file."""
    match = RANGE.match((header or "").replace(" ", ""))
    if not match or not (match[1] or match[2]):
        return None
    if match[1]:
        first = int(match[1])
        last = min(int(match[2]), size - 1) if match[2] else size - 1
    else:  # the last N bytes
        first, last = max(size - int(match[2]), 0), size - 1
    if first > last or first >= size:
        return False
    return first, last


def ranged_file_response(request, file, size: int, content_type: str) -> HttpResponse:
    wanted = requested_range(request.headers.get("Range"), size)
    if wanted is False:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        return response
    opened = file.open("rb")
    if wanted is None:
        response = FileResponse(opened, content_type=content_type)
        response["Content-Length"] = size
    else:
        first, last = wanted
        opened.seek(first)
        response = StreamingHttpResponse(
            _chunks(opened, last - first + 1), status=206, content_type=content_type
        )
        response["Content-Range"] = f"bytes {first}-{last}/{size}"
        response["Content-Length"] = last - first + 1
    response["Accept-Ranges"] = "bytes"
    return response


def _chunks(opened, length: int):
    try:
        while length > 0:
            chunk = opened.read(min(CHUNK_BYTES, length))
            if not chunk:
                break
            length -= len(chunk)
            yield chunk
    finally:
        opened.close()
