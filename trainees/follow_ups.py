"""Follow-ups of certified trainees at 3, 6 and 12 months (docs/outcomes.md, "Follow-ups").

Every certificate gets its follow-ups when it is issued (`follow_ups_schedule`, called by
`learning._certificates_issue`, the one place certificates are made). The trainee answers
on a short phone form reached by a signed link in a text message (no password: the link is
the key, and it expires); who has not answered is on their coordinator's call list, where
the coordinator records the answer of a call. Both go through `follow_up_answer`.

A trainee answers once: a second visit says it is already answered, and a correction goes
through the coordinator, whose call may record over an earlier answer.
"""

import calendar
import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from trainees import scoping
from trainees.choices import FollowUpAnswerMethod, FollowUpWork, IncomeBand, SellingChannel
from trainees.models import Certificate, FollowUp, Profile

FOLLOW_UP_MONTHS = (3, 6, 12)
# A link works for this long after it is made: a text message read weeks later still opens it.
LINK_MAX_AGE = datetime.timedelta(days=60)
LINK_SALT = "trainees.follow_up"


def months_after(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later; the month's last day when it is shorter (31 Aug + 3 ->
    30 Nov)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    last_day = calendar.monthrange(year, month)[1]
    return day.replace(year=year, month=month, day=min(day.day, last_day))


def follow_ups_schedule(*, certificates: Iterable[Certificate]) -> list[FollowUp]:
    """The follow-ups of newly issued certificates, in one insert."""
    return FollowUp.objects.bulk_create(
        FollowUp(
            certificate=certificate,
            months=months,
            due_on=months_after(certificate.issued_on, months),
        )
        for certificate in certificates
        for months in FOLLOW_UP_MONTHS
    )


def sells_online(channels: Iterable[str]) -> bool:
    """Selling online: through any channel but selling offline."""
    return any(channel != SellingChannel.OFFLINE for channel in channels)


def due_for_call(follow_ups: QuerySet, today: datetime.date) -> QuerySet:
    """The follow-ups due by `today` and not answered, of valid certificates: the call list,
    whether their text message went out or not."""
    return follow_ups.filter(
        due_on__lte=today, answered_at__isnull=True, certificate__revoked_at__isnull=True
    )


# The trainee's link


class LinkRefused(Exception):
    """A link that is not one of ours, or that expired."""


def follow_up_token(follow_up: FollowUp) -> str:
    return signing.dumps(follow_up.pk, salt=LINK_SALT, compress=True)


def follow_up_from_token(token: str) -> FollowUp:
    """The follow-up a link names; LinkRefused when it was altered, expired, or names a
    follow-up no longer there."""
    try:
        pk = signing.loads(token, salt=LINK_SALT, max_age=LINK_MAX_AGE)
    except signing.BadSignature as error:  # SignatureExpired too
        raise LinkRefused from error
    follow_up = (
        FollowUp.objects.select_related("certificate__enrolment__trainee")
        .filter(pk=pk, certificate__revoked_at__isnull=True)
        .first()
    )
    if follow_up is None:
        raise LinkRefused
    return follow_up


def reader_language(follow_up: FollowUp) -> str:
    """The language of the trainee's account, else Chinese (a trainee enrolled by a
    coordinator may have no account)."""
    user_id = follow_up.certificate.enrolment.trainee.user_id
    language = (
        Profile.objects.filter(user_id=user_id).values_list("language", flat=True).first()
        if user_id
        else None
    )
    return language or settings.LANGUAGE_CODE


def follow_up_url(follow_up: FollowUp, *, language: str) -> str:
    """The absolute address of the follow-up's phone form, in `language` (its prefix)."""
    with translation.override(language):
        path = reverse("follow_up_form", args=[follow_up_token(follow_up)])
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


# The answer


class AlreadyAnswered(ValidationError):
    pass


