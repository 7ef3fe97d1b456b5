"""Worker identity numbers stored normalised (trainees.identity.IdNumberField).

Numbers stored with a lower-case x or spaces are raised now, unless the normalised
number is already another record's: those pairs are the same person twice, to be
merged by a person, and are left as they are."""

from django.db import migrations

import trainees.identity


def normalise_stored(apps, schema_editor):
    from trainees.identity import normalise_id_number

    model = apps.get_model("incubator", "Worker")
    for pk, number in model.objects.exclude(id_number="").values_list("pk", "id_number"):
        normal = normalise_id_number(number)
        if normal != number and not model.objects.filter(id_number=normal).exists():
            model.objects.filter(pk=pk).update(id_number=normal)


class Migration(migrations.Migration):
    dependencies = [
        ("incubator", "0006_poor_worker_households"),
    ]

    operations = [
        migrations.RunPython(normalise_stored, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="worker",
            name="id_number",
            field=trainees.identity.IdNumberField(
                blank=True,
                max_length=18,
                validators=[trainees.identity.validate_id_number],
                verbose_name="identity number",
            ),
        ),
    ]
