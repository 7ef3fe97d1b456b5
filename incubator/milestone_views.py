"""A milestone's evidence (a screenshot that may show a shop's orders and customers),
handed out from the private storage to whoever sees the milestone: the shop's owners, the
coordinator of its county and programme managers. Anyone else is told it is not there.
"""

from pathlib import PurePath

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from incubator import scoping

# The image types the evidence check lets in (courses.image_forms), shown in the browser;
# any other file (stored before that check, or renamed) is only downloaded, as bytes.
INLINE_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
}


@require_safe
@login_required
def milestone_evidence(request, milestone_id: int):
    milestone = get_object_or_404(
        scoping.visible_milestones(request.user).select_related("shop"), pk=milestone_id
    )
    try:
        evidence = milestone.evidence.open("rb")
    except (FileNotFoundError, ValueError) as missing:  # ValueError: no file at all
        raise Http404(_("This screenshot is no longer stored.")) from missing
    suffix = PurePath(milestone.evidence.name).suffix.lower()
    content_type = INLINE_TYPES.get(suffix)
    response = FileResponse(
        evidence,
        as_attachment=content_type is None,
        filename=f"milestone-{milestone.pk}{suffix if content_type else '.bin'}",
        content_type=content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Whatever the file holds, nothing in it runs, even opened on its own.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    # Seen by a few people only: no shared cache keeps it.
    response["Cache-Control"] = "private, no-store"
    return response
