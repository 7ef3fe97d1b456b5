"""Wagtail's admin screens in the reader's language where Wagtail's own code leaves them in
English or in the language the server started in.

- The link choosers' forms (external, e-mail, phone, anchor) leave their fields unlabelled:
  Django labels them from the field's name ("Link text", "Subject", ...), never translated.
- The form of a workflow action ("Approve with comment") labels its comment with `gettext`
  when Wagtail is imported, in the default language: a Tibetan reader saw it in Chinese.
- The page search's listing has no model, so its count read "1-1 of 1 None".
- The privacy dialog lists the groups a page may be kept for by their stored names, in
  English: they are named in the reader's language (a course's instructors by the course's
  title).
- The image chooser's "Format", "Image is decorative" and "Alt text" (`ImageInsertionForm`)
  and the choosers' "Search" tab (`ChooserViewSet.search_tab_label`) are written with
  `gettext` at import, in the default language. The formats' own names are lazy already.

Each is mended once, when the courses app is ready (courses/apps.py), before the admin's
URLs (and their views) are made; the words are translated in training_site/locale (Wagtail's
msgids are listed in courses/wagtail_strings.py and courses/wagtail_media_strings.py), and
read in the active language (lazy).
"""

from django.utils.translation import gettext_lazy as _

# (form, field, label)
CHOOSER_LABELS = (
    ("ExternalLinkChooserForm", "link_text", _("Link text")),
    ("AnchorLinkChooserForm", "link_text", _("Link text")),
    ("EmailLinkChooserForm", "email_address", _("Email address")),
    ("EmailLinkChooserForm", "link_text", _("Link text")),
    ("EmailLinkChooserForm", "subject", _("Subject")),
    ("EmailLinkChooserForm", "body", _("Body")),
    ("PhoneLinkChooserForm", "phone_number", _("Phone number")),
    ("PhoneLinkChooserForm", "link_text", _("Link text")),
)


def label_link_choosers() -> None:
    from wagtail.admin.forms import choosers

    for form_name, field_name, label in CHOOSER_LABELS:
        getattr(choosers, form_name).base_fields[field_name].label = label


def label_workflow_comments() -> None:
    from wagtail.forms import TaskStateCommentForm

    TaskStateCommentForm.base_fields["comment"].label = _("Comment")


def name_page_search_results() -> None:
    """The page search's listing counts pages ("1-1 of 1 page"), as the explorer does."""
    from wagtail.admin.views.pages.search import SearchView
    from wagtail.models import Page

    get_context_data = SearchView.get_context_data

    def get_context_data_naming_pages(self, **kwargs):
        context = get_context_data(self, **kwargs)
        if context.get("verbose_name") is None:
            context["verbose_name"] = Page._meta.verbose_name
        if context.get("verbose_name_plural") is None:
            context["verbose_name_plural"] = Page._meta.verbose_name_plural
        return context

    SearchView.get_context_data = get_context_data_naming_pages


IMAGE_INSERTION_LABELS = {
    "format": _("Format"),
    "image_is_decorative": _("Image is decorative"),
    "alt_text": _("Alt text"),
}


def label_media_choosers() -> None:
    from wagtail.admin.viewsets.chooser import ChooserViewSet
    from wagtail.images.forms import ImageInsertionForm

    for name, label in IMAGE_INSERTION_LABELS.items():
        ImageInsertionForm.base_fields[name].label = label
    ChooserViewSet.search_tab_label = _("Search")


def admin_screens_in_the_readers_language() -> None:
    label_link_choosers()
    label_workflow_comments()
    name_page_search_results()
    label_media_choosers()
