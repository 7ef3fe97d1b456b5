from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutcomesConfig(AppConfig):
    name = "outcomes"
    verbose_name = _("Outcomes")

    def ready(self):
        from machinery import scoping
        from outcomes.models import ApiToken
        from outcomes.tokens import visible_tokens

        scoping.register_visible(ApiToken, visible_tokens)
