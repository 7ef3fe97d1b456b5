from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    BEGINNER = "beginner", _("Beginner")
    INTERMEDIATE = "intermediate", _("Intermediate")
    ADVANCED = "advanced", _("Advanced")


# Languages a course can be written in (the content languages, by their Wagtail locale
# codes), named in the reader's language.
CONTENT_LANGUAGES = [("zh-hans", _("Chinese")), ("bo", _("Tibetan")), ("en", _("English"))]


def content_language_name(code: str) -> str:
    """The name of the content language `code` in the reader's language."""
    return str(dict(CONTENT_LANGUAGES).get(code, code))
