"""The language a person chose is remembered: switched while logged in, it is stored on their
profile, and their next log-in lands in it; each of enrolling, saving a form and logging
out says that it worked, in the reader's language, where they are looking."""

import re

import pytest

from django.conf import settings
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation

from wagtail.models import Locale

from courses.factories import CoursePageFactory, LessonPageFactory
from courses.services import translation_aliases_create
from trainees import learning, roles
from trainees.factories import (
    DEFAULT_PASSWORD,
    ProfileFactory,
    TraineeFactory,
    UserFactory,
)
from trainees.models import County, Enrolment, Profile

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
CHOOSE = "/accounts/language/"
TIBETAN_TITLE = "ཚོང་ཁང་དྲ་ཐོག་འགོ་འཛུགས།"


def messages_shown(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def top_messages(html: str) -> str:
    """The messages above the page's main content."""
    found = re.search(r'<ul class="messages" role="status">(.*?)</ul>\s*<main', html, re.S)
    return found.group(1) if found else ""


def profile_of(language: str, **fields) -> Profile:
    user = UserFactory(username=fields.pop("username", "zhuoma"), groups=[roles.TRAINEES])
    return ProfileFactory(user=user, language=language, phone=None, **fields)


@pytest.fixture
def course():
    course = CoursePageFactory(title="网店开设入门", slug="basics")
    LessonPageFactory(parent=course, title="第一课 开店准备")
    tibetan = course.copy_for_translation(Locale.objects.get(language_code="bo"), copy_parents=True)
    tibetan.title = TIBETAN_TITLE
    tibetan.save_revision().publish()
    translation_aliases_create(page=course)
    for lesson in learning.course_lessons(course):
        translation_aliases_create(page=lesson)
    return course


# Switching language while logged in


def test_a_logged_in_person_switches_with_buttons_that_remember_a_visitor_with_links(
    client, course
):
    visitor = client.get(course.url).content.decode()
    assert f'<a href="/bo{course.url}" hreflang="bo" lang="bo">' in visitor

    client.force_login(profile_of("zh-hans").user)
    footer = client.get(course.url).content.decode().split('<footer class="site-footer">')[1]

    tibetan = course.get_translation(Locale.objects.get(language_code="bo"))
    assert f'action="{CHOOSE}"' in footer
    assert f'name="next" value="{tibetan.url}"' in footer
    assert 'name="language" value="bo" lang="bo"' in footer
    assert "hreflang" not in footer


def test_switching_to_tibetan_stores_it_and_goes_to_the_page_in_tibetan(client, course):
    profile = profile_of("zh-hans")
    client.force_login(profile.user)

    response = client.post(CHOOSE, {"language": "bo", "next": f"/bo{course.url}"})

    assert response.status_code == 302
    assert response.url == f"/bo{course.url}"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "bo"
    profile.refresh_from_db()
    assert profile.language == "bo"


def test_a_language_not_offered_is_refused_and_nothing_changes(client):
    profile = profile_of("bo")
    client.force_login(profile.user)

    response = client.post(f"/en{CHOOSE}", {"language": "fr", "next": "/"})

    assert response.status_code == 400
    assert "Choose one of the languages shown." in response.content.decode()
    profile.refresh_from_db()
    assert profile.language == "bo"


def test_a_next_to_another_site_goes_home_in_the_chosen_language(client):
    profile = profile_of("zh-hans")
    client.force_login(profile.user)

    response = client.post(CHOOSE, {"language": "en", "next": "https://evil.example/"})

    assert response.url == "/en/"
    profile.refresh_from_db()
    assert profile.language == "en"


def test_switching_needs_post(client):
    client.force_login(profile_of("zh-hans").user)
    assert client.get(CHOOSE, {"language": "bo"}).status_code == 405


def test_a_visitor_who_posts_a_language_gets_the_page_and_no_profile(client):
    response = client.post(CHOOSE, {"language": "bo", "next": "/bo/courses/"})
    assert response.url == "/bo/courses/"
    assert not Profile.objects.exists()


# Logging in again lands in the language chosen


def test_a_trainee_who_chose_tibetan_logs_in_on_the_chinese_page_and_lands_on_bo(client):
    profile_of("bo")

    response = client.post(LOGIN, {"login": "zhuoma", "password": DEFAULT_PASSWORD})

    assert response.status_code == 302
    assert response.url == "/bo/"
    assert messages_shown(response) == [
        "zhuoma@example.com ནང་འཛུལ་ལེགས་གྲུབ་བྱུང་།"
    ]  # greeted in Tibetan


@pytest.mark.parametrize(("language", "home"), [("zh-hans", "/"), ("en", "/en/")])
def test_each_remembered_language_is_where_the_log_in_lands(client, language, home):
    profile_of(language)
    response = client.post(f"/bo{LOGIN}", {"login": "zhuoma", "password": DEFAULT_PASSWORD})
    assert response.url == home


def test_switch_log_out_log_in_lands_in_the_language_switched_to(client, course):
    profile = profile_of("zh-hans")
    client.force_login(profile.user)
    client.post(CHOOSE, {"language": "bo", "next": f"/bo{course.url}"})
    client.post("/bo/accounts/logout/")
    client.cookies.clear()

    response = client.post(LOGIN, {"login": "zhuoma", "password": DEFAULT_PASSWORD})

    assert response.url == "/bo/"


def test_an_explicit_next_in_another_language_wins_and_greets_in_that_language(client, course):
    profile_of("bo")
    page = f"/en{course.url}"

    response = client.post(
        f"{LOGIN}?next={page}", {"login": "zhuoma", "password": DEFAULT_PASSWORD, "next": page}
    )

    assert response.url == page
    assert messages_shown(response) == ["Logged in as zhuoma@example.com."]


def test_an_explicit_next_in_chinese_goes_back_there(client, course):
    """'Log in to enrol' on the Chinese course page: back to that page, as it was read."""
    profile_of("bo")

    response = client.post(
        LOGIN, {"login": "zhuoma", "password": DEFAULT_PASSWORD, "next": course.url}
    )

    assert response.url == course.url
    assert messages_shown(response) == ["以 zhuoma@example.com 成功登录。"]


def test_a_next_to_another_site_is_ignored_and_the_chosen_language_used(client):
    profile_of("bo")
    response = client.post(
        LOGIN, {"login": "zhuoma", "password": DEFAULT_PASSWORD, "next": "https://evil.example/"}
    )
    assert response.url == "/bo/"


def test_someone_without_a_profile_lands_in_the_language_in_use(client):
    UserFactory(username="manager")
    response = client.post(f"/en{LOGIN}", {"login": "manager", "password": DEFAULT_PASSWORD})
    assert response.url == "/en/"


def test_signing_up_in_tibetan_remembers_tibetan_for_the_next_log_in(client):
    password = "Kangding-2020-yak"
    client.post(
        "/bo/accounts/signup/",
        {
            "phone": "",
            "email": "dolma@example.com",
            "username": "dolma",
            "password1": password,
            "password2": password,
        },
    )
    client.post("/bo/accounts/logout/")

    response = client.post(LOGIN, {"login": "dolma", "password": password})

    assert Profile.objects.get(user__username="dolma").language == "bo"
    assert response.url == "/bo/"


# Each says that it worked


def test_enrolling_says_so_at_the_top_of_the_first_lesson_with_the_title_in_tibetan(client, course):
    user = UserFactory(groups=[roles.TRAINEES])
    TraineeFactory(user=user)
    client.force_login(user)
    with translation.override("bo"):
        enrol = reverse("learning_enrol", args=[course.pk])

    response = client.post(enrol, follow=True)

    first = learning.course_lessons(course).first()
    assert response.redirect_chain[-1][0] == f"/bo{first.url}"
    assert Enrolment.objects.filter(trainee=user.trainee).count() == 1
    shown = top_messages(response.content.decode())
    assert f"ཁྱེད་ཀྱིས་ {TIBETAN_TITLE} ལ་མིང་ཐོ་བཀོད་ཟིན།" in shown


def test_enrolling_says_so_in_english_with_the_course_title(client, course):
    user = UserFactory(groups=[roles.TRAINEES])
    TraineeFactory(user=user)
    client.force_login(user)
    with translation.override("en"):
        enrol = reverse("learning_enrol", args=[course.pk])

    response = client.post(enrol, follow=True)

    assert "You are enrolled in 网店开设入门. Start with the first lesson." in top_messages(
        response.content.decode()
    )


def test_the_welcome_form_says_it_saved_in_the_language_chosen(client):
    profile = ProfileFactory(county=None, language="zh-hans")
    client.force_login(profile.user)

    response = client.post(
        "/accounts/welcome/",
        {"language": "bo", "county": County.objects.get(code="513334").pk},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == "/bo/"
    assert "ཁྱེད་ཀྱི་སྐད་ཡིག་དང་རྫོང་ཉར་ཚགས་བྱས་ཟིན།" in top_messages(response.content.decode())


def test_the_about_you_form_says_it_saved(client):
    from trainees.factories import valid_id_number

    user = UserFactory(groups=[roles.TRAINEES])
    client.force_login(user)

    response = client.post(
        "/en/learn/about-you/",
        {
            "name": "扎西",
            "gender": "male",
            "birth_year": "1995",
            "county": County.objects.get(code="513334").pk,
            "id_number": valid_id_number(3),
        },
        follow=True,
    )

    assert response.redirect_chain[-1][0] == "/en/learn/"
    assert "Your details are saved." in top_messages(response.content.decode())


@pytest.mark.parametrize(
    ("prefix", "said"),
    [("", "您已退出登录。"), ("/bo", "ཕྱིར་ཐོན་ཟིན།"), ("/en", "You have logged out.")],
)
def test_logging_out_says_so_on_the_page_landed_on(client, prefix, said):
    client.force_login(profile_of("bo").user)

    response = client.post(f"{prefix}/accounts/logout/", follow=True)

    assert response.redirect_chain[-1][0] == f"{prefix}/"
    assert said in top_messages(response.content.decode())
