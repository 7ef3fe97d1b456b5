"""Reminders by text message that keep the figures complete (docs/deploy.md, "Reminders").

The daily run (`manage.py send_reminders`) sends:

- a certified trainee, their follow-up (trainees/follow_ups.py) once it is due and for
  FOLLOW_UP_SMS_DAYS days after, with the link to its phone form; older ones are for the
  coordinator's call list;
- a cohort's trainees, the day before each of its classes;
- a shop's owners, a monthly sales report not sent (incubator/reminders.py).

Each reminder goes once (`Reminder`, claimed before the message is sent; one whose message
failed, or whose run stopped before sending, is tried again by the next run), in its
reader's language, only between 08:00 and 21:00 Asia/Shanghai, and never to a trainee who
opted out (`Trainee.accepts_reminders`). Each is logged: its `Reminder` row, and the
message's `SmsDelivery`.
"""

import datetime
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from trainees import follow_ups
from trainees.choices import SmsResult, SmsTemplate
from trainees.identity import SHANGHAI, mask_phone
from trainees.models import CohortSession, Enrolment, FollowUp, Profile, Reminder, Trainee
from trainees.sms import Sms, SmsError, send_sms

logger = logging.getLogger(__name__)

FIRST_HOUR, LAST_HOUR = 8, 21  # local time: from 08:00, and before 21:00
FOLLOW_UP_SMS_DAYS = 14
ABANDONED_AFTER = datetime.timedelta(hours=1)


def within_hours(now: datetime.datetime) -> bool:
    return FIRST_HOUR <= timezone.localtime(now, SHANGHAI).hour < LAST_HOUR


@dataclass(frozen=True)
class Due:
    """A reminder to send: its kind (an SmsTemplate), what it is about (unique within its
    kind), to whom, and its text in a language (called with the language active)."""

    kind: str
    key: str
    trainee: Trainee
    text: Callable[[], str]
    params: Callable[[], dict] = dict
    after_sent: Callable[[], None] = field(default=lambda: None)


def _language_and_phone(trainee: Trainee) -> tuple[str, str]:
    """The trainee's language (their account's, else Chinese) and phone (their account's
    verified one, else the one on their record)."""
    profile = Profile.objects.filter(user_id=trainee.user_id).first() if trainee.user_id else None
    language = profile.language if profile else settings.LANGUAGE_CODE
    phone = (profile.phone if profile and profile.phone_verified else "") or trainee.phone
    return language, phone


@dataclass
class Counts:
    sent: int = 0
    failed: int = 0
    opted_out: int = 0
    already_sent: int = 0


def _to_try_again(reminder: Reminder) -> bool:
    """A reminder whose message failed; or one claimed by a run that stopped before it
    could say what happened (a run still sending says so within seconds)."""
    if reminder.result == SmsResult.FAILED:
        return True
    return reminder.result == "" and reminder.sent_at < timezone.now() - ABANDONED_AFTER


def send_once(due: Due, counts: Counts) -> None:
    if not due.trainee.accepts_reminders:
        counts.opted_out += 1
        return
    language, phone = _language_and_phone(due.trainee)
    if not phone:
        return
    try:
        with transaction.atomic():
            reminder, created = Reminder.objects.select_for_update().get_or_create(
                kind=due.kind,
                key=due.key,
                defaults={"trainee": due.trainee, "language": language},
            )
    except IntegrityError:  # another run claimed it at the same moment
        counts.already_sent += 1
        return
    if not created and not _to_try_again(reminder):
        counts.already_sent += 1
        return
    with translation.override(language):
        message = Sms(
            phone=phone,
            template=due.kind,
            text=due.text(),
            params=due.params(),
            language=language,
        )
    try:
        send_sms(message)
    except SmsError:
        reminder.result = SmsResult.FAILED
        counts.failed += 1
        logger.warning("Reminder %s %s to %s failed", due.kind, due.key, mask_phone(phone))
    else:
        reminder.result = SmsResult.SENT
        counts.sent += 1
        due.after_sent()
        logger.info("Reminder %s %s sent to %s", due.kind, due.key, mask_phone(phone))
    reminder.sent_at = timezone.now()
    reminder.language = language
    reminder.save(update_fields=["result", "sent_at", "language"])


def reminders_stop(*, trainee: Trainee) -> None:
    """The trainee asked for no more reminders (from the link of one): none is sent to them
    again until their coordinator ticks "accepts reminders" on their record."""
    Trainee.objects.filter(pk=trainee.pk).update(accepts_reminders=False)


# The trainees' reminders


def follow_ups_due(today: datetime.date) -> Iterable[Due]:
    recent = follow_ups.due_for_call(FollowUp.objects.all(), today).filter(
        due_on__gt=today - datetime.timedelta(days=FOLLOW_UP_SMS_DAYS), sms_sent_on=None
    )
    for follow_up in recent.select_related("certificate__enrolment__trainee"):

        def text(follow_up=follow_up):
            link = follow_ups.follow_up_url(follow_up, language=translation.get_language())
            return _(
                "Eagle programme: %(months)d months after your certificate, how are you doing? "
                "Four short questions: %(link)s"
            ) % {"months": follow_up.months, "link": link}

        def sent(follow_up=follow_up):
            FollowUp.objects.filter(pk=follow_up.pk).update(sms_sent_on=today)

        yield Due(
            kind=SmsTemplate.FOLLOW_UP,
            key=f"follow-up:{follow_up.pk}",
            trainee=follow_up.certificate.enrolment.trainee,
            text=text,
            params=lambda follow_up=follow_up: {
                "link": follow_ups.follow_up_url(follow_up, language=translation.get_language())
            },
            after_sent=sent,
        )


def sessions_tomorrow(today: datetime.date) -> Iterable[Due]:
    """The trainees enrolled in a cohort (and not done with it) whose class is tomorrow."""
    tomorrow = today + datetime.timedelta(days=1)
    start = datetime.datetime.combine(tomorrow, datetime.time(), tzinfo=SHANGHAI)
    sessions = CohortSession.objects.filter(
        starts_at__gte=start, starts_at__lt=start + datetime.timedelta(days=1)
    ).select_related("cohort")
    for session in sessions:
        enrolled = (
            Enrolment.objects.filter(cohort=session.cohort, completed_at=None)
            .select_related("trainee")
            .order_by("trainee_id")
            .distinct()
        )
        trainees = {enrolment.trainee_id: enrolment.trainee for enrolment in enrolled}
        for trainee in trainees.values():

            def params(session=session):
                return {
                    "cohort": session.cohort.name,
                    "time": date_format(timezone.localtime(session.starts_at, SHANGHAI), "H:i"),
                    "place": session.place,
                }

            yield Due(
                kind=SmsTemplate.SESSION_TOMORROW,
                key=f"session:{session.pk}:trainee:{trainee.pk}",
                trainee=trainee,
                text=lambda params=params: (
                    _(
                        "Eagle programme: your class of %(cohort)s is tomorrow at %(time)s, "
                        "%(place)s."
                    )
                    % params()
                ),
                params=params,
            )


TRAINEE_SOURCES = (follow_ups_due, sessions_tomorrow)


def send_reminders(
    *, now: datetime.datetime, sources: Iterable[Callable[[datetime.date], Iterable[Due]]]
) -> Counts:
    """Send every reminder of `sources` due on `now`'s day, once; none outside the hours."""
    counts = Counts()
    if not within_hours(now):
        return counts
    today = timezone.localdate(now, SHANGHAI)
    for source in sources:
        for due in source(today):
            send_once(due, counts)
    return counts
