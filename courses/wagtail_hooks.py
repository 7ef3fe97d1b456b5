"""The admin tells an instructor the address a new lesson got (courses/lesson_slugs.py), and
lists the videos with their smaller copies (courses/video_admin.py); the page history quotes
workflow names in the reader's language (courses/workflow_names.py)."""

from django.utils.translation import gettext as _

from wagtail import hooks
from wagtail.admin import messages

from courses.lesson_slugs import is_latin
from courses.models import LessonPage
from courses.video_admin import VideoRenditionsViewSet
from courses.workflow_names import name_workflows_in_log_messages


@hooks.register("after_create_page")
def tell_the_new_lessons_address(request, page):
    wanted = request.POST.get("slug", "").strip()
    if not isinstance(page.specific_deferred, LessonPage) or wanted == page.slug:
        return None
    if is_latin(wanted):
        text = _(
            "Another page of this course already has the address “%(wanted)s”, "
            "so the new lesson's address is “%(slug)s”."
        )
    else:
        text = _(
            "New lessons get addresses in Latin letters: this one is “%(slug)s”. "
            "You can change it in the Promote tab."
        )
    messages.info(request, text % {"wanted": wanted, "slug": page.slug})
    return None


# The smaller copies of uploaded videos (courses/video_admin.py).
@hooks.register("register_admin_viewset")
def register_videos():
    return VideoRenditionsViewSet()


# After Wagtail's own (order 0): its workflow messages quote names in the reader's language.
hooks.register("register_log_actions", name_workflows_in_log_messages, order=1)
