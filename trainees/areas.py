"""When a township or village may be deleted: the one rule the admin's delete pages ask.

Households, trainees and villages point at their village or township with
PROTECT; rather than let the database refuse, the admin says why beforehand.
"""

from django.utils.translation import gettext as _

from trainees.models import Township, Village


def area_delete_problem(area: Township | Village) -> str | None:
    """Why `area` cannot be deleted, or None when nothing is recorded in it."""
    if isinstance(area, Township):
        villages = area.villages.count()
        if villages:
            return _(
                "%(township)s cannot be deleted while it has villages (%(count)d): "
                "delete them or leave the township as it is."
            ) % {"township": area.name, "count": villages}
        return None
    households, trainees = area.households.count(), area.trainees.count()
    if households or trainees:
        return _(
            "%(village)s cannot be deleted while households (%(households)d) or trainees "
            "(%(trainees)d) are recorded in it."
        ) % {"village": area.name, "households": households, "trainees": trainees}
    return None
