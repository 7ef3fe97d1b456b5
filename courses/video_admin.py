"""The admin's "Videos": each uploaded video with its smaller copies (courses/videos.py),
how far each is, its size, and why one failed or is not needed; and "Try again" for the
copies that failed, or "Make smaller copies" for a video that has none yet.

Everyone who may choose documents (instructors, programme managers) sees the videos they may
choose; only those who may change a video (who uploaded it, or a manager) ask for its
copies again. A copy whose worker stopped is shown as failed as soon as its lease expired.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from wagtail.admin.auth import user_passes_test
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet
from wagtail.documents import get_document_model
from wagtail.permissions import policy_registry

from courses.choices import VideoKind, VideoRenditionStatus
from courses.models import VideoRendition
from courses.videos import (
    VIDEO_EXTENSIONS,
    stopped_renditions_sweep,
    video_renditions_retry,
)

PAGE_SIZE = 25


def permission_policy():
    """Wagtail's permissions on documents (collections, and who uploaded each)."""
    return policy_registry.get_by_type(get_document_model())


def may_see_videos(user) -> bool:
    return permission_policy().user_has_any_permission(user, ["add", "change", "choose"])


def video_documents(user):
    """The videos `user` may choose or change, newest first."""
    is_video = Q()
    for extension in sorted(VIDEO_EXTENSIONS):
        is_video |= Q(file__iendswith=f".{extension}")
    return (
        permission_policy()
        .instances_user_has_any_permission_for(user, ["choose", "change"])
        .filter(is_video)
        .order_by("-created_at", "-pk")
    )


class VideoListView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "courses/admin/videos.html"
    page_title = gettext_lazy("Videos")
    header_icon = "media"
    again_url_name = ""

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        documents = Paginator(video_documents(self.request.user), PAGE_SIZE).get_page(
            self.request.GET.get("p")
        )
        ids = [document.pk for document in documents]
        stopped_renditions_sweep(ids)
        changeable = set(
            permission_policy()
            .instances_user_has_permission_for(self.request.user, "change")
            .filter(pk__in=ids)
            .values_list("pk", flat=True)
        )
        shown = (
            get_document_model()
            .objects.filter(pk__in=ids)
            .prefetch_related(Prefetch("video_renditions", queryset=VideoRendition.objects.all()))
            .in_bulk()
        )
        context.update(
            documents=documents,
            videos=[video_row(shown[pk], may_change=pk in changeable) for pk in ids],
            kinds=VideoKind.choices,
            again_url_name=self.again_url_name,
        )
        return context


def video_row(document, *, may_change: bool) -> dict:
    current = {
        rendition.kind: rendition
        for rendition in document.video_renditions.all()
        if rendition.source_name == document.file.name
    }
    copies = [current.get(kind) for kind in VideoKind.values]
    failed = any(copy and copy.status == VideoRenditionStatus.FAILED for copy in copies)
    return {
        "document": document,
        "copies": copies,
        "may_retry": may_change and (failed or not current),
        "none_yet": not current,
    }


def again(request, document_id: int, *, index_url_name: str):
    document = get_object_or_404(video_documents(request.user), pk=document_id)
    if not permission_policy().user_has_permission_for_instance(request.user, "change", document):
        messages.error(request, _("Only who uploaded this video, or a manager, can do that."))
        return redirect(index_url_name)
    queued = video_renditions_retry(document=document)
    if queued:
        messages.success(
            request,
            _("The smaller copies of “%(title)s” are being made again.")
            % {"title": document.title},
        )
    else:
        messages.info(
            request,
            _("No copy of “%(title)s” needs to be made again.") % {"title": document.title},
        )
    return redirect(index_url_name)


class VideoRenditionsViewSet(ViewSet):
    name = "videos"
    url_prefix = "videos"
    icon = "media"
    add_to_admin_menu = True
    menu_label = gettext_lazy("Videos")
    menu_order = 410  # after Documents

    @property
    def menu_item_class(self):
        class VideosMenuItem(MenuItem):
            def is_shown(self, request):
                return may_see_videos(request.user)

        return VideosMenuItem

    def get_urlpatterns(self):
        allowed = user_passes_test(may_see_videos)
        index_url_name = self.get_url_name("index")

        def again_view(request, document_id):
            return again(request, document_id, index_url_name=index_url_name)

        return [
            path(
                "",
                allowed(VideoListView.as_view(again_url_name=self.get_url_name("again"))),
                name="index",
            ),
            path("<int:document_id>/again/", allowed(require_POST(again_view)), name="again"),
        ]
