import functools
import os
from pathlib import Path

from django.http import HttpResponse


@functools.cache
def _lesson_bytes() -> bytes:
    return Path(os.environ["EAGLE_BENCHMARK_SAME_BYTES"]).read_bytes()


def same_bytes(request):
    """The lesson page's HTML from a file: Django's own cost, without Wagtail and the database."""
    return HttpResponse(_lesson_bytes(), content_type="text/html; charset=utf-8")
