"""The geographical-indication brands that DESIGN.md names, each with its county.

Ganzi has 16 such brands; the others are added by programme managers as
their shops need them. Names and county codes are written out, as in
trainees/migrations/0002_ganzi_counties.py.
"""

from django.db import migrations

BRANDS = [
    ("雅江松茸", "513325"),
    ("得荣树椒", "513338"),
    ("炉霍俄色茶", "513327"),
    ("泸定红樱桃", "513322"),
    ("九龙花椒", "513324"),
    ("道孚大葱", "513326"),
]


def create_brands(apps, schema_editor):
    County = apps.get_model("trainees.County")
    GeographicalIndication = apps.get_model("incubator.GeographicalIndication")
    for name, county_code in BRANDS:
        GeographicalIndication.objects.update_or_create(
            name=name, defaults={"county": County.objects.filter(code=county_code).first()}
        )


def delete_brands(apps, schema_editor):
    GeographicalIndication = apps.get_model("incubator.GeographicalIndication")
    GeographicalIndication.objects.filter(name__in=[name for name, _ in BRANDS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("incubator", "0001_shops_sales_jobs"),
        ("trainees", "0002_ganzi_counties"),
    ]

    operations = [migrations.RunPython(create_brands, delete_brands)]
