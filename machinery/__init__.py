"""The floor below the apps: machinery that several apps use and that knows none of them.

- `machinery.jobs`: the records of background jobs (status and progress, in the cache).
- `machinery.imports`: the pipeline that reads a CSV file, checks it row by row, shows a
  preview and applies it all or nothing, with its upload, preview and confirm views.
- `machinery.scoping` and `machinery.admin`: the county-scoped Wagtail admin (permission
  policy, views, and admin actions declared once).

Nothing here imports courses, trainees, incubator or outcomes; they register what the
machinery needs to know (tests/test_layers.py checks it).
"""
