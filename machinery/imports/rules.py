"""The rules an import enforces, said where they are checked and listed on its upload page.

Each check of an app's import declares, above its code, the rules it enforces:

    RULES = Rules()

    @RULES.enforces(_("%(column)s: 男 or 女."), column="性别")
    def _check_gender(cells): ...

The upload page lists `RULES.html()` in the order the checks were declared, in the reader's
language: a rule added to a check shows on the page, and one removed with its check goes.
The words a rule quotes from the file (its headers and values: 性别, 男, male) are marked with
their own language, whatever the sentence's.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

# Chinese words (a list of them joined with 、 too), English words (male / female).
FILE_WORDS = re.compile(
    r"(?P<zh>[\u3400-\u9fff]+(?:、[\u3400-\u9fff]+)*)|(?P<en>[A-Za-z_]+(?: / [A-Za-z_]+)*)"
)


def marked_file_words(value: str) -> SafeString:
    """`value` as HTML, each run of Chinese or English words in a span saying its language."""
    parts, position = [], 0
    for found in FILE_WORDS.finditer(value):
        parts.append(conditional_escape(value[position : found.start()]))
        language = "zh-hans" if found.group("zh") else "en"
        parts.append(format_html('<span lang="{}">{}</span>', language, found.group()))
        position = found.end()
    parts.append(conditional_escape(value[position:]))
    return mark_safe("".join(parts))  # noqa: S308 - every part escaped above


@dataclass(frozen=True)
class Rule:
    text: Any  # a lazily translated sentence, formatted with `params`
    params: dict = field(default_factory=dict)

    def __str__(self) -> str:
        return str(self.text) % self.params if self.params else str(self.text)

    def html(self) -> SafeString:
        """The sentence, its quoted words marked with their language."""
        if not self.params:
            return conditional_escape(str(self.text))
        params = {
            name: marked_file_words(value) if isinstance(value, str) else value
            for name, value in self.params.items()
        }
        return mark_safe(conditional_escape(str(self.text)) % params)  # noqa: S308 - escaped


class Rules:
    """The rules of one import, in the order its checks declare them."""

    def __init__(self):
        self.rules: list[Rule] = []

    def enforces(self, *texts, **params) -> Callable:
        """A decorator: the check enforces each of `texts`, formatted with `params` (the
        same for all, written into the sentence when it is read: headers, limits, values)."""

        def declare(check: Callable) -> Callable:
            self.rules.extend(Rule(text, params) for text in texts)
            return check

        return declare

    def texts(self) -> list[str]:
        """Every rule, in the active language."""
        return [str(rule) for rule in self.rules]

    def html(self) -> list[SafeString]:
        """Every rule, in the active language, as the upload page shows it."""
        return [rule.html() for rule in self.rules]
