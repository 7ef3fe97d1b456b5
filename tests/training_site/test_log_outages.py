"""While the database is away, the log gets one line per failed request, not two chained
tracebacks; any other error keeps its traceback. Read through the handler that settings
LOGGING configures, as an operator reads it."""

import io
import logging
import logging.config

import pytest

from django.conf import settings
from django.test import Client

from courses.factories import CoursePageFactory
from trainees import learning
from trainees.factories import TraineeFactory, UserFactory


@pytest.fixture
def log():
    """What the console handler of LOGGING writes, captured."""
    stream = io.StringIO()
    logging.config.dictConfig(settings.LOGGING)
    handler = logging.getLogger("django").handlers[0]
    old_stream = handler.setStream(stream)
    yield stream
    handler.setStream(old_stream)


@pytest.fixture
def browser():
    return Client(raise_request_exception=False)


def test_the_database_away_is_one_line_per_request(browser, db, database_switch, log):
    url = CoursePageFactory(title="直播带货入门").url
    database_switch.cut()

    for _ in range(3):
        assert browser.get(url).status_code == 503

    lines = log.getvalue().splitlines()
    assert len(lines) == 3
    assert lines[0].startswith(f"Service Unavailable: {url} (OperationalError: ")
    assert "Traceback" not in log.getvalue()


def test_any_other_error_keeps_its_traceback(browser, db, monkeypatch, log):
    def broken(**kwargs):
        raise ValueError("a bug")

    course = CoursePageFactory()
    browser.force_login(TraineeFactory(user=UserFactory()).user)
    monkeypatch.setattr(learning, "enrolment_create", broken)

    assert browser.post(f"/en/learn/courses/{course.pk}/enrol/").status_code == 500

    text = log.getvalue()
    assert text.startswith("Internal Server Error: /en/learn/courses/")
    assert "Traceback (most recent call last)" in text
    assert "ValueError: a bug" in text
