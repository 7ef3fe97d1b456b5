"""The publishing workflow and its task named in the reader's language.

Wagtail keeps one name per workflow and per task, and prints it in many places: the editor's
action menu ("Submit to ..."), the status side panel, the dashboard's panels, the workflow
history, its reports, its messages and e-mails. Rather than overriding each of them, the
stored name is a msgid (trainees/migrations/0003_roles.py stores "Programme manager
approval"), and reading a workflow's or a task's `name` gives its translation in the active
language; saving, and the forms of Wagtail's workflow admin, keep the stored msgid.

The names quoted in the page history's messages (kept in each log entry, in the language of
whoever acted) are read in the active language too (name_workflows_in_log_messages, installed
by courses/wagtail_hooks.py).

A workflow or task named otherwise (made in the admin by a superuser) shows its name as typed.
"""

import copy

from django.db.models.query_utils import DeferredAttribute
from django.utils.translation import pgettext, pgettext_lazy

# The stored names, and their translation (context: the name of a workflow or of its task).
NAMES = {
    "Programme manager approval": pgettext_lazy("workflow", "Programme manager approval"),
    # Wagtail's own, made by its migrations; disabled (trainees/migrations/0003_roles.py), it
    # is still listed by the workflow reports' filters.
    "Moderators approval": pgettext_lazy("workflow", "Moderators approval"),
}


class TranslatedName(DeferredAttribute):
    """A model's `name` read in the active language when it is one of NAMES.

    A data descriptor (it has __set__): the value Django loads lives in the instance's
    __dict__, which would otherwise be read without asking the descriptor."""

    def __get__(self, instance, cls=None):
        stored = super().__get__(instance, cls)
        if instance is None or stored not in NAMES:
            return stored
        return pgettext("workflow", stored)

    def __set__(self, instance, value):
        instance.__dict__[self.field.attname] = value


def _stored(field):
    descriptor = DeferredAttribute(field)

    def stored_value(instance, *args):
        return descriptor.__get__(instance, type(instance))

    return stored_value


def name_workflows_in_the_readers_language() -> None:
    """Installs TranslatedName on Wagtail's Workflow and Task (their subclasses inherit it)."""
    from wagtail.models import Task, Workflow

    for model in (Workflow, Task):
        field = model._meta.get_field("name")
        setattr(model, field.attname, TranslatedName(field))
        # What is written to the database, and the value Wagtail's workflow forms start from.
        field.pre_save = _stored(field)
        field.value_from_object = _stored(field)


def _stored_names() -> dict:
    """Each name of NAMES as any of the site's languages says it, and as stored: its msgid."""
    from django.conf import settings
    from django.utils import translation

    said = {}
    for stored in NAMES:
        said[stored] = stored
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                said[pgettext("workflow", stored)] = stored
    return said


def _titles_in_the_readers_language(value, said: dict):
    if isinstance(value, dict):
        return {
            key: (
                pgettext("workflow", said[item])
                if key == "title" and isinstance(item, str) and item in said
                else _titles_in_the_readers_language(item, said)
            )
            for key, item in value.items()
        }
    return value


def name_workflows_in_log_messages(actions) -> None:
    """Wagtail's messages of a workflow's history ("'%(workflow)s' started. Next step
    '%(task)s'") quote the names stored in the log entry, in the language of whoever started
    or approved it: they are read in the active language instead."""
    for action, formatter in actions.formatters.items():
        if not action.startswith("wagtail.workflow.") or hasattr(formatter, "stored_message"):
            continue
        formatter.stored_message = formatter.format_message

        def format_message(log_entry, formatter=formatter):
            entry = copy.copy(log_entry)
            entry.data = _titles_in_the_readers_language(log_entry.data, _stored_names())
            return formatter.stored_message(entry)

        formatter.format_message = format_message
