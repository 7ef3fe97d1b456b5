"""What free text people type may hold: no control character (an invisible character, such
as ESC or a NUL) other than tab, line feed and carriage return.

Such a character is never typed on purpose, shows as nothing, and breaks what reads the text
later (a spreadsheet export refuses it). Forms, services and imports refuse it at input with
`refuse_control_characters`; exports replace those already stored (`machinery.exports`).
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

# Unicode's control characters (C0, DEL and C1), except tab, line feed and carriage return.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def has_control_character(text: str) -> bool:
    return bool(CONTROL_CHARACTERS.search(text))


def refuse_control_characters(value) -> None:
    """A validator: ValidationError naming where the first control character is (1 = first)."""
    if not isinstance(value, str):
        return
    found = CONTROL_CHARACTERS.search(value)
    if found:
        raise ValidationError(
            _("Remove the control character (an invisible character) at position %(position)d.")
            % {"position": found.start() + 1},
            code="control_character",
        )


def listed(items) -> str:
    """Items written one after the other as the reader's language lists them: 淘宝、天猫 in
    Chinese, a comma in English, a space after each item's shad in Tibetan."""
    return pgettext("between the items of a list", ", ").join(str(item) for item in items)
