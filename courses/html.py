"""Cleaning of user-written HTML with bleach.

Rich text is stored in Wagtail's database format (links and images as
`<a linktype=...>` and `<embed embedtype=...>`) and shown in expanded HTML.
Each form has its own allow-list; anything else, scripts and event handlers
included, is removed.
"""

import bleach

TEXT_TAGS = {
    "p", "br", "h2", "h3", "h4", "b", "strong", "i", "em", "u", "s", "sub", "sup",
    "ul", "ol", "li", "blockquote", "hr", "code", "a",
}  # fmt: skip
SAFE_PROTOCOLS = {"http", "https", "mailto", "tel"}

STORED_TAGS = TEXT_TAGS | {"embed"}
# Wagtail keeps each paragraph's editor key in `data-block-key`; comments on
# rich text are anchored to it, so it must survive a save.
BLOCK_TAGS = ("p", "h2", "h3", "h4", "li", "blockquote")
STORED_ATTRIBUTES = {
    "a": ["href", "linktype", "id"],
    "embed": ["embedtype", "id", "format", "alt", "url"],
    **{tag: ["data-block-key"] for tag in BLOCK_TAGS},
}
SHOWN_TAGS = TEXT_TAGS | {"img", "div", "iframe"}
SHOWN_ATTRIBUTES = {
    "a": ["href", "rel", "target"],
    "img": ["src", "alt", "width", "height", "class", "loading", "srcset", "sizes"],
    "div": ["class"],
    "iframe": ["src", "width", "height", "title", "allowfullscreen", "frameborder"],
}


def clean_stored_rich_text(html: str) -> str:
    """Clean rich text in Wagtail's database format, before it is stored."""
    cleaner = bleach.Cleaner(
        tags=STORED_TAGS,
        attributes=STORED_ATTRIBUTES,
        protocols=SAFE_PROTOCOLS,
        strip=True,
        strip_comments=True,
    )
    # Wagtail only expands `<embed .../>` written with the closing slash.
    cleaner.serializer.use_trailing_solidus = True
    cleaner.serializer.space_before_trailing_solidus = False
    return cleaner.clean(html or "")


def clean_shown_html(html: str) -> str:
    """Clean expanded HTML right before it reaches a page."""
    return bleach.clean(
        html or "",
        tags=SHOWN_TAGS,
        attributes=SHOWN_ATTRIBUTES,
        protocols=SAFE_PROTOCOLS,
        strip=True,
        strip_comments=True,
    )
