"""The database going away: every page answers 503 in its language, and comes back by itself."""

import pytest

from django.db import OperationalError
from django.test import Client

from courses.factories import CoursePageFactory
from trainees import learning
from trainees.factories import TraineeFactory, UserFactory
from trainees.models import Enrolment

UNAVAILABLE = {
    "": ("网站暂时无法访问", "如果您刚才正在保存内容，它没有保存下来。", "请稍等一分钟再试。"),
    "/bo": (
        "དྲ་ཚིགས་འདི་གནས་སྐབས་རིང་བེད་སྤྱོད་བྱེད་མི་ཐུབ།",
        "ཁྱེད་ཀྱིས་ཅི་ཞིག་ཉར་བཞིན་ཡོད་ན། དེ་ཉར་མེད།",
        "སྐར་མ་གཅིག་ཙམ་སྒུག་ནས་ཡང་བསྐྱར་ཚོད་ལྟ་གནང་རོགས།",
    ),
    "/en": (
        "The site is briefly unavailable",
        "If you were saving something, it was not saved.",
        "Please wait a minute and try again.",
    ),
}
HTML_LANG = {"": "zh-hans", "/bo": "bo", "/en": "en"}


@pytest.fixture
def browser():
    """A client that gets the page a person would get, instead of the exception."""
    return Client(raise_request_exception=False)


def assert_unavailable(response, prefix: str) -> None:
    html = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    assert f'<html lang="{HTML_LANG[prefix]}">' in html
    for sentence in UNAVAILABLE[prefix]:
        assert sentence in html
    assert "Traceback" not in html
    assert "OperationalError" not in html


@pytest.fixture
def course(db):
    return CoursePageFactory(title="直播带货入门")


@pytest.mark.parametrize("prefix", UNAVAILABLE)
def test_a_page_answers_503_in_the_language_of_its_url(browser, course, database_switch, prefix):
    url = f"{prefix}{course.url}"
    database_switch.cut()

    response = browser.get(url)

    assert_unavailable(response, prefix)
    assert f'href="{url}"' in response.content.decode()  # "Try again"


@pytest.mark.parametrize("prefix", UNAVAILABLE)
def test_the_outage_drills_site_answers_the_same_page(
    browser, course, database_switch, settings, prefix
):
    """The drill (manage.py drill_outages) serves the site through benchmarks.urls: what it
    measures is what people get only if that URLconf answers a fault as the site does."""
    settings.ROOT_URLCONF = "benchmarks.urls"
    browser.force_login(UserFactory())
    url = f"{prefix}{course.url}"
    database_switch.cut()

    assert_unavailable(browser.get(url), prefix)
    assert_unavailable(browser.get(f"{prefix}/learn/"), prefix)


@pytest.mark.parametrize("prefix", UNAVAILABLE)
def test_a_logged_in_person_gets_the_same_page(browser, course, database_switch, prefix):
    """Their session and their account are in the database too."""
    browser.force_login(UserFactory())
    database_switch.cut()

    assert_unavailable(browser.get(f"{prefix}/learn/"), prefix)


@pytest.mark.parametrize("method", ["get", "post"])
def test_the_wagtail_admin_answers_503_in_chinese(browser, db, database_switch, method):
    """The admin's language is each user's preference, kept in the database: while it is
    away, the admin speaks the default language, whatever the browser asks for."""
    browser.force_login(UserFactory(is_superuser=True, is_staff=True))
    database_switch.cut()

    response = getattr(browser, method)("/admin/pages/add/", HTTP_ACCEPT_LANGUAGE="en")

    assert_unavailable(response, "")


@pytest.mark.parametrize("prefix", UNAVAILABLE)
def test_a_connection_lost_in_the_middle_of_a_write_answers_503_and_writes_nothing(
    browser, course, monkeypatch, prefix
):
    trainee = TraineeFactory(user=UserFactory())
    browser.force_login(trainee.user)

    def connection_lost(**kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(learning, "enrolment_create", connection_lost)
    response = browser.post(f"{prefix}/learn/courses/{course.pk}/enrol/")

    assert_unavailable(response, prefix)
    assert not Enrolment.objects.filter(trainee=trainee).exists()


def test_the_site_answers_again_once_the_database_is_back(browser, course, database_switch):
    browser.force_login(UserFactory())
    url = course.url
    database_switch.cut()
    assert browser.get(url).status_code == 503
    assert browser.get("/health/").status_code == 503

    database_switch.restore()

    assert browser.get("/health/").status_code == 200
    response = browser.get(url)
    assert response.status_code == 200
    assert "直播带货入门" in response.content.decode()


def test_any_other_error_is_still_a_plain_500(browser, course, monkeypatch):
    def broken(**kwargs):
        raise ValueError("a bug")

    browser.force_login(TraineeFactory(user=UserFactory()).user)
    monkeypatch.setattr(learning, "enrolment_create", broken)

    response = browser.post(f"/en/learn/courses/{course.pk}/enrol/")

    assert response.status_code == 500
    assert "Retry-After" not in response
    assert "The site is briefly unavailable" not in response.content.decode()


def test_a_dead_persistent_connection_is_replaced_at_the_next_request(settings):
    """Connections live on between requests (CONN_MAX_AGE); the health check at the start of
    each one replaces a connection the database dropped, so no restart is needed."""
    database = settings.DATABASES["default"]
    assert database["CONN_HEALTH_CHECKS"] is True
    assert database["CONN_MAX_AGE"] > 0
