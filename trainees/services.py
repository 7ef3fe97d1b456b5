"""Writes on trainees' accounts and profiles, and on the records coordinators edit."""

from collections.abc import Iterable

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction

from trainees import derived, roles, training_summary
from trainees.choices import Language
from trainees.models import County, Enrolment, HouseholdStatusChange, Profile, Trainee


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
    """The person typed the code texted to `phone`: it is their number, verified. A new
    number (a change of number, which allauth verifies without setting it first) replaces
    the old one, which then logs in no more. False, and nothing written, when another
    account holds the number (allauth refuses that before: this is the race)."""
    try:
        with transaction.atomic():
            if Profile.objects.filter(phone=phone).exclude(user=user).exists():
                return False
            Profile.objects.update_or_create(
                user=user, defaults={"phone": phone, "phone_verified": True}
            )
    except IntegrityError:
        return False
    return True


def profile_language_set(*, user: AbstractBaseUser, language: str) -> Profile:
    """Remember the interface language the person chose, for their next log-in."""
    profile, _ = Profile.objects.update_or_create(user=user, defaults={"language": language})
    return profile


def profile_preferences_update(*, user: AbstractBaseUser, language: str, county: County) -> Profile:
    profile, _ = Profile.objects.update_or_create(
        user=user, defaults={"language": language, "county": county}
    )
    return profile


# The records a coordinator edits in the admin (trainees/admin_views.py): each refreshes the
# training summary of the trainees it concerns, before and after (trainees/derived.py).


def _trainees_of(households: Iterable[int | None]) -> list[int]:
    return list(
        Trainee.objects.filter(household_id__in=set(households) - {None}).values_list(
            "pk", flat=True
        )
    )


@transaction.atomic
def trainee_save(*, trainee: Trainee) -> Trainee:
    """Save a trainee's details: their months follow their county and household."""
    with derived.households_changing(trainee_ids=[trainee.pk]):
        trainee.save()
    training_summary.refresh(trainee_ids=[trainee.pk])
    return trainee


@transaction.atomic
def trainee_delete(*, trainee: Trainee) -> None:
    """Delete a trainee (with their enrolments, unless a certificate keeps them: ProtectedError)."""
    pk = trainee.pk
    with derived.households_changing(trainee_ids=[pk]):
        trainee.delete()
    training_summary.refresh(trainee_ids=[pk])


@transaction.atomic
def household_status_change_save(*, change: HouseholdStatusChange) -> HouseholdStatusChange:
    """Save a household's status from a day on; a change moved to another household changes
    both households' trainees."""
    trainees = _trainees_of({change.household_id, derived.stored(change, "household_id")})
    with derived.households_changing(trainee_ids=trainees):
        change.save()
    training_summary.refresh(trainee_ids=trainees)
    return change


@transaction.atomic
def household_status_change_delete(*, change: HouseholdStatusChange) -> None:
    trainees = _trainees_of({derived.stored(change, "household_id")})
    with derived.households_changing(trainee_ids=trainees):
        change.delete()
    training_summary.refresh(trainee_ids=trainees)


@transaction.atomic
def enrolment_save(*, enrolment: Enrolment) -> Enrolment:
    """Save an enrolment as a coordinator recorded it; one moved to another trainee changes
    both trainees' months."""
    trainees = {enrolment.trainee_id, derived.stored(enrolment, "trainee_id")} - {None}
    enrolment.save()
    training_summary.refresh(trainee_ids=trainees)
    return enrolment


@transaction.atomic
def enrolment_delete(*, enrolment: Enrolment) -> None:
    """Delete an enrolment (unless its certificate keeps it: ProtectedError)."""
    trainee = derived.stored(enrolment, "trainee_id")
    enrolment.delete()
    training_summary.refresh(trainee_ids=[trainee])
