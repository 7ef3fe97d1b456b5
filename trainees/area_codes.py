"""Official codes and names of townships and villages: the one place that says what is right.

A county's code has 6 digits (GB/T 2260); a township's has 9 and starts with
its county's; a village's has 12 and starts with its township's (the
statistical division codes). Every township and village has a name, unique
among the townships of its county or the villages of its township.

These functions read no database: `Township.clean`, `Village.clean` (so the
admin's forms) and the area import (trainees/area_import.py) all ask them, and
each problem comes back as a message naming the field it is about.
"""

import re

from django.utils.translation import gettext as _

TOWNSHIP_CODE_LENGTH = 9
VILLAGE_CODE_LENGTH = 12
NAME_MAX_LENGTH = 50
_TOWNSHIP_CODE = re.compile(r"\d{9}")
_VILLAGE_CODE = re.compile(r"\d{12}")


def township_code_problem(code: str, county) -> str | None:
    """What is wrong with `code` as the code of a township of `county` (a County), or None."""
    if not code:
        return _("Enter the township code.")
    if not _TOWNSHIP_CODE.fullmatch(code):
        return _("The township code must be 9 digits, e.g. %(example)s; “%(code)s” is not.") % {
            "example": f"{county.code}100",
            "code": code,
        }
    if not code.startswith(county.code):
        return _(
            "The township code %(code)s must start with the code of %(county)s, %(county_code)s."
        ) % {"code": code, "county": county.display_name, "county_code": county.code}
    return None


def village_code_problem(code: str, township) -> str | None:
    """What is wrong with `code` as the code of a village of `township` (a Township), or None."""
    if not code:
        return _("Enter the village code.")
    if not _VILLAGE_CODE.fullmatch(code):
        return _("The village code must be 12 digits, e.g. %(example)s; “%(code)s” is not.") % {
            "example": f"{township.code}001",
            "code": code,
        }
    if not code.startswith(township.code):
        return _(
            "The village code %(code)s must start with the code of %(township)s, %(township_code)s."
        ) % {"code": code, "township": township.name, "township_code": township.code}
    return None


def township_name_problem(name: str) -> str | None:
    if not name:
        return _("Enter the township's name.")
    if len(name) > NAME_MAX_LENGTH:
        return _("The township's name is longer than %(count)d characters.") % {
            "count": NAME_MAX_LENGTH
        }
    return None


def village_name_problem(name: str) -> str | None:
    if not name:
        return _("Enter the village's name.")
    if len(name) > NAME_MAX_LENGTH:
        return _("The village's name is longer than %(count)d characters.") % {
            "count": NAME_MAX_LENGTH
        }
    return None


def township_name_taken(*, name: str, county, code: str) -> str:
    """The message for a name that another township (`code`) of `county` already has."""
    return _("%(county)s already has a township called “%(name)s” (%(code)s).") % {
        "county": county.display_name,
        "name": name,
        "code": code,
    }


def village_name_taken(*, name: str, township, code: str) -> str:
    """The message for a name that another village (`code`) of `township` already has."""
    return _("%(township)s already has a village called “%(name)s” (%(code)s).") % {
        "township": township.name,
        "name": name,
        "code": code,
    }


def township_code_locked(code: str) -> str:
    """A township whose villages' codes start with its own keeps its code and county."""
    return _(
        "This township has villages whose codes start with %(code)s: "
        "its code and county cannot change."
    ) % {"code": code}
