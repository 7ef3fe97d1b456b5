"""The counties' names in English and Tibetan (`name_en` added; `name_bo` filled).

Sources, and what they are worth:

- Codes and Chinese names: the State Council's list of county-level divisions as published
  by the Ministry of Civil Affairs (already in 0002_ganzi_counties); Kangding has been a
  county-level city (康定市, 513301) since 2015, the 17 others are counties (县).
- English: the official names are the Chinese ones; English writes them in Hanyu Pinyin
  (the national standard for romanising Chinese place names, GB/T 16159) followed by
  "City" or "County", as the prefecture government's own English pages and the State
  Council's English materials name them ("Kangding City", "Luding County").
- Tibetan: the prefecture (甘孜藏族自治州, དཀར་མཛེས་བོད་རིགས་རང་སྐྱོང་ཁུལ།) uses the Tibetan names of
  its counties on its bilingual signs and seals. We could not reach a list published by
  the prefecture government or the State Council while writing this: a search of stored
  public pages found only encyclopaedia articles (Wikipedia's infoboxes give
  དཀར་མཛེས་རྫོང་ for 甘孜县 and རྟའུ་རྫོང་ for 道孚县, agreeing with the spellings below). The
  others are the Tibetan names in common use for these places (Dartsedo, Chakzam,
  Rongtrak, Gyazur, Nyagchukha, Tawu, Drango, Kardze, Nyarong, Derge, Palyul, Sershul,
  Serthar, Lithang, Bathang, Chaktreng, Dabpa, Derong) with the administrative word
  རྫོང་ (county) or གྲོང་ཁྱེར། (city), written with a final shad after ང as the brief's
  example དར་རྩེ་མདོ་གྲོང་ཁྱེར། is. They are NOT checked against an official list: a county
  coordinator or the prefecture's Tibetan-language office should confirm them, and any
  correction is made in the admin (Settings > Counties), which this migration then leaves
  alone.

Only empty names are filled, so a name an editor already set is kept; going back empties
the names this migration wrote (those still as it wrote them).
"""

from django.db import migrations, models

# code: (English, Tibetan)
NAMES = {
    "513301": ("Kangding City", "དར་རྩེ་མདོ་གྲོང་ཁྱེར།"),
    "513322": ("Luding County", "ལྕགས་ཟམ་རྫོང་།"),
    "513323": ("Danba County", "རོང་བྲག་རྫོང་།"),
    "513324": ("Jiulong County", "བརྒྱད་ཟུར་རྫོང་།"),
    "513325": ("Yajiang County", "ཉག་ཆུ་ཁ་རྫོང་།"),
    "513326": ("Daofu County", "རྟའུ་རྫོང་།"),
    "513327": ("Luhuo County", "བྲག་འགོ་རྫོང་།"),
    "513328": ("Ganzi County", "དཀར་མཛེས་རྫོང་།"),
    "513329": ("Xinlong County", "ཉག་རོང་རྫོང་།"),
    "513330": ("Dege County", "སྡེ་དགེ་རྫོང་།"),
    "513331": ("Baiyu County", "དཔལ་ཡུལ་རྫོང་།"),
    "513332": ("Shiqu County", "སེར་ཤུལ་རྫོང་།"),
    "513333": ("Seda County", "གསེར་ཐར་རྫོང་།"),
    "513334": ("Litang County", "ལི་ཐང་རྫོང་།"),
    "513335": ("Batang County", "འབའ་ཐང་རྫོང་།"),
    "513336": ("Xiangcheng County", "ཕྱག་ཕྲེང་རྫོང་།"),
    "513337": ("Daocheng County", "འདབ་པ་རྫོང་།"),
    "513338": ("Derong County", "སྡེ་རོང་རྫོང་།"),
}


def fill_names(apps, schema_editor):
    County = apps.get_model("trainees", "County")
    for county in County.objects.filter(code__in=NAMES):
        english, tibetan = NAMES[county.code]
        county.name_en = county.name_en or english
        county.name_bo = county.name_bo or tibetan
        county.save(update_fields=["name_en", "name_bo"])


def empty_names(apps, schema_editor):
    County = apps.get_model("trainees", "County")
    for code, (english, tibetan) in NAMES.items():
        County.objects.filter(code=code, name_bo=tibetan).update(name_bo="")
        County.objects.filter(code=code, name_en=english).update(name_en="")


class Migration(migrations.Migration):
    dependencies = [("trainees", "0013_h12_sms_delivery")]

    operations = [
        migrations.AddField(
            model_name="county",
            name="name_en",
            field=models.CharField(blank=True, max_length=100, verbose_name="name in English"),
        ),
        migrations.RunPython(fill_names, empty_names),
    ]
