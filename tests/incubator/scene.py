"""Everyone the incubator tells apart, around one shop in each of two counties.

County A (康定市) holds `shop`, owned by `owner`'s trainee record; county B (泸定县) holds
`other_shop`, owned by `other_owner`'s. `trainee` is a trainee of county A who
owns no shop.
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser

from incubator.choices import ReportStatus
from incubator.factories import (
    ApplicationFactory,
    DividendFactory,
    EnterpriseFactory,
    JobFactory,
    MilestoneFactory,
    MonthLockFactory,
    ProductFactory,
    PurchaseFactory,
    SalesReportFactory,
    ShareholdingFactory,
    ShopFactory,
    TraineeBusinessFactory,
    WorkerFactory,
)
from incubator.models import Shop
from tests.trainees.admin_cast import user_in
from trainees import roles
from trainees.factories import HouseholdFactory, TraineeFactory, valid_id_number
from trainees.models import County, Trainee


@dataclass
class Scene:
    county: County
    other_county: County
    shop: Shop
    other_shop: Shop
    owner_trainee: Trainee
    anonymous: object
    owner: object
    other_owner: object
    trainee: object
    instructor: object
    coordinator: object
    other_coordinator: object
    manager: object

    def user(self, role: str):
        return getattr(self, role)


ROLES = [
    "anonymous",
    "owner",
    "other_owner",
    "trainee",
    "instructor",
    "coordinator",
    "other_coordinator",
    "manager",
]


def scene() -> Scene:
    county, other_county = County.objects.order_by("code")[:2]
    owner = user_in(roles.TRAINEES, county)
    other_owner = user_in(roles.TRAINEES, other_county)
    trainee = user_in(roles.TRAINEES, county)
    owner_trainee = TraineeFactory(county=county, user=owner)
    TraineeFactory(county=county, user=trainee)
    return Scene(
        county=county,
        other_county=other_county,
        shop=ShopFactory(county=county, owners=[owner_trainee], name="高原松茸小店"),
        other_shop=ShopFactory(
            county=other_county,
            owners=[TraineeFactory(county=other_county, user=other_owner)],
            name="泸定红樱桃园",
        ),
        owner_trainee=owner_trainee,
        anonymous=AnonymousUser(),
        owner=owner,
        other_owner=other_owner,
        trainee=trainee,
        instructor=user_in(roles.INSTRUCTORS, county),
        coordinator=user_in(roles.COUNTY_COORDINATORS, county),
        other_coordinator=user_in(roles.COUNTY_COORDINATORS, other_county),
        manager=user_in(roles.PROGRAMME_MANAGERS),
    )


def records_of(scene: Scene) -> dict:
    """For each model name: (the record of `shop` in county A, the record of `other_shop` in B).
    Applications wait for a decision, reports for approval, jobs run on."""
    pairs = {}
    for n, shop in enumerate((scene.shop, scene.other_shop)):
        job = JobFactory(shop=shop, worker=WorkerFactory(id_number=valid_id_number(500 + n)))
        records = {
            "application": ApplicationFactory(trainee=shop.owners.get()),
            "shop": shop,
            "shopchannel": shop.channels.get(),
            "product": ProductFactory(shop=shop),
            "milestone": MilestoneFactory(shop=shop),
            "salesreport": SalesReportFactory(shop=shop, status=ReportStatus.SUBMITTED),
            "job": job,
            "worker": job.worker,
            "enterprise": EnterpriseFactory(county=shop.county),
            "purchase": PurchaseFactory(
                shop=shop, household=HouseholdFactory(village__township__county=shop.county)
            ),
            "traineebusiness": TraineeBusinessFactory(trainee=shop.owners.get()),
            "shareholding": ShareholdingFactory(
                shop=shop, household=HouseholdFactory(village__township__county=shop.county)
            ),
        }
        records["dividend"] = DividendFactory(shareholding=records["shareholding"])
        for name, record in records.items():
            pairs.setdefault(name, []).append(record)
    lock = MonthLockFactory(month=datetime.date(2024, 1, 1))  # not the reports' month
    pairs["monthlock"] = [lock, lock]  # locks belong to no county
    return pairs
