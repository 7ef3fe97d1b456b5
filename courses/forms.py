from django import forms
from django.db.models import Q
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminPageForm

from courses.choices import CONTENT_LANGUAGES, Level
from courses.lesson_slugs import is_latin, new_lesson_slug, unfinished_draft


class CatalogueFilterForm(forms.Form):
    """Filters of the course catalogue. Unknown values are shown as form errors."""

    track = forms.TypedChoiceField(label=_("Track"), required=False, coerce=int, empty_value=None)
    level = forms.ChoiceField(label=_("Level"), required=False)
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=[("", _("All languages")), *CONTENT_LANGUAGES],
    )

    def __init__(self, *args, tracks, **kwargs):
        super().__init__(*args, **kwargs)
        self.tracks = {track.pk: track for track in tracks}
        self.fields["track"].choices = [("", _("All tracks"))] + [
            (track.pk, track.title) for track in tracks
        ]
        self.fields["level"].choices = [("", _("All levels")), *Level.choices]

    def filter(self, courses):
        data = self.cleaned_data
        if data.get("track"):
            courses = courses.child_of(self.tracks[data["track"]])
        if data.get("level"):
            courses = courses.filter(level=data["level"])
        if data.get("language"):
            language = data["language"]
            courses = courses.filter(
                Q(alias_of__isnull=True, locale__language_code=language)
                | Q(alias_of__locale__language_code=language)
            )
        return courses


class LessonPageForm(WagtailAdminPageForm):
    """The admin's form of a lesson. A new lesson gets its slug by the rule of
    courses/lesson_slugs.py, and is refused, with a link to resume it, when the instructor
    already has an unpublished draft of it in the course (docs/lessons.md)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.slug_by_the_rule and "slug" in self.fields:
            # Any text is taken: the rule turns it into a slug (Django's SlugField refuses
            # Tibetan, whose vowel signs are no "word" characters to its pattern).
            slug = self.fields["slug"]
            self.fields["slug"] = forms.CharField(
                label=slug.label, help_text=slug.help_text, widget=slug.widget, required=False
            )

    @property
    def is_new_lesson(self) -> bool:
        return self.instance.pk is None and self.parent_page is not None

    @property
    def slug_by_the_rule(self) -> bool:
        """A new lesson, or one never published: autosave makes the lesson as soon as it is
        typed, and the editor's script then keeps deriving a slug from the title (for a
        Tibetan title, its letters without their vowel signs)."""
        never_published = self.instance.pk is not None and not self.instance.first_published_at
        return self.is_new_lesson or (never_published and self.parent_page is not None)

    def clean(self):
        if self.is_new_lesson:
            self.refuse_starting_a_draft_again()
        if self.slug_by_the_rule and "slug" in self.fields:
            wanted = self.cleaned_data.get("slug", "")
            if self.is_new_lesson or not is_latin(wanted):
                kept = self.instance.slug if is_latin(self.instance.slug) else ""
                self.cleaned_data["slug"] = kept or new_lesson_slug(self.parent_page, wanted)
        return super().clean()

    def refuse_starting_a_draft_again(self):
        draft = unfinished_draft(
            self.parent_page,
            self.for_user,
            title=self.cleaned_data.get("title", ""),
            slug=self.cleaned_data.get("slug", ""),
        )
        if draft is None:
            return
        self.add_error(
            "title",
            format_html(
                _(
                    "You have already started this lesson: your draft “{title}” is saved in "
                    "this course and not yet published. {link} instead of starting it again, "
                    "or give the new lesson another title."
                ),
                title=draft.get_admin_display_title(),
                link=format_html(
                    '<a href="{}">{}</a>',
                    reverse("wagtailadmin_pages:edit", args=[draft.pk]),
                    _("Carry on writing the draft"),
                ),
            ),
        )
