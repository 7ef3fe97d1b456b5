"""A small world whose every indicator for 2025 is worked out by hand (tests/outcomes).

County A holds trainees t1 (household HP, poor), t2 (household HN, not poor) and t4 (no
household), shops S1 (t1's, incubating 2025-02-01, Taobao and the 832 platform) and S3
(t2's, not incubating). County B holds t3 (household HM, monitored from 2025-03-01) and
shop S2 (t3's, incubating since 2024). Track T holds course C1; C2 and C3 are in other
tracks. Cohort K1 (county A) holds t1's enrolment; K2 (county B) t3's second one.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from courses.factories import CoursePageFactory, ProgrammePageFactory
from incubator.choices import Channel, ReportStatus, Stage
from incubator.factories import JobFactory, SalesReportFactory, ShopFactory, WorkerFactory
from trainees import training_summary
from trainees.choices import HouseholdStatus
from trainees.factories import (
    CertificateFactory,
    CohortFactory,
    EnrolmentFactory,
    HouseholdFactory,
    TraineeFactory,
    VillageFactory,
)
from trainees.models import County, Enrolment, HouseholdStatusChange

SHANGHAI = ZoneInfo("Asia/Shanghai")
TODAY = datetime.date(2025, 12, 15)
D = datetime.date


def at(day: datetime.date, hour: int = 12, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=SHANGHAI)


@dataclass
class World:
    county_a: County
    county_b: County
    township_a: object
    track: object
    k1: object
    k2: object
    households: dict
    shops: dict


def enrol(trainee, course, *, enrolled: datetime.datetime, completed=None, cohort=None):
    enrolment = EnrolmentFactory(trainee=trainee, course=course, cohort=cohort)
    # enrolled_at is set on creation: dates in the past go in with an update, which sends no
    # signal to the training summary.
    Enrolment.objects.filter(pk=enrolment.pk).update(enrolled_at=enrolled, completed_at=completed)
    training_summary.refresh(trainee_ids=[trainee.pk])
    enrolment.refresh_from_db()
    return enrolment


def status(household, *changes):
    for valid_from, value in changes:
        HouseholdStatusChange.objects.create(
            household=household, status=value, valid_from=valid_from
        )


def report(shop, channel, month, sales, *, status=ReportStatus.APPROVED, decided=None, share=100):
    return SalesReportFactory(
        shop=shop,
        channel=channel,
        month=month,
        sales=Decimal(sales),
        agricultural_share=share,
        status=status,
        decided_at=decided,
    )


def build() -> World:
    county_a, county_b = County.objects.order_by("code")[:2]
    village_a = VillageFactory(township__county=county_a)
    village_a2 = VillageFactory(township__county=county_a)
    village_b = VillageFactory(township__county=county_b)
    hp = HouseholdFactory(village=village_a, members=5)
    hn = HouseholdFactory(village=village_a, members=3)
    hm = HouseholdFactory(village=village_b, members=4)
    status(
        hp,
        (D(2020, 1, 1), HouseholdStatus.REGISTERED_POOR),
        (D(2024, 6, 1), HouseholdStatus.LIFTED_OUT),
    )
    status(hm, (D(2025, 3, 1), HouseholdStatus.MONITORED))

    track = ProgrammePageFactory()
    c1 = CoursePageFactory(parent=track)
    c2, c3 = CoursePageFactory(), CoursePageFactory()
    k1 = CohortFactory(county=county_a, starts_on=D(2025, 1, 10), ends_on=D(2025, 6, 30))
    k2 = CohortFactory(county=county_b, starts_on=D(2025, 2, 1), ends_on=D(2025, 6, 30))
    CohortFactory(county=county_a, starts_on=D(2024, 3, 1), ends_on=D(2024, 6, 30))  # not 2025

    t1 = TraineeFactory(county=county_a, village=village_a, household=hp)
    t2 = TraineeFactory(county=county_a, village=village_a2, household=hn)
    t3 = TraineeFactory(county=county_b, village=village_b, household=hm)
    t4 = TraineeFactory(county=county_a)

    e = enrol(t1, c1, enrolled=at(D(2025, 2, 1)), completed=at(D(2025, 3, 1)), cohort=k1)
    CertificateFactory(enrolment=e, issued_on=D(2025, 3, 1))
    e = enrol(t2, c1, enrolled=at(D(2025, 4, 1)), completed=at(D(2025, 5, 1)))
    CertificateFactory(enrolment=e, issued_on=D(2025, 5, 1))
    e = enrol(t2, c2, enrolled=at(D(2025, 4, 1)), completed=at(D(2025, 6, 1)))
    CertificateFactory(enrolment=e, issued_on=D(2025, 6, 1), revoked_at=at(D(2025, 7, 1)))
    enrol(t3, c2, enrolled=at(D(2025, 2, 15)), completed=at(D(2025, 4, 1)))  # HM not yet poor
    e = enrol(t3, c3, enrolled=at(D(2025, 4, 1)), completed=at(D(2025, 5, 1)), cohort=k2)
    CertificateFactory(enrolment=e, issued_on=D(2025, 5, 1))
    # Half an hour before 2025 in Shanghai (but 2025 in UTC), then ten minutes into 2025.
    enrol(t4, c2, enrolled=at(D(2024, 12, 1)), completed=at(D(2024, 12, 31), 23, 30))
    enrol(t4, c1, enrolled=at(D(2024, 12, 1)), completed=at(D(2025, 1, 1), 0, 10))
    enrol(t4, c3, enrolled=at(D(2025, 1, 2)))  # not completed

    s1 = ShopFactory(
        county=county_a,
        owners=[t1],
        channels=[Channel.TAOBAO, Channel.PLATFORM_832],
        applied_on=D(2025, 1, 6),
        incubating_on=D(2025, 2, 1),
    )
    s2 = ShopFactory(
        county=county_b, owners=[t3], applied_on=D(2024, 4, 1), incubating_on=D(2024, 5, 1)
    )
    s3 = ShopFactory(
        county=county_a,
        owners=[t2],
        stage=Stage.APPLIED,
        applied_on=D(2025, 6, 1),
        incubating_on=None,
    )
    taobao, p832 = Channel.TAOBAO, Channel.PLATFORM_832
    report(s1, taobao, D(2025, 10, 1), "1000", decided=at(D(2025, 11, 5)))
    report(s1, p832, D(2025, 10, 1), "500", decided=at(D(2025, 11, 5)))
    report(s1, taobao, D(2025, 11, 1), "0", decided=at(D(2025, 12, 12)))
    report(s1, p832, D(2025, 11, 1), "200", decided=at(D(2025, 12, 8)))
    report(s1, taobao, D(2025, 12, 1), "300", status=ReportStatus.SUBMITTED)
    report(s1, p832, D(2025, 12, 1), "100", decided=at(D(2026, 1, 9)))
    report(s2, taobao, D(2025, 12, 1), "2000", decided=at(D(2026, 1, 20)), share=50)
    report(s2, taobao, D(2025, 6, 1), "700", decided=at(D(2025, 7, 10), 23, 59))
    report(s2, taobao, D(2024, 12, 1), "9999", decided=at(D(2025, 1, 5)))  # not 2025

    worker = WorkerFactory
    JobFactory(
        shop=s1,
        worker=worker(household=hp),
        starts_on=D(2025, 3, 1),
        counts_for_poor_household=True,
        household_status_at_start=HouseholdStatus.LIFTED_OUT,
    )
    JobFactory(shop=s1, starts_on=D(2025, 4, 1), ends_on=D(2025, 5, 15))  # 45 days
    JobFactory(
        shop=s2, worker=worker(household=hn), starts_on=D(2025, 1, 1), ends_on=D(2025, 3, 31)
    )  # 90
    JobFactory(
        shop=s2,
        worker=worker(household=hm),
        starts_on=D(2025, 11, 1),
        ends_on=D(2026, 1, 10),
        counts_for_poor_household=True,
        household_status_at_start=HouseholdStatus.MONITORED,
    )
    JobFactory(shop=s1, starts_on=D(2024, 12, 1), ends_on=D(2024, 12, 20))
    return World(
        county_a=county_a,
        county_b=county_b,
        township_a=village_a.township,
        track=track,
        k1=k1,
        k2=k2,
        households={"HP": hp, "HN": hn, "HM": hm},
        shops={"S1": s1, "S2": s2, "S3": s3},
    )
