"""Who sees which incubator records: a matrix over every role and both counties."""

import pytest

from incubator import scoping
from incubator.factories import (
    MonthLockFactory,
)
from incubator.models import (
    Application,
    Job,
    Milestone,
    Product,
    SalesReport,
    Shop,
    ShopChannel,
    Worker,
)
from machinery.scoping import visible_records
from tests.incubator.scene import ROLES, records_of

pytestmark = pytest.mark.django_db

MODELS = [Application, Shop, ShopChannel, Product, Milestone, SalesReport, Job, Worker]


@pytest.fixture
def records(scene):
    pairs = records_of(scene)
    return {model: pairs[model._meta.model_name] for model in MODELS}


def seen(user, records) -> dict:
    result = {}
    for model, (here, there) in records.items():
        pks = set(visible_records(model, user).values_list("pk", flat=True))
        result[model.__name__] = {
            label for label, record in (("A", here), ("B", there)) if record.pk in pks
        }
    return result


EXPECTED = {
    "anonymous": set(),
    "trainee": set(),
    "instructor": set(),
    "owner": {"A"},
    "other_owner": {"B"},
    "coordinator": {"A"},
    "other_coordinator": {"B"},
    "manager": {"A", "B"},
}


@pytest.mark.parametrize("role", ROLES)
def test_each_role_sees_the_records_of_its_own_shops_or_county(scene, records, role):
    assert seen(scene.user(role), records) == {model.__name__: EXPECTED[role] for model in MODELS}


def test_a_shop_with_two_owners_is_listed_once_for_its_coordinator(scene):
    scene.shop.owners.add(scene.other_shop.owners.get())

    assert list(scoping.visible_shops(scene.coordinator)) == [scene.shop]
    assert list(scoping.visible_shops(scene.other_owner)) == [scene.shop, scene.other_shop]


def test_month_locks_are_seen_by_managers_and_coordinators_only(scene):
    lock = MonthLockFactory()

    assert [
        role for role in ROLES if lock in visible_records(lock.__class__, scene.user(role))
    ] == ["coordinator", "other_coordinator", "manager"]


@pytest.mark.parametrize(
    ("role", "may_act", "runs_county"),
    [
        ("anonymous", False, False),
        ("owner", True, False),
        ("other_owner", False, False),
        ("trainee", False, False),
        ("instructor", False, False),
        ("coordinator", True, True),
        ("other_coordinator", False, False),
        ("manager", True, True),
    ],
)
def test_who_acts_for_a_shop(scene, role, may_act, runs_county):
    user = scene.user(role)

    assert scoping.may_act_for_shop(user, scene.shop) is may_act
    assert scoping.runs_county(user, scene.shop.county_id) is runs_county
    assert scoping.may_see_personal_data(user, scene.shop.county_id) is runs_county
    assert scoping.may_lock_months(user) is (role == "manager")
