"""The training summary (trainees/training_summary.py) stays equal to a recomputation from
the enrolments, certificates and household statuses after every kind of change: a course
completed and a certificate revoked through the services, enrolments, trainees and status
changes edited in the admin, a roster imported, records deleted."""

import datetime

import pytest

from django.urls import reverse
from django.utils import timezone

from courses.factories import CoursePageFactory, LessonPageFactory
from tests.incubator.test_sales_summary import form_data, login
from tests.trainees.admin_cast import user_in
from trainees import learning, roles, services, training_summary
from trainees.choices import EnrolmentSource, HouseholdStatus
from trainees.factories import (
    CertificateFactory,
    CohortFactory,
    EnrolmentFactory,
    HouseholdFactory,
    TraineeFactory,
)
from trainees.models import (
    CertifiedTrainee,
    County,
    Enrolment,
    HouseholdStatusChange,
    Trainee,
    TraineeMonth,
)
from trainees.roster import roster_apply

from .roster_files import make_places, roster_row, roster_text

pytestmark = pytest.mark.django_db

D = datetime.date
POOR, NOT_POOR = HouseholdStatus.REGISTERED_POOR, HouseholdStatus.NONE


def at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def summary() -> list[tuple]:
    return sorted(
        TraineeMonth.objects.values_list(
            "trainee_id",
            "month",
            "county_id",
            "household_id",
            "completions",
            "poor_completions",
            "certificates",
        )
    )


def recomputation() -> list[tuple]:
    rows = training_summary.recomputed(list(Trainee.objects.values_list("pk", flat=True)))
    return sorted(
        (
            row.trainee_id,
            row.month,
            row.county_id,
            row.household_id,
            row.completions,
            row.poor_completions,
            row.certificates,
        )
        for row in rows
    )


def certified() -> list[tuple]:
    return sorted(CertifiedTrainee.objects.values_list("cohort_id", "trainee_id"))


def assert_kept_right():
    assert summary() == recomputation()
    trainees = list(Trainee.objects.values_list("pk", flat=True))
    recomputed = training_summary.certified(trainees)
    assert certified() == sorted((row.cohort_id, row.trainee_id) for row in recomputed)


def completed(trainee, *, enrolled: datetime.date, completed: datetime.date) -> Enrolment:
    """An enrolment of the past, completed then (dates the services would not write)."""
    enrolment = EnrolmentFactory(trainee=trainee)
    enrolment.enrolled_at, enrolment.completed_at = at(enrolled), at(completed)
    Enrolment.objects.filter(pk=enrolment.pk).update(enrolled_at=at(enrolled))
    services.enrolment_save(enrolment=enrolment)
    return enrolment


@pytest.fixture
def poor_trainee():
    household = HouseholdFactory(members=5)
    HouseholdStatusChange.objects.create(household=household, status=POOR, valid_from=D(2020, 1, 1))
    return TraineeFactory(household=household)


@pytest.fixture
def manager(client):
    user = user_in(roles.PROGRAMME_MANAGERS)
    login(client, user)
    return user


def test_a_course_completed_through_the_service_counts_its_month_and_certificate(poor_trainee):
    course = CoursePageFactory(attendance_required=0)
    lesson = LessonPageFactory(parent=course)
    enrolment = learning.enrolment_create(
        trainee=poor_trainee, course=course, source=EnrolmentSource.SELF
    )
    certificate = learning.lesson_mark_done(enrolment=enrolment, lesson=lesson.specific)
    assert certificate is not None
    month = timezone.localdate().replace(day=1)
    household = poor_trainee.household_id
    assert summary() == [(poor_trainee.pk, month, poor_trainee.county_id, household, 1, 1, 1)]

    learning.certificate_revoke(
        certificate=certificate, by=user_in(roles.PROGRAMME_MANAGERS), reason="抄袭"
    )
    assert summary() == [(poor_trainee.pk, month, poor_trainee.county_id, household, 1, 1, 0)]
    assert_kept_right()


def test_completions_count_in_the_month_they_were_made_in_the_programmes_time_zone(poor_trainee):
    enrolment = completed(poor_trainee, enrolled=D(2025, 1, 5), completed=D(2025, 3, 1))
    # 23:30 on 31 May in Beijing is still May there (15:30 UTC).
    enrolment.completed_at = timezone.make_aware(datetime.datetime(2025, 5, 31, 23, 30))
    services.enrolment_save(enrolment=enrolment)
    assert [row[1] for row in summary()] == [D(2025, 5, 1)]
    assert_kept_right()


def test_a_household_poor_only_after_enrolment_does_not_make_the_course_poor():
    household = HouseholdFactory()
    HouseholdStatusChange.objects.create(household=household, status=POOR, valid_from=D(2025, 6, 1))
    trainee = TraineeFactory(household=household)
    completed(trainee, enrolled=D(2025, 5, 31), completed=D(2025, 7, 1))
    completed(trainee, enrolled=D(2025, 6, 1), completed=D(2025, 7, 2))
    ((*_key, completions, poor_completions, _certificates),) = summary()
    assert (completions, poor_completions) == (2, 1)
    assert_kept_right()


