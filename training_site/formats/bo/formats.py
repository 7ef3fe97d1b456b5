"""Tibetan: 2026ལོའི་ཟླ་12ཚེས་7 09:00, no month or weekday name (Django has none in Tibetan).

Only ASCII letters are format characters, so the Tibetan words pass through as written.
"""

DATE_FORMAT = "Yལོའི་ཟླ་nཚེས་j"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "Yལོའི་ཟླ་nཚེས་j H:i"
YEAR_MONTH_FORMAT = "Yལོའི་ཟླ་n"
MONTH_DAY_FORMAT = "ཟླ་nཚེས་j"
SHORT_DATE_FORMAT = "Y-m-d"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
FIRST_DAY_OF_WEEK = 1  # Monday
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
