"""Database queries of one lesson page, counted with Django's test client."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


class PageError(Exception):
    pass


def page_queries(url: str) -> int:
    """Queries of a GET of `url` after a warm-up GET (which makes the image renditions)."""
    client = Client()
    warm_up = client.get(url)
    if warm_up.status_code != 200:
        raise PageError(f"GET {url} answered {warm_up.status_code}")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    if response.status_code != 200:
        raise PageError(f"GET {url} answered {response.status_code}")
    return len(queries)
