"""The admin pages of an import: upload, preview (with progress and errors) and result, and
apply. An app declares its import once, as an `ImportViewSet` subclass registered with
Wagtail's "register_admin_viewset" hook (or inside a ViewSetGroup), and writes its two
templates extending "machinery/imports/upload.html" and "machinery/imports/detail.html".

Who may import is the viewset's `may_import` (the admin's refusal for anyone else, and
the menu item shown to them only); an import is seen only by the person who started it
(404 for anyone else), and only on the pages of its own kind.
"""

from django import forms
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.paginator import Paginator
from django.db.models import Model
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView, View

from wagtail.admin.auth import user_passes_test
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from machinery.admin.views import FormErrorsMixin
from machinery.imports.decoding import upload_decode
from machinery.imports.errors import ImportFileError
from machinery.imports.records import (
    ImportStatus,
    Task,
    import_confirm,
    import_get_own,
    import_progress,
    import_start,
)
from machinery.imports.template_files import (
    CSV_CONTENT_TYPE,
    XLSX_CONTENT_TYPE,
    template_csv,
    template_xlsx,
)


def column_help(columns: dict[str, tuple[str, ...]], required) -> list[dict]:
    """The columns an import reads, for its upload page: the Chinese header, and the English
    one (the first alias in Latin letters; a column may have several Chinese names)."""
    return [
        {
            "chinese": aliases[0],
            "english": next((alias for alias in aliases if alias.isascii()), aliases[-1]),
            "required": key in required,
        }
        for key, aliases in columns.items()
    ]


def own_import(request, import_id: str, *, kind: str) -> dict:
    """The import `import_id` of `kind` if the user started it; 404 otherwise."""
    record = import_get_own(import_id, request.user)
    if record is None or record.get("kind") != kind:
        raise Http404(_("This import has expired or is not yours; upload the file again."))
    return record


class ImportUploadForm(forms.Form):
    file = forms.FileField(help_text=_("UTF-8 or GBK; at most 10 MB and 20,000 rows."))

    def __init__(self, *args, file_label: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].label = file_label

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            self.text = upload_decode(upload)
        except ImportFileError as problem:
            raise forms.ValidationError(str(problem)) from problem
        return upload


class ImportViewMixin(WagtailAdminTemplateMixin):
    viewset: "ImportViewSet" = None

    def get_page_title(self):
        return self.viewset.page_title

    def get_header_icon(self):
        return self.viewset.icon

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            *self.viewset.breadcrumbs_before(),
            {"url": reverse(self.viewset.get_url_name("upload")), "label": self.viewset.page_title},
        ]


class ImportUploadView(FormErrorsMixin, ImportViewMixin, FormView):
    form_class = ImportUploadForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "file_label": self.viewset.file_label}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["columns"] = column_help(self.viewset.columns, self.viewset.required_columns)
        context["county"] = self.viewset.county(user)
        if self.viewset.offers_template and self.viewset.template(user) is not None:
            context["template_urls"] = {
                kind: reverse(self.viewset.get_url_name("template"), args=[kind])
                for kind in TEMPLATE_KINDS
            }
        context.update(self.viewset.upload_context(user))
        return context

    def form_valid(self, form):
        county = self.viewset.county(self.request.user)
        import_id = import_start(
            user=self.request.user,
            kind=self.viewset.kind,
            county_id=county.pk if county else None,
            filename=form.cleaned_data["file"].name,
            text=form.text,
            check_task=self.viewset.check_task,
        )
        return redirect(self.viewset.get_url_name("detail"), import_id=import_id)


class ImportDetailView(ImportViewMixin, TemplateView):
    """The import while it is checked, its errors or failure, its preview and its result."""

    # Errors shown on the page; the rest are counted.
    errors_shown = 500
    # Rows of the preview a page lists (`?page=`).
    preview_page_size = 100

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        record = own_import(self.request, kwargs["import_id"], kind=self.viewset.kind)
        done, total = import_progress(record["id"])
        context.update(
            record=record,
            running=record["status"] in ImportStatus.RUNNING,
            status=record["status"],
            statuses=ImportStatus,
            progress_done=done,
            progress_total=total,
            errors=record["errors"][: self.errors_shown],
            errors_hidden=record["error_count"] - min(len(record["errors"]), self.errors_shown),
            upload_url=reverse(self.viewset.get_url_name("upload")),
            apply_url=reverse(self.viewset.get_url_name("apply"), args=[record["id"]]),
        )
        context.update(self.viewset.detail_context(record))
        preview = record.get("preview") or []
        if preview:
            context.update(
                preview_page=Paginator(preview, self.preview_page_size).get_page(
                    self.request.GET.get("page")
                ),
                preview_hidden=record["preview_count"] - len(preview),
                preview_template=self.viewset.preview_template_name,
            )
        return context


TEMPLATE_KINDS = ("xlsx", "csv")


