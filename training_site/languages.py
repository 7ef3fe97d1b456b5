"""Each interface language named in itself, as a reader looks for it in a list of links
(whatever language the page around it is in)."""

LANGUAGE_NAMES = {"zh-hans": "中文", "bo": "བོད་ཡིག", "en": "English"}
