from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Courses")

    def ready(self):
        from django.db import transaction
        from django.db.models.signals import post_delete, post_save

        from wagtail.documents import get_document_model
        from wagtail.signals import page_published

        from courses import checks, page_cache  # noqa: F401 - checks registers itself
        from courses.admin_language import admin_screens_in_the_readers_language
        from courses.models import CoursePage, VideoRendition
        from courses.services import course_instructors_sync
        from courses.videos import is_video, video_renditions_request
        from courses.workflow_messages import tell_approvers_what_their_action_did
        from courses.workflow_names import name_workflows_in_the_readers_language

        def sync_instructors(sender, instance, **kwargs):
            course_instructors_sync(course=instance)

        page_published.connect(sync_instructors, sender=CoursePage, weak=False)
        page_cache.connect_signals()

        # Every way a video is uploaded or replaced (the admin's uploaders, its chooser, code)
        # saves its document: its smaller copies are asked for once that is committed.
        def document_saved(sender, instance, created, raw=False, update_fields=None, **kwargs):
            if raw or (created and not is_video(instance.file.name)):
                return
            if update_fields is not None and "file" not in update_fields:
                return
            transaction.on_commit(lambda: video_renditions_request(document=instance))

        # A copy deleted (its video deleted or given a new file) takes its file with it, as
        # Wagtail's documents do.
        def rendition_deleted(sender, instance, **kwargs):
            if instance.file:
                transaction.on_commit(lambda: instance.file.delete(save=False))

        post_save.connect(
            document_saved,
            sender=get_document_model(),
            weak=False,
            dispatch_uid="courses.video_saved",
        )
        post_delete.connect(
            rendition_deleted,
            sender=VideoRendition,
            weak=False,
            dispatch_uid="courses.rendition_deleted",
        )

        name_workflows_in_the_readers_language()
        tell_approvers_what_their_action_did()
        admin_screens_in_the_readers_language()
