"""The area a figure is for: the prefecture, a county or a township, named by official code
(`trainees/area_codes.py`): none for the prefecture, 6 digits for a county, 9 for a township."""

from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from trainees.models import County, Township

PREFECTURE = "prefecture"
COUNTY = "county"
TOWNSHIP = "township"


class AreaNotFound(LookupError):
    """No area has that code (or the user may not see it); the message says which."""


@dataclass(frozen=True)
class Area:
    level: str
    code: str = ""
    name: str = ""
    county_id: int | None = None
    township_id: int | None = None
    county_name: str = ""  # in Chinese, as stored; shown in the reader's language

    def __str__(self):
        if self.level == COUNTY:
            return County.display_names().get(self.name, self.name)
        if self.level == TOWNSHIP:
            county = County.display_names().get(self.county_name, self.county_name)
            return f"{county} {self.name}"
        return self.name or _("Whole prefecture")


WHOLE_PREFECTURE = Area(level=PREFECTURE)


def area_from_code(code: str | None) -> Area:
    code = (code or "").strip()
    if not code:
        return WHOLE_PREFECTURE
    if len(code) == 6 and code.isdigit():
        county = County.objects.filter(code=code).first()
        if county is not None:
            return Area(COUNTY, code, county.name, county_id=county.pk)
    elif len(code) == 9 and code.isdigit():
        township = Township.objects.select_related("county").filter(code=code).first()
        if township is not None:
            return Area(
                TOWNSHIP,
                code,
                township.name,
                county_id=township.county_id,
                county_name=township.county.name,
                township_id=township.pk,
            )
    raise AreaNotFound(_("No county or township has the code “%(code)s”.") % {"code": code})


def register_name(area: Area) -> str:
    """The area's name as the register writes it (Chinese), whatever the reader's language:
    the API and published figures name areas the same for everyone, as they name counties."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(area)
