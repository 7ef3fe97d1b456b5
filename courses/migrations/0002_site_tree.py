"""The empty site: a home page and the course catalogue in each language.

Chinese is the source tree; the Tibetan and English trees start as aliases of
it, so every page has an address in every interface language until an editor
turns an alias into a real translation.
"""

import uuid

from django.db import migrations

TREE_LANGUAGES = ("zh-hans", "bo", "en")


def create_site_tree(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Locale = apps.get_model("wagtailcore.Locale")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    HomePage = apps.get_model("courses.HomePage")
    CourseIndexPage = apps.get_model("courses.CourseIndexPage")

    home_type, _ = ContentType.objects.get_or_create(app_label="courses", model="homepage")
    index_type, _ = ContentType.objects.get_or_create(app_label="courses", model="courseindexpage")
    # Wagtail's welcome page (and the site pointing at it) make way for ours.
    Page.objects.filter(depth=2).delete()

    home_key, index_key = uuid.uuid4(), uuid.uuid4()
    source_home = source_index = None
    for position, language in enumerate(TREE_LANGUAGES, start=1):
        locale, _ = Locale.objects.get_or_create(language_code=language)
        home_slug = "home" if language == "zh-hans" else f"home-{language}"
        home = HomePage.objects.create(
            title="雄鹰工程",
            draft_title="雄鹰工程",
            slug=home_slug,
            content_type=home_type,
            path=f"0001{position:04d}",
            depth=2,
            numchild=1,
            url_path=f"/{home_slug}/",
            locale=locale,
            translation_key=home_key,
            alias_of=source_home,
            intro="甘孜州电商人才“雄鹰工程”：在手机上学习开网店、直播带货、包装与冷链发货。",
        )
        index = CourseIndexPage.objects.create(
            title="课程",
            draft_title="课程",
            slug="courses",
            content_type=index_type,
            path=f"0001{position:04d}0001",
            depth=3,
            numchild=0,
            url_path=f"/{home_slug}/courses/",
            locale=locale,
            translation_key=index_key,
            alias_of=source_index,
        )
        if source_home is None:
            source_home, source_index = home, index
    Page.objects.filter(depth=1).update(numchild=len(TREE_LANGUAGES))
    Site.objects.create(
        hostname="localhost",
        port=80,
        site_name="雄鹰工程",
        root_page=source_home,
        is_default_site=True,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_site_tree, migrations.RunPython.noop)]
