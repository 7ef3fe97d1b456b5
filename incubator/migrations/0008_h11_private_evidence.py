"""Milestone evidence moves from the media storage (served to anyone with the link) to the
private storage, which only incubator.milestone_views hands out.

Each file is copied, then deleted from the media storage; run again (after a failure
part-way), it skips the files already moved. A row whose file is in neither storage is
left as it is (the view answers 404 for it). docs/deploy.md, "Private files".
"""

from django.core.files.storage import storages
from django.db import migrations, models

import incubator.models
import training_site.storage


def move_evidence(source_alias: str, target_alias: str):
    def move(apps, schema_editor):
        Milestone = apps.get_model("incubator", "Milestone")
        source, target = storages[source_alias], storages[target_alias]
        milestones = Milestone.objects.using(schema_editor.connection.alias).exclude(evidence="")
        for pk, name in milestones.values_list("pk", "evidence").iterator():
            if not source.exists(name):
                continue
            if not target.exists(name):
                with source.open(name, "rb") as file:
                    stored = target.save(name, file)
                if stored != name:
                    milestones.filter(pk=pk).update(evidence=stored)
            source.delete(name)

    return move


class Migration(migrations.Migration):
    dependencies = [
        ("incubator", "0007_id_numbers_normalised"),
    ]

    operations = [
        migrations.AlterField(
            model_name="milestone",
            name="evidence",
            field=models.ImageField(
                storage=training_site.storage.private_storage,
                upload_to=incubator.models.evidence_path,
                verbose_name="evidence (screenshot)",
            ),
        ),
        migrations.RunPython(
            move_evidence("default", "private"), move_evidence("private", "default")
        ),
    ]
