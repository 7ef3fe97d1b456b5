"""Groups named in the reader's language where Wagtail lists them for a person to pick: the
privacy dialog of a page or a collection (Wagtail prints a group's stored name). Installed when
the trainees app is ready (trainees/apps.py), beside the courses app's own start-up labels
(courses/admin_language.py); here because the groups are the roles of trainees/roles.py."""

from django.utils.translation import pgettext, pgettext_lazy

from trainees import roles

# The groups' stored names (trainees/migrations/0003_roles.py; Wagtail's own two, made by its
# migrations), as the reader reads them.
GROUP_NAMES = {
    roles.TRAINEES: pgettext_lazy("group", "Trainees"),
    roles.INSTRUCTORS: pgettext_lazy("group", "Instructors"),
    roles.COUNTY_COORDINATORS: pgettext_lazy("group", "County coordinators"),
    roles.PROGRAMME_MANAGERS: pgettext_lazy("group", "Programme managers"),
    "Editors": pgettext_lazy("group", "Editors"),
    "Moderators": pgettext_lazy("group", "Moderators"),
}


def group_label(group) -> str:
    """A group's name in the reader's language; another group's as it was typed."""
    from wagtail.models import Locale

    from courses.models import CoursePage
    from courses.services import COURSE_INSTRUCTORS

    if group.name in GROUP_NAMES:
        return str(GROUP_NAMES[group.name])
    if group.name.startswith(COURSE_INSTRUCTORS):
        courses = CoursePage.objects.filter(
            translation_key=group.name.removeprefix(COURSE_INSTRUCTORS)
        )
        course = courses.filter(locale=Locale.get_active()).first() or courses.first()
        if course is not None:
            return pgettext("group", "Instructors of %(course)s") % {"course": course.title}
    return group.name


def name_groups_in_the_privacy_dialog() -> None:
    from wagtail.admin.forms.collections import CollectionViewRestrictionForm
    from wagtail.admin.forms.pages import PageViewRestrictionForm

    for form in (PageViewRestrictionForm, CollectionViewRestrictionForm):
        form.base_fields["groups"].label_from_instance = group_label
