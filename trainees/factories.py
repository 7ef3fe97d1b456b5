"""Factories for people, shared by the tests and the demo content."""

import datetime

import factory

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from trainees.choices import Language
from trainees.identity import id_check_character
from trainees.models import County, Profile

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


def id_number_for(n: int) -> str:
    """A valid identity number (right check digit), different for each n."""
    first_17 = f"51332119900101{n % 1000:03d}"
    return first_17 + id_check_character(first_17)


class TraineeFactory(factory.django.DjangoModelFactory):
    name = factory.Faker("name", locale="zh_CN")
    gender = "female"
    birth_year = 1995
    county = factory.LazyFunction(lambda: County.objects.order_by("code").first())
    id_number = factory.Sequence(id_number_for)

    class Meta:
        model = "trainees.Trainee"


class CohortFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"康定市第{n}期电商培训班")
    county = factory.LazyFunction(lambda: County.objects.order_by("code").first())
    starts_on = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=30))
    ends_on = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=30))

    class Meta:
        model = "trainees.Cohort"


class CohortSessionFactory(factory.django.DjangoModelFactory):
    cohort = factory.SubFactory(CohortFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=2))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=3))
    place = "康定市电子商务公共服务中心"
    check_in_code = factory.Sequence(lambda n: f"check-in-{n}")

    class Meta:
        model = "trainees.CohortSession"


class EnrolmentFactory(factory.django.DjangoModelFactory):
    trainee = factory.SubFactory(TraineeFactory)
    source = "self"

    class Meta:
        model = "trainees.Enrolment"
