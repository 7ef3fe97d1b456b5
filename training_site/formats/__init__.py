"""Dates and times as people of each interface language write them (FORMAT_MODULE_PATH).

Chinese keeps Django's own (2026年12月7日 09:00). English writes 2026-12-07 09:00 (Django's
"Dec. 7, 2026, 9 a.m." hides the minutes and reads two ways round). Django has no Tibetan
formats: without these, a Tibetan page would write English month names and "a.m.". Tibetan
writes year, month and day with their words and no month name (2026ལོའི་ཟླ་12ཚེས་7).
Every time is on the 24-hour clock, so a class at nine reads 09:00 in every language.
"""
