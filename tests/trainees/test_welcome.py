import pytest

from tests.trainees.admin_cast import user_in
from trainees import roles
from trainees.factories import ProfileFactory, UserFactory
from trainees.models import County, Profile

pytestmark = pytest.mark.django_db

WELCOME = "/accounts/welcome/"
NOT_A_COUNTY = "Choose one of the counties of Ganzi in the list."


@pytest.fixture
def trainee(client):
    profile = ProfileFactory(county=None)
    client.force_login(profile.user)
    return profile


def test_fresh_database_has_the_18_counties_of_ganzi_in_code_order():
    counties = list(County.objects.values_list("code", "name"))

    assert len(counties) == 18
    assert counties[0] == ("513301", "康定市")
    assert counties[-1] == ("513338", "得荣县")
    assert ("513334", "理塘县") in counties


def test_welcome_needs_a_logged_in_person(client):
    response = client.get(WELCOME)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_welcome_offers_each_language_in_its_own_script_and_every_county(client, trainee):
    html = client.get(WELCOME).content.decode()

    assert 'lang="bo"' in html and "བོད་ཡིག" in html
    assert 'lang="zh-hans"' in html and "简体中文" in html
    assert 'lang="en"' in html and "English" in html
    for county in County.objects.all():
        assert f'<option value="{county.pk}">{county.name}</option>' in html


def test_choosing_tibetan_and_a_county_saves_them_and_goes_home_in_tibetan(client, trainee):
    litang = County.objects.get(code="513334")

    response = client.post(WELCOME, {"language": "bo", "county": litang.pk})

    assert response.status_code == 302
    assert response["Location"] == "/bo/"
    trainee.refresh_from_db()
    assert (trainee.language, trainee.county) == ("bo", litang)
    assert client.get(response["Location"]).status_code == 200


def test_choosing_chinese_goes_to_the_unprefixed_home(client, trainee):
    kangding = County.objects.get(code="513301")

    response = client.post("/en/accounts/welcome/", {"language": "zh-hans", "county": kangding.pk})

    assert response["Location"] == "/"


def test_a_person_without_a_profile_gets_one(client):
    user = UserFactory()
    client.force_login(user)
    kangding = County.objects.get(code="513301")

    client.post(WELCOME, {"language": "en", "county": kangding.pk})

    assert Profile.objects.get(user=user).county == kangding


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"language": "bo", "county": "999999"},
            "Choose one of the counties of Ganzi in the list.",
        ),
        (
            {"language": "bo", "county": "kangding"},
            "Choose one of the counties of Ganzi in the list.",
        ),
        ({"language": "bo", "county": ""}, "Choose the county you live in."),
        ({"language": "fr", "county": "1"}, "Choose one of the languages shown."),
        ({"county": "1"}, "This field is required."),
    ],
)
def test_bad_choices_are_explained_and_leave_the_profile_alone(client, trainee, data, message):
    response = client.post(f"/en{WELCOME}", data)

    assert response.status_code == 200
    assert message in response.content.decode()
    trainee.refresh_from_db()
    assert (trainee.language, trainee.county) == ("zh-hans", None)


def test_a_coordinator_cannot_move_to_another_county_here(client):
    """A coordinator's county is what they may see: choosing another one on the welcome page
    would open its trainees' personal data to them."""
    litang, kangding = County.objects.get(code="513334"), County.objects.get(code="513301")
    coordinator = user_in(roles.COUNTY_COORDINATORS, litang)
    client.force_login(coordinator)

    page = client.get(WELCOME)
    sent = client.post(WELCOME, {"language": "zh-hans", "county": kangding.pk})

    assert (page.status_code, sent.status_code) == (403, 403)
    assert Profile.objects.get(user=coordinator).county == litang
