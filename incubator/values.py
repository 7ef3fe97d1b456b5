"""Reading the values people type (in forms and, later, CSV files) into what is stored.

Each function takes what was typed or parsed, returns the stored value, or
raises a ValidationError whose message says what is wrong and what to type.
They do not know the field: the services key each error by its field and put
the field's name in front of the message (`Errors`).
"""

import datetime
import re
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from machinery.text import refuse_control_characters

# 2026-03, 2026/3, 2026.03, 2026年3月, and a day after them (2026-03-01) which is ignored.
MONTH_PATTERN = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*(?:月|[-/.]\d{1,2}日?)?$")


def this_month() -> datetime.date:
    return timezone.localdate().replace(day=1)


def add_months(month: datetime.date, count: int) -> datetime.date:
    """The first day of the month `count` months after (before, if negative) `month`'s."""
    index = month.year * 12 + month.month - 1 + count
    return datetime.date(index // 12, index % 12 + 1, 1)


def midnight(day: datetime.date) -> datetime.datetime:
    """The first moment of `day` in the programme's time zone."""
    return datetime.datetime.combine(day, datetime.time(), tzinfo=ZoneInfo(settings.TIME_ZONE))


def _decimal(value, *, example: str) -> Decimal:
    if isinstance(value, bool):
        value = None
    if isinstance(value, float):
        value = repr(value)
    if isinstance(value, str):
        # ¥ and the full-width ￥ that Chinese keyboards (and GBK files) have.
        value = value.strip().replace(",", "").replace("，", "").lstrip("¥￥")
    try:
        number = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError(
            _("Enter a number, such as %(example)s.") % {"example": example}, code="invalid"
        ) from None
    if not number.is_finite():
        raise ValidationError(
            _("Enter a number, such as %(example)s.") % {"example": example}, code="invalid"
        )
    return number


def clean_yuan(value, *, max_digits: int, example: str = "1234.50") -> Decimal:
    """An amount of yuan: a number, not negative, to the fen (two decimals) at most."""
    amount = _decimal(value, example=example)
    if amount < 0:
        raise ValidationError(_("Enter 0 or more: an amount cannot be negative."), code="negative")
    # Checked before rounding to the fen: rounding a number of more digits than Decimal
    # keeps (such as 1E+30) is an error of its own.
    limit = Decimal(10) ** (max_digits - 2)
    if amount >= limit:
        raise ValidationError(
            _("This amount is too large: it must be less than %(limit)s yuan.")
            % {"limit": f"{limit:,}"},
            code="too_large",
        )
    if amount != amount.quantize(Decimal("0.01")):
        raise ValidationError(
            _("Enter at most two decimal places (yuan and fen)."), code="decimal_places"
        )
    return amount.quantize(Decimal("0.01"))


def clean_count(value, *, example: str = "25") -> int:
    """A count, such as orders: a whole number, not negative."""
    number = _decimal(value, example=example)
    if number < 0:
        raise ValidationError(_("Enter 0 or more: a count cannot be negative."), code="negative")
    if number != number.to_integral_value():
        raise ValidationError(
            _("Enter a whole number, such as %(example)s.") % {"example": example}, code="fraction"
        )
    if number > 2_000_000_000:
        raise ValidationError(_("This number is too large."), code="too_large")
    return int(number)


def clean_percentage(value) -> int:
    """A whole percentage from 0 to 100 ("35" and "35%" both read as 35)."""
    if isinstance(value, str):
        value = value.strip().removesuffix("%").removesuffix("％")
    try:
        number = clean_count(value, example="35")
    except ValidationError:
        number = None
    if number is None or number > 100:
        raise ValidationError(
            _("Enter a whole percentage from 0 to 100, such as 35."), code="percentage"
        )
    return number


def clean_month(value) -> datetime.date:
    """The first day of a month given as a date or as text such as 2026-03 or 2026年3月;
    never a month after this one."""
    if isinstance(value, datetime.datetime):
        value = timezone.localdate(value) if timezone.is_aware(value) else value.date()
    if isinstance(value, datetime.date):
        month = value.replace(day=1)
    else:
        match = MONTH_PATTERN.match(str(value or "").strip())
        try:
            month = datetime.date(int(match[1]), int(match[2]), 1) if match else None
        except ValueError:
            month = None
        if month is None:
            raise ValidationError(
                _("Enter the month as year and month, such as 2026-03."), code="invalid"
            )
    if month > this_month():
        raise ValidationError(
            _("%(month)s has not begun yet: report a month once it has started.")
            % {"month": f"{month:%Y-%m}"},
            code="future",
        )
    return month


def clean_day(value, *, allow_future: bool = False) -> datetime.date:
    """A date (a date object or text such as 2026-03-15); not after today unless allowed."""
    if isinstance(value, datetime.datetime):
        value = timezone.localdate(value) if timezone.is_aware(value) else value.date()
    if not isinstance(value, datetime.date):
        try:
            value = datetime.date.fromisoformat(str(value or "").strip())
        except ValueError:
            raise ValidationError(_("Enter a date such as 2026-03-15."), code="invalid") from None
    if not allow_future and value > timezone.localdate():
        raise ValidationError(
            _("%(day)s is in the future: enter a day that has passed.") % {"day": value},
            code="future",
        )
    return value


def clean_choice(value, choices, *, what: str) -> str:
    """One of `choices` (a TextChoices class), by value."""
    if value in choices.values:
        return choices(value).value
    raise ValidationError(
        _("Choose %(what)s from the list: %(choices)s.")
        % {"what": what, "choices": ", ".join(str(label) for label in choices.labels)},
        code="invalid_choice",
    )


def clean_text(value, *, max_length: int | None = None) -> str:
    """Required text, stripped."""
    text = (value or "").strip() if isinstance(value, str | None) else str(value).strip()
    if not text:
        raise ValidationError(_("This cannot be empty."), code="required")
    if "\x00" in text:  # PostgreSQL keeps no NUL in text; nobody types one
        raise ValidationError(
            _("Remove the invisible NUL character from this text."), code="null_characters"
        )
    refuse_control_characters(text)
    if max_length is not None and len(text) > max_length:
        raise ValidationError(
            _("Keep it to %(max)d characters at most (it has %(length)d).")
            % {"max": max_length, "length": len(text)},
            code="max_length",
        )
    return text


def labelled(label, error: ValidationError) -> ValidationError:
    """The error with the field's name in front: "Sales (yuan): enter a number, ..."."""
    return ValidationError(
        [
            ValidationError(
                _("%(field)s: %(problem)s")
                % {"field": capfirst(label), "problem": next(iter(item))},
                code=item.code,
            )
            for item in error.error_list
        ]
    )


class Errors:
    """Collects errors by field, so that a form shows every mistake at once; each message
    names its field.

        errors = Errors()
        sales = errors.check("sales", _("sales"), clean_yuan, value, max_digits=12)
        errors.raise_if_any()
    """

    def __init__(self):
        self.by_field: dict[str, list[ValidationError]] = {}

    def check(self, field: str, label, clean, *args, **kwargs):
        try:
            return clean(*args, **kwargs)
        except ValidationError as error:
            self.add(field, labelled(label, error))
            return None

    def add(self, field: str, error) -> None:
        if not isinstance(error, ValidationError):
            error = ValidationError(error)
        self.by_field.setdefault(field, []).append(error)

    def raise_if_any(self) -> None:
        if self.by_field:
            raise ValidationError(self.by_field)
