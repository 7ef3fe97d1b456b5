"""The synthetic data set of benchmarks/synthetic.py and its command, at a tiny scale."""

import datetime
import io

import pytest

from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count, Max, Min, Sum
from django.utils import timezone

from wagtail.models import Page

from benchmarks import synthetic
from courses.models import CoursePage, LessonPage, ProgrammePage
from incubator.choices import ApplicationStatus, ReportStatus
from incubator.models import Application, Job, SalesReport, Shop, ShopChannel, Worker
from incubator.values import add_months
from trainees.choices import POOR_HOUSEHOLD_STATUSES, HouseholdStatus
from trainees.factories import TraineeFactory
from trainees.models import (
    Certificate,
    Cohort,
    County,
    Enrolment,
    Household,
    HouseholdStatusChange,
    LessonProgress,
    Township,
    Trainee,
    Village,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 5, 14)
SCALE = 0.004


def build(scale=SCALE, seed=1):
    return synthetic.build(scale=scale, seed=seed, today=TODAY, report=lambda line: None)


@pytest.fixture
def counts():
    return build()


def fingerprint() -> dict:
    """What two builds with one seed share: counts and sums, not ids."""
    return {
        "counts": {
            model.__name__: model.objects.count()
            for model in (Trainee, Household, Enrolment, LessonProgress, Shop, SalesReport, Job)
        },
        "sales": SalesReport.objects.aggregate(Sum("sales"), Sum("orders")),
        "wages": Job.objects.aggregate(Sum("monthly_wage")),
        "members": Household.objects.aggregate(Sum("members")),
        "id_numbers": sorted(Trainee.objects.values_list("id_number", flat=True)),
        "jobs_for_poor": Job.objects.filter(counts_for_poor_household=True).count(),
        "approved_by_the_10th": SalesReport.objects.filter(
            status=ReportStatus.APPROVED, decided_at__day__lte=10
        ).count(),
    }


@pytest.mark.parametrize("scale", [SCALE, 2 * SCALE])
def test_the_counts_follow_the_scale(scale):
    counts = build(scale)

    for name in ("trainees", "households", "shops", "jobs"):
        assert counts[name] == round(synthetic.PER_SCALE[name] * scale)
    assert counts["courses"] == 4  # one a track at the least
    assert counts["lessons"] == 40
    # About 4 lessons done a trainee, as 100,000 for 25,000 at scale 1.
    assert 2 * counts["trainees"] < counts["lesson_progress"] < 8 * counts["trainees"]
    # The rows are in the database, as many as reported.
    assert Trainee.objects.count() == counts["trainees"]
    assert Household.objects.count() == counts["households"]
    assert Shop.objects.count() == counts["shops"]
    assert Job.objects.count() == counts["jobs"]
    assert LessonProgress.objects.count() == counts["lesson_progress"]
    assert SalesReport.objects.count() == counts["sales_reports"] > 0
    assert ShopChannel.objects.count() == 2 * counts["shops"]
    # The real service network, whatever the scale.
    assert Township.objects.count() == counts["townships"] == 291
    assert Village.objects.count() == counts["villages"] == 1166


def test_every_row_passes_its_model_validation(counts):
    """Constraints held on saving; the models' own checks (area codes, identity numbers,
    choices, uniqueness) hold too."""
    every = [Township, Village, Household, Trainee, Cohort, Shop, ShopChannel, Worker, Job]
    sampled = [HouseholdStatusChange, Enrolment, Certificate, Application, SalesReport]
    for model in every:
        for row in model.objects.all():
            row.full_clean()
    for model in sampled:
        for row in model.objects.order_by("?")[:100]:
            row.full_clean()
    for course in CoursePage.objects.all():
        course.full_clean()
        assert course.get_children().count() == 10
    assert ProgrammePage.objects.filter(slug__startswith="synthetic-").count() == 4


def test_the_course_tree_is_sound_and_served(counts, client):
    # treebeard's own check: steps, depths, orphans, numchild.
    assert all(not problems for problems in Page.find_problems())
    course = CoursePage.objects.first()
    lessons = list(LessonPage.objects.child_of(course))
    assert [lesson.title.split()[0] for lesson in lessons[:2]] == ["第1课", "第2课"]
    for page in (course, lessons[0], lessons[-1]):
        assert client.get(page.url).status_code == 200


