"""The admin's frame in the reader's language: what Wagtail shows on every screen that would
otherwise be in English, or name Wagtail rather than the programme."""

from django.utils.translation import gettext_lazy as _

from wagtail import hooks

# Links of Wagtail's help menu to Wagtail's own site, in English, about Wagtail's releases:
# nothing a county office can read or needs. The keyboard shortcuts stay.
WAGTAIL_SITE_HELP = ("whats-new-in-wagtail-", "editor-guide")
PROGRAMME_NAME = _("Eagle programme")


@hooks.register("construct_help_menu")
def leave_out_wagtails_english_guides(request, menu_items):
    menu_items[:] = [item for item in menu_items if not item.name.startswith(WAGTAIL_SITE_HELP)]


@hooks.register("construct_homepage_summary_items", order=1000)
def name_the_programme_in_the_summary(request, summary_items):
    """The dashboard's counts ("12 pages created in ...") name the programme in the reader's
    language, not the site record's Chinese name."""
    for item in summary_items:
        item.get_context_data = _named_in_the_readers_language(item.get_context_data)


def _named_in_the_readers_language(get_context_data):
    def get_named_context_data(parent_context):
        context = get_context_data(parent_context)
        if "site_name" in context:
            context["site_name"] = PROGRAMME_NAME
        return context

    return get_named_context_data
