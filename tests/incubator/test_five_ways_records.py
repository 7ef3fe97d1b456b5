"""The records of the five ways of driving incomes: each bad detail is refused with its
sentence, on its field, and nothing is saved; who sees which record."""

import datetime
from decimal import Decimal

import pytest

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from incubator import scoping
from incubator.choices import EnterpriseKind
from incubator.factories import (
    DividendFactory,
    EnterpriseFactory,
    PurchaseFactory,
    ShareholdingFactory,
    TraineeBusinessFactory,
)
from incubator.models import (
    Dividend,
    Enterprise,
    Purchase,
    Shareholding,
    TraineeBusiness,
)
from tests.incubator.scene import ROLES
from trainees.factories import HouseholdFactory, TraineeFactory, VillageFactory

pytestmark = pytest.mark.django_db


def refusal(record) -> dict:
    """The messages `full_clean` (every admin form) gives, by field, in English."""
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        record.full_clean()
    return {
        field: [str(m) for m in messages] for field, messages in refused.value.message_dict.items()
    }


@pytest.fixture
def household(scene):
    return HouseholdFactory(village__township__county=scene.county)


def test_a_purchase_names_exactly_one_buyer_and_the_database_agrees(scene, household):
    enterprise = EnterpriseFactory(county=scene.county)
    both = Purchase(
        shop=scene.shop,
        enterprise=enterprise,
        household=household,
        what="松茸",
        month=datetime.date(2025, 8, 1),
        amount=Decimal("100"),
    )
    neither = Purchase(household=household, what="松茸", month=datetime.date(2025, 8, 1), amount=1)
    message = (
        "A purchase is made by a shop or by a co-operative or company: choose exactly one of them."
    )

    assert refusal(both) == {"shop": [message]}
    assert refusal(neither) == {"shop": [message]}
    with pytest.raises(IntegrityError), transaction.atomic():
        both.save()
    assert not Purchase.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("amount", Decimal("0"), "The amount paid is above zero yuan."),
        ("amount", Decimal("-5"), "The amount paid is above zero yuan."),
        (
            "month",
            datetime.date(2025, 8, 15),
            "A month is given by its first day, e.g. 2025-03-01 for March 2025.",
        ),
    ],
)
def test_a_purchase_of_no_money_or_not_of_a_month_is_refused(
    scene, household, field, value, message
):
    purchase = Purchase(
        shop=scene.shop, household=household, what="松茸", month=datetime.date(2025, 8, 1), amount=9
    )
    setattr(purchase, field, value)

    assert refusal(purchase) == {field: [message]}
    assert not Purchase.objects.exists()


def test_a_county_names_a_co_operative_once(scene):
    EnterpriseFactory(county=scene.county, name="雅江松茸合作社")
    again = Enterprise(kind=EnterpriseKind.COMPANY, name="雅江松茸合作社", county=scene.county)
    elsewhere = Enterprise(
        kind=EnterpriseKind.COMPANY, name="雅江松茸合作社", county=scene.other_county
    )

    assert refusal(again) == {
        "name": ["This county already has a co-operative or company of this name."]
    }
    elsewhere.full_clean()
    assert Enterprise.objects.count() == 1


def test_a_trainees_business_is_in_its_county_and_has_started(scene):
    trainee = TraineeFactory(county=scene.county)
    other_village = VillageFactory(township__county=scene.other_county)
    elsewhere = TraineeBusiness(
        trainee=trainee,
        what="藏绣工坊",
        started_on=datetime.date(2025, 5, 1),
        county=scene.county,
        village=other_village,
    )
    tomorrow = datetime.date.today() + datetime.timedelta(days=2)
    not_yet = TraineeBusiness(
        trainee=trainee, what="民宿", started_on=tomorrow, county=scene.county
    )

    assert refusal(elsewhere) == {"village": ["This village is not in the business's county."]}
    assert refusal(not_yet) == {
        "started_on": [f"{tomorrow} has not come yet: record the business once it has started."]
    }
    assert not TraineeBusiness.objects.exists()


