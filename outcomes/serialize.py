"""Figures as plain JSON data: for the API and for published snapshots, which must show a
figure exactly as it was (amounts as decimal strings, never floats)."""

import datetime
from decimal import Decimal

from trainees.models import Cohort


def as_json(value):
    """The figures of `indicators.compute` (or any part of them) as JSON-ready data."""
    if isinstance(value, dict):
        return {_key(key): as_json(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [as_json(item) for item in value]
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Cohort):
        return {"id": value.pk, "name": value.name}
    return value


def _key(key) -> str:
    if isinstance(key, datetime.date):
        return f"{key:%Y-%m}"
    return str(key)
