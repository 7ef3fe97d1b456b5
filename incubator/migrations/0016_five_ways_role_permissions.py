"""The five ways' records: coordinators view, add and change them (their county's, as
incubator/scoping.py narrows them), as the shops' channels and products (0003); managers
hold every permission over them."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

COORDINATORS = "County coordinators"
MANAGERS = "Programme managers"
MODELS = ["enterprise", "purchase", "traineebusiness", "shareholding", "dividend"]
ACTIONS = ("view", "add", "change")


def ensure_permissions(apps):
    app_config = apps.get_app_config("incubator")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None


def grant(apps, schema_editor):
    ensure_permissions(apps)
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="incubator", content_type__model__in=MODELS
    )
    coordinators, _ = Group.objects.get_or_create(name=COORDINATORS)
    coordinators.permissions.add(
        *permissions.filter(
            codename__in=[f"{action}_{model}" for model in MODELS for action in ACTIONS]
        )
    )
    managers, _ = Group.objects.get_or_create(name=MANAGERS)
    managers.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="incubator", content_type__model__in=MODELS
    )
    for group in Group.objects.filter(name__in=[COORDINATORS, MANAGERS]):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [("incubator", "0015_shop_ways_recorded_not_ticked")]

    operations = [migrations.RunPython(grant, revoke)]
