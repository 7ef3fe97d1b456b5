from django.apps import AppConfig


class MachineryConfig(AppConfig):
    name = "machinery"
    verbose_name = "Machinery"
