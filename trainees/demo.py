"""Demo accounts, one for each role, for trying the site on a development machine."""

from allauth.account.models import EmailAddress

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from courses.demo import DemoReport, courses_demo_load
from trainees import roles
from trainees.demo_programme import programme_load
from trainees.models import County, Profile

DEMO_PASSWORD = "eagle-demo"  # noqa: S105 - a published demo password, loaded only with DEBUG on
INSTRUCTOR_USERNAME = "demo-instructor"
COORDINATOR_USERNAME = "demo-coordinator"
COORDINATOR_COUNTY_CODE = "513334"  # 理塘县
PROGRAMME_LABEL = "Demo programme (cohorts, trainees, shops, sales, jobs)"

# username, group, whether the account may enter the Django/Wagtail staff areas
DEMO_ACCOUNTS = (
    ("demo-trainee", roles.TRAINEES, False),
    ("demo-trainee-bo", roles.TRAINEES, False),
    (INSTRUCTOR_USERNAME, roles.INSTRUCTORS, False),
    (COORDINATOR_USERNAME, roles.COUNTY_COORDINATORS, False),
    ("demo-manager", roles.PROGRAMME_MANAGERS, True),
)
# Staff have names, as the admin's account settings require (given name, family name).
DEMO_STAFF_NAMES = {
    INSTRUCTOR_USERNAME: ("晓燕", "李"),
    COORDINATOR_USERNAME: ("卓玛", "泽仁"),
    "demo-manager": ("建国", "王"),
}


def demo_accounts_create(report: DemoReport) -> dict[str, object]:
    """The four demo accounts with password `eagle-demo` and a verified e-mail address."""
    users = {}
    for username, group_name, is_staff in DEMO_ACCOUNTS:
        user = get_user_model().objects.filter(username=username).first()
        report.count("accounts", created=user is None)
        if user is None:
            user = get_user_model()(
                username=username, email=f"{username}@example.com", is_staff=is_staff
            )
            user.set_password(DEMO_PASSWORD)
            user.first_name, user.last_name = DEMO_STAFF_NAMES.get(username, ("", ""))
            user.save()
        user.groups.add(Group.objects.get(name=group_name))
        EmailAddress.objects.get_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
        Profile.objects.get_or_create(user=user)
        users[username] = user
    Profile.objects.filter(user=users[COORDINATOR_USERNAME]).update(
        county=County.objects.get(code=COORDINATOR_COUNTY_CODE)
    )
    return users


@transaction.atomic
def demo_load() -> DemoReport:
    """The whole demo: accounts, the courses, then a year of the programme (its people,
    and through DEMO_LOAD_HOOK the apps' above: shops, sales, jobs). Accounts and the
    programme are personal data: loaded only with DEBUG on."""
    report = DemoReport()
    users = demo_accounts_create(report) if settings.DEBUG else {}
    courses_demo_load(report, instructor=users.get(INSTRUCTOR_USERNAME))
    if not settings.DEBUG:
        report.skip("accounts")
        report.add_kinds([("programme", PROGRAMME_LABEL)])
        report.skip("programme")
        return report
    # Read again: the coordinator's county was set after their profile was read.
    users = {
        user.username: user
        for user in get_user_model().objects.filter(username__in=users).select_related("profile")
    }
    programme_load(report, users=users)
    return report
