"""What an app's check and apply tasks call: `import_run`, with the app's own work."""

from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.utils import translation
from django.utils.translation import gettext as _

from machinery.imports.errors import ImportFileError, ImportInvalid
from machinery.imports.records import (
    IMPORTS,
    ImportStatus,
    errors_fields,
    file_key,
    preview_fields,
)
from machinery.jobs import Progress

# work(record, text, loaded, progress): the app's check or apply, then record_checked or
# record_applied.
Work = Callable[[dict, str, Any, Progress], None]


def import_run(import_id: str, *, load: Callable[[dict], Any], work: Work) -> None:
    """Run `work` on the import's file, in the language of the person who started it.

    `load(record)` gives what the work needs besides the text (the county imported
    into, the person who started it): the app's models, which the machinery does not
    know. A file error or row errors make the import invalid; any other exception
    marks it failed, and is raised again for the task's log. An expired import, or one
    already applied (a task run again), is left alone.
    """
    record = IMPORTS.get(import_id)
    text = cache.get(file_key(import_id))
    if record is None:
        return  # expired: the pages say so
    if record["status"] == ImportStatus.APPLIED:
        return  # a task run again after it was done: checking again would offer to apply again
    with translation.override(record["language"]):
        if text is None:
            IMPORTS.update(
                import_id,
                status=ImportStatus.FAILED,
                message=_("The uploaded file has expired; nothing was written. Upload it again."),
            )
            return
        try:
            work(record, text, load(record), IMPORTS.progress_setter(import_id))
        except ImportFileError as problem:
            IMPORTS.update(import_id, status=ImportStatus.INVALID, message=str(problem))
        except ImportInvalid as invalid:
            IMPORTS.update(
                import_id,
                status=ImportStatus.INVALID,
                **errors_fields(invalid.errors),
                **preview_fields(invalid.check),
            )
        except Exception:
            IMPORTS.update(
                import_id,
                status=ImportStatus.FAILED,
                message=_("The import failed; nothing was written. Please try again."),
            )
            raise
