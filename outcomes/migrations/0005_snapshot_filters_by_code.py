"""Published figures kept their filters in words, in the language of whoever published them
({"渠道": "抖音"}); they are kept by code now ({"channel": "douyin"}), to read in every
language, in the list, the API and exports. Words read back in any of the languages."""

from django.db import migrations
from django.utils import translation

LANGUAGES = ("en", "zh-hans", "bo")


def _words():
    from incubator.choices import Channel

    names, channels = {}, {}
    for language in LANGUAGES:
        with translation.override(language):
            for code, word in (("track", "Track"), ("cohort", "Cohort"), ("channel", "Channel")):
                names[str(translation.gettext(word))] = code
            for value, label in Channel.choices:
                channels[str(label)] = value
    return names, channels


def by_code(apps, schema_editor):
    Snapshot = apps.get_model("outcomes", "Snapshot")
    Cohort = apps.get_model("trainees", "Cohort")
    names, channels = _words()
    for snapshot in Snapshot.objects.exclude(filters={}):
        filters = {}
        for word, value in snapshot.filters.items():
            code = names.get(word)
            if code == "channel":
                filters["channel"] = channels.get(value, value)
            elif code == "cohort":
                cohorts = Cohort.objects.filter(name=value)
                if snapshot.county_id:
                    cohorts = cohorts.filter(county_id=snapshot.county_id)
                found = list(cohorts.values_list("pk", flat=True)[:2])
                filters["cohort"] = {"name": value, **({"id": found[0]} if len(found) == 1 else {})}
            elif code == "track":
                filters["track"] = {"title": value}
        Snapshot.objects.filter(pk=snapshot.pk).update(filters=filters)


class Migration(migrations.Migration):
    dependencies = [
        ("outcomes", "0004_snapshot_corrections"),
        ("trainees", "0007_area_role_permissions"),
    ]

    operations = [migrations.RunPython(by_code, migrations.RunPython.noop)]
