"""Wagtail admin pages of the roster import: upload, preview, progress, result.

Only county coordinators (for their own county) and programme managers
import; an import is seen only by the person who started it.
"""

from django import forms
from django.contrib.auth.base_user import AbstractBaseUser
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django.views.generic import FormView, TemplateView

from wagtail.admin.auth import user_passes_test
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from trainees import roles
from trainees.models import County
from trainees.roster import COLUMNS, REQUIRED_COLUMNS, RosterFileError, roster_decode
from trainees.tasks import (
    ImportStatus,
    import_get_own,
    roster_import_confirm,
    roster_import_progress,
    roster_import_start,
)

MAX_FILE_SIZE = 10 * 1024 * 1024


def _in_group(user: AbstractBaseUser, name: str) -> bool:
    return user.groups.filter(name=name).exists()


def roster_importer_county(user: AbstractBaseUser) -> tuple[bool, County | None]:
    """Whether `user` may import rosters, and the one county they may import into (None: any)."""
    if not user.is_authenticated:
        return False, None
    if user.is_superuser or _in_group(user, roles.PROGRAMME_MANAGERS):
        return True, None
    if _in_group(user, roles.COUNTY_COORDINATORS):
        profile = getattr(user, "profile", None)
        county = profile.county if profile else None
        return county is not None, county
    return False, None


def can_import_roster(user: AbstractBaseUser) -> bool:
    return roster_importer_county(user)[0]


class RosterUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Roster file (CSV)"),
        help_text=_("UTF-8 or GBK; at most 10 MB and 20,000 rows."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_SIZE:
            raise forms.ValidationError(_("The file is larger than 10 MB; split it."))
        try:
            self.text = roster_decode(upload.read())
        except RosterFileError as problem:
            raise forms.ValidationError(str(problem)) from problem
        return upload


class RosterAdminMixin(WagtailAdminTemplateMixin):
    header_icon = "upload"
    page_title = _("Import roster")

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("roster_import_upload"), "label": _("Import roster")},
        ]


def column_help(columns: dict, required) -> list[dict]:
    """The columns an import reads, for its upload page: Chinese and English header."""
    return [
        {"chinese": aliases[0], "english": aliases[1], "required": key in required}
        for key, aliases in columns.items()
    ]


class RosterUploadView(RosterAdminMixin, FormView):
    form_class = RosterUploadForm
    template_name = "trainees/roster/upload.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["columns"] = column_help(COLUMNS, REQUIRED_COLUMNS)
        context["county"] = roster_importer_county(self.request.user)[1]
        return context

    def form_valid(self, form):
        county = roster_importer_county(self.request.user)[1]
        import_id = roster_import_start(
            user=self.request.user,
            county=county,
            filename=form.cleaned_data["file"].name,
            text=form.text,
        )
        return redirect("roster_import_detail", import_id=import_id)


class RosterImportView(RosterAdminMixin, TemplateView):
    template_name = "trainees/roster/detail.html"
    import_kind = "roster"
    upload_url = reverse_lazy("roster_import_upload")
    # Errors shown on the page; the rest are counted.
    errors_shown = 500

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        record = own_import(self.request, kwargs["import_id"], kind=self.import_kind)
        done, total = roster_import_progress(record["id"])
        context.update(
            record=record,
            running=record["status"] in ImportStatus.RUNNING,
            status=record["status"],
            statuses=ImportStatus,
            progress_done=done,
            progress_total=total,
            errors=record["errors"][: self.errors_shown],
            errors_hidden=record["error_count"] - min(len(record["errors"]), self.errors_shown),
            upload_url=self.upload_url,
        )
        return context


def own_import(request, import_id: str, *, kind: str = "roster") -> dict:
    """The import `import_id` of `kind` if the user started it; 404 otherwise."""
    record = import_get_own(import_id, request.user)
    if record is None or record.get("kind") != kind:
        raise Http404(_("This import has expired or is not yours; upload the file again."))
    return record


@require_POST
def roster_import_apply(request, import_id: str):
    own_import(request, import_id)
    roster_import_confirm(import_id=import_id)
    return redirect("roster_import_detail", import_id=import_id)


upload = user_passes_test(can_import_roster)(RosterUploadView.as_view())
detail = user_passes_test(can_import_roster)(RosterImportView.as_view())
apply = user_passes_test(can_import_roster)(roster_import_apply)
