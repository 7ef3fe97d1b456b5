from django.db import models


class Language(models.TextChoices):
    """The interface languages a trainee can choose, each named in its own script.

    The labels are endonyms on purpose: a reader finds their own language by
    its own name, whatever language the page is currently in.
    """

    ZH_HANS = "zh-hans", "简体中文"
    BO = "bo", "བོད་ཡིག"
    EN = "en", "English"
