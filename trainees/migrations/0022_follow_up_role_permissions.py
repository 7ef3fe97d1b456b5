"""County coordinators and programme managers view follow-ups: the call list
(trainees/follow_up_admin.py), where they record answers through its action, whose own rule
(`follow_ups.may_record_call`) says who may. The county scoping is not a permission:
trainees/scoping.py applies it. Names are written out, as in 0003."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

COORDINATORS = "County coordinators"
MANAGERS = "Programme managers"
FOLLOW_UP_PERMISSIONS = ["view_followup"]


def ensure_permissions(apps):
    app_config = apps.get_app_config("trainees")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None


def follow_up_permissions(apps):
    Permission = apps.get_model("auth.Permission")
    return Permission.objects.filter(
        content_type__app_label="trainees", codename__in=FOLLOW_UP_PERMISSIONS
    )


def grant(apps, schema_editor):
    ensure_permissions(apps)
    Group = apps.get_model("auth.Group")
    permissions = list(follow_up_permissions(apps))
    for name in (COORDINATORS, MANAGERS):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    coordinators = Group.objects.filter(name=COORDINATORS).first()
    if coordinators is not None:
        coordinators.permissions.remove(*follow_up_permissions(apps))


class Migration(migrations.Migration):
    dependencies = [("trainees", "0021_follow_ups_of_certificates_issued")]

    operations = [migrations.RunPython(grant, revoke)]
