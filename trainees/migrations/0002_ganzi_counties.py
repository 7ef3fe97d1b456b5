"""The 18 counties of Ganzi Tibetan Autonomous Prefecture, by administrative code."""

from django.db import migrations

GANZI_COUNTIES = [
    ("513301", "康定市"),
    ("513322", "泸定县"),
    ("513323", "丹巴县"),
    ("513324", "九龙县"),
    ("513325", "雅江县"),
    ("513326", "道孚县"),
    ("513327", "炉霍县"),
    ("513328", "甘孜县"),
    ("513329", "新龙县"),
    ("513330", "德格县"),
    ("513331", "白玉县"),
    ("513332", "石渠县"),
    ("513333", "色达县"),
    ("513334", "理塘县"),
    ("513335", "巴塘县"),
    ("513336", "乡城县"),
    ("513337", "稻城县"),
    ("513338", "得荣县"),
]


def create_counties(apps, schema_editor):
    County = apps.get_model("trainees.County")
    for code, name in GANZI_COUNTIES:
        County.objects.update_or_create(code=code, defaults={"name": name})


def delete_counties(apps, schema_editor):
    County = apps.get_model("trainees.County")
    County.objects.filter(code__in=[code for code, _ in GANZI_COUNTIES]).delete()


class Migration(migrations.Migration):
    dependencies = [("trainees", "0001_initial")]

    operations = [migrations.RunPython(create_counties, delete_counties)]
