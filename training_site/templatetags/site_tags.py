from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from wagtail.models import Page

register = template.Library()

LANGUAGE_NAMES = {"zh-hans": "中文", "bo": "བོད་ཡིག", "en": "English"}


@register.simple_tag(takes_context=True)
def language_links(context) -> list[dict]:
    """A link to the current page in each interface language.

    A Wagtail page links to its own translation when there is one (slugs may
    differ between languages); any other view keeps its path under the
    language's URL prefix.
    """
    request = context["request"]
    page = context.get("page")
    current = translation.get_language()
    translations = {}
    if isinstance(page, Page) and page.pk:
        for translated in page.get_translations(inclusive=True).live().select_related("locale"):
            translations[translated.locale.language_code] = translated
    links = []
    for code, _name in settings.LANGUAGES:
        if code in translations:
            with translation.override(code):
                url = translations[code].get_url(request)
        else:
            url = translate_url(request.get_full_path(), code)
        links.append(
            {"code": code, "name": LANGUAGE_NAMES.get(code, code), "url": url, "current": code == current}
        )
    return links

