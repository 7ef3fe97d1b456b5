"""Every database constraint of every app says its rule in a sentence, in the reader's
language, on the field it concerns (machinery/constraints.py): never Django's “Constraint
“cohort_ends_after_it_starts” is violated.”"""

from pathlib import Path

import pytest

from django.apps import apps
from django.db.models import F, Q
from django.utils import translation

from machinery.constraints import FieldCheckConstraint, FieldUniqueConstraint

ROOT = Path(__file__).resolve().parent.parent
PROJECT_APPS = [config for config in apps.get_app_configs() if Path(config.path).parent == ROOT]
CONSTRAINTS = [
    pytest.param(model, constraint, id=f"{model._meta.label}.{constraint.name}")
    for config in PROJECT_APPS
    for model in config.get_models()
    for constraint in model._meta.constraints
]


def test_the_walk_finds_the_apps_and_their_constraints():
    labels = {config.label for config in PROJECT_APPS}
    assert {"trainees", "incubator", "outcomes", "courses"} <= labels
    names = {param.values[1].name for param in CONSTRAINTS}
    assert {"cohort_ends_after_it_starts", "one_enrolment_a_course", "sales_not_negative"} <= names
    assert len(CONSTRAINTS) >= 30


def names_in(node) -> set[str]:
    """The fields a condition reads: its lookups' and its F() expressions'."""
    if isinstance(node, Q):
        names = set()
        for child in node.children:
            if isinstance(child, tuple):
                names |= {child[0].split("__")[0]} | names_in(child[1])
            else:
                names |= names_in(child)
        return names
    if isinstance(node, F):
        return {node.name}
    if hasattr(node, "get_source_expressions"):
        return set().union(*(names_in(child) for child in node.get_source_expressions()))
    return set()


def fields_read(constraint) -> set[str]:
    if isinstance(constraint, FieldUniqueConstraint):
        return set(constraint.fields)
    return names_in(constraint.condition)


@pytest.mark.parametrize(("model", "constraint"), CONSTRAINTS)
def test_every_constraint_says_its_rule_on_a_field_it_reads(model, constraint):
    assert isinstance(constraint, FieldCheckConstraint | FieldUniqueConstraint)
    assert constraint.violation_error_message != constraint.default_violation_error_message
    # On a field the constraint reads: a form without that field skips the constraint.
    assert constraint.field in fields_read(constraint)
    with translation.override("en"):
        sentence = constraint.get_violation_error_message()
    assert constraint.name not in sentence
    assert sentence.endswith(".")


@pytest.mark.parametrize("language", ["zh-hans", "bo"])
@pytest.mark.parametrize(("model", "constraint"), CONSTRAINTS)
def test_every_constraints_sentence_is_translated(model, constraint, language):
    with translation.override("en"):
        english = constraint.get_violation_error_message()
    with translation.override(language):
        translated = constraint.get_violation_error_message()
    assert translated != english
    if language == "bo":
        # Tibetan script, not Chinese.
        assert any("\u0f00" <= character <= "\u0fff" for character in translated)
