from wagtail import hooks
from wagtail.permissions import register_permission_policy

from incubator import application_views, audit, demo, home_panels, poor_households
from incubator.admin_views import PERMISSION_POLICIES, IncubatorViewSetGroup
from incubator.my_shop_views import learning_home_card
from incubator.sales_import_views import SalesImportViewSet
from trainees.demo_programme import DEMO_LOAD_HOOK
from trainees.derived import HOUSEHOLDS_CHANGED_HOOK
from trainees.learning_views import LEARNING_HOME_EXTRAS_HOOK

# The actions of the incubator's audit history (see incubator/audit.py).
hooks.register("register_log_actions", audit.register_actions)

# The incubator's admin, scoped by incubator/scoping.py (see incubator/admin_views.py).
for scoped_model, policy in PERMISSION_POLICIES.items():
    register_permission_policy(scoped_model, policy)


@hooks.register("register_admin_viewset")
def register_incubator_viewsets():
    return IncubatorViewSetGroup()


@hooks.register("register_admin_viewset")
def register_sales_import():
    return SalesImportViewSet()


# "My shop" on the trainee's "My learning", for the owner of a shop; then their application
# for incubation (or the way to apply).
hooks.register(LEARNING_HOME_EXTRAS_HOOK, learning_home_card)
hooks.register(LEARNING_HOME_EXTRAS_HOOK, application_views.learning_home_card)

# The poor households of shops' owners follow the trainees' households and their statuses,
# changed by the trainees' services (see trainees/derived.py).
hooks.register(HOUSEHOLDS_CHANGED_HOOK, poor_households.owners_changing)

# The shops, sales and jobs of the demo programme, after its trainees (manage.py load_demo).
hooks.register(DEMO_LOAD_HOOK, demo.programme_load)

# Applications and sales reports waiting, on the coordinator's home (incubator/home_panels.py).
hooks.register("construct_homepage_panels", home_panels.incubator_panels)
