from wagtail import hooks
from wagtail.permissions import register_permission_policy

from trainees.admin_views import PERMISSION_POLICIES, TraineesViewSetGroup

# --- Trainees admin: the records of people, households, cohorts, enrolments and
# certificates, each scoped by trainees/scoping.py (see trainees/admin_views.py).
for scoped_model, policy in PERMISSION_POLICIES.items():
    register_permission_policy(scoped_model, policy)


@hooks.register("register_admin_viewset")
def register_trainees_viewsets():
    return TraineesViewSetGroup()


# --- end of the trainees admin block.
