"""Model permissions of the coordinators and managers over the records of 0004.

A coordinator's county scoping is not a permission: trainees/scoping.py
applies it to every admin view. Names are written out, as in 0003.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

COORDINATORS = "County coordinators"
MANAGERS = "Programme managers"
COORDINATOR_MODELS = [
    "trainee",
    "household",
    "householdstatuschange",
    "cohort",
    "cohortsession",
    "attendance",
    "enrolment",
]
COORDINATOR_PERMISSIONS = [
    *(f"{action}_{model}" for model in COORDINATOR_MODELS for action in ("view", "add", "change")),
    "view_certificate",
]


def ensure_permissions(apps):
    app_config = apps.get_app_config("trainees")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None


def grant(apps, schema_editor):
    ensure_permissions(apps)
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    trainee_permissions = Permission.objects.filter(content_type__app_label="trainees")

    coordinators, _ = Group.objects.get_or_create(name=COORDINATORS)
    coordinators.permissions.add(*trainee_permissions.filter(codename__in=COORDINATOR_PERMISSIONS))
    managers, _ = Group.objects.get_or_create(name=MANAGERS)
    managers.permissions.add(*trainee_permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    models_of_0004 = [*COORDINATOR_MODELS, "certificate", "lessonprogress", "quizattempt"]
    added = Permission.objects.filter(
        content_type__app_label="trainees", content_type__model__in=models_of_0004
    )
    for name in (COORDINATORS, MANAGERS):
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.remove(*added)


class Migration(migrations.Migration):
    dependencies = [("trainees", "0004_people_cohorts_and_progress")]

    operations = [migrations.RunPython(grant, revoke)]
