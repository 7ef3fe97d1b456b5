"""Follow-ups at 3, 6 and 12 months: scheduled with every certificate (and, by the data
migration, for those issued before), and answered once by the trainee or from a call."""

import datetime
import importlib

import pytest

from django.apps import apps as django_apps
from django.core.exceptions import PermissionDenied, ValidationError

from courses.factories import CoursePageFactory, LessonPageFactory
from tests.trainees.people import make_people, person
from trainees import follow_ups, learning, roles
from trainees.choices import FollowUpAnswerMethod, FollowUpWork, IncomeBand, SellingChannel
from trainees.factories import CertificateFactory, EnrolmentFactory
from trainees.models import Certificate, Enrolment, FollowUp, LessonProgress

pytestmark = pytest.mark.django_db

schedule_migration = importlib.import_module(
    "trainees.migrations.0021_follow_ups_of_certificates_issued"
)


def certificate_issued(course=None):
    """A certificate as the site issues one: the course's only lesson done."""
    course = course or CoursePageFactory()
    if not learning.course_lessons(course).exists():
        LessonPageFactory(parent=course)
    enrolment = EnrolmentFactory(course=course)
    lesson = learning.course_lessons(course).specific().get()
    return learning.lesson_mark_done(enrolment=enrolment, lesson=lesson)


def scheduled(certificate):
    return list(
        FollowUp.objects.filter(certificate=certificate)
        .order_by("months")
        .values_list("months", "due_on", "answered_at")
    )


def test_a_certificate_issued_schedules_its_follow_ups_at_3_6_and_12_months():
    certificate = certificate_issued()

    day = certificate.issued_on
    assert scheduled(certificate) == [
        (3, follow_ups.months_after(day, 3), None),
        (6, follow_ups.months_after(day, 6), None),
        (12, day.replace(year=day.year + 1), None),
    ]


def test_certificates_issued_together_each_get_their_own_follow_ups():
    course = CoursePageFactory()
    lesson = LessonPageFactory(parent=course)
    enrolments = [EnrolmentFactory(course=course) for _ in range(3)]
    for enrolment in enrolments:
        LessonProgress.objects.create(enrolment=enrolment, lesson=lesson, source="marked")

    certificates = learning.completions_check(
        enrolments=Enrolment.objects.filter(pk__in=[e.pk for e in enrolments])
    )

    assert len(certificates) == 3
    assert FollowUp.objects.count() == 9
    for certificate in certificates:
        assert [months for months, *_ in scheduled(certificate)] == [3, 6, 12]


@pytest.mark.parametrize(
    ("day", "months", "due"),
    [
        (datetime.date(2026, 1, 15), 3, datetime.date(2026, 4, 15)),
        (datetime.date(2026, 8, 31), 3, datetime.date(2026, 11, 30)),
        (datetime.date(2026, 11, 30), 3, datetime.date(2027, 2, 28)),
        (datetime.date(2027, 8, 31), 6, datetime.date(2028, 2, 29)),
        (datetime.date(2026, 12, 1), 12, datetime.date(2027, 12, 1)),
    ],
)
def test_a_follow_up_falls_on_the_same_day_or_the_months_last(day, months, due):
    assert follow_ups.months_after(day, months) == due


def test_the_migration_schedules_the_certificates_issued_before_and_only_those():
    old = CertificateFactory(issued_on=datetime.date(2025, 11, 30))
    new = certificate_issued()

    schedule_migration.schedule(django_apps, None)

    assert scheduled(old) == [
        (3, datetime.date(2026, 2, 28), None),
        (6, datetime.date(2026, 5, 30), None),
        (12, datetime.date(2026, 11, 30), None),
    ]
    assert len(scheduled(new)) == 3  # not scheduled twice


# Answering


