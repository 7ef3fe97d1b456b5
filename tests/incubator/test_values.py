import datetime
from decimal import Decimal

import pytest

from django.core.exceptions import ValidationError

from incubator.values import (
    Errors,
    clean_count,
    clean_day,
    clean_month,
    clean_percentage,
    clean_yuan,
)


@pytest.fixture
def today(monkeypatch):
    day = datetime.date(2026, 3, 15)
    monkeypatch.setattr("incubator.values.timezone.localdate", lambda *args: day)
    return day


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("1234.5", Decimal("1234.50")),
        (" 12,345.67 ", Decimal("12345.67")),
        ("¥88", Decimal("88.00")),
        ("￥88", Decimal("88.00")),
        (0, Decimal("0.00")),
        (Decimal("3.10"), Decimal("3.10")),
        (19.99, Decimal("19.99")),
    ],
)
def test_amounts_of_yuan_are_read_exactly(typed, stored):
    amount = clean_yuan(typed, max_digits=12)

    assert amount == stored
    assert amount.as_tuple().exponent == -2


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("abc", "Enter a number, such as 1234.50."),
        ("", "Enter a number, such as 1234.50."),
        (None, "Enter a number, such as 1234.50."),
        ("NaN", "Enter a number, such as 1234.50."),
        ("Infinity", "Enter a number, such as 1234.50."),
        (True, "Enter a number, such as 1234.50."),
        ("-0.01", "Enter 0 or more: an amount cannot be negative."),
        ("12.345", "Enter at most two decimal places (yuan and fen)."),
        ("10000000000", "This amount is too large: it must be less than 10,000,000,000 yuan."),
        ("9" * 96, "This amount is too large: it must be less than 10,000,000,000 yuan."),
        ("1E+30", "This amount is too large: it must be less than 10,000,000,000 yuan."),
    ],
)
def test_amounts_that_are_not_yuan_are_refused_saying_what_to_type(typed, message):
    with pytest.raises(ValidationError) as error:
        clean_yuan(typed, max_digits=12)

    assert error.value.messages == [message]


@pytest.mark.parametrize(("typed", "stored"), [("25", 25), (0, 0), ("1,200", 1200), ("7.0", 7)])
def test_counts_are_whole_numbers(typed, stored):
    assert clean_count(typed) == stored


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("-1", "Enter 0 or more: a count cannot be negative."),
        ("2.5", "Enter a whole number, such as 25."),
        ("twelve", "Enter a number, such as 25."),
    ],
)
def test_counts_that_are_not_whole_and_positive_are_refused(typed, message):
    with pytest.raises(ValidationError) as error:
        clean_count(typed)

    assert error.value.messages == [message]


@pytest.mark.parametrize(("typed", "stored"), [("35", 35), ("35%", 35), ("100", 100), (0, 0)])
def test_percentages_are_whole_from_0_to_100(typed, stored):
    assert clean_percentage(typed) == stored


@pytest.mark.parametrize("typed", ["101", "-5", "12.5", "half", None])
def test_other_percentages_are_refused(typed):
    with pytest.raises(ValidationError) as error:
        clean_percentage(typed)

    assert error.value.messages == ["Enter a whole percentage from 0 to 100, such as 35."]


@pytest.mark.parametrize(
    "typed",
    [
        "2026-02",
        "2026/2",
        "2026.02",
        "2026年2月",
        "2026-02-01",
        " 2026-02 ",
        datetime.date(2026, 2, 20),
    ],
)
def test_months_are_read_as_their_first_day(today, typed):
    assert clean_month(typed) == datetime.date(2026, 2, 1)


def test_this_month_may_be_reported(today):
    assert clean_month("2026-03") == datetime.date(2026, 3, 1)


def test_a_month_in_the_future_is_refused(today):
    with pytest.raises(ValidationError) as error:
        clean_month("2026-04")

    assert error.value.messages == [
        "2026-04 has not begun yet: report a month once it has started."
    ]


@pytest.mark.parametrize("typed", ["March", "2026-13", "26-03", "", None])
def test_a_month_that_is_not_a_month_is_refused(today, typed):
    with pytest.raises(ValidationError) as error:
        clean_month(typed)

    assert error.value.messages == ["Enter the month as year and month, such as 2026-03."]


def test_days_in_the_future_are_refused_unless_allowed(today):
    with pytest.raises(ValidationError, match="2026-03-16 is in the future"):
        clean_day(datetime.date(2026, 3, 16))

    assert clean_day("2026-03-16", allow_future=True) == datetime.date(2026, 3, 16)
    with pytest.raises(ValidationError, match="Enter a date such as 2026-03-15"):
        clean_day("next week")


def test_errors_name_their_field_and_are_all_reported_at_once():
    errors = Errors()
    errors.check("sales", "Sales (yuan)", clean_yuan, "-3", max_digits=12)
    errors.check("orders", "Orders", clean_count, "x")

    with pytest.raises(ValidationError) as error:
        errors.raise_if_any()

    assert error.value.message_dict == {
        "sales": ["Sales (yuan): Enter 0 or more: an amount cannot be negative."],
        "orders": ["Orders: Enter a number, such as 25."],
    }
