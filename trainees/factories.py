"""Factories for people, shared by the tests and the demo content."""

import datetime

import factory

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from trainees.choices import EnrolmentSource, Gender, Language
from trainees.identity import id_check_character
from trainees.models import (
    Certificate,
    Cohort,
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


def some_county() -> County:
    return County.objects.order_by("?").first()


def id_number_for(n: int, *, county: County | None = None) -> str:
    """A valid identity number, distinct for each `n`, starting with the county's code."""
    area = county.code if county is not None else "513321"
    first_17 = f"{area}19{n % 1000000:06d}{n * 7 % 1000:03d}"
    return first_17 + id_check_character(first_17)


class TownshipFactory(factory.django.DjangoModelFactory):
    county = factory.LazyFunction(some_county)
    code = factory.Sequence(lambda n: f"9{n:08d}")
    name = factory.Sequence(lambda n: f"乡镇{n}")

    class Meta:
        model = Township


class VillageFactory(factory.django.DjangoModelFactory):
    township = factory.SubFactory(TownshipFactory)
    code = factory.Sequence(lambda n: f"9{n:011d}")
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


class TraineeFactory(factory.django.DjangoModelFactory):
    name = factory.Faker("name", locale="zh_CN")
    gender = Gender.FEMALE
    birth_year = 1995
    phone = factory.Sequence(lambda n: f"+86137{n:08d}")
    county = factory.LazyFunction(some_county)
    id_number = factory.LazyAttributeSequence(lambda o, n: id_number_for(n, county=o.county))

    class Meta:
        model = Trainee


class CohortFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"第{n}期电商培训班")
    county = factory.LazyFunction(some_county)
    starts_on = datetime.date(2026, 3, 1)
    ends_on = datetime.date(2026, 6, 30)

    class Meta:
        model = Cohort


class EnrolmentFactory(factory.django.DjangoModelFactory):
    """`EnrolmentFactory(course=course)`; a course is made when none is given."""

    trainee = factory.SubFactory(TraineeFactory)
    course = factory.LazyFunction(lambda: _course_factory()())
    source = EnrolmentSource.SELF

    class Meta:
        model = Enrolment


def _course_factory():
    # Imported late: courses' factories build pages, which needs the apps ready.
    from courses.factories import CoursePageFactory

    return CoursePageFactory


class CertificateFactory(factory.django.DjangoModelFactory):
    enrolment = factory.SubFactory(EnrolmentFactory)
    number = factory.Sequence(lambda n: f"EAGLE-2026-{n:06d}")
    verification_code = factory.Sequence(lambda n: f"verify{n:026d}")
    issued_on = datetime.date(2026, 7, 1)

    class Meta:
        model = Certificate