class ImportTemplateView(View):
    """The import's template (`ImportViewSet.template`), as an Excel workbook or CSV."""

    http_method_names = ["get"]
    viewset: "ImportViewSet" = None

    def get(self, request, kind: str):
        template = self.viewset.template(request.user)
        if template is None or kind not in TEMPLATE_KINDS:
            raise Http404
        header, rows = template
        name = f"{self.viewset.template_filename}.{kind}"
        if kind == "csv":
            response = HttpResponse(template_csv(header, rows), content_type=CSV_CONTENT_TYPE)
        else:
            content = template_xlsx(header, rows, title=self.viewset.template_filename)
            response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class ImportApplyView(View):
    """Confirm: apply the checked import in the background, then show its page."""

    http_method_names = ["post"]
    viewset: "ImportViewSet" = None

    def post(self, request, import_id: str):
        kind = self.viewset.kind
        own_import(request, import_id, kind=kind)
        import_confirm(import_id=import_id, kind=kind, apply_task=self.viewset.apply_task)
        return redirect(self.viewset.get_url_name("detail"), import_id=import_id)


# The URL name of each kind of import's page ("roster" -> "roster_import:detail").
DETAIL_URL_NAMES: dict[str, str] = {}


def import_url(record: dict) -> str | None:
    """The page of the import of `record`, or None for a kind no viewset serves."""
    url_name = DETAIL_URL_NAMES.get(record.get("kind"))
    return reverse(url_name, kwargs={"import_id": record["id"]}) if url_name else None


class ImportViewSet(ViewSet):
    """One import's pages, declared once. A subclass sets:

    - `name` (URL names are "<name>:upload", "<name>:detail", "<name>:apply"), `url_prefix`,
      and for a menu item `menu_label`, `menu_order`, `add_to_admin_menu`;
    - `kind`, the record's kind, which tells its imports from the others';
    - `page_title`, `file_label`, `upload_template_name`, `detail_template_name`;
    - `columns` and `required_columns` (field key -> headers, as for csv_table_read);
    - `check_task` and `apply_task`, the app's tasks, which call `import_run`;
    - optionally `preview_template_name`, which lists the rows of the preview
      (`preview_page`, a page of the check's `preview()`; `preview_hidden`, those not kept);
    - optionally `template(user)` and `template_filename`: a file to download from the upload
      page, as an Excel workbook or CSV, with the headers and example rows;
    - `may_import(user)`, and `county(user)`: the one county the user imports into, kept on
      the record and shown on the pages (None: any county).
    """

    icon = "upload"
    kind = ""
    page_title = ""
    file_label = ""
    upload_template_name = ""
    detail_template_name = ""
    columns: dict[str, tuple[str, ...]] = {}
    required_columns: tuple[str, ...] = ()
    check_task: Task = None
    apply_task: Task = None
    template_filename = "template"
    preview_template_name = ""
    upload_view_class = ImportUploadView
    detail_view_class = ImportDetailView
    apply_view_class = ImportApplyView
    template_view_class = ImportTemplateView

    def may_import(self, user: AbstractBaseUser) -> bool:
        raise NotImplementedError

    def county(self, user: AbstractBaseUser) -> Model | None:
        return None

    def breadcrumbs_before(self) -> list[dict]:
        """Breadcrumbs between the admin's home and the import's upload page."""
        return []

    def upload_context(self, user: AbstractBaseUser) -> dict:
        """More for the upload page's template."""
        return {}

    def detail_context(self, record: dict) -> dict:
        """More for the import's page, read from its record (its summary is plain data, kept
        while the import runs: what names records in the reader's language is read here)."""
        return {}

    def template(self, user: AbstractBaseUser) -> tuple[list[str], list[list[str]]] | None:
        """The header and example rows of a file `user` could import as it is; None: the
        import offers no template to download."""
        return None

    @cached_property
    def menu_item_class(self):
        may_import = self.may_import

        class ImportMenuItem(MenuItem):
            def is_shown(self, request):
                return may_import(request.user)

        return ImportMenuItem

    @property
    def offers_template(self) -> bool:
        return type(self).template is not ImportViewSet.template

    def on_register(self):
        super().on_register()
        DETAIL_URL_NAMES[self.kind] = self.get_url_name("detail")

    def get_urlpatterns(self):
        allowed = user_passes_test(self.may_import)
        template = [
            path(
                "template.<str:kind>",
                allowed(self.template_view_class.as_view(viewset=self)),
                name="template",
            )
        ]
        # The upload page first: Wagtail's menu item links the first pattern.
        return [
            path(
                "",
                allowed(
                    self.upload_view_class.as_view(
                        viewset=self, template_name=self.upload_template_name
                    )
                ),
                name="upload",
            ),
            *(template if self.offers_template else []),
            path(
                "<str:import_id>/",
                allowed(
                    self.detail_view_class.as_view(
                        viewset=self, template_name=self.detail_template_name
                    )
                ),
                name="detail",
            ),
            path(
                "<str:import_id>/apply/",
                allowed(self.apply_view_class.as_view(viewset=self)),
                name="apply",
            ),
        ]