def test_identity_numbers_are_distinct_and_of_the_trainees_county(counts):
    trainees = Trainee.objects.select_related("county")

    assert len({t.id_number for t in trainees}) == counts["trainees"]
    for trainee in trainees:
        assert trainee.id_number.startswith(trainee.county.code)
        assert trainee.id_number[6:10] == str(trainee.birth_year)
    from_households = trainees.filter(household__isnull=False)
    assert 0.2 * counts["trainees"] < from_households.count() < 0.6 * counts["trainees"]
    for trainee in from_households.select_related("household__village__township"):
        assert trainee.village_id == trainee.household.village_id
        assert trainee.county_id == trainee.household.village.township.county_id


def test_shops_are_owned_by_trainees_certified_before_applying(counts):
    for shop in Shop.objects.prefetch_related("owners"):
        owners = list(shop.owners.all())
        assert 1 <= len(owners) <= 2
        for owner in owners:
            valid = Certificate.objects.filter(
                enrolment__trainee=owner, revoked_at__isnull=True, issued_on__lte=shop.applied_on
            )
            assert valid.exists(), f"{owner} of {shop} holds no certificate from before"
        application = Application.objects.get(shop=shop)
        assert application.status == ApplicationStatus.ACCEPTED
        assert application.trainee in owners
        assert shop.county_id == application.trainee.county_id == application.county_id
        assert timezone.localdate(application.decided_at) == shop.incubating_on


def test_completed_enrolments_have_their_certificate_and_every_lesson(counts):
    completed = Enrolment.objects.filter(completed_at__isnull=False)

    assert completed.count() == counts["certificates"] == Certificate.objects.count()
    for enrolment in completed.select_related("certificate"):
        assert enrolment.certificate.issued_on == timezone.localdate(enrolment.completed_at)
        assert enrolment.progress.count() == 10
        last = enrolment.progress.aggregate(Max("done_at"))["done_at__max"]
        assert last == enrolment.completed_at
    assert (
        not Enrolment.objects.filter(completed_at__isnull=True, progress__isnull=False)
        .annotate(done=Count("progress"))
        .filter(done__gte=10)
    )


def test_no_report_before_the_shop_incubates_nor_after_it_closes(counts):
    last_month = add_months(TODAY.replace(day=1), -1)
    for shop in Shop.objects.all():
        reports = SalesReport.objects.filter(shop=shop)
        first = reports.aggregate(Min("month"))["month__min"]
        if first is not None:
            assert first >= shop.incubating_on.replace(day=1)
        if shop.closed_on is not None:
            assert not reports.filter(month__gt=shop.closed_on)
        channels = set(shop.channels.values_list("channel", flat=True))
        assert set(reports.values_list("channel", flat=True)) <= channels
    months = SalesReport.objects.aggregate(Min("month"), Max("month"))
    assert months["month__max"] <= last_month
    assert months["month__min"] >= add_months(last_month, -35)


def test_reports_one_a_shop_channel_and_month_with_consistent_moments(counts):
    repeated = (
        SalesReport.objects.values("shop", "channel", "month")
        .annotate(count=Count("pk"))
        .filter(count__gt=1)
    )
    assert not repeated.exists()
    midnight = timezone.make_aware(datetime.datetime.combine(TODAY, datetime.time()))
    for report in SalesReport.objects.all():
        assert report.created_at < midnight
        if report.status == ReportStatus.DRAFT:
            assert report.submitted_at is None and report.decided_at is None
            continue
        assert timezone.localdate(report.submitted_at) > report.month
        if report.status == ReportStatus.SUBMITTED:
            assert report.decided_at is None
        else:
            assert report.submitted_at < report.decided_at < midnight
            assert report.decided_by is not None
    approved = SalesReport.objects.filter(status=ReportStatus.APPROVED)
    assert approved.count() > 0.9 * counts["sales_reports"]
    # Approval by the 10th of the next month varies: some are, some are not.
    assert 0 < approved.filter(decided_at__day__lte=10).count() < approved.count()


