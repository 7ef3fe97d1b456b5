"""The people of a permission matrix: one of each role around one trainee's county."""

from dataclasses import dataclass

from trainees import roles
from trainees.factories import ProfileFactory, TraineeFactory, UserFactory
from trainees.models import County, Trainee

ROLES = (
    "anonymous",
    "trainee",
    "another_trainee",
    "instructor",
    "coordinator",
    "other_coordinator",
    "manager",
)


@dataclass
class People:
    county: County
    other_county: County
    trainee: Trainee
    another_trainee: Trainee
    users: dict

    def log_in(self, client, role: str) -> None:
        if self.users[role] is not None:
            client.force_login(self.users[role])


def person(group: str, county: County):
    user = UserFactory(groups=[group])
    ProfileFactory(user=user, county=county)
    return user


def make_people() -> People:
    county, other_county = County.objects.order_by("code")[:2]
    trainee = TraineeFactory(county=county, user=person(roles.TRAINEES, county))
    another_trainee = TraineeFactory(county=county, user=person(roles.TRAINEES, county))
    return People(
        county=county,
        other_county=other_county,
        trainee=trainee,
        another_trainee=another_trainee,
        users={
            "anonymous": None,
            "trainee": trainee.user,
            "another_trainee": another_trainee.user,
            "instructor": person(roles.INSTRUCTORS, county),
            "coordinator": person(roles.COUNTY_COORDINATORS, county),
            "other_coordinator": person(roles.COUNTY_COORDINATORS, other_county),
            "manager": person(roles.PROGRAMME_MANAGERS, other_county),
        },
    )
