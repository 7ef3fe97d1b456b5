"""The synthetic programme bulk-writes every app's tables past the services (for speed): the
world it builds must still satisfy every rule those services enforce. Each test reads the
raw rows of a small build and checks the rules of one part against them: the summaries
equal their recomputation, and what trainees/services.py, trainees/learning.py,
incubator/shops.py, incubator/sales.py and incubator/jobs.py refuse to write is not there.
"""

import datetime
import re
from collections import defaultdict

import pytest

from django.utils import timezone

from benchmarks import synthetic
from courses.models import CoursePage, LessonPage
from incubator.choices import (
    STAGE_DATE_FIELDS,
    STAGE_TRANSITIONS,
    ApplicationStatus,
    Channel,
    JobKind,
    ReportStatus,
    Stage,
)
from incubator.models import (
    Application,
    Job,
    SalesReport,
    Shop,
    ShopChannel,
    Worker,
)
from incubator.sales import first_month
from incubator.scoping import may_act_for_shop
from incubator.values import add_months
from tests.derived_tables import rebuilt, stored
from trainees.choices import POOR_HOUSEHOLD_STATUSES, EnrolmentSource, HouseholdStatus
from trainees.identity import validate_id_number
from trainees.learning import CERTIFICATE_PREFIX, requirements_left
from trainees.models import (
    Certificate,
    Cohort,
    Enrolment,
    HouseholdStatusChange,
    LessonProgress,
    Trainee,
    status_on,
)
from trainees.scoping import may_revoke_certificates, runs_county

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 5, 14)
SCALE = 0.01  # 250 trainees, 25 shops, 100 jobs


@pytest.fixture
def world() -> datetime.datetime:
    """A small synthetic programme built on TODAY; the midnight that begins it (Shanghai),
    before which everything happened."""
    synthetic.build(scale=SCALE, seed=11, today=TODAY, report=lambda line: None)
    return timezone.make_aware(datetime.datetime.combine(TODAY, datetime.time()))


def histories() -> dict[int, list[tuple[datetime.date, str]]]:
    changes = defaultdict(list)
    for household, valid_from, status in HouseholdStatusChange.objects.order_by(
        "household", "valid_from"
    ).values_list("household_id", "valid_from", "status"):
        changes[household].append((valid_from, status))
    return changes


# The derived tables


def kept_and_recomputed(*tables: str) -> tuple[dict, dict]:
    """The tables as the generator left them, and as a rebuild from the raw rows makes them."""
    kept, recomputed = stored(), rebuilt()
    return {name: kept[name] for name in tables}, {name: recomputed[name] for name in tables}


def test_the_training_summary_equals_its_recomputation(world):
    kept, recomputed = kept_and_recomputed(
        "training summary: months", "training summary: certified trainees"
    )
    assert kept == recomputed
    months = kept["training summary: months"]
    assert any(row[5] for row in months), "no course completed by a poor household's trainee"
    assert kept["training summary: certified trainees"]


def test_the_poor_households_of_owners_and_workers_equal_their_recomputation(world):
    kept, recomputed = kept_and_recomputed(
        "poor households of owners", "poor households of workers"
    )
    assert kept == recomputed
    assert kept["poor households of workers"], "no job counts for a poor household"


def test_the_sales_summaries_equal_their_recomputation(world):
    kept, recomputed = kept_and_recomputed("sales summary: months", "sales summary: shop years")
    assert kept == recomputed
    assert all(kept.values())


# People and households


def test_households_change_status_in_order_and_never_to_the_same_status(world):
    for household, changes in histories().items():
        days = [day for day, _status in changes]
        assert days == sorted(set(days)), household
        assert all(day < TODAY for day in days), household
        statuses = [status for _day, status in changes]
        assert all(a != b for a, b in zip(statuses, statuses[1:], strict=False)), household
        assert set(statuses) <= set(HouseholdStatus.values)


def test_identity_numbers_are_valid_and_each_persons_own(world):
    numbers = list(Trainee.objects.values_list("id_number", flat=True))
    numbers += list(Worker.objects.exclude(id_number="").values_list("id_number", flat=True))
    assert len(numbers) == len(set(numbers))
    for number in numbers:
        validate_id_number(number)


def test_a_trainees_household_is_of_their_village(world):
    for trainee in Trainee.objects.filter(household__isnull=False).select_related("household"):
        assert trainee.village_id == trainee.household.village_id


# Learning