def test_jobs_count_for_a_poor_household_by_its_status_on_the_start_day(counts):
    jobs = Job.objects.select_related("worker__household")
    for job in jobs:
        household = job.worker.household
        expected = household.status_on(job.starts_on) if household else HouseholdStatus.NONE
        assert job.household_status_at_start == expected
        assert job.counts_for_poor_household == (expected in POOR_HOUSEHOLD_STATUSES)
        assert job.starts_on >= job.shop.incubating_on
        if job.shop.closed_on:
            assert job.ends_on is not None and job.ends_on <= job.shop.closed_on
    assert jobs.filter(counts_for_poor_household=True).exists()
    assert jobs.filter(worker__household__isnull=False, counts_for_poor_household=False).exists()
    assert jobs.filter(ends_on__isnull=False).exists()


def test_household_statuses_start_poor_or_monitored(counts):
    histories = {}
    for change in HouseholdStatusChange.objects.order_by("household", "valid_from"):
        histories.setdefault(change.household_id, []).append(change.status)
        assert change.valid_from < TODAY
    firsts = {history[0] for history in histories.values()}
    assert firsts <= {HouseholdStatus.REGISTERED_POOR, HouseholdStatus.MONITORED}
    ever_poor = sum(h[0] == HouseholdStatus.REGISTERED_POOR for h in histories.values())
    assert 0.15 * counts["households"] < ever_poor < 0.45 * counts["households"]


def test_the_same_seed_builds_the_same_data():
    with transaction.atomic():
        build(seed=7)
        first = fingerprint()
        transaction.set_rollback(True)
    assert Trainee.objects.count() == 0

    build(seed=7)

    assert fingerprint() == first


def test_another_seed_builds_other_data():
    with transaction.atomic():
        build(seed=7)
        first = fingerprint()
        transaction.set_rollback(True)

    build(seed=8)

    assert fingerprint()["sales"] != first["sales"]
    assert fingerprint()["counts"]["Trainee"] == first["counts"]["Trainee"]


def test_a_second_build_adds_to_the_first():
    build(seed=1)
    build(seed=2)

    assert Trainee.objects.count() == 2 * round(synthetic.PER_SCALE["trainees"] * SCALE)
    assert Shop.objects.count() == 2 * round(synthetic.PER_SCALE["shops"] * SCALE)
    assert Township.objects.count() == 291  # the network is kept, not doubled


def database_state() -> dict:
    models = (Trainee, Shop, Household, Township, CoursePage, LessonPage, SalesReport, Job)
    return {model.__name__: model.objects.count() for model in models}


def test_the_command_prints_each_table_and_the_seconds():
    out = io.StringIO()

    call_command("build_outcomes_data", "--scale", str(SCALE), "--seed", "3", stdout=out)

    text = out.getvalue()
    assert "trainees" in text and f"{Trainee.objects.count():>12,}" in text
    assert "sales_reports" in text and "Built in" in text
    assert Trainee.objects.count() == 100


@pytest.mark.parametrize("existing", ["trainee", "shop"])
def test_the_command_refuses_a_database_with_trainees_or_shops(existing):
    if existing == "trainee":
        TraineeFactory()
    else:
        Shop.objects.create(name="已有的网店", county=County.objects.first())
    before = database_state()

    with pytest.raises(CommandError, match="already holds trainees or shops: nothing was written"):
        call_command("build_outcomes_data", "--scale", str(SCALE), stdout=io.StringIO())

    assert database_state() == before


def test_the_command_adds_to_a_database_when_told():
    TraineeFactory()

    call_command("build_outcomes_data", "--scale", str(SCALE), "--add", stdout=io.StringIO())

    assert Trainee.objects.count() == 101


@pytest.mark.parametrize("scale", ["0", "-1"])
def test_the_command_refuses_a_scale_of_nothing(scale):
    before = database_state()

    with pytest.raises(CommandError, match="--scale must be more than 0"):
        call_command("build_outcomes_data", "--scale", scale, stdout=io.StringIO())

    assert database_state() == before
