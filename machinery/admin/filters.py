"""The listing's filters: a choice of records is refused a number no id column holds."""

import django_filters

from django.core.exceptions import ValidationError
from django.db import models

from wagtail.admin.filters import WagtailFilterSet

from machinery.record_ids import is_number_beyond_ids


class RecordChoiceField(django_filters.fields.ModelChoiceField):
    """A filter's choice of one record; a number larger than any id is not a valid choice
    (Django sends it to the database for a page, whose id is a link to Page: a server error)."""

    def to_python(self, value):
        if is_number_beyond_ids(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class RecordsChoiceField(django_filters.fields.ModelMultipleChoiceField):
    """A filter's choice of several records, refusing numbers larger than any id."""

    def _check_values(self, value):
        for pk in value:
            if is_number_beyond_ids(pk):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)


class RecordChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = RecordChoiceField


class RecordsChoiceFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = RecordsChoiceField


class ScopedFilterSet(WagtailFilterSet):
    """Wagtail's filters, with the record choices above for relations."""

    FILTER_DEFAULTS = {
        **WagtailFilterSet.FILTER_DEFAULTS,
        models.ForeignKey: {
            **WagtailFilterSet.FILTER_DEFAULTS[models.ForeignKey],
            "filter_class": RecordChoiceFilter,
        },
        models.OneToOneField: {
            **WagtailFilterSet.FILTER_DEFAULTS[models.OneToOneField],
            "filter_class": RecordChoiceFilter,
        },
        models.ManyToManyField: {
            **WagtailFilterSet.FILTER_DEFAULTS[models.ManyToManyField],
            "filter_class": RecordsChoiceFilter,
        },
    }
