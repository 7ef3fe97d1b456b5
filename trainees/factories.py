"""Factories for people, shared by the tests and the demo content."""

import factory

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from trainees.choices import Language
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
