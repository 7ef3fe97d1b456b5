"""Factories for people, shared by the tests and the demo content."""

import datetime
import secrets

import factory

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from trainees.choices import EnrolmentSource, Gender, Language
from trainees.identity import id_check_character
from trainees.models import Certificate, Cohort, CohortSession, County, Enrolment, Profile, Trainee

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


def id_number_for(first_17_digits: str) -> str:
    return first_17_digits + id_check_character(first_17_digits)


class TraineeFactory(factory.django.DjangoModelFactory):
    """A trainee without an account unless `user` is given; a valid, unique ID number."""

    name = factory.Faker("name", locale="zh_CN")
    gender = Gender.FEMALE
    birth_year = 1995
    county = factory.LazyFunction(lambda: County.objects.order_by("?").first())
    id_number = factory.Sequence(lambda n: id_number_for(f"51330019950101{n % 1000:03d}"))

    class Meta:
        model = Trainee


class CohortFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"第{n}期电商培训班")
    county = factory.LazyFunction(lambda: County.objects.order_by("?").first())
    starts_on = factory.LazyFunction(lambda: timezone.localdate())
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + datetime.timedelta(days=30))

    class Meta:
        model = Cohort


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


class CertificateFactory(factory.django.DjangoModelFactory):
    enrolment = factory.SubFactory(EnrolmentFactory)
    number = factory.Sequence(lambda n: f"EAGLE-2026-{n:06d}")
    verification_code = factory.LazyFunction(lambda: secrets.token_urlsafe(16))
    issued_on = factory.LazyFunction(lambda: timezone.localdate())

    class Meta:
        model = Certificate
