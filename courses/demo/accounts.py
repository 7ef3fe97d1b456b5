"""Demo accounts, one for each role, for trying the site on a development machine."""

from allauth.account.models import EmailAddress

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

DEMO_PASSWORD = "eagle-demo"  # noqa: S105 - a published demo password, loaded only with DEBUG on
INSTRUCTOR_USERNAME = "demo-instructor"
COORDINATOR_USERNAME = "demo-coordinator"
COORDINATOR_COUNTY = "理塘县"

# username, group, whether the account may enter the Django/Wagtail staff areas
DEMO_ACCOUNTS = (
    ("demo-trainee", "Trainees", False),
    (INSTRUCTOR_USERNAME, "Instructors", False),
    (COORDINATOR_USERNAME, "County coordinators", False),
    ("demo-manager", "Programme managers", True),
)


def demo_user(username: str):
    return get_user_model().objects.filter(username=username).first()


def demo_accounts_create(report) -> None:
    """The four demo accounts with password `eagle-demo` and a verified e-mail address."""
    for username, group_name, is_staff in DEMO_ACCOUNTS:
        # The groups come from a data migration; made here too so the demo stands alone.
        group, _ = Group.objects.get_or_create(name=group_name)
        user = demo_user(username)
        report.count("accounts", created=user is None)
        if user is None:
            user = get_user_model()(
                username=username, email=f"{username}@example.com", is_staff=is_staff
            )
            user.set_password(DEMO_PASSWORD)
            user.save()
        user.groups.add(group)
        EmailAddress.objects.get_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
    coordinator_county_assign(user=demo_user(COORDINATOR_USERNAME), county_name=COORDINATOR_COUNTY)


# --- Wire-up point for trainees.Profile and trainees.County (made on another branch). ---
# Until those models exist this does nothing; afterwards it puts the demo
# coordinator in her county. It assumes County has a `name` field.
def coordinator_county_assign(*, user, county_name: str) -> bool:
    """Give `user` the county named `county_name`; False when that cannot be done yet."""
    try:
        profile_model = apps.get_model("trainees", "Profile")
        county_model = apps.get_model("trainees", "County")
    except LookupError:
        return False
    county = county_model.objects.filter(name=county_name).first()
    if county is None:
        return False
    profile_model.objects.update_or_create(user=user, defaults={"county": county})
    return True
