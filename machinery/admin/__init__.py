"""The scoped Wagtail admin: views and viewsets that see only `machinery.scoping.visible_records`.

- `policies`: the permission policy (model permissions narrowed to the visible records).
- `forms`, `filters`: related-record choices narrowed the same way; ids checked first.
- `views`: the listing (with personal values masked), the views of one record, and
  `ServiceFormView`, a form whose data goes to one service.
- `actions`: an admin action declared once (`Action`).
- `viewsets`: `ScopedModelViewSet`, which serves the views and the declared actions.
"""
