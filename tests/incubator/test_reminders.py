"""The daily reminders (trainees/reminders.py, incubator/reminders.py, `send_reminders`):
each sent once however often the run starts, only between 08:00 and 21:00 Asia/Shanghai,
never to a trainee who opted out, in the reader's language, and logged."""

import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine

from django.core.management import call_command

from incubator.choices import Channel, ReportStatus
from incubator.factories import SalesReportFactory, ShopFactory
from trainees import follow_ups
from trainees.choices import Language, SmsResult, SmsTemplate
from trainees.factories import (
    CertificateFactory,
    CohortFactory,
    CohortSessionFactory,
    EnrolmentFactory,
    ProfileFactory,
    TraineeFactory,
    UserFactory,
)
from trainees.models import FollowUp, Reminder, SmsDelivery
from trainees.sms import MemorySmsBackend, SmsError

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(day, hour, minute=0):
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=SHANGHAI)


def run(moment) -> str:
    out = StringIO()
    with time_machine.travel(moment, tick=False):
        call_command("send_reminders", stdout=out)
    return out.getvalue()


class FailingSmsBackend:
    def send(self, message):
        raise SmsError("gateway down", code="unreachable")


@pytest.fixture
def outbox(settings):
    settings.SMS_BACKEND = "trainees.sms.MemorySmsBackend"
    MemorySmsBackend.outbox.clear()
    yield MemorySmsBackend.outbox
    MemorySmsBackend.outbox.clear()


@pytest.fixture
def tibetan_trainee():
    user = UserFactory()
    ProfileFactory(user=user, language=Language.BO, phone="+8613900001111", phone_verified=True)
    return TraineeFactory(user=user, phone="+8613700002222")


def follow_up_due_on(trainee, day):
    certificate = CertificateFactory(
        enrolment=EnrolmentFactory(trainee=trainee),
        issued_on=day - datetime.timedelta(days=92),
    )
    follow_ups.follow_ups_schedule(certificates=[certificate])
    return FollowUp.objects.get(certificate=certificate, months=3)


DAY = datetime.date(2026, 12, 3)


def test_a_follow_up_due_is_texted_once_in_the_trainees_language_with_its_link(
    outbox, tibetan_trainee
):
    follow_up = follow_up_due_on(tibetan_trainee, DAY)
    follow_up.due_on = DAY
    follow_up.save()

    first = run(at(DAY, 9))
    again = run(at(DAY, 15))
    next_day = run(at(DAY + datetime.timedelta(days=1), 9))

    [sms] = outbox
    assert (sms.phone, sms.template, sms.language) == (
        "+8613900001111",
        SmsTemplate.FOLLOW_UP,
        "bo",
    )
    assert "/bo/follow-up/" in sms.text and "/bo/follow-up/" in sms.params["link"]
    assert "Reminders sent: 1" in first
    assert "Reminders sent: 0" in again and "already sent: 0" in next_day
    follow_up.refresh_from_db()
    assert follow_up.sms_sent_on == DAY
    reminder = Reminder.objects.get()
    assert (reminder.trainee, reminder.result, reminder.language) == (
        tibetan_trainee,
        SmsResult.SENT,
        "bo",
    )
    assert SmsDelivery.objects.get().phone_masked == "139****1111"


@pytest.mark.parametrize("hour_minute", [(7, 59), (21, 0), (23, 30), (2, 0)])
def test_nothing_is_sent_outside_8_to_21_shanghai_time(outbox, tibetan_trainee, hour_minute):
    follow_up_due_on(tibetan_trainee, DAY)

    said = run(at(DAY, *hour_minute))

    assert "nothing sent" in said
    assert outbox == [] and not Reminder.objects.exists()


def test_nothing_is_sent_to_a_trainee_who_opted_out(outbox, tibetan_trainee):
    follow_up_due_on(tibetan_trainee, DAY)
    tibetan_trainee.accepts_reminders = False
    tibetan_trainee.save()

    said = run(at(DAY, 10))

    assert outbox == [] and not Reminder.objects.exists()
    assert "opted out: 1" in said


