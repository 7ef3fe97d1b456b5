"""The registry of visible records and of personal values, as an app fills it."""

import pytest

from django.contrib.auth.models import Group

from machinery import scoping

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(monkeypatch):
    """The registry of this test only: what it registers is forgotten after it."""
    monkeypatch.setattr(scoping, "_VISIBLE", dict(scoping._VISIBLE))
    monkeypatch.setattr(scoping, "_PERSONAL_VALUE", list(scoping._PERSONAL_VALUE))
    return scoping


def test_a_registered_model_is_served_by_its_rule(registry):
    seen, unseen = Group.objects.create(name="seen"), Group.objects.create(name="unseen")
    assert not registry.is_scoped(Group)

    registry.register_visible(Group, lambda user: Group.objects.filter(name=f"{user}"))

    assert registry.is_scoped(Group)
    assert list(registry.visible_records(Group, "seen")) == [seen]
    assert unseen not in registry.visible_records(Group, "seen")


def test_personal_values_are_shown_by_the_registered_rule(registry):
    registry.register_personal_value(
        lambda user, field, value, scope: value if scope == user else "***"
    )

    assert registry.personal_value("A", "phone", "13800000000", "A") == "13800000000"
    assert registry.personal_value("A", "phone", "13800000000", "B") == "***"


def test_the_apps_register_their_models():
    from incubator.models import Shop
    from outcomes.models import ApiToken
    from trainees.models import Trainee

    assert all(scoping.is_scoped(model) for model in (Trainee, Shop, ApiToken))