def _answer_problems(*, working, own_shop, channels, income_band) -> dict[str, str]:
    problems = {}
    if working not in FollowUpWork.values:
        problems["working"] = _("Say whether you work, and how.")
    if own_shop is None:
        problems["own_shop"] = _("Say whether you run your own shop.")
    unknown = [channel for channel in channels if channel not in SellingChannel.values]
    if unknown:
        problems["channels"] = _("Choose where you sell from the list.")
    elif own_shop and not channels:
        problems["channels"] = _("You run your own shop: say where it sells.")
    if income_band not in IncomeBand.values:
        problems["income_band"] = _("Choose your income a month.")
    return problems


def may_record_call(user, follow_up: FollowUp | None = None) -> bool:
    """The coordinator of the trainee's county, and programme managers."""
    if follow_up is None:
        return scoping.runs_a_county(user)
    return scoping.runs_county(user, follow_up.certificate.enrolment.trainee.county_id)


@transaction.atomic
def follow_up_answer(
    *,
    follow_up: FollowUp,
    working: str,
    own_shop: bool | None,
    channels: list[str],
    income_band: str,
    consents_to_show: bool,
    by: AbstractBaseUser | None = None,
    verified: bool = False,
) -> FollowUp:
    """Record a follow-up's answer: the trainee's own (`by` None, from the phone form,
    once) or their coordinator's from a call (`by`, over an earlier answer if there is one,
    and the only one that may say the programme checked it). ValidationError, and nothing
    written, for an answer that is incomplete or contradicts itself."""
    if by is not None and not may_record_call(by, follow_up):
        raise PermissionDenied(_("Only the trainee's county coordinator records their answer."))
    locked = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    if by is None and locked.is_answered:
        raise AlreadyAnswered(already_answered_message(locked))
    channels = sorted(set(channels))
    problems = _answer_problems(
        working=working, own_shop=own_shop, channels=channels, income_band=income_band
    )
    if problems:
        raise ValidationError(problems)
    locked.working = working
    locked.own_shop = own_shop
    locked.channels = channels
    locked.sells_online = sells_online(channels)
    locked.income_band = income_band
    locked.consents_to_show = consents_to_show
    locked.answered_at = timezone.now()
    locked.answered_how = (
        FollowUpAnswerMethod.PHONE_FORM if by is None else FollowUpAnswerMethod.CALL
    )
    locked.recorded_by = by
    locked.verified = by is not None and verified
    locked.save()
    return locked


def already_answered_message(follow_up: FollowUp) -> str:
    return _(
        "This follow-up was already answered on %(day)s. Thank you! To change the answer, "
        "tell your county coordinator."
    ) % {"day": timezone.localdate(follow_up.answered_at).isoformat()}


# What the certificate's public page shows


@dataclass(frozen=True)
class PublicOutcome:
    text: str
    verified: bool


def public_outcome(certificate: Certificate) -> PublicOutcome | None:
    """What the holder of a valid certificate agreed to show of their latest answer, in the
    reader's language: their shop and where it sells, or their work; never their income.
    Nothing when their latest answer does not agree (consent can be taken back at the next
    follow-up) or says nothing worth showing."""
    if not certificate.is_valid:
        return None
    answered = FollowUp.objects.filter(certificate=certificate, answered_at__isnull=False)
    latest = answered.order_by("-months").first()
    if latest is None or not latest.consents_to_show:
        return None
    online = [
        channel.label
        for channel in SellingChannel
        if channel in latest.channels and channel != SellingChannel.OFFLINE
    ]
    where = pgettext("between the items of a list", ", ").join(str(name) for name in online)
    if latest.own_shop:
        first_shop = (
            answered.filter(own_shop=True, consents_to_show=True).order_by("months").first()
        )
        year = timezone.localdate(first_shop.answered_at).year
        text = (
            _("Runs their own shop on %(channels)s since %(year)d")
            if online
            else _("Runs their own shop since %(year)d")
        ) % {"channels": where, "year": year}
    elif online:
        text = _("Sells on %(channels)s") % {"channels": where}
    elif latest.working in (FollowUpWork.EMPLOYED, FollowUpWork.SELF_EMPLOYED):
        text = str(FollowUpWork(latest.working).label)
    else:
        return None
    return PublicOutcome(text=text, verified=latest.verified)
