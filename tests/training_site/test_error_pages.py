"""The pages of a refused or unreadable request (400, 403, an expired form, 404) are the
site's, in the language of the request, for people logged in and not."""

import pytest

from django.test import Client

from tests.admin_language import untranslated
from trainees import roles
from trainees.factories import UserFactory

pytestmark = pytest.mark.django_db

PREFIX = {"zh-hans": "", "bo": "/bo"}
HEADINGS = {
    403: {"zh-hans": "您无权打开此页面", "bo": "ཁྱེད་ཀྱིས་ཤོག་ངོས་འདི་ཁ་ཕྱེ་མི་ཆོག"},
    "csrf": {"zh-hans": "表单已过期", "bo": "རེའུ་མིག་གི་དུས་ཚོད་ཡོལ་ཟིན།"},
    404: {"zh-hans": "找不到页面", "bo": "ཤོག་ངོས་རྙེད་མ་སོང་།"},
    400: {"zh-hans": "无法读取此请求", "bo": "རེ་ཞུ་འདི་ཀློག་མ་ཐུབ།"},
}


def assert_page(response, status: int, heading: str, language: str) -> None:
    html = response.content.decode()
    assert response.status_code == status
    assert f"<h1>{heading}</h1>" in html
    assert f'<html lang="{language}">' in html
    assert untranslated(html, language, []) == []


@pytest.fixture
def coordinator(client):
    client.force_login(UserFactory(groups=[roles.COUNTY_COORDINATORS]))
    return client


@pytest.mark.parametrize("language", PREFIX)
def test_a_page_refused_to_someone_logged_in(coordinator, language):
    """A coordinator opening the trainees' welcome page (their county is given to them)."""
    response = coordinator.get(f"{PREFIX[language]}/accounts/welcome/")
    assert_page(response, 403, HEADINGS[403][language], language)


@pytest.mark.parametrize("language", PREFIX)
def test_a_form_sent_without_its_token_says_it_has_expired(language):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        f"{PREFIX[language]}/accounts/login/", {"login": "dorje", "password": "secret"}
    )
    assert_page(response, 403, HEADINGS["csrf"][language], language)


@pytest.mark.parametrize("language", PREFIX)
@pytest.mark.parametrize("logged_in", [False, True], ids=["anonymous", "logged in"])
def test_a_page_not_found(client, language, logged_in):
    if logged_in:
        client.force_login(UserFactory(groups=[roles.TRAINEES]))
    response = client.get(f"{PREFIX[language]}/no-such-page/")
    assert_page(response, 404, HEADINGS[404][language], language)


@pytest.mark.parametrize("language", PREFIX)
def test_a_request_for_another_host_is_refused_readably(client, language):
    response = client.get(f"{PREFIX[language]}/", HTTP_HOST="elsewhere.example")
    assert_page(response, 400, HEADINGS[400][language], language)
