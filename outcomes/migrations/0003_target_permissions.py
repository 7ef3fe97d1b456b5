"""Programme managers set targets (the admin's model permissions); nobody else does."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MANAGERS = "Programme managers"
TARGET_PERMISSIONS = ["add_target", "change_target", "delete_target", "view_target"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("outcomes")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    managers, _ = Group.objects.get_or_create(name=MANAGERS)
    managers.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="outcomes", codename__in=TARGET_PERMISSIONS
        )
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    managers = Group.objects.filter(name=MANAGERS).first()
    if managers is not None:
        managers.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="outcomes", codename__in=TARGET_PERMISSIONS
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("outcomes", "0002_targets_and_snapshots"),
        ("trainees", "0003_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
