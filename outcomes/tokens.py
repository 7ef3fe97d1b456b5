"""API tokens: created and revoked by programme managers, checked on every API request.

A token is `secrets.token_urlsafe(32)` (256 random bits); only its SHA-256 digest is stored,
so a copy of the database reads nothing. A token is found by its digest: the lookup compares
digests, never the token, and reveals nothing about a token one does not already hold.
"""

import datetime
import hashlib
import hmac
import secrets
from typing import NamedTuple
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from outcomes.models import ApiToken
from trainees.models import County
from trainees.scoping import is_programme_manager

DEFAULT_LIFETIME = datetime.timedelta(days=365)
PREFIX_LENGTH = 8
LAST_USED_EVERY = datetime.timedelta(minutes=1)  # how often last_used_at is written


class TokenCheck(NamedTuple):
    """The token a request may use, or None and why not (in English, as the API speaks)."""

    token: ApiToken | None
    refusal: str = ""


def digest_of(plain: str) -> str:
    return hashlib.sha256(plain.encode()).hexdigest()


def last_day(token) -> datetime.date:
    """The last day a token works, local time: it expires at the midnight that ends it."""
    return timezone.localdate(token.expires_at - datetime.timedelta(microseconds=1))


def default_expiry() -> datetime.datetime:
    return timezone.now() + DEFAULT_LIFETIME


def may_manage_tokens(user, token: ApiToken | None = None) -> bool:
    """List, create and revoke tokens (the admin's): programme managers, every token."""
    return is_programme_manager(user)


def visible_tokens(user):
    """The tokens a user sees in the admin: all of them for managers, none for anyone else."""
    return ApiToken.objects.all() if may_manage_tokens(user) else ApiToken.objects.none()


def is_active(token: ApiToken) -> bool:
    """Neither revoked nor expired: it reads the figures, and may be revoked."""
    return token.revoked_at is None and token.expires_at > timezone.now()


@transaction.atomic
def token_create(
    *, name: str, county: County | None, expires_at: datetime.datetime, by
) -> tuple[ApiToken, str]:
    """A new token and its plain text, which is shown once and never stored."""
    plain = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        name=name,
        county=county,
        expires_at=expires_at,
        digest=digest_of(plain),
        prefix=plain[:PREFIX_LENGTH],
        created_by=by,
    )
    return token, plain


def token_revoke(*, token: ApiToken, by) -> ApiToken:
    """Revoke the token from now on; revoking it again changes nothing."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.revoked_by = by
        token.save(update_fields=["revoked_at", "revoked_by"])
    return token


def token_for(plain: str) -> TokenCheck:
    """The live token whose text is `plain`; None with the reason when there is none."""
    if not plain:
        return TokenCheck(None, "No token: send the header “Authorization: Bearer <token>”.")
    digest = digest_of(plain)
    token = ApiToken.objects.select_related("county").filter(digest=digest).first()
    if token is None or not hmac.compare_digest(token.digest, digest):
        return TokenCheck(None, "Unknown token.")
    now = timezone.now()
    if token.revoked_at is not None:
        return TokenCheck(None, f"This token was revoked on {_day(token.revoked_at)}.")
    if token.expires_at <= now:
        return TokenCheck(None, f"This token expired on {_day(token.expires_at)}.")
    return TokenCheck(token)


def token_used(token: ApiToken) -> None:
    """Note that the token was used, writing at most once a minute per token."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now


def _day(moment: datetime.datetime) -> str:
    zone = settings.TIME_ZONE
    return f"{timezone.localtime(moment, ZoneInfo(zone)):%Y-%m-%d %H:%M} ({zone})"
