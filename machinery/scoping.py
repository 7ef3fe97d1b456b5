"""Which records a user may see, as the apps that own them say: the registry the scoped admin
(machinery.admin) reads.

Each app registers, in its `AppConfig.ready`, a function per model giving the records a user
may see (`register_visible`), and the app that owns personal data registers how a personal
value is shown to a user (`register_personal_value`). The rules stay in the apps; this module
only keeps and serves them.
"""

from collections.abc import Callable

from django.db.models import Model, QuerySet

Visible = Callable[[object], QuerySet]
# (user, field, value, scope) -> the value as the user may see it, whole or masked; `scope` is
# what decides it for the row (read at the viewset's `personal_scope_path`).
PersonalValue = Callable[[object, str, object, object], str]

_VISIBLE: dict[type[Model], Visible] = {}
_PERSONAL_VALUE: list[PersonalValue] = []


def register_visible(model: type[Model], visible: Visible) -> None:
    """Scope `model`: `visible(user)` is the queryset of its records the user may see."""
    _VISIBLE[model] = visible


def is_scoped(model: type[Model]) -> bool:
    return model in _VISIBLE


def visible_records(model: type[Model], user) -> QuerySet:
    """The records of `model` the user may see: every scoped listing, form, export starts here."""
    return _VISIBLE[model](user)


def register_personal_value(personal_value: PersonalValue) -> None:
    """How a personal value (an ID number, a phone) is shown: one rule, from the app owning it."""
    _PERSONAL_VALUE[:] = [personal_value]


def personal_value(user, field: str, value, scope) -> str:
    """`value` of the personal `field` of a row as `user` may see it (see the module)."""
    [shown] = _PERSONAL_VALUE
    return shown(user, field, value, scope)
