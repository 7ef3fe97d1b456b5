from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils import translation

from wagtail.models import Page

from machinery import page_messages
from training_site.languages import LANGUAGE_NAMES

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context) -> list[dict]:
    """A link to the current page in each interface language.

    A Wagtail page links to its own translation (slugs may differ between
    languages), or to that language's home page when it has none; any other
    view keeps its path under the language's URL prefix.
    """
    request = context["request"]
    page = context.get("page")
    current = translation.get_language()
    translations = {}
    is_page = isinstance(page, Page) and page.pk
    if is_page:
        for translated in page.get_translations(inclusive=True).live().select_related("locale"):
            translations[translated.locale.language_code] = translated
    links = []
    for code, _name in settings.LANGUAGES:
        if code in translations:
            with translation.override(code):
                url = translations[code].get_url(request)
        elif is_page:
            with translation.override(code):
                url = reverse("wagtail_serve", args=[""])
        else:
            url = translate_url(request.get_full_path(), code)
        links.append(
            {
                "code": code,
                "name": LANGUAGE_NAMES.get(code, code),
                "url": url,
                "current": code == current,
            }
        )
    return links


@register.filter
def in_section(messages, section: str) -> list:
    """The messages of the page's section `section`; with "", those of no section."""
    return page_messages.in_section(messages, section)


@register.filter(is_safe=True)
def without_dangling_separator(title: str) -> str:
    """A page's <title>: a page without a title of its own is called by the programme's
    name alone, not "· Eagle programme"."""
    return title.strip().removeprefix("·").strip()
