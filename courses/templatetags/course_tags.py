from django import template
from django.utils.safestring import mark_safe

from wagtail.rich_text import expand_db_html

from courses.html import clean_shown_html
from courses.quiz import answer_field

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
