from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TraineesConfig(AppConfig):
    name = "trainees"
    verbose_name = _("Trainees")

    def ready(self):
        from trainees import checks, group_names, scoping  # noqa: F401 - checks registers itself

        scoping.register()
        group_names.name_groups_in_the_privacy_dialog()