def answer(follow_up, **changes):
    values = {
        "working": FollowUpWork.SELF_EMPLOYED,
        "own_shop": True,
        "channels": [SellingChannel.TAOBAO, SellingChannel.OFFLINE],
        "income_band": IncomeBand.FROM_1000,
        "consents_to_show": True,
    }
    return follow_ups.follow_up_answer(follow_up=follow_up, **{**values, **changes})


def first_follow_up():
    return FollowUp.objects.get(certificate=certificate_issued(), months=3)


def test_the_trainees_answer_is_recorded_as_given_on_the_phone_form():
    follow_up = answer(first_follow_up())

    follow_up.refresh_from_db()
    assert follow_up.is_answered
    assert follow_up.answered_how == FollowUpAnswerMethod.PHONE_FORM
    assert follow_up.channels == ["offline", "taobao"]
    assert follow_up.sells_online is True
    assert (follow_up.verified, follow_up.recorded_by) == (False, None)


def test_selling_only_offline_is_not_selling_online():
    follow_up = answer(first_follow_up(), own_shop=False, channels=[SellingChannel.OFFLINE])

    assert follow_up.sells_online is False


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"working": ""}, "working", "Say whether you work, and how."),
        ({"own_shop": None}, "own_shop", "Say whether you run your own shop."),
        ({"channels": []}, "channels", "You run your own shop: say where it sells."),
        ({"channels": ["ebay"]}, "channels", "Choose where you sell from the list."),
        ({"income_band": "lots"}, "income_band", "Choose your income a month."),
    ],
)
def test_an_incomplete_answer_is_refused_and_nothing_is_written(changes, field, message):
    follow_up = first_follow_up()

    with pytest.raises(ValidationError) as refused:
        answer(follow_up, **changes)

    assert refused.value.message_dict[field] == [message]
    follow_up.refresh_from_db()
    assert not follow_up.is_answered and follow_up.working == "" and follow_up.channels == []


def test_a_trainee_answers_once():
    follow_up = answer(first_follow_up())

    with pytest.raises(follow_ups.AlreadyAnswered, match="already answered"):
        answer(follow_up, working=FollowUpWork.NOT_WORKING)

    follow_up.refresh_from_db()
    assert follow_up.working == FollowUpWork.SELF_EMPLOYED


def test_the_coordinator_records_a_call_over_the_trainees_answer_and_may_verify_it():
    follow_up = answer(first_follow_up())
    coordinator = person(roles.COUNTY_COORDINATORS, follow_up.certificate.enrolment.trainee.county)

    answer(follow_up, working=FollowUpWork.EMPLOYED, by=coordinator, verified=True)

    follow_up.refresh_from_db()
    assert follow_up.working == FollowUpWork.EMPLOYED
    assert follow_up.answered_how == FollowUpAnswerMethod.CALL
    assert (follow_up.recorded_by, follow_up.verified) == (coordinator, True)


def test_another_countys_coordinator_cannot_record_the_call():
    people = make_people()
    follow_up = first_follow_up()
    follow_up.certificate.enrolment.trainee.county = people.county
    follow_up.certificate.enrolment.trainee.save()

    with pytest.raises(PermissionDenied):
        answer(follow_up, by=people.users["other_coordinator"])

    follow_up.refresh_from_db()
    assert not follow_up.is_answered


def test_the_call_list_holds_the_follow_ups_due_unanswered_of_valid_certificates():
    certificate = certificate_issued()
    three, six, twelve = FollowUp.objects.filter(certificate=certificate).order_by("months")
    day_after_six = six.due_on + datetime.timedelta(days=1)

    assert set(follow_ups.due_for_call(FollowUp.objects.all(), day_after_six)) == {three, six}
    answer(three)
    assert set(follow_ups.due_for_call(FollowUp.objects.all(), day_after_six)) == {six}
    Certificate.objects.filter(pk=certificate.pk).update(revoked_at=certificate.issued_on)
    assert not follow_ups.due_for_call(FollowUp.objects.all(), day_after_six).exists()
    assert twelve.due_on > day_after_six
