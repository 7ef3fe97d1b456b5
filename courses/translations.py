"""A page in the reader's language: the one rule every part of the site follows.

Each language has its own tree (docs/architecture.md, "Languages"); a page's
translations and aliases share its `translation_key`. Wherever a page is named or
linked (course pages, "My learning", certificates, messages), the site shows its
counterpart in the reader's language: a real translation brings its own title, an
alias the title of its source and an address in the reader's tree. A page with no
live counterpart in that language is shown as it is.
"""

from collections.abc import Iterable

from django.utils import translation

from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page

# What naming and linking a page needs (Page.get_url reads no more).
PAGE_FIELDS = ("id", "title", "url_path", "path", "depth", "translation_key", "locale_id")


def reader_language(language: str | None = None) -> str:
    """The content language of `language` (the active interface language by default)."""
    return get_supported_content_language_variant(language or translation.get_language())


def in_reader_language(pages: Iterable[Page], *, language: str | None = None) -> dict[int, Page]:
    """Each page's live counterpart in the reader's language (or `language`), by page id;
    the page itself where there is none. One query, whatever the number of pages."""
    pages = [page for page in pages if page is not None]
    if not pages:
        return {}
    by_key = {
        page.translation_key: page
        for page in Page.objects.live()
        .filter(
            locale__language_code=reader_language(language),
            translation_key__in={page.translation_key for page in pages},
        )
        .only(*PAGE_FIELDS)
    }
    return {page.pk: by_key.get(page.translation_key, page) for page in pages}


def page_in_reader_language(page: Page, *, language: str | None = None) -> Page:
    """`page`'s counterpart in the reader's language (or `language`), else `page`."""
    return in_reader_language([page], language=language)[page.pk]


def pages_in_reader_language(pages: Iterable[Page], *, language: str | None = None) -> list[Page]:
    """`pages` in their order, each as its counterpart in the reader's language."""
    pages = list(pages)
    counterparts = in_reader_language(pages, language=language)
    return [counterparts[page.pk] for page in pages]
