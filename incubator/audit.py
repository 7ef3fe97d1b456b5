"""Who changed what, and when: the audit history of sales reports, jobs and shop stages.

Kept as Wagtail log entries (`wagtail.models.ModelLogEntry`), with actions of
our own registered through the `register_log_actions` hook
(incubator/wagtail_hooks.py). Why not a model of our own: Wagtail already
shows log entries in each record's "History" in the admin (with filters by
action, user and date) and in Reports → Site history, so the admin viewsets
give managers the history with no view or template to write.

Each entry's `data` holds `changes` ({field: [before, after]} as text) and
an optional `reason`; the formatter below names the fields and choices in the
reader's language when the history is shown.
"""

import datetime
import uuid
from collections.abc import Iterable
from decimal import Decimal

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.log_actions import LogFormatter, log, registry
from wagtail.models import ModelLogEntry

APPLICATION_SUBMIT = "incubator.application.submit"
APPLICATION_ACCEPT = "incubator.application.accept"
APPLICATION_DECLINE = "incubator.application.decline"
APPLICATION_ASK = "incubator.application.ask"
APPLICATION_ANSWER = "incubator.application.answer"
SHOP_STAGE = "incubator.shop.stage"
MILESTONE_RECORD = "incubator.milestone.record"
REPORT_CREATE = "incubator.report.create"
REPORT_UPDATE = "incubator.report.update"
REPORT_SUBMIT = "incubator.report.submit"
REPORT_APPROVE = "incubator.report.approve"
REPORT_RETURN = "incubator.report.return"
MONTH_LOCK = "incubator.month.lock"
MONTH_UNLOCK = "incubator.month.unlock"
JOB_CREATE = "incubator.job.create"
JOB_END = "incubator.job.end"

LABELS = {
    APPLICATION_SUBMIT: _("Incubation applied for"),
    APPLICATION_ACCEPT: _("Application accepted"),
    APPLICATION_DECLINE: _("Application declined"),
    APPLICATION_ASK: _("More information asked"),
    APPLICATION_ANSWER: _("Question answered"),
    SHOP_STAGE: _("Stage changed"),
    MILESTONE_RECORD: _("Milestone recorded"),
    REPORT_CREATE: _("Sales report created"),
    REPORT_UPDATE: _("Sales report changed"),
    REPORT_SUBMIT: _("Sales report submitted"),
    REPORT_APPROVE: _("Sales report approved"),
    REPORT_RETURN: _("Sales report returned"),
    MONTH_LOCK: _("Month locked"),
    MONTH_UNLOCK: _("Month unlocked"),
    JOB_CREATE: _("Job created"),
    JOB_END: _("Job ended"),
}


def as_text(value) -> str | None:
    """How a value is kept in the history: text, so that JSON holds yuan exactly."""
    if value is None:
        return None
    if isinstance(value, datetime.date | Decimal | int | str):
        return str(value)
    if isinstance(value, Model):
        return str(value.pk)
    return str(value)


def changes_of(instance: Model, before: dict, fields: list[str]) -> dict:
    """{field: [before, after]} for each of `fields` whose value is not what `before` held."""
    changes = {}
    for field in fields:
        old, new = as_text(before.get(field)), as_text(getattr(instance, field))
        if old != new:
            changes[field] = [old, new]
    return changes


def snapshot(instance: Model, fields: list[str]) -> dict:
    return {field: getattr(instance, field) for field in fields}


def record(
    instance: Model,
    action: str,
    *,
    by: AbstractBaseUser,
    changes: dict | None = None,
    reason: str = "",
) -> ModelLogEntry:
    """Keep one entry of the history of `instance` (inside the caller's transaction)."""
    data = {"changes": changes or {}}
    if reason:
        data["reason"] = reason
    return log(instance, action, user=by, data=data, content_changed=bool(changes))


def record_many(
    entries: Iterable[tuple[Model, str, dict]],
    *,
    by: AbstractBaseUser,
    file: str = "",
    batch_size: int = 500,
) -> int:
    """Keep one entry for each (instance, action, changes), as `record` would, in a few
    INSERTs: an import writes thousands. The entries share one uuid (one action of one
    person) and name the imported `file`. Returns how many were written."""
    batch = uuid.uuid4()
    now = timezone.now()
    content_types: dict[type, ContentType] = {}
    rows = []
    for instance, action, changes in entries:
        if not registry.action_exists(action):  # what ModelLogEntry.save() would refuse
            raise ValueError(f"The log action {action!r} has not been registered.")
        model = type(instance)
        if model not in content_types:
            content_types[model] = ContentType.objects.get_for_model(model)
        data = {"changes": changes}
        if file:
            data["file"] = file
        rows.append(
            ModelLogEntry(
                content_type=content_types[model],
                object_id=str(instance.pk),
                label=str(instance),
                action=action,
                data=data,
                timestamp=now,
                uuid=batch,
                user=by,
                content_changed=bool(changes),
            )
        )
    ModelLogEntry.objects.bulk_create(rows, batch_size=batch_size)
    return len(rows)


def history(instance: Model):
    """The entries of `instance`, newest first."""
    return ModelLogEntry.objects.for_instance(instance).select_related("user")


class ChangesFormatter(LogFormatter):
    """'Sales report changed: sales (yuan) 100.00 → 120.00'; the reason, if any, as comment."""

    def format_message(self, log_entry):
        model = log_entry.content_type.model_class() if log_entry.content_type_id else None
        data = log_entry.data or {}
        parts = [
            _("%(field)s: %(before)s → %(after)s")
            % {
                "field": _field_label(model, field),
                "before": _shown(model, field, old),
                "after": _shown(model, field, new),
            }
            for field, (old, new) in (data.get("changes") or {}).items()
        ]
        message = str(self.label)
        if parts:
            message = _("%(action)s: %(changes)s") % {
                "action": message,
                "changes": _("; ").join(parts),
            }
        if data.get("file"):
            message = _("%(message)s (imported from %(file)s)") % {
                "message": message,
                "file": data["file"],
            }
        # Wagtail shows comments only for models with revisions: the reason goes in the message.
        if data.get("reason"):
            message = _("%(message)s (reason: %(reason)s)") % {
                "message": message,
                "reason": data["reason"],
            }
        return message

    def format_comment(self, log_entry):
        return (log_entry.data or {}).get("reason", "")


def _field_label(model, field: str) -> str:
    try:
        return str(model._meta.get_field(field).verbose_name)
    except (AttributeError, FieldDoesNotExist):
        return field


def _shown(model, field: str, value: str | None) -> str:
    if value is None or value == "":
        return "–"
    try:
        choices = dict(model._meta.get_field(field).flatchoices)
    except (AttributeError, FieldDoesNotExist):
        return value
    return str(choices.get(value, value))


def register_actions(actions) -> None:
    """For the `register_log_actions` hook: one formatter per action, each with its label."""
    for action, label in LABELS.items():
        actions.register_action(action)(
            type("IncubatorChangesFormatter", (ChangesFormatter,), {"label": label})
        )