def test_enrolments_edited_in_the_admin(client, manager, poor_trainee):
    enrolment = completed(poor_trainee, enrolled=D(2025, 1, 5), completed=D(2025, 3, 1))
    other = TraineeFactory()
    url = reverse("enrolment:edit", args=[enrolment.pk])
    data = form_data(client.get(url).context["form"])
    response = client.post(url, {**data, "trainee": str(other.pk)})
    assert response.status_code == 302, response.context["form"].errors
    assert [row[0] for row in summary()] == [other.pk]
    assert_kept_right()

    response = client.post(reverse("enrolment:delete", args=[enrolment.pk]))
    assert response.status_code == 302
    assert summary() == []


def test_certified_trainees_of_a_cohort_follow_its_enrolments_and_certificates(client, manager):
    first, second = CohortFactory(), CohortFactory()
    trainee = TraineeFactory()
    enrolment = EnrolmentFactory(trainee=trainee, cohort=first)
    assert certified() == []
    certificate = CertificateFactory(enrolment=enrolment)
    # A second certificate in the same cohort: the trainee counts once.
    CertificateFactory(enrolment=EnrolmentFactory(trainee=trainee, cohort=first))
    assert certified() == [(first.pk, trainee.pk)]

    url = reverse("enrolment:edit", args=[enrolment.pk])
    data = form_data(client.get(url).context["form"])
    response = client.post(url, {**data, "cohort": str(second.pk)})
    assert response.status_code == 302, response.context["form"].errors
    assert certified() == sorted([(first.pk, trainee.pk), (second.pk, trainee.pk)])

    learning.certificate_revoke(certificate=certificate, by=manager, reason="冒名")
    assert certified() == [(first.pk, trainee.pk)]
    assert_kept_right()


def test_a_trainee_moved_to_another_county_or_household_in_the_admin(client, manager, poor_trainee):
    completed(poor_trainee, enrolled=D(2025, 1, 5), completed=D(2025, 3, 1))
    url = reverse("trainee:edit", args=[poor_trainee.pk])
    data = form_data(client.get(url).context["form"])
    batang = County.objects.get(code="513335")
    no_longer_poor = HouseholdFactory()
    response = client.post(
        url, {**data, "county": str(batang.pk), "household": str(no_longer_poor.pk)}
    )
    assert response.status_code == 302, response.context["form"].errors
    ((_trainee, _month, county, household, completions, poor_completions, _),) = summary()
    assert (county, household, completions, poor_completions) == (
        batang.pk,
        no_longer_poor.pk,
        1,
        0,
    )
    assert_kept_right()


def test_status_changes_added_moved_and_deleted_in_the_admin(client, manager):
    household, other_household = HouseholdFactory(), HouseholdFactory()
    trainee = TraineeFactory(household=household)
    completed(trainee, enrolled=D(2025, 1, 5), completed=D(2025, 3, 1))
    poor = lambda: summary()[0][5]  # noqa: E731
    assert poor() == 0

    response = client.post(
        reverse("householdstatuschange:add"),
        {"household": household.pk, "status": POOR, "valid_from": "2024-01-01"},
    )
    assert response.status_code == 302, response.context["form"].errors
    assert poor() == 1
    change = HouseholdStatusChange.objects.get(household=household)

    url = reverse("householdstatuschange:edit", args=[change.pk])
    data = form_data(client.get(url).context["form"])
    response = client.post(url, {**data, "household": str(other_household.pk)})
    assert response.status_code == 302, response.context["form"].errors
    assert poor() == 0
    assert_kept_right()

    change.household = household
    services.household_status_change_save(change=change)
    assert poor() == 1
    response = client.post(reverse("householdstatuschange:delete", args=[change.pk]))
    assert response.status_code == 302
    assert poor() == 0
    assert_kept_right()


def test_a_roster_that_changes_a_households_status():
    places = make_places()
    roster_apply(text=roster_text([roster_row(1, 户状态="无")]), county=places.litang)
    trainee = Trainee.objects.get()
    enrolment = trainee.enrolments.first()
    enrolment.completed_at = at(D(2025, 4, 1))
    services.enrolment_save(enrolment=enrolment)
    assert summary()[0][5] == 0

    # The household became poor on the day the trainee enrolled (the roster's 2025-03-01).
    again = roster_row(1, 户状态="建档立卡贫困户", 状态起始日期="2025-03-01")
    roster_apply(text=roster_text([again]), county=places.litang)
    assert summary()[0][5] == 1
    assert_kept_right()


def test_a_trainee_deleted_takes_their_months(poor_trainee):
    completed(poor_trainee, enrolled=D(2025, 1, 5), completed=D(2025, 3, 1))
    kept = TraineeFactory()
    completed(kept, enrolled=D(2025, 1, 5), completed=D(2025, 4, 1))
    services.trainee_delete(trainee=poor_trainee)
    assert [row[0] for row in summary()] == [kept.pk]
    assert_kept_right()


def test_rebuild_recomputes_everything(poor_trainee):
    completed(poor_trainee, enrolled=D(2025, 1, 5), completed=D(2025, 3, 1))
    completed(TraineeFactory(), enrolled=D(2024, 1, 5), completed=D(2024, 12, 31))
    before = summary()
    TraineeMonth.objects.all().delete()
    training_summary.rebuild()
    assert summary() == before
    assert len(before) == 2
