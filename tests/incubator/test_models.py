"""What the database itself refuses, whatever code writes the rows; and what migrations load."""

import datetime
from decimal import Decimal

import pytest

from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction

from incubator.choices import ReportStatus
from incubator.factories import JobFactory, SalesReportFactory, ShopFactory
from incubator.models import GeographicalIndication
from trainees import roles
from trainees.choices import HouseholdStatus

pytestmark = pytest.mark.django_db


def refused(**kwargs) -> bool:
    factory = kwargs.pop("factory")
    try:
        with transaction.atomic():
            factory(**kwargs)
    except IntegrityError:
        return True
    return False


def test_one_report_a_shop_channel_and_month():
    report = SalesReportFactory()

    assert refused(
        factory=SalesReportFactory, shop=report.shop, channel=report.channel, month=report.month
    )


@pytest.mark.parametrize(
    "values",
    [
        {"sales": Decimal("-0.01")},
        {"agricultural_share": 101},
        {"month": datetime.date(2025, 3, 2)},
    ],
)
def test_impossible_reports_are_refused(values):
    assert refused(factory=SalesReportFactory, status=ReportStatus.DRAFT, **values)


@pytest.mark.parametrize(
    "values",
    [
        {"starts_on": datetime.date(2025, 5, 1), "ends_on": datetime.date(2025, 4, 30)},
        {"monthly_wage": Decimal("-1")},
        {
            "household_status_at_start": HouseholdStatus.LIFTED_OUT,
            "counts_for_poor_household": False,
        },
        {"household_status_at_start": HouseholdStatus.NONE, "counts_for_poor_household": True},
    ],
)
def test_impossible_jobs_are_refused(values):
    assert refused(factory=JobFactory, **values)


def test_a_shop_graduates_only_after_it_incubated():
    assert refused(
        factory=ShopFactory,
        incubating_on=datetime.date(2025, 2, 3),
        graduated_on=datetime.date(2025, 2, 2),
    )


def test_the_brands_named_in_the_design_are_loaded_with_their_counties():
    brands = dict(GeographicalIndication.objects.values_list("name", "county__name"))

    assert brands == {
        "雅江松茸": "雅江县",
        "得荣树椒": "得荣县",
        "炉霍俄色茶": "炉霍县",
        "泸定红樱桃": "泸定县",
        "九龙花椒": "九龙县",
        "道孚大葱": "道孚县",
    }


def permissions(group: str) -> set[str]:
    return set(
        Group.objects.get(name=group)
        .permissions.filter(content_type__app_label="incubator")
        .values_list("codename", flat=True)
    )


def test_coordinators_view_add_and_change_shops_records_but_delete_nothing():
    granted = permissions(roles.COUNTY_COORDINATORS)

    assert {"view_salesreport", "add_salesreport", "change_job", "view_monthlock"} <= granted
    assert not {name for name in granted if name.startswith("delete_")}
    assert "add_monthlock" not in granted


def test_managers_hold_every_incubator_permission():
    assert {"delete_shop", "add_monthlock", "change_geographicalindication"} <= permissions(
        roles.PROGRAMME_MANAGERS
    )
    assert permissions(roles.TRAINEES) == set()
