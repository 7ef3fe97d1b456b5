"""Model permissions of the coordinators and managers over the incubator's records.

A coordinator's county is not a permission: incubator/scoping.py narrows every
listing and service to it. Who approves reports and locks months is a rule of
incubator/services.py, not a model permission. Names are written out, as in
trainees/migrations/0005_admin_role_permissions.py.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

COORDINATORS = "County coordinators"
MANAGERS = "Programme managers"
COORDINATOR_MODELS = [
    "application",
    "shop",
    "shopchannel",
    "product",
    "milestone",
    "salesreport",
    "worker",
    "job",
]
COORDINATOR_PERMISSIONS = [
    *(f"{action}_{model}" for model in COORDINATOR_MODELS for action in ("view", "add", "change")),
    "view_monthlock",
    "view_geographicalindication",
]


def ensure_permissions(apps):
    app_config = apps.get_app_config("incubator")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None


def grant(apps, schema_editor):
    ensure_permissions(apps)
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    incubator_permissions = Permission.objects.filter(content_type__app_label="incubator")

    coordinators, _ = Group.objects.get_or_create(name=COORDINATORS)
    coordinators.permissions.add(
        *incubator_permissions.filter(codename__in=COORDINATOR_PERMISSIONS)
    )
    managers, _ = Group.objects.get_or_create(name=MANAGERS)
    managers.permissions.add(*incubator_permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    incubator_permissions = Permission.objects.filter(content_type__app_label="incubator")
    for name in (COORDINATORS, MANAGERS):
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.remove(*incubator_permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("incubator", "0002_geographical_indications"),
        ("trainees", "0005_admin_role_permissions"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
