"""Factories for people, shared by the tests and the demo content.

They write rows directly, for setting the scene, and keep the training summary right as the
services do (trainees/derived.py): an enrolment or a certificate made refreshes its trainee.
A new trainee has nothing summed up yet.
"""

import datetime
import secrets

import factory
from faker import Faker

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from trainees import training_summary
from trainees.choices import EnrolmentSource, Gender, Language
from trainees.identity import id_check_character
from trainees.models import (
    Certificate,
    Cohort,
    CohortSession,
    County,
    Enrolment,
    Household,
    Profile,
    Township,
    Trainee,
    Village,
)

DEFAULT_PASSWORD = "eagle-demo-password"  # noqa: S105 (demo and test accounts only)


class UserFactory(factory.django.DjangoModelFactory):
    """A user who can log in with `password` (DEFAULT_PASSWORD unless given).

    `UserFactory(groups=["Instructors"])` puts the user in those groups, by name.
    """

    username = factory.Sequence(lambda n: f"user-{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.com")
    first_name = factory.Faker("first_name", locale="zh_CN")
    last_name = factory.Faker("last_name", locale="zh_CN")
    password = factory.django.Password(DEFAULT_PASSWORD)

    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    @factory.post_generation
    def groups(self, create, names, **kwargs):
        if create and names:
            self.groups.add(*(Group.objects.get(name=name) for name in names))


class ProfileFactory(factory.django.DjangoModelFactory):
    user = factory.SubFactory(UserFactory)
    phone = factory.Sequence(lambda n: f"+86139{n:08d}")
    phone_verified = True
    language = Language.ZH_HANS
    county = factory.LazyFunction(lambda: County.objects.order_by("?").first())

    class Meta:
        model = Profile


def valid_id_number(n: int, *, area: str = "513334", born: str = "19900101") -> str:
    """An identity number with a correct check digit: area code, birth date, sequence `n`."""
    first_17 = f"{area}{born}{n % 1000:03d}"
    return first_17 + id_check_character(first_17)


class TownshipFactory(factory.django.DjangoModelFactory):
    county = factory.LazyFunction(lambda: County.objects.get(code="513334"))
    # Official codes start with the parent's (trainees/area_codes.py).
    code = factory.LazyAttributeSequence(lambda o, n: f"{o.county.code}{n % 1000:03d}")
    name = factory.Sequence(lambda n: f"乡镇{n}")

    class Meta:
        model = Township


class VillageFactory(factory.django.DjangoModelFactory):
    township = factory.SubFactory(TownshipFactory)
    code = factory.LazyAttributeSequence(lambda o, n: f"{o.township.code}{n % 1000:03d}")
    name = factory.Sequence(lambda n: f"村{n}")

    class Meta:
        model = Village


class HouseholdFactory(factory.django.DjangoModelFactory):
    """`HouseholdFactory(village__township__county=county)` puts it in that county."""

    registry_number = factory.Sequence(lambda n: f"HH-{n:08d}")
    village = factory.SubFactory(VillageFactory)
    members = 4

    class Meta:
        model = Household


class CohortFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"电商培训班 {n}期")
    county = factory.LazyFunction(lambda: County.objects.get(code="513334"))
    starts_on = datetime.date(2025, 3, 1)
    ends_on = datetime.date(2025, 6, 30)

    class Meta:
        model = Cohort
        skip_postgeneration_save = True

    @factory.post_generation
    def courses(self, create, courses, **kwargs):
        if create and courses:
            self.courses.add(*courses)


CHINESE_NAMES = Faker("zh_CN")


class TraineeFactory(factory.django.DjangoModelFactory):
    # Unique, so that a test finding a trainee's row by name never finds another's.
    name = factory.LazyFunction(lambda: CHINESE_NAMES.unique.name())
    gender = Gender.FEMALE
    birth_year = 1990
    phone = factory.Sequence(lambda n: f"+86137{n:08d}")
    county = factory.LazyFunction(lambda: County.objects.get(code="513334"))
    id_number = factory.Sequence(valid_id_number)

    class Meta:
        model = Trainee


class CohortSessionFactory(factory.django.DjangoModelFactory):
    """A two-hour class that started ten minutes ago, with its own check-in code."""

    cohort = factory.SubFactory(CohortFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(minutes=10))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=2))
    place = factory.Faker("address", locale="zh_CN")
    check_in_code = factory.LazyFunction(lambda: secrets.token_urlsafe(16))

    class Meta:
        model = CohortSession


class EnrolmentFactory(factory.django.DjangoModelFactory):
    trainee = factory.SubFactory(TraineeFactory)
    course = factory.SubFactory("courses.factories.CoursePageFactory")
    source = EnrolmentSource.SELF

    class Meta:
        model = Enrolment

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        enrolment = super()._create(model_class, *args, **kwargs)
        training_summary.refresh(trainee_ids=[enrolment.trainee_id])
        return enrolment


class CertificateFactory(factory.django.DjangoModelFactory):
    enrolment = factory.SubFactory(EnrolmentFactory)
    number = factory.Sequence(lambda n: f"EAGLE-2026-{n:06d}")
    verification_code = factory.LazyFunction(lambda: secrets.token_urlsafe(16))
    issued_on = factory.LazyFunction(lambda: timezone.localdate())

    class Meta:
        model = Certificate

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        certificate = super()._create(model_class, *args, **kwargs)
        training_summary.refresh(trainee_ids=[certificate.enrolment.trainee_id])
        return certificate
