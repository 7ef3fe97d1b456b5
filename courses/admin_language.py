"""Wagtail's page screens in the reader's language where Wagtail's own code leaves them in
English or in the language the server started in.

- The link choosers' forms (external, e-mail, phone, anchor) leave their fields unlabelled:
  Django labels them from the field's name ("Link text", "Subject", ...), never translated.
- The form of a workflow action ("Approve with comment") labels its comment with `gettext`
  when Wagtail is imported, in the default language: a Tibetan reader saw it in Chinese.
- The page search's listing has no model, so its count read "1-1 of 1 None".

Each is mended once, when the courses app is ready (courses/apps.py); the words are ours,
translated in training_site/locale, and read in the active language (lazy).
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


def page_screens_in_the_readers_language() -> None:
    label_link_choosers()
    label_workflow_comments()
    name_page_search_results()
