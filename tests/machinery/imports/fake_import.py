"""A tiny import built on machinery.imports, as an app builds one: words and their counts.

A row whose count is not a number is an error; applying adds the counts to WORDS.
"""

from dataclasses import dataclass, field

from django.urls import include, path

from machinery.imports.errors import ImportInvalid, RowError
from machinery.imports.records import IMPORTS, import_confirm, record_applied, record_checked
from machinery.imports.runner import import_run
from machinery.imports.tables import csv_table_read
from machinery.imports.views import ImportViewSet

COLUMNS = {"word": ("词", "word"), "count": ("数量", "count", "number")}
KIND = "words"
WORDS: dict[str, int] = {}


@dataclass
class WordCheck:
    errors: list[RowError] = field(default_factory=list)
    rows: list[tuple[str, int]] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.errors

    def summary(self) -> dict:
        return {"rows": len(self.rows)}


def words_check(*, text: str, progress=None) -> WordCheck:
    columns, rows = csv_table_read(
        text, columns=COLUMNS, required=("word", "count"), empty="No words."
    )
    check = WordCheck()
    for line, values in rows:
        if values["count"].isdigit():
            check.rows.append((values["word"], int(values["count"])))
        else:
            check.errors.append(RowError(line, columns["count"], "Not a number."))
    if progress:
        progress(len(rows), len(rows))
    return check


def words_apply(*, text: str, progress=None) -> WordCheck:
    check = words_check(text=text, progress=progress)
    if not check.is_valid:
        raise ImportInvalid(check.errors)
    for word, count in check.rows:
        WORDS[word] = WORDS.get(word, 0) + count
    return check


def loaded(record: dict) -> str:
    return f"loaded for {record['started_by']}"


LOADED: list = []


@IMPORTS.task
def words_check_task(import_id: str) -> None:
    def work(record, text, thing, progress):
        LOADED.append(thing)
        record_checked(import_id, words_check(text=text, progress=progress))

    import_run(import_id, load=loaded, work=work)


@IMPORTS.task
def words_apply_task(import_id: str) -> None:
    def work(record, text, thing, progress):
        record_applied(import_id, words_apply(text=text, progress=progress))

    import_run(import_id, load=loaded, work=work)


def words_import_confirm(*, import_id: str) -> bool:
    return import_confirm(import_id=import_id, kind=KIND, apply_task=words_apply_task)


class WordsImportViewSet(ImportViewSet):
    name = "words_import"
    url_prefix = "words-import"
    kind = KIND
    page_title = "Import words"
    file_label = "File of words (CSV)"
    upload_template_name = "machinery/imports/upload.html"
    detail_template_name = "machinery/imports/detail.html"
    columns = COLUMNS
    required_columns = ("word", "count")
    check_task = words_check_task
    apply_task = words_apply_task

    def may_import(self, user) -> bool:
        return user.is_superuser

    def breadcrumbs_before(self) -> list[dict]:
        return [{"url": "/admin/words/", "label": "Words"}]

    def upload_context(self, user) -> dict:
        return {"extra": "more"}


VIEWSET = WordsImportViewSet()


def urlpatterns_with_words():
    """The site's URLs and the fake import's, at /admin/words-import/."""
    from training_site import urls

    return [
        path(
            "admin/words-import/",
            include((VIEWSET.get_urlpatterns(), VIEWSET.name), namespace=VIEWSET.url_namespace),
        ),
        *urls.urlpatterns,
    ]


urlpatterns = urlpatterns_with_words()
