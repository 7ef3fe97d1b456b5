"""/health/: what a load balancer asks before sending trainees to this server."""

import pytest

NEVER_CACHED = {"no-cache", "no-store", "must-revalidate", "private", "max-age=0"}


def cache_directives(response) -> set[str]:
    return {part.strip() for part in response["Cache-Control"].split(",")}


@pytest.mark.django_db
def test_answers_200_when_the_database_answers(client):
    response = client.get("/health/")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": True, "cache": True}
    assert cache_directives(response) >= NEVER_CACHED


def test_answers_503_when_the_database_does_not_answer(client, unreachable_database):
    response = client.get("/health/")

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": False, "cache": True}
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
