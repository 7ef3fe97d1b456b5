"""Writes on trainees' accounts and profiles."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import Group
from django.db import transaction

from trainees import roles
from trainees.choices import Language
from trainees.models import County, Profile


@transaction.atomic
def trainee_register(*, user: AbstractBaseUser, language: str = Language.ZH_HANS) -> Profile:
    """Make a freshly signed-up person a trainee, reading in the language they signed up in."""
    profile, _ = Profile.objects.update_or_create(user=user, defaults={"language": language})
    user.groups.add(Group.objects.get(name=roles.TRAINEES))
    return profile


def profile_phone_set(*, user: AbstractBaseUser, phone: str, verified: bool) -> Profile:
    profile, _ = Profile.objects.update_or_create(
        user=user, defaults={"phone": phone, "phone_verified": verified}
    )
    return profile


def profile_phone_verify(*, user: AbstractBaseUser, phone: str) -> bool:
    """Mark `phone` verified if it is still the user's number; say whether it was."""
    return bool(Profile.objects.filter(user=user, phone=phone).update(phone_verified=True))


def profile_preferences_update(*, user: AbstractBaseUser, language: str, county: County) -> Profile:
    profile, _ = Profile.objects.update_or_create(
        user=user, defaults={"language": language, "county": county}
    )
    return profile