def test_enrolments_are_one_a_course_in_cohorts_that_teach_it(world):
    enrolments = Enrolment.objects.select_related("trainee", "cohort")
    assert enrolments.filter(cohort__isnull=False).exists()
    taught = set(Cohort.courses.through.objects.values_list("cohort_id", "coursepage_id"))
    courses = set(CoursePage.objects.live().values_list("pk", flat=True))
    seen = set()
    for enrolment in enrolments:
        assert (enrolment.trainee_id, enrolment.course_id) not in seen
        seen.add((enrolment.trainee_id, enrolment.course_id))
        assert enrolment.course_id in courses
        assert enrolment.source in EnrolmentSource.values
        assert enrolment.enrolled_at < world
        if enrolment.cohort_id:
            assert (enrolment.cohort_id, enrolment.course_id) in taught
            assert enrolment.cohort.county_id == enrolment.trainee.county_id
        if enrolment.completed_at:
            assert enrolment.enrolled_at <= enrolment.completed_at < world


def test_progress_is_of_the_courses_own_lessons_and_completion_meets_every_requirement(world):
    lessons_of = defaultdict(set)
    for course in CoursePage.objects.all():
        lessons_of[course.pk] = set(
            LessonPage.objects.live().child_of(course).values_list("pk", flat=True)
        )
    progress = LessonProgress.objects.values_list(
        "enrolment_id", "enrolment__course_id", "lesson_id", "done_at", "enrolment__enrolled_at"
    )
    for enrolment, course, lesson, done_at, enrolled_at in progress:
        assert lesson in lessons_of[course], enrolment
        assert enrolled_at <= done_at < world
    for enrolment in Enrolment.objects.filter(completed_at__isnull=False):
        assert requirements_left(enrolment).met, enrolment.pk
    # An enrolment not completed has something left to do (or completion_check would
    # have completed it).
    for enrolment in Enrolment.objects.filter(completed_at__isnull=True).order_by("?")[:200]:
        assert not requirements_left(enrolment).met, enrolment.pk


def test_certificates_only_for_completed_enrolments_numbered_in_the_one_format(world):
    certificates = Certificate.objects.select_related("enrolment").order_by("number")
    assert certificates.exists()
    assert not certificates.filter(enrolment__completed_at__isnull=True).exists()
    numbers = defaultdict(list)
    for certificate in certificates:
        match = re.fullmatch(rf"{CERTIFICATE_PREFIX}-(\d{{4}})-(\d{{6}})", certificate.number)
        assert match, certificate.number
        assert int(match[1]) == certificate.issued_on.year
        numbers[certificate.issued_on.year].append(int(match[2]))
        assert certificate.issued_on == timezone.localdate(certificate.enrolment.completed_at)
        if certificate.revoked_at is None:
            assert not certificate.revoked_by_id and not certificate.revoke_reason
        else:
            assert certificate.issued_on <= timezone.localdate(certificate.revoked_at)
            assert certificate.revoked_at < world
            assert certificate.revoke_reason.strip()
            assert may_revoke_certificates(certificate.revoked_by)
    # As the service numbers them (a fresh database): from 1 up in each year, with no gap,
    # in the order the courses were completed.
    for year, sequence in numbers.items():
        assert sorted(sequence) == list(range(1, len(sequence) + 1)), year
    by_completion = list(
        Certificate.objects.order_by("enrolment__completed_at", "enrolment_id").values_list(
            "issued_on__year", "number"
        )
    )
    for year in numbers:
        in_year = [number for issued, number in by_completion if issued == year]
        assert in_year == sorted(in_year), year
    codes = list(Certificate.objects.values_list("verification_code", flat=True))
    assert len(codes) == len(set(codes))


# Applications and shops


def test_applications_follow_the_application_services(world):
    open_ones = defaultdict(int)
    for application in Application.objects.select_related("trainee", "shop", "decided_by"):
        trainee = application.trainee
        assert application.county_id == trainee.county_id
        submitted_on = timezone.localdate(application.submitted_at)
        valid_then = Certificate.objects.filter(
            enrolment__trainee=trainee, issued_on__lte=submitted_on
        ).exclude(revoked_at__lte=application.submitted_at)
        assert valid_then.exists(), f"{trainee} applied with no valid certificate"
        if application.status == ApplicationStatus.SUBMITTED:
            open_ones[trainee.pk] += 1
            assert application.decided_at is None and application.shop is None
            continue
        assert application.submitted_at < application.decided_at < world
        assert runs_county(application.decided_by, application.county_id)
        if application.status == ApplicationStatus.DECLINED:
            assert application.decline_reason.strip() and application.shop is None
        else:
            shop = application.shop
            assert shop is not None and not application.decline_reason
            assert trainee in shop.owners.all()
            assert shop.county_id == application.county_id
            assert shop.applied_on == submitted_on
            assert shop.incubating_on == timezone.localdate(application.decided_at)
    assert all(count == 1 for count in open_ones.values())
    accepted = Application.objects.filter(status=ApplicationStatus.ACCEPTED)
    assert accepted.count() == Shop.objects.count()