def test_an_old_follow_up_is_left_to_the_call_list(outbox, tibetan_trainee):
    follow_up_due_on(tibetan_trainee, DAY - datetime.timedelta(days=30))

    run(at(DAY, 10))

    assert outbox == []


def test_a_message_that_failed_is_tried_again_by_the_next_run(outbox, tibetan_trainee, settings):
    follow_up = follow_up_due_on(tibetan_trainee, DAY)
    settings.SMS_BACKEND = "tests.incubator.test_reminders.FailingSmsBackend"

    first = run(at(DAY, 9))

    assert "failed (tried again next run): 1" in first
    assert Reminder.objects.get().result == SmsResult.FAILED
    settings.SMS_BACKEND = "trainees.sms.MemorySmsBackend"
    run(at(DAY, 10))
    assert len(outbox) == 1 and Reminder.objects.get().result == SmsResult.SENT
    follow_up.refresh_from_db()
    assert follow_up.sms_sent_on == DAY


def test_a_cohorts_trainees_hear_of_tomorrows_class_once(outbox):
    cohort = CohortFactory(starts_on=DAY, ends_on=DAY + datetime.timedelta(days=30))
    tomorrow = at(DAY + datetime.timedelta(days=1), 14, 30)
    CohortSessionFactory(
        cohort=cohort,
        starts_at=tomorrow,
        ends_at=tomorrow + datetime.timedelta(hours=2),
        place="理塘县电商中心",
    )
    trainee = TraineeFactory(phone="+8613700003333")
    EnrolmentFactory(trainee=trainee, cohort=cohort)
    TraineeFactory()  # not in the cohort

    run(at(DAY, 9))
    run(at(DAY, 18))

    [sms] = outbox
    assert sms.template == SmsTemplate.SESSION_TOMORROW and sms.language == "zh-hans"
    assert sms.params == {"cohort": cohort.name, "time": "14:30", "place": "理塘县电商中心"}


def test_a_shop_owner_is_reminded_of_a_report_not_sent_once_a_month(outbox):
    owner = TraineeFactory(phone="+8613700004444")
    shop = ShopFactory(owners=[owner], channels=[Channel.TAOBAO, Channel.DOUYIN])
    november = datetime.date(2026, 11, 1)
    SalesReportFactory(shop=shop, channel=Channel.TAOBAO, month=november, status="submitted")
    SalesReportFactory(shop=shop, channel=Channel.DOUYIN, month=november)  # a draft
    sent_shop = ShopFactory()  # on Taobao
    SalesReportFactory(
        shop=sent_shop, channel=Channel.TAOBAO, month=november, status=ReportStatus.APPROVED
    )

    run(at(datetime.date(2026, 12, 4), 10))  # before the 5th: not yet
    run(at(datetime.date(2026, 12, 5), 10))
    run(at(datetime.date(2026, 12, 8), 10))

    [sms] = outbox
    assert sms.phone == "+8613700004444" and sms.template == SmsTemplate.SALES_REPORT_DUE
    assert sms.params == {"shop": shop.name, "month": "2026-11"}


def test_a_reminder_claimed_by_a_run_that_stopped_is_sent_by_the_next_one(outbox, tibetan_trainee):
    follow_up = follow_up_due_on(tibetan_trainee, DAY)
    Reminder.objects.create(
        kind=SmsTemplate.FOLLOW_UP,
        key=f"follow-up:{follow_up.pk}",
        trainee=tibetan_trainee,
        language="bo",
        sent_at=at(DAY, 9),
    )

    run(at(DAY, 9, 30))  # the other run may still be sending
    assert outbox == []
    run(at(DAY, 10, 30))
    assert len(outbox) == 1 and Reminder.objects.get().result == SmsResult.SENT
