"""The certificates issued before follow-ups existed get theirs, as a new one does
(trainees/follow_ups.py): at 3, 6 and 12 months after the day each was issued. Those already
past are due at once, and go on their coordinator's call list. Written out here, as a
migration must not change with the code."""

import calendar

from django.db import migrations

FOLLOW_UP_MONTHS = (3, 6, 12)
BATCH = 2000


def months_after(day, months):
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    last_day = calendar.monthrange(year, month)[1]
    return day.replace(year=year, month=month, day=min(day.day, last_day))


def schedule(apps, schema_editor):
    Certificate = apps.get_model("trainees", "Certificate")
    FollowUp = apps.get_model("trainees", "FollowUp")
    certificates = (
        Certificate.objects.filter(follow_ups=None).order_by("pk").values_list("pk", "issued_on")
    )
    follow_ups = [
        FollowUp(certificate_id=pk, months=months, due_on=months_after(issued_on, months))
        for pk, issued_on in certificates.iterator(chunk_size=BATCH)
        for months in FOLLOW_UP_MONTHS
    ]
    FollowUp.objects.bulk_create(follow_ups, batch_size=BATCH)


def unschedule(apps, schema_editor):
    apps.get_model("trainees", "FollowUp").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("trainees", "0020_follow_ups")]

    operations = [migrations.RunPython(schedule, unschedule)]
