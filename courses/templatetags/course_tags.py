from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from wagtail.rich_text import expand_db_html

from courses.html import clean_shown_html
from courses.quiz import answer_field
from courses.quiz import quiz_version as _quiz_version

register = template.Library()


@register.filter
def clean_rich_text(value) -> str:
    """Expand stored rich text to HTML and clean it with bleach before it is shown."""
    source = getattr(value, "source", value) or ""
    return mark_safe(clean_shown_html(expand_db_html(source)))  # noqa: S308 - cleaned just above


@register.simple_tag
def quiz_field_name(question_number: int) -> str:
    return answer_field(question_number)


@register.filter
def quiz_version(quiz) -> str:
    """The quiz's fingerprint: answers given offline are marked against the quiz they answered."""
    return _quiz_version(quiz)


@register.filter
def human_size(num_bytes) -> str:
    """File size for people deciding whether to download on a phone plan."""
    if not num_bytes:
        return ""
    size = float(num_bytes)
    for unit in ("B", "KB", "MB"):
        if size < 1024:
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} GB"


# Lesson pictures: phones get at most 540 pixels wide whatever their pixel
# density (a weak network matters more than a sharper photo); wider screens
# get 720. Three renditions, fetched in one query.
PHONE_WIDTHS = (360, 540)
WIDE_WIDTH = 720
WIDE_SCREEN = "(min-width: 46rem)"


@register.simple_tag
def lesson_picture(image, alt: str = "") -> str:
    specs = [f"width-{width}|format-webp" for width in (*PHONE_WIDTHS, WIDE_WIDTH)]
    renditions = image.get_renditions(*specs)
    phone = ", ".join(
        f"{renditions[spec].url} {width}w" for spec, width in zip(specs, PHONE_WIDTHS, strict=False)
    )
    wide = renditions[specs[-1]]
    return format_html(
        '<picture><source media="{}" srcset="{}">'
        '<img src="{}" srcset="{}" sizes="calc(100vw - 2rem)" width="{}" height="{}" alt="{}" '
        'loading="lazy" decoding="async"></picture>',
        WIDE_SCREEN,
        wide.url,
        renditions[specs[0]].url,
        phone,
        wide.width,
        wide.height,
        alt,
    )


@register.simple_tag
def may_edit_pages(user) -> bool:
    """Whether `user` may add, edit or publish any page (the admin home's page search is
    theirs only: nobody else has a page to find there)."""
    from wagtail.models import Page
    from wagtail.permission_policies.pages import PagePermissionPolicy

    return PagePermissionPolicy(Page).user_has_any_permission(user, ["add", "change", "publish"])


@register.filter
def app_name(content_type) -> str:
    """The name of a content type's app in the reader's language (Wagtail's page types usage
    report showed its label, courses.lessonpage)."""
    from django.apps import apps

    return apps.get_app_config(content_type.app_label).verbose_name
