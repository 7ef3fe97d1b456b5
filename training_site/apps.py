from django.apps import AppConfig


class TrainingSiteConfig(AppConfig):
    name = "training_site"
    verbose_name = "Eagle site"

    def ready(self):
        from training_site.languages import name_the_admin_languages_in_themselves

        name_the_admin_languages_in_themselves()
