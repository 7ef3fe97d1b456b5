"""A job keeps the name its employer gave the worker (see Job.worker_name); the jobs made
before it take their worker's name."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def names_from_workers(apps, schema_editor):
    job = apps.get_model("incubator", "Job")
    worker = apps.get_model("incubator", "Worker")
    job.objects.update(
        worker_name=Subquery(worker.objects.filter(pk=OuterRef("worker_id")).values("name")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [
        ("incubator", "0008_h11_private_evidence"),
    ]

    operations = [
        migrations.AddField(
            model_name="job",
            name="worker_name",
            field=models.CharField(default="", max_length=100, verbose_name="worker's name"),
            preserve_default=False,
        ),
        migrations.RunPython(names_from_workers, migrations.RunPython.noop),
    ]
