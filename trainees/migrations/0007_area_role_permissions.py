"""County coordinators add, change, delete and view the townships and villages of their county.

Programme managers already hold every permission of the trainees app (0003,
0005); they are granted these again so the roles hold them whatever came
before. The county scoping is not a permission: trainees/scoping.py applies it.
Names are written out, as in 0003.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

COORDINATORS = "County coordinators"
MANAGERS = "Programme managers"
AREA_PERMISSIONS = [
    f"{action}_{model}"
    for model in ("township", "village")
    for action in ("add", "change", "delete", "view")
]


def ensure_permissions(apps):
    app_config = apps.get_app_config("trainees")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None


def area_permissions(apps):
    Permission = apps.get_model("auth.Permission")
    return Permission.objects.filter(
        content_type__app_label="trainees", codename__in=AREA_PERMISSIONS
    )


def grant(apps, schema_editor):
    ensure_permissions(apps)
    Group = apps.get_model("auth.Group")
    permissions = list(area_permissions(apps))
    for name in (COORDINATORS, MANAGERS):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    coordinators = Group.objects.filter(name=COORDINATORS).first()
    if coordinators is not None:
        coordinators.permissions.remove(*area_permissions(apps))


class Migration(migrations.Migration):
    dependencies = [("trainees", "0006_area_codes_and_unique_names")]

    operations = [migrations.RunPython(grant, revoke)]
