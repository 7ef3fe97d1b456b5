from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from courses.choices import CONTENT_LANGUAGES, Level


class LanguageSelect(forms.Select):
    """Each language named in its own script, marked as such (lang), so that a screen reader
    reads 中文 as Chinese on a Tibetan page and བོད་ཡིག as Tibetan on a Chinese one."""

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        if value:
            option["attrs"]["lang"] = value
        return option


class CatalogueFilterForm(forms.Form):
    """Filters of the course catalogue. Unknown values are shown as form errors."""

    track = forms.TypedChoiceField(label=_("Track"), required=False, coerce=int, empty_value=None)
    level = forms.ChoiceField(label=_("Level"), required=False)
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=[("", _("All languages")), *CONTENT_LANGUAGES],
        widget=LanguageSelect,
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
