from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    BEGINNER = "beginner", _("Beginner")
    INTERMEDIATE = "intermediate", _("Intermediate")
    ADVANCED = "advanced", _("Advanced")


# Languages a course can be written in, each named in its own script.
CONTENT_LANGUAGES = [("zh-hans", "中文"), ("bo", "བོད་ཡིག")]
