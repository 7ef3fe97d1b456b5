from django.apps import AppConfig


class MachineryConfig(AppConfig):
    name = "machinery"
    verbose_name = "Machinery"

    def ready(self):
        from machinery import checks  # noqa: F401 - checks registers itself
