"""Trainee identity numbers stored normalised (trainees.identity.IdNumberField).

Numbers stored with a lower-case x or spaces are raised now, unless the normalised
number is already another record's: those pairs are the same person twice, to be
merged by a person, and are left as they are."""

from django.db import migrations

import trainees.identity


def normalise_stored(apps, schema_editor):
    from trainees.identity import normalise_id_number

    model = apps.get_model("trainees", "Trainee")
    for pk, number in model.objects.exclude(id_number="").values_list("pk", "id_number"):
        normal = normalise_id_number(number)
        if normal != number and not model.objects.filter(id_number=normal).exists():
            model.objects.filter(pk=pk).update(id_number=normal)


class Migration(migrations.Migration):
    dependencies = [
        ("trainees", "0011_households_by_village"),
    ]

    operations = [
        migrations.RunPython(normalise_stored, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="trainee",
            name="id_number",
            field=trainees.identity.IdNumberField(
                max_length=18,
                unique=True,
                validators=[trainees.identity.validate_id_number],
                verbose_name="identity number",
            ),
        ),
    ]
