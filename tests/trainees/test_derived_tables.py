"""Every service of the trainees app that writes a row the derived tables are made of
leaves them as a rebuild from the raw rows would (tests/derived_tables.py): the training
summary, and the poor households of shops' owners that the incubator derives from trainees'
households (through trainees/derived.py's hook).

Each service in SERVICES is run once, on a world where it changes what is summed up, and the
tables are compared after each one."""

import datetime

import pytest

from django.utils import timezone

from courses.factories import CoursePageFactory, LessonPageFactory
from incubator.factories import ShopFactory
from tests.derived_tables import Run
from tests.trainees.admin_cast import user_in
from trainees import attendance, learning, roles, services
from trainees.choices import EnrolmentSource, Gender, HouseholdStatus
from trainees.factories import (
    CohortFactory,
    CohortSessionFactory,
    HouseholdFactory,
    TraineeFactory,
    UserFactory,
    valid_id_number,
)
from trainees.models import HouseholdStatusChange, Trainee, TraineeMonth
from trainees.roster import roster_apply

from .roster_files import make_places, roster_row, roster_text

pytestmark = pytest.mark.django_db

D = datetime.date

SERVICES = {
    "learning.trainee_create_for_user",
    "learning.enrolment_create",
    "learning.lesson_mark_done",  # and quiz_attempt_record: both complete through completion_check
    "attendance.attendance_roster_save",  # and attendance_check_in: through completions_check
    "learning.certificate_revoke",
    "services.trainee_save",
    "services.trainee_delete",
    "services.household_status_change_save",
    "services.household_status_change_delete",
    "services.enrolment_save",
    "services.enrolment_delete",
    "roster.roster_apply",
}


def test_every_service_that_writes_a_source_row_keeps_the_derived_tables_right():
    run = Run()
    places = make_places()
    manager = user_in(roles.PROGRAMME_MANAGERS)
    household, other_household = HouseholdFactory(), HouseholdFactory()

    trainee = run(
        "learning.trainee_create_for_user",
        learning.trainee_create_for_user,
        user=UserFactory(),
        name="卓玛",
        gender=Gender.FEMALE,
        birth_year=1995,
        county=places.litang,
        id_number=valid_id_number(901),
    )
    # Their household recorded, and they own a shop (the incubator's links follow them).
    trainee.household = household
    run("services.trainee_save", services.trainee_save, trainee=trainee)
    shop = ShopFactory(owners=[trainee], county=places.litang)
    assert shop.pk

    course = CoursePageFactory(attendance_required=0)
    lesson = LessonPageFactory(parent=course)
    enrolment = run(
        "learning.enrolment_create",
        learning.enrolment_create,
        trainee=trainee,
        course=course,
        source=EnrolmentSource.SELF,
    )
    change = run(
        "services.household_status_change_save",
        services.household_status_change_save,
        change=HouseholdStatusChange(
            household=household,
            status=HouseholdStatus.REGISTERED_POOR,
            valid_from=D(2020, 1, 1),
        ),
    )
    certificate = run(
        "learning.lesson_mark_done",
        learning.lesson_mark_done,
        enrolment=enrolment,
        lesson=lesson.specific,
    )
    assert TraineeMonth.objects.get(trainee=trainee).poor_completions == 1

    # The status change moved to another household, then deleted.
    change.household = other_household
    run(
        "services.household_status_change_save",
        services.household_status_change_save,
        change=change,
    )
    assert TraineeMonth.objects.get(trainee=trainee).poor_completions == 0
    run(
        "services.household_status_change_delete",
        services.household_status_change_delete,
        change=change,
    )

    run(
        "learning.certificate_revoke",
        learning.certificate_revoke,
        certificate=certificate,
        by=manager,
        reason="冒名顶替",
    )

    # The enrolment moved to another trainee (a coordinator's correction).
    other = TraineeFactory(county=places.litang)
    enrolment.trainee = other
    run("services.enrolment_save", services.enrolment_save, enrolment=enrolment)
    assert TraineeMonth.objects.get().trainee_id == other.pk

    # A course that needs its classes attended: completed when attendance is taken.
    cohort_course = CoursePageFactory(attendance_required=100)
    cohort_lesson = LessonPageFactory(parent=cohort_course)
    cohort = CohortFactory(county=places.litang, courses=[cohort_course])
    in_cohort = learning.enrolment_create(
        trainee=trainee, course=cohort_course, cohort=cohort, source=EnrolmentSource.COORDINATOR
    )
    yesterday = timezone.now() - datetime.timedelta(days=1)
    session = CohortSessionFactory(
        cohort=cohort, starts_at=yesterday, ends_at=yesterday + datetime.timedelta(hours=2)
    )
    assert learning.lesson_mark_done(enrolment=in_cohort, lesson=cohort_lesson.specific) is None
    run(
        "attendance.attendance_roster_save",
        attendance.attendance_roster_save,
        session=session,
        present_trainee_ids=[trainee.pk],
    )
    assert TraineeMonth.objects.get(trainee=trainee).completions == 1

    # An enrolment without a certificate, completed by hand and deleted.
    dropped = learning.enrolment_create(
        trainee=trainee, course=CoursePageFactory(), source=EnrolmentSource.COORDINATOR
    )
    dropped.completed_at = timezone.now()
    run("services.enrolment_save", services.enrolment_save, enrolment=dropped)
    run("services.enrolment_delete", services.enrolment_delete, enrolment=dropped)

    # A roster names the trainee (moving them to its household, poor) and a new one.
    rows = [
        roster_row(1, 身份证号=trainee.id_number, 姓名=trainee.name),
        roster_row(2),
    ]
    run("roster.roster_apply", roster_apply, text=roster_text(rows), county=places.litang)
    trainee.refresh_from_db()
    assert trainee.household_id != household.pk

    newcomer = Trainee.objects.get(id_number=roster_row(2)["身份证号"])
    newcomer_enrolment = newcomer.enrolments.first()
    newcomer_enrolment.completed_at = timezone.now()
    run("services.enrolment_save", services.enrolment_save, enrolment=newcomer_enrolment)
    run("services.trainee_delete", services.trainee_delete, trainee=newcomer)

    assert run.called == SERVICES