def test_shares_are_held_once_in_one_business_and_dividends_follow_them(scene, household):
    held = ShareholdingFactory(
        household=household, shop=scene.shop, since=datetime.date(2025, 3, 1)
    )
    twice = Shareholding(household=household, shop=scene.shop, since=datetime.date(2025, 6, 1))
    early = Dividend(shareholding=held, paid_on=datetime.date(2025, 2, 1), amount=Decimal("50"))
    nothing = Dividend(shareholding=held, paid_on=datetime.date(2025, 4, 1), amount=Decimal("0"))

    assert refusal(twice) == {"household": ["This household already holds shares of this shop."]}
    assert refusal(early) == {
        "paid_on": ["2025-02-01 is before the household held its shares (from 2025-03-01)."]
    }
    assert refusal(nothing) == {"amount": ["A dividend is above zero yuan."]}
    assert Shareholding.objects.count() == 1
    assert not Dividend.objects.exists()


def test_each_role_sees_the_five_ways_records_of_its_own_shops_or_county(scene):
    a_purchase = PurchaseFactory(shop=scene.shop)
    b_purchase = PurchaseFactory(shop=None, enterprise=EnterpriseFactory(county=scene.other_county))
    a_dividend = DividendFactory(shareholding__shop=scene.shop)
    b_dividend = DividendFactory(
        shareholding__shop=None,
        shareholding__enterprise=EnterpriseFactory(county=scene.other_county),
    )
    a_business = TraineeBusinessFactory(trainee=scene.owner_trainee)
    b_business = TraineeBusinessFactory(trainee__county=scene.other_county)

    def seen(role):
        user = scene.user(role)
        return {
            "purchases": set(scoping.visible_purchases(user)),
            "dividends": set(scoping.visible_dividends(user)),
            "businesses": set(scoping.visible_trainee_businesses(user)),
        }

    expected = {
        "anonymous": (set(), set(), set()),
        "owner": ({a_purchase}, {a_dividend}, {a_business}),
        "other_owner": (set(), set(), set()),
        "trainee": (set(), set(), set()),
        "instructor": (set(), set(), set()),
        "coordinator": ({a_purchase}, {a_dividend}, {a_business}),
        "other_coordinator": ({b_purchase}, {b_dividend}, {b_business}),
        "manager": (
            {a_purchase, b_purchase},
            {a_dividend, b_dividend},
            {a_business, b_business},
        ),
    }
    for role in ROLES:
        purchases, dividends, businesses = expected[role]
        assert seen(role) == {
            "purchases": purchases,
            "dividends": dividends,
            "businesses": businesses,
        }, role


# Entered in the admin


def admin_login(client, user):
    from wagtail.users.models import UserProfile

    preferences = UserProfile.get_for_user(user)
    preferences.preferred_language = "en"
    preferences.save()
    client.force_login(user)


def test_a_coordinator_records_a_purchase_of_their_county_in_the_admin(client, scene, household):
    from django.urls import reverse

    admin_login(client, scene.coordinator)
    form = {
        "shop": scene.shop.pk,
        "household": household.registry_number,
        "what": "松茸",
        "month": "2025-08-01",
        "amount": "1200",
    }

    response = client.post(reverse("purchase:add"), form)

    assert response.status_code == 302
    purchase = Purchase.objects.get()
    assert (purchase.shop, purchase.household, purchase.amount) == (
        scene.shop,
        household,
        Decimal("1200.00"),
    )
    edit = client.get(reverse("purchase:edit", args=[purchase.pk])).content.decode()
    assert f'value="{household.registry_number}"' in edit


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"amount": "0"}, "amount", "The amount paid is above zero yuan."),
        (
            {"month": "2025-08-15"},
            "month",
            "A month is given by its first day, e.g. 2025-03-01 for March 2025.",
        ),
        (
            {"shop": ""},
            "shop",
            "A purchase is made by a shop or by a co-operative or company: choose exactly one "
            "of them.",
        ),
        ("other_shop", "shop", "Select a valid choice."),
        (
            "other_household",
            "household",
            "No household of your counties has this registry number: check the number.",
        ),
    ],
)
def test_a_bad_purchase_in_the_admin_is_refused_on_its_field_and_nothing_saved(
    client, scene, household, change, field, message
):
    from django.urls import reverse

    admin_login(client, scene.coordinator)
    form = {
        "shop": scene.shop.pk,
        "household": household.registry_number,
        "what": "松茸",
        "month": "2025-08-01",
        "amount": "1200",
    }
    if change == "other_shop":  # another county's shop: not among the choices
        change = {"shop": scene.other_shop.pk}
    elif change == "other_household":
        other = HouseholdFactory(village__township__county=scene.other_county)
        change = {"household": other.registry_number}

    response = client.post(reverse("purchase:add"), {**form, **change})

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors
    assert any(text.startswith(message) for text in errors[field]), errors
    assert not Purchase.objects.exists()
