"""/health/: what a load balancer asks before sending trainees to this server."""

import pytest

from django.db import connection

NEVER_CACHED = {"no-cache", "no-store", "must-revalidate", "private", "max-age=0"}


def cache_directives(response) -> set[str]:
    return {part.strip() for part in response["Cache-Control"].split(",")}


@pytest.fixture
def unreachable_database(django_db_blocker, tmp_path):
    """The default connection pointed at a database server that does not answer."""
    open_connection, original_settings = connection.connection, dict(connection.settings_dict)
    connection.connection = None
    if connection.vendor == "sqlite":
        connection.settings_dict["NAME"] = str(tmp_path / "no-such-folder" / "eagle.sqlite3")
    else:
        connection.settings_dict.update(HOST="127.0.0.1", PORT="1")  # nothing listens there
    with django_db_blocker.unblock():
        yield
    connection.settings_dict.clear()
    connection.settings_dict.update(original_settings)
    connection.connection = open_connection


@pytest.mark.django_db
def test_answers_200_when_the_database_answers(client):
    response = client.get("/health/")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": True}
    assert cache_directives(response) >= NEVER_CACHED


def test_answers_503_when_the_database_does_not_answer(client, unreachable_database):
    response = client.get("/health/")

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": False}
    assert cache_directives(response) >= NEVER_CACHED


@pytest.mark.django_db
def test_head_answers_like_get_without_a_body(client):
    response = client.head("/health/")

    assert response.status_code == 200
    assert response.content == b""


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_other_methods_are_refused(client, method):
    response = getattr(client, method)("/health/")

    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
