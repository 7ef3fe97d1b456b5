"""The services behind a viewset's generic add, edit and delete views.

An app whose records feed tables derived from them writes those records through its own
services, which keep the derived tables right in the same transaction (docs/architecture.md).
A viewset names them once (`ScopedModelViewSet.record_services`):

    record_services = RecordServices(
        "trainee", save=services.trainee_save, delete=services.trainee_delete
    )

The add and edit views then build the record from their form as usual, unsaved, and hand it
to `save(trainee=record, **many_to_many)`, each many-to-many field of the form given by its
name (`owners=[...]`); the delete view hands it to `delete(trainee=record)`. The service
reads the row as it is stored before it changes it, when it needs to know what it was. What
people see (the forms, the messages, the history's entries, the protected-delete message)
stays Wagtail's.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from wagtail.log_actions import log


@dataclass(frozen=True)
class RecordServices:
    keyword: str  # the services' keyword for the record (`trainee=`)
    save: Callable | None = None  # save(<keyword>=record, **many_to_many) -> record
    delete: Callable | None = None  # delete(<keyword>=record)

    def call_save(self, form):
        record = form.save(commit=False)
        many_to_many = {
            field.name: form.cleaned_data[field.name]
            for field in record._meta.many_to_many
            if field.name in form.cleaned_data
        }
        return self.save(**{self.keyword: record}, **many_to_many)


class _SavedByService:
    """A Wagtail create or edit action whose write is the app's save service."""

    services: RecordServices = None

    def _save_instance(self):
        self.instance = self.services.call_save(self.form)


def saving_action(action_class: type, services: RecordServices | None) -> type:
    """Wagtail's create or edit action, its write done by `services.save` when there is one."""
    if services is None or services.save is None:
        return action_class
    name = f"Service{action_class.__name__}"
    return type(name, (_SavedByService, action_class), {"services": services})


class _DeletedByService:
    """A Wagtail delete action whose write is the app's delete service."""

    services: RecordServices = None

    def _delete(self):
        with transaction.atomic():
            if self.log_action:
                # Logged before deleting, while the record still exists (as Wagtail does).
                log(instance=self.instance, action=self.log_action, user=self.user, deleted=True)
            return self.services.delete(**{self.services.keyword: self.instance})


def deleting_action(action_class: type, services: RecordServices | None) -> type:
    """Wagtail's delete action, its write done by `services.delete` when there is one."""
    if services is None or services.delete is None:
        return action_class
    name = f"Service{action_class.__name__}"
    return type(name, (_DeletedByService, action_class), {"services": services})
