"""Redis away: pages are served from the database, sessions too, and /health/ says so.

The cache is the production one (training_site.cache.ResilientRedisCache, sessions
cached_db) pointed at a port nothing listens on, or at a server that never answers."""

import logging
import time

import pytest

from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from courses.factories import CoursePageFactory, LessonPageFactory
from tests.outages import closed_port, silent_service
from trainees import roles
from trainees.factories import DEFAULT_PASSWORD, EnrolmentFactory, TraineeFactory, UserFactory
from trainees.models import LessonProgress
from training_site import cache as resilient_cache

pytestmark = pytest.mark.django_db


def use_redis_at(settings, port: int) -> None:
    settings.CACHES = {
        "default": {
            "BACKEND": "training_site.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
        }
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    resilient_cache._left_alone_until.clear()


@pytest.fixture
def redis_down(settings):
    use_redis_at(settings, closed_port())
    yield
    resilient_cache._left_alone_until.clear()


@pytest.fixture
def lesson():
    course = CoursePageFactory(title="直播带货入门")
    first = LessonPageFactory(parent=course, title="第一课")
    LessonPageFactory(parent=course, title="第二课")
    return first


@pytest.fixture
def trainee(lesson):
    user = UserFactory(username="dorje", groups=[roles.TRAINEES])
    trainee = TraineeFactory(user=user)
    EnrolmentFactory(trainee=trainee, course=lesson.get_parent().specific)
    return trainee


def test_the_home_page_and_a_lesson_are_served_from_the_database(client, redis_down, lesson):
    assert client.get("/").status_code == 200

    for _ in range(2):  # drawn anew each time: the kept fragments cannot be kept
        response = client.get(lesson.url)
        assert response.status_code == 200
        html = response.content.decode()
        assert "第一课" in html and 'rel="next"' in html


def test_a_trainee_logs_in_stays_logged_in_and_saves_their_progress(redis_down, lesson, trainee):
    browser = Client()

    response = browser.post("/accounts/login/", {"login": "dorje", "password": DEFAULT_PASSWORD})
    assert response.status_code == 302

    assert browser.get(reverse("learning_home")).status_code == 200  # not sent to log in
    response = browser.post(reverse("learning_lesson_done", args=[lesson.pk]))
    assert response.status_code == 302
    assert LessonProgress.objects.filter(enrolment__trainee=trainee, lesson=lesson).exists()
    assert "您已完成本课时。" in browser.get(lesson.url).content.decode()


def test_a_session_made_before_redis_went_away_still_holds(settings, lesson, trainee):
    """Logged in while the cache answered (here local memory), the session is in the
    database as well: Redis gone, the trainee is still logged in."""
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    browser = Client()
    browser.post("/accounts/login/", {"login": "dorje", "password": DEFAULT_PASSWORD})

    use_redis_at(settings, closed_port())

    response = browser.get(reverse("learning_home"))
    assert response.status_code == 200
    assert response.wsgi_request.user == trainee.user


def test_a_wrong_password_is_still_refused(redis_down, trainee):
    response = Client().post("/accounts/login/", {"login": "dorje", "password": "not-it"})

    assert response.status_code == 200
    assert "_auth_user_id" not in response.wsgi_request.session


def test_health_answers_200_degraded_and_names_the_cache(client, redis_down):
    response = client.get("/health/")

    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": True, "cache": False}


def test_health_says_ok_again_once_redis_answers(client, settings, redis_down):
    assert client.get("/health/").json()["cache"] is False
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

    assert client.get("/health/").json() == {"status": "ok", "database": True, "cache": True}


def test_redis_that_never_answers_costs_a_page_one_short_wait(client, settings, lesson, caplog):
    """A hung Redis accepts the connection and says nothing: the first cache call waits for
    its short timeout, the others of the page and of the next seconds do not try."""
    with silent_service() as redis:
        use_redis_at(settings, redis.port)
        started = time.monotonic()
        with caplog.at_level(logging.WARNING, logger="training_site.cache"):
            assert client.get(lesson.url).status_code == 200
            assert client.get(lesson.url).status_code == 200
        elapsed = time.monotonic() - started

    assert elapsed < 1.5
    assert [r.getMessage() for r in caplog.records if r.name == "training_site.cache"] == [
        "Redis cache unreachable (TimeoutError: Timeout reading from socket); "
        "serving without it for 5.0 s"
    ]


def test_reads_are_misses_and_writes_are_skipped(redis_down):
    cache.set("greeting", "扎西德勒")

    assert cache.get("greeting") is None
    assert cache.get("greeting", "default") == "default"
    assert cache.get_or_set("greeting", "new") == "new"
    assert cache.get_many(["greeting"]) == {}
    assert cache.add("greeting", "x") is True
    assert cache.delete("greeting") is False
    with pytest.raises(ValueError):
        cache.incr("visits")
