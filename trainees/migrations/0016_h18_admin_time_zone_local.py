"""Every time a person reads is Asia/Shanghai (settings.TIME_ZONE): a time zone chosen earlier
in an account's admin settings is cleared, as the admin no longer offers any other
(WAGTAIL_USER_TIME_ZONES)."""

from django.conf import settings
from django.db import migrations


def clear_other_time_zones(apps, schema_editor):
    UserProfile = apps.get_model("wagtailusers", "UserProfile")
    UserProfile.objects.exclude(current_time_zone__in=["", settings.TIME_ZONE]).update(
        current_time_zone=""
    )


class Migration(migrations.Migration):
    dependencies = [
        ("trainees", "0015_sms_application_news"),
        ("wagtailusers", "0015_userprofile_keyboard_shortcuts"),
    ]

    operations = [migrations.RunPython(clear_other_time_zones, migrations.RunPython.noop)]
