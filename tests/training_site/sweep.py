"""The machinery of the authorisation sweep: every pattern of the URL conf, the address the
sweep requests for it, and what a response means to the person who asked.

An outcome is one of:

- "ok": the page (200), or a redirect to its own content (a success, a page of its own);
  for a POST, the change was made;
- "kept" (POSTs only): answered (200 or a redirect) but nothing was changed, such as a
  form whose choices leave out another county's records;
- "400" (POSTs only): the form came back with the refusal of the rule it goes to (an
  application already open, no question to answer), and nothing was written;
- "login": a redirect to a login page (the site's or the admin's), for anonymous
  visitors and for people the admin does not admit at all;
- "401": no valid token (the outcomes API reads no session);
- "403": refused; inside the Wagtail admin a refusal is a redirect to the admin's
  dashboard with "Sorry, you do not have permission", which counts as 403 here;
- "404": not there for this person (another county's record, someone else's import);
- "405": the method is not allowed (a GET of a view that only takes POST).
"""

import fnmatch
import functools
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse

OUTCOMES = ("ok", "kept", "400", "login", "401", "403", "404", "405")


@dataclass(frozen=True)
class Pattern:
    key: str  # the namespaced URL name, or the route of an unnamed pattern
    route: str
    parameters: tuple[str, ...]


def _parameters(route: str) -> tuple[str, ...]:
    named = re.findall(r"<(?:\w+:)?(\w+)>", route) + re.findall(r"\(\?P<(\w+)>", route)
    return tuple(named)


@functools.cache
def url_patterns() -> tuple[Pattern, ...]:
    """Every pattern of the URL conf, walked through its includes."""

    def walk(patterns, prefix: str, namespace: str | None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern):
                route = prefix + str(pattern.pattern)
                name = pattern.name
                if name and namespace:
                    name = f"{namespace}:{name}"
                yield Pattern(key=name or route, route=route, parameters=_parameters(route))

    return tuple(walk(get_resolver().url_patterns, "", None))


def is_group(row: str) -> bool:
    """A row for a group of URL names, such as `wagtailimages:*` (routes hold no `*` at the
    end after a name)."""
    return row.endswith(("_*", ":*"))


def row_for(key: str, table: dict) -> str | None:
    """The table's row for a URL key: its own, or the row of its group (the longest match)."""
    if key in table:
        return key
    groups = [row for row in table if is_group(row) and fnmatch.fnmatchcase(key, row)]
    return max(groups, key=len) if groups else None


def parse_table(text: str, roles: tuple[str, ...]) -> dict[str, dict[str, str]]:
    """A table of lines `key outcome outcome ...`, one outcome per role in the header's order;
    lines starting with # are comments."""
    lines = [
        line.split()
        for line in text.strip().splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    header, *rows = lines
    assert tuple(header[1:]) == roles, header
    table = {}
    for key, *outcomes in rows:
        assert key not in table, f"{key} is in the table twice"
        assert len(outcomes) == len(roles), f"{key}: {len(outcomes)} outcomes"
        assert set(outcomes) <= set(OUTCOMES), f"{key}: {outcomes}"
        table[key] = dict(zip(roles, outcomes, strict=True))
    return table


def _login_paths() -> set[str]:
    return {reverse("account_login"), reverse("wagtailadmin_login"), reverse("wagtailcore_login")}


def outcome(response) -> str:
    status = response.status_code
    if status in (301, 302, 303):
        location = urlsplit(response["Location"])
        if location.path in _login_paths() and "next=" in location.query:
            return "login"
        if location.path == reverse("wagtailadmin_home"):
            return "403"  # the admin's "Sorry, you do not have permission to access this area."
        return "ok"
    if status == 200:
        return "ok"
    return str(status)


WRITES = re.compile(
    r'^\s*(INSERT|UPDATE|DELETE)\b(?!.*"django_session")', re.IGNORECASE | re.DOTALL
)


def send(client, method: str, url: str, data=None) -> tuple[object, list[str]]:
    """The response, and the data-changing SQL the request ran (sessions aside), undone after:
    each request meets the world as it was built."""
    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        response = client.get(url) if method == "GET" else client.post(url, data or {})
        transaction.set_rollback(True)
    writes = [query["sql"] for query in queries.captured_queries if WRITES.match(query["sql"])]
    return response, writes
