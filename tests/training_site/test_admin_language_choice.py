"""Staff choose the admin's language in their account settings (Chinese, Tibetan, English,
each named in itself) and get it on every screen; before logging in, the admin speaks the
language last chosen on the site."""

import pytest

from django.conf import settings
from django.urls import reverse

from wagtail.test.utils.form_data import querydict_from_html
from wagtail.users.models import UserProfile

from trainees import roles
from trainees.factories import UserFactory

pytestmark = pytest.mark.django_db

DASHBOARD = {"zh-hans": "控制面板", "bo": "ལྟ་ཁྲ།", "en": "Dashboard"}


@pytest.fixture
def coordinator(client):
    user = UserFactory(groups=[roles.COUNTY_COORDINATORS])
    client.force_login(user)
    return user


def account_form(client) -> dict:
    html = client.get(reverse("wagtailadmin_account")).content.decode()
    return querydict_from_html(html, form_id="w-editor-form").dict()


def test_tibetan_is_offered_among_the_admins_languages():
    assert ("bo", "བོད་ཡིག") in settings.WAGTAILADMIN_PERMITTED_LANGUAGES


def test_the_list_of_languages_names_each_in_itself(client, coordinator):
    html = client.get(reverse("wagtailadmin_account")).content.decode()
    for code, name in (("zh-hans", "中文"), ("bo", "བོད་ཡིག"), ("en", "English")):
        assert f'<option value="{code}" lang="{code}">{name}</option>' in html


@pytest.mark.parametrize("language", ["bo", "zh-hans", "en"])
def test_a_coordinator_chooses_a_language_and_the_admin_speaks_it(client, coordinator, language):
    data = account_form(client)
    data["locale-preferred_language"] = language

    response = client.post(reverse("wagtailadmin_account"), data, follow=True)

    assert UserProfile.get_for_user(coordinator).preferred_language == language
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert f'<html lang="{language}"' in dashboard
    assert f"<title>{DASHBOARD[language]} - " in dashboard
    assert f'<html lang="{language}"' in response.content.decode()


def test_the_admins_page_not_found_speaks_the_profiles_language(client, coordinator):
    profile = UserProfile.get_for_user(coordinator)
    profile.preferred_language = "bo"
    profile.save()

    response = client.get("/admin/no-such-page/")

    assert response.status_code == 404
    assert "ཁྱེད་ཀྱིས་འཚོལ་བའི་ཤོག་ངོས་རྙེད་མ་སོང་།" in response.content.decode()


@pytest.mark.parametrize(
    ("language", "heading"),
    [("bo", "གླག་ལས་གཞིའི་དོ་དམ་སྟེགས་བུར་ནང་འཛུལ།"), ("en", "Log in to the Eagle programme's admin")],
)
def test_the_log_in_page_speaks_the_language_chosen_on_the_site(client, language, heading):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = client.get(reverse("wagtailadmin_login")).content.decode()
    assert f'<html lang="{language}"' in html
    assert f"<h1>{heading}</h1>" in html


def test_without_a_choice_the_log_in_page_is_in_chinese(client):
    html = client.get(reverse("wagtailadmin_login")).content.decode()
    assert "登录雄鹰工程管理后台" in html


def test_staff_who_switch_the_site_to_tibetan_get_the_admin_in_tibetan(client, coordinator):
    """Without an admin language of their own, the admin follows the footer's choice."""
    UserProfile.get_for_user(coordinator)  # made when they first opened their account settings
    response = client.post(
        reverse("language_choose"), {"language": "bo", "next": reverse("wagtailadmin_home")}
    )
    assert response.status_code == 302

    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()

    assert '<html lang="bo"' in dashboard
    assert f"<title>{DASHBOARD['bo']} - " in dashboard
    assert UserProfile.get_for_user(coordinator).preferred_language == ""


def test_an_admin_language_chosen_in_the_account_goes_before_the_sites(client, coordinator):
    profile = UserProfile.get_for_user(coordinator)
    profile.preferred_language = "zh-hans"
    profile.save()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "bo"

    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()

    assert '<html lang="zh-hans"' in dashboard


def test_the_log_in_page_offers_each_language_and_switches_to_the_one_chosen(client):
    login = reverse("wagtailadmin_login") + "?next=/admin/pages/"
    html = client.get(login).content.decode()
    for code, name in (("zh-hans", "中文"), ("bo", "བོད་ཡིག"), ("en", "English")):
        assert f'name="language" value="{code}" lang="{code}"' in html
        assert f">{name}</button>" in html
    assert 'value="zh-hans" lang="zh-hans" aria-current="true"' in html

    response = client.post(reverse("language_choose"), {"language": "bo", "next": login})

    assert response.status_code == 302
    assert response["Location"] == login
    html = client.get(login).content.decode()
    assert '<html lang="bo"' in html
    assert "<h1>གླག་ལས་གཞིའི་དོ་དམ་སྟེགས་བུར་ནང་འཛུལ།</h1>" in html
    assert 'value="bo" lang="bo" aria-current="true"' in html
    assert 'name="next" value="/admin/pages/"' in html  # still goes where it was going