def test_shops_stage_dates_agree_with_their_stage(world):
    reachable = {Stage.INCUBATING}
    reachable |= STAGE_TRANSITIONS[Stage.INCUBATING] | STAGE_TRANSITIONS[Stage.GRADUATED]
    for shop in Shop.objects.all():
        assert shop.stage in reachable
        assert shop.incubating_on is not None
        assert shop.applied_on <= shop.incubating_on < TODAY
        assert shop.stage_date == getattr(shop, STAGE_DATE_FIELDS[shop.stage])
        assert shop.stage_date is not None and shop.stage_date < TODAY
        later = {
            Stage.INCUBATING: ["graduated_on", "closed_on"],
            Stage.GRADUATED: ["closed_on"],
            Stage.CLOSED: [],
        }[shop.stage]
        assert all(getattr(shop, name) is None for name in later), shop
        days = [shop.applied_on, shop.incubating_on, shop.graduated_on, shop.closed_on]
        days = [day for day in days if day is not None]
        assert days == sorted(days), shop
    assert Shop.objects.filter(stage=Stage.CLOSED).exists()


# Sales


def test_sales_reports_follow_the_sales_services(world):
    channels = {
        (shop, channel): opened
        for shop, channel, opened in ShopChannel.objects.values_list(
            "shop_id", "channel", "opened_on"
        )
    }
    assert all(channel in Channel.values for _shop, channel in channels)
    last_month = add_months(TODAY.replace(day=1), -1)
    for report in SalesReport.objects.select_related("shop", "created_by", "decided_by"):
        shop = report.shop
        # Only a channel the shop has, from the month it opened there and the shop began.
        assert (shop.pk, report.channel) in channels, report.pk
        opened = channels[shop.pk, report.channel]
        assert report.month >= opened.replace(day=1) >= shop.incubating_on.replace(day=1)
        assert report.month >= first_month(shop, opened), report.pk  # the service's own rule
        assert report.month <= last_month
        if shop.closed_on:
            assert report.month <= shop.closed_on
        assert report.status in ReportStatus.values
        assert report.sales >= 0 and 0 <= report.agricultural_share <= 100
        assert may_act_for_shop(report.created_by, shop)
        if report.status == ReportStatus.DRAFT:
            assert report.submitted_at is None and report.decided_at is None
            continue
        assert report.created_at <= report.submitted_at < world
        if report.status == ReportStatus.SUBMITTED:
            assert report.decided_at is None and report.decided_by is None
            continue
        assert report.submitted_at < report.decided_at < world
        assert runs_county(report.decided_by, shop.county_id)
        if report.status == ReportStatus.RETURNED:
            assert report.return_reason.strip()
        else:
            assert not report.return_reason


# Jobs


def test_jobs_follow_the_job_services(world):
    changes = histories()
    jobs = list(Job.objects.select_related("shop", "worker", "created_by").order_by("starts_on"))
    assert jobs
    for job in jobs:
        assert job.ends_on is None or job.ends_on >= job.starts_on
        assert job.starts_on >= job.shop.incubating_on
        assert job.starts_on <= TODAY, job.pk  # a job is recorded once it has begun
        assert job.kind in JobKind.values
        assert job.monthly_wage >= 0
        assert may_act_for_shop(job.created_by, job.shop)
        household = job.worker.household_id
        status = status_on(changes[household], job.starts_on) if household else HouseholdStatus.NONE
        assert job.household_status_at_start == status, job.pk
        assert job.counts_for_poor_household == (status in POOR_HOUSEHOLD_STATUSES), job.pk
    # No two jobs of a worker at one shop at once, and no full-time job beside another.
    by_worker = defaultdict(list)
    for job in jobs:
        by_worker[job.worker_id].append(job)
    far = datetime.date.max
    for worker, held in by_worker.items():
        for n, first in enumerate(held):
            for second in held[n + 1 :]:
                overlap = second.starts_on <= (first.ends_on or far) and first.starts_on <= (
                    second.ends_on or far
                )
                if not overlap:
                    continue
                assert first.shop_id != second.shop_id, worker
                assert JobKind.FULL_TIME not in (first.kind, second.kind), worker
