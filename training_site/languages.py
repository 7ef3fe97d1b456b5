"""Each interface language named in itself, as a reader looks for it in a list of links
(whatever language the page around it is in); the admin's choice of language so named."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext

LANGUAGE_NAMES = {"zh-hans": "中文", "bo": "བོད་ཡིག", "en": "English"}


class LanguageSelect(forms.Select):
    """A list of languages whose options each say their own language (lang), so that the
    reader, and a screen reader, read each name in the language it is written in."""

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        if value:
            option["attrs"]["lang"] = value
        return option


def admin_language_choices() -> list[tuple[str, str]]:
    """The admin languages of the account settings, each named in itself; first, none chosen:
    the site's language, named in the reader's."""
    from wagtail.admin.localization import get_available_admin_languages

    site_language = dict(settings.LANGUAGES)[settings.LANGUAGE_CODE]
    # Wagtail's own words (machinery/admin/wagtail_strings.py gives them in Tibetan).
    default = gettext("Use server language: %(language_name)s") % {"language_name": site_language}
    return [("", default)] + [
        (code, LANGUAGE_NAMES.get(code, name)) for code, name in get_available_admin_languages()
    ]


def name_the_admin_languages_in_themselves() -> None:
    """Wagtail's account settings offer the admin languages through this list."""
    from wagtail.admin.forms.account import LocalePreferencesForm

    field = LocalePreferencesForm.base_fields["preferred_language"]
    field.widget = LanguageSelect()
    field.choices = admin_language_choices
