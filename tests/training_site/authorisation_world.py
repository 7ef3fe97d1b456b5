"""The world of the authorisation sweep: one person of each role, and one record of each kind
that a URL of ours names, all around `trainee` of county A.

`trainee` is enrolled (through a cohort with a class running now) in `course`, taught by
`instructor`, has passed its quiz and holds a certificate, whose 3-month follow-up is due and
not answered (on the call list), owns `shop` and applied for it.
`another_trainee` lives in the same county and owns nothing. The coordinator runs county A,
the other coordinator county B; the manager and the superuser run everything.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser
from django.core.files.base import ContentFile
from django.utils import timezone

from courses.factories import CoursePageFactory, LessonPageFactory
from courses.services import course_instructors_sync
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
from incubator.sales_import_tasks import KIND as SALES_KIND
from machinery.imports.records import IMPORTS, ImportStatus
from outcomes.models import Snapshot, Target, TargetIndicator
from outcomes.params import scope_from_params
from outcomes.tokens import token_create
from outcomes.views import live_figures
from tests.trainees.admin_cast import user_in
from trainees import roles
from trainees.area_tasks import KIND as AREA_KIND
from trainees.factories import (
    CertificateFactory,
    CohortFactory,
    CohortSessionFactory,
    EnrolmentFactory,
    HouseholdFactory,
    TraineeFactory,
    UserFactory,
    valid_id_number,
)
from trainees.models import (
    Attendance,
    County,
    FollowUp,
    HouseholdStatusChange,
    QuizAttempt,
    SmsDelivery,
)
from trainees.tasks import (
    CERTIFICATE_BATCHES,
    ROSTER_KIND,
    BatchStatus,
    private_storage,
)

ROLES = (
    "anonymous",
    "trainee",
    "another_trainee",
    "instructor",
    "coordinator",
    "other_coordinator",
    "manager",
    "superuser",
)


@dataclass
class World:
    users: dict
    records: dict
    jobs: dict = field(default_factory=dict)  # background jobs kept in the cache, by kind

    def user(self, role: str):
        return self.users[role]


def build() -> World:
    """The people and database records (built once per module)."""
    county, other_county = County.objects.order_by("code")[:2]
    course = CoursePageFactory(title="直播带货入门")
    open_course = CoursePageFactory(title="网店美工")  # nobody is enrolled in it yet
    lesson = LessonPageFactory(parent=course, title="选品")
    instructor = user_in(roles.INSTRUCTORS, county)
    course.instructors.add(instructor)
    course.save()
    course_instructors_sync(course=course)  # as publishing the course does

    trainee_user = user_in(roles.TRAINEES, county)
    household = HouseholdFactory(village__township__county=county)
    status_change = HouseholdStatusChange.objects.create(
        household=household, status="lifted_out", valid_from=datetime.date(2020, 1, 1)
    )
    trainee = TraineeFactory(county=county, household=household, user=trainee_user)
    another_trainee = TraineeFactory(county=county, user=user_in(roles.TRAINEES, county))
    coordinator = user_in(roles.COUNTY_COORDINATORS, county)
    manager = user_in(roles.PROGRAMME_MANAGERS)

    cohort = CohortFactory(county=county, courses=[course])
    session = CohortSessionFactory(cohort=cohort)
    enrolment = EnrolmentFactory(trainee=trainee, course=course, cohort=cohort)
    # Marked absent by the roster, so that checking in with the QR code changes it.
    attendance = Attendance.objects.create(
        session=session, trainee=trainee, present=False, method="roster"
    )
    attempt = QuizAttempt.objects.create(
        enrolment=enrolment, lesson=lesson, answers={}, score=80, passed=True
    )
    certificate = CertificateFactory(enrolment=enrolment)

    shop = ShopFactory(county=county, owners=[trainee], name="高原松茸小店")
    job = JobFactory(shop=shop, worker=WorkerFactory(id_number=valid_id_number(700)))
    last_month = (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    token, _plain = token_create(
        name="州统计局",
        county=county,
        expires_at=timezone.now() + datetime.timedelta(days=30),
        by=manager,
    )
    scope = scope_from_params({}, coordinator)
    shareholding = ShareholdingFactory(shop=shop, household=household)
    shareholder = HouseholdFactory(village=household.village)  # of a shareholding to delete
    records = {
        "county": county,
        "other_county": other_county,
        "course": course,
        "open_course": open_course,
        "lesson": lesson,
        "trainee": trainee,
        "another_trainee": another_trainee,
        "household": household,
        # Records nothing refers to, to delete.
        "spare_household": HouseholdFactory(village=household.village),
        "spare_cohort": CohortFactory(county=county),
        "spare_enrolment": EnrolmentFactory(trainee=TraineeFactory(county=county), course=course),
        "spare_shop": ShopFactory(county=county),
        "spare_shareholding": ShareholdingFactory(shop=shop, household=shareholder),
        "shareholder": shareholder,
        "householdstatuschange": status_change,
        "township": household.village.township,
        "village": household.village,
        "cohort": cohort,
        "cohortsession": session,
        "attendance": attendance,
        "enrolment": enrolment,
        "quizattempt": attempt,
        "certificate": certificate,
        "followup": FollowUp.objects.create(
            certificate=certificate,
            months=3,
            due_on=timezone.localdate() - datetime.timedelta(days=7),
        ),
        "smsdelivery": SmsDelivery.objects.create(
            phone_masked="138****8000",
            template="verification_code",
            language="zh-hans",
            backend="trainees.sms.MemorySmsBackend",
            result="sent",
        ),
        "application": ApplicationFactory(trainee=trainee),
        "shop": shop,
        "shopchannel": shop.channels.get(),
        "product": ProductFactory(shop=shop),
        "milestone": MilestoneFactory(shop=shop),
        "salesreport": SalesReportFactory(
            shop=shop, month=last_month, status=ReportStatus.SUBMITTED
        ),
        "job": job,
        # The five ways' records, of county A (the trainee's shop and household).
        "enterprise": EnterpriseFactory(county=county),
        "purchase": PurchaseFactory(shop=shop, household=household),
        "traineebusiness": TraineeBusinessFactory(trainee=trainee),
        "shareholding": shareholding,
        "dividend": DividendFactory(shareholding=shareholding),
        "monthlock": MonthLockFactory(month=datetime.date(2024, 1, 1)),
        "token": token,
        "snapshot": Snapshot.objects.create(
            area_code=scope.area.code,
            area_name=str(scope.area),
            county_id=scope.area.county_id,
            period=str(scope.period),
            figures=live_figures(scope),
            calculation_version=1,
            published_by=manager,
        ),
        "target": Target.objects.create(
            year=timezone.localdate().year,
            county=county,
            indicator=TargetIndicator.values[0],
            value=Decimal("100"),
        ),
    }
    superuser = UserFactory(is_superuser=True, is_staff=True)
    return World(
        users={
            "anonymous": AnonymousUser(),
            "trainee": trainee_user,
            "another_trainee": another_trainee.user,
            "instructor": instructor,
            "coordinator": coordinator,
            "other_coordinator": user_in(roles.COUNTY_COORDINATORS, other_county),
            "manager": manager,
            "superuser": superuser,
        },
        records=records,
    )


def start_jobs(world: World) -> None:
    """The coordinator's imports and certificate batch, as the pages that started them left
    them (ready to apply; a ZIP to download). They live in the cache, which each test empties."""
    coordinator = world.user("coordinator")
    county_id = world.records["county"].pk
    for kind in (ROSTER_KIND, AREA_KIND, SALES_KIND):
        record = IMPORTS.create(
            user=coordinator,
            kind=kind,
            county_id=county_id,
            filename=f"{kind}.csv",
            status=ImportStatus.CHECKING,
            errors=[],
            error_count=0,
            message="",
            summary=None,
        )
        world.jobs[kind] = record["id"]
    now = timezone.now()
    batch = CERTIFICATE_BATCHES.create(
        user=coordinator,
        county_id=county_id,
        status=BatchStatus.READY,
        certificate_ids=[world.records["certificate"].pk],
        filters=[],
        query="",
        started_at=now,
        expires_at=now + datetime.timedelta(days=1),
        file_name=private_storage().save("certificate-batches/sweep.zip", ContentFile(b"PK")),
        size=2,
        count=1,
        message="",
    )
    world.jobs["certificate_batch"] = batch["id"]
