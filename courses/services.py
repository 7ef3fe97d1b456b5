"""Writes on the course tree that touch several rows."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from wagtail.actions.convert_alias import ConvertAliasPageAction
from wagtail.models import GroupPagePermission, Locale, Page

from courses.models import CoursePage

# What the teachers of a course may do on its pages; publishing is not among
# them, so their changes go through the programme managers' approval workflow.
INSTRUCTOR_PAGE_PERMISSIONS = ("add_page", "change_page")


@transaction.atomic
def translation_aliases_create(*, page: Page) -> list[Page]:
    """Give `page` an alias in every other language's tree, as the admin does.

    Wagtail's simple_translation creates these aliases for pages made in the
    admin; pages made in code (demo content, imports) come through here.
    """
    created = []
    for locale in Locale.objects.exclude(pk=page.locale_id):
        if not page.has_translation(locale):
            created.append(page.copy_for_translation(locale, copy_parents=True, alias=True))
    return created


@transaction.atomic
def alias_translate(*, page: Page, **fields) -> Page:
    """Turn the alias `page` into a real translation with `fields` (its title, intro, body...),
    and publish it, as an editor does with "Translate" in the admin. A page that is no alias
    is left as it is."""
    if not page.alias_of_id:
        return page
    ConvertAliasPageAction(page).execute(skip_permission_checks=True)
    for name, value in fields.items():
        setattr(page, name, value)
    page.draft_title = page.title
    page.save_revision().publish()
    return page


COURSE_INSTRUCTORS = "Course instructors "  # and the course's translation key


def instructor_group_name(course: CoursePage) -> str:
    return f"{COURSE_INSTRUCTORS}{course.translation_key}"


@transaction.atomic
def course_instructors_sync(*, course: CoursePage) -> Group:
    """Let exactly the course's instructors edit it and its lessons, in every language.

    Each course has a group holding page permissions on the course and all of
    its translations; its members are the instructors named on any of them.
    """
    group, _ = Group.objects.get_or_create(name=instructor_group_name(course))
    permissions = Permission.objects.filter(
        content_type__app_label="wagtailcore", codename__in=INSTRUCTOR_PAGE_PERMISSIONS
    )
    translations = list(course.get_translations(inclusive=True))
    GroupPagePermission.objects.filter(group=group).exclude(page__in=translations).delete()
    for page in translations:
        for permission in permissions:
            GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)
    instructors = get_user_model().objects.filter(taught_courses__in=translations).distinct()
    group.user_set.set(instructors)
    return group
