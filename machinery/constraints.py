"""Database constraints that speak to a person: each says its rule in a sentence
(`violation_error_message`, translated) and puts it on the field it concerns.

Django validates a model's constraints in `full_clean` (so in every admin form) and reports
a broken one above the form, in its default words (“约束 “cohort_ends_after_it_starts” 是无效的”).
These do the same check, and the same SQL, but raise the rule's sentence on `field`:

    FieldCheckConstraint(
        condition=Q(ends_on__gte=F("starts_on")),
        name="cohort_ends_after_it_starts",
        field="ends_on",
        violation_error_message=_("A cohort ends on or after the day it starts."),
    )

The field must be one the constraint reads: a form without it skips the constraint (Django
leaves out a constraint on a field the form does not have), so the message always has its
field on the form. The message is formatted with the constraint's name only (`%(name)s`):
a literal percent sign is written `%%`.
"""

from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, models


class _OnField:
    """A constraint whose violation is reported on `field`."""

    # Where the message goes changes nothing in the database (a migration alters the
    # constraint in the project's state only).
    non_db_attrs = ("violation_error_code", "violation_error_message", "field")

    def __init__(self, *args, field: str, **kwargs):
        self.field = field
        super().__init__(*args, **kwargs)

    def validate(self, model, instance, exclude=None, using=DEFAULT_DB_ALIAS):
        try:
            super().validate(model, instance, exclude=exclude, using=using)
        except ValidationError as broken:
            raise ValidationError({self.field: broken.error_list}) from broken

    def deconstruct(self):
        path, args, kwargs = super().deconstruct()
        return path, args, {**kwargs, "field": self.field}

    def __eq__(self, other):
        return super().__eq__(other) and self.field == getattr(other, "field", None)


class FieldCheckConstraint(_OnField, models.CheckConstraint):
    """A CheckConstraint whose message goes on `field`."""


class FieldUniqueConstraint(_OnField, models.UniqueConstraint):
    """A UniqueConstraint whose message goes on `field`."""
