"""An import's rules, declared above its checks, read in the reader's language."""

from django.utils import translation
from django.utils.translation import gettext_lazy

from machinery.imports.rules import Rules


def test_rules_are_listed_in_the_order_their_checks_declare_them_and_translated():
    rules = Rules()

    @rules.enforces(gettext_lazy("%(column)s: at most %(max)d characters."), column="民族", max=20)
    def check_ethnicity(cells):
        return cells

    @rules.enforces(gettext_lazy("A county coordinator imports trainees of their own county only."))
    def check_county(cells):
        return cells

    with translation.override("en"):
        english = rules.texts()
    with translation.override("zh-hans"):
        chinese = rules.texts()

    assert english == [
        "民族: at most 20 characters.",
        "A county coordinator imports trainees of their own county only.",
    ]
    assert chinese == ["民族：最多 20 个字符。", "县级协调员只能导入本县的学员。"]
    assert check_ethnicity("cells") == "cells"  # the check itself is left as it is


def test_the_words_a_rule_quotes_from_the_file_say_their_language():
    rules = Rules()
    rules.enforces(
        gettext_lazy("%(column)s: required; %(values)s."),
        column="性别",
        values="男 / 女 / male / female",
    )(lambda cells: cells)

    with translation.override("en"):
        [html] = rules.html()

    assert html == (
        '<span lang="zh-hans">性别</span>: required; <span lang="zh-hans">男</span> / '
        '<span lang="zh-hans">女</span> / <span lang="en">male / female</span>.'
    )


def test_a_rule_quoting_markup_shows_it_as_text():
    rules = Rules()
    rules.enforces(gettext_lazy("%(column)s: at most %(max)d characters."), column="<b>", max=5)(
        lambda cells: cells
    )

    with translation.override("en"):
        [html] = rules.html()

    assert html == '&lt;<span lang="en">b</span>&gt;: at most 5 characters.'
