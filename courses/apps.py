from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Courses")

    def ready(self):
        from wagtail.signals import page_published

        from courses import page_cache
        from courses.models import CoursePage
        from courses.services import course_instructors_sync
        from courses.workflow_names import name_workflows_in_the_readers_language

        def sync_instructors(sender, instance, **kwargs):
            course_instructors_sync(course=instance)

        page_published.connect(sync_instructors, sender=CoursePage, weak=False)
        page_cache.connect_signals()
        name_workflows_in_the_readers_language()
