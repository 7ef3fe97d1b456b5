"""The import pipeline: a CSV file read, checked row by row, previewed, then applied all or
nothing, in background tasks, with its admin pages. It knows no app's rules:

- `decoding`: the uploaded bytes as text (UTF-8 or GBK, a workbook refused unopened, a size
  limit);
- `tables`: a CSV table read by its headers, in Chinese or English, in any order;
- `errors`: what goes wrong (`ImportFileError` for the whole file, `RowError` for a cell,
  `ImportInvalid` carrying the row errors found while applying);
- `chunks`: lookups of many values in chunks a database accepts;
- `records`: the record of an import in the cache (statuses, start, confirm, outcome,
  stall detection);
- `runner`: what an app's check and apply tasks call (`import_run`);
- `views`: the upload, preview and result, and apply pages, declared once per import as an
  `ImportViewSet`.

An app declares its import (the columns, the check and apply tasks, who may import and
into which county) and keeps its rules: trainees/roster.py, trainees/area_import.py and
incubator/sales_import.py.
"""
