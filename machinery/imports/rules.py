"""The rules an import enforces, said where they are checked and listed on its upload page.

Each check of an app's import declares, above its code, the rules it enforces:

    RULES = Rules()

    @RULES.enforces(_("%(column)s: 男 or 女."), column="性别")
    def _check_gender(cells): ...

The upload page lists `RULES.texts()` in the order the checks were declared, in the reader's
language: a rule added to a check shows on the page, and one removed with its check goes.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Rule:
    text: Any  # a lazily translated sentence, formatted with `params`
    params: dict = field(default_factory=dict)

    def __str__(self) -> str:
        return str(self.text) % self.params if self.params else str(self.text)


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
