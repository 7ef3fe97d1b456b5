"""Labels of the media screens that Wagtail writes once, with gettext, when its modules are
imported at start-up: they stayed in the default language (Chinese) on a Tibetan screen.
Called from CoursesConfig.ready, before the admin's URLs (and their views) are made, they are
given back as lazy strings, read in each reader's language.

- The image chooser's "Format", "Image is decorative" and "Alt text" (`ImageInsertionForm`).
  The formats' own names ("Full width", ...) are lazy already.
- The choosers' "Search" tab (`ChooserViewSet.search_tab_label`): the image and document
  choosers, and every chooser that keeps Wagtail's label.

Each msgid is Wagtail's own, translated in training_site/locale (courses/wagtail_media_strings.py
lists them with the rest of these screens' words).
"""

from django.utils.translation import gettext_lazy as _

IMAGE_INSERTION_LABELS = {
    "format": _("Format"),
    "image_is_decorative": _("Image is decorative"),
    "alt_text": _("Alt text"),
}


def label_the_media_screens_in_the_readers_language() -> None:
    from wagtail.admin.viewsets.chooser import ChooserViewSet
    from wagtail.images.forms import ImageInsertionForm

    for name, label in IMAGE_INSERTION_LABELS.items():
        ImageInsertionForm.base_fields[name].label = label
    ChooserViewSet.search_tab_label = _("Search")
