"""GET /api/outcomes/: the figures for other systems behind a token. Every refusal answers
JSON with a clear message and changes nothing; a county's token reads its county only; the
token is kept as a digest; only programme managers create and revoke tokens."""

import datetime
import hashlib
import json

import pytest
from bs4 import BeautifulSoup

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from wagtail.users.models import UserProfile

from incubator.factories import ShopFactory
from outcomes import api, indicators, tokens
from outcomes.areas import WHOLE_PREFECTURE, area_from_code
from outcomes.models import ApiToken
from outcomes.periods import period_from_text
from outcomes.serialize import as_json
from outcomes.tokens import default_expiry, token_create, token_revoke
from tests.incubator.scene import ROLES
from tests.incubator.scene import scene as make_scene
from tests.outcomes.world import build
from trainees.factories import TownshipFactory
from trainees.models import County

pytestmark = pytest.mark.django_db

URL = "/api/outcomes/"


def new_token(county=None, **fields) -> tuple[ApiToken, str]:
    fields.setdefault("expires_at", default_expiry())
    return token_create(name="省政务数据平台", county=county, by=None, **fields)


def get(client, plain=None, **params):
    headers = {"Authorization": f"Bearer {plain}"} if plain else {}
    return client.get(URL, params, headers=headers)


def tokens_as_stored() -> list:
    return list(ApiToken.objects.order_by("pk").values())


def assert_refused(response, status: int, message: str):
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    assert message in response.json()["error"]
    assert set(response.json()) == {"error"}
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies


# The token: refused with a clear message, and nothing written


def test_no_token_is_refused_with_how_to_send_one(client):
    new_token()
    before = tokens_as_stored()
    for headers in ({}, {"Authorization": ""}, {"Authorization": "Basic dXNlcjpwYXNz"}):
        response = client.get(URL, headers=headers)
        assert_refused(response, 401, "No token: send the header “Authorization: Bearer <token>”")
        assert response["WWW-Authenticate"] == 'Bearer realm="outcomes"'
    assert tokens_as_stored() == before


def test_an_unknown_token_is_refused(client):
    _, plain = new_token()
    before = tokens_as_stored()
    for wrong in (plain[:-1], plain + "x", plain.upper(), "x" * 43):
        response = get(client, wrong)
        assert_refused(response, 401, "Unknown token.")
        assert "WWW-Authenticate" in response
    assert tokens_as_stored() == before


def test_an_expired_token_says_when_it_expired(client):
    expired_at = datetime.datetime(2025, 3, 1, 0, 0, tzinfo=datetime.UTC)
    _, plain = new_token(expires_at=expired_at)
    before = tokens_as_stored()
    response = get(client, plain)
    assert_refused(response, 401, "This token expired on 2025-03-01 08:00 (Asia/Shanghai).")
    assert tokens_as_stored() == before


def test_a_revoked_token_says_when_it_was_revoked(client):
    token, plain = new_token()
    token_revoke(token=token, by=None)
    before = tokens_as_stored()
    response = get(client, plain)
    day = f"{timezone.localtime(token.revoked_at):%Y-%m-%d}"
    assert_refused(response, 401, f"This token was revoked on {day}")
    assert tokens_as_stored() == before


def test_a_revoked_and_expired_token_is_said_revoked(client):
    token, plain = new_token(expires_at=timezone.now() - datetime.timedelta(days=1))
    token_revoke(token=token, by=None)
    assert_refused(get(client, plain), 401, "This token was revoked on")


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_only_get_is_answered(client, method):
    _, plain = new_token()
    before = tokens_as_stored()
    response = getattr(client, method)(URL, headers={"Authorization": f"Bearer {plain}"})
    assert_refused(response, 405, "Only GET is allowed.")
    assert response["Allow"] == "GET"
    assert tokens_as_stored() == before


# The parameters: as the dashboard's, each bad one with its message


@pytest.mark.parametrize(
    ("params", "status", "message"),
    [
        ({"period": "2025-12-01..2025-01-01"}, 400, "ends (2025-01-01) before it starts"),
        ({"period": "last year"}, 400, "“last year” is not a period: write a year (2026)"),
        ({"period": "2025-13"}, 400, "is not a period"),
        ({"period": "2025-02-30..2025-03-01"}, 400, "2025-02-30 is not a date"),
        ({"area": "999999"}, 404, "No county or township has the code “999999”."),
        ({"area": "<script>"}, 404, "No county or township has the code “<script>”."),
        ({"channel": "ebay"}, 400, "Channel “ebay” is not in the list."),
        ({"track": "abc"}, 400, "Track “abc” is not in the list."),
        ({"cohort": "999999"}, 400, "Cohort “999999” is not in the list."),
    ],
)
def test_bad_parameters_get_a_clear_message_in_english(client, params, status, message):
    _, plain = new_token()
    response = client.get(
        URL, params, headers={"Authorization": f"Bearer {plain}", "Accept-Language": "zh-hans"}
    )
    assert_refused(response, status, message)


def test_a_county_token_reads_no_other_county_nor_its_townships_nor_cohorts(client):
    world = build()
    _, plain = new_token(county=world.county_a)
    other_township = TownshipFactory(county=world.county_b)
    for area in (world.county_b.code, other_township.code):
        response = get(client, plain, area=area, period="2025")
        assert_refused(response, 404, f"No county or township has the code “{area}”.")
    response = get(client, plain, period="2025", cohort=world.k2.pk)
    assert_refused(response, 400, f"Cohort “{world.k2.pk}” is not in the list.")


# A good token: the figures


def expected(area, period="2025", **filters) -> dict:
    scope = indicators.Scope(area=area, period=period_from_text(period), **filters)
    with translation.override("en"):  # the channels' names are keys: the API speaks English
        return json.loads(json.dumps(as_json(api.figures(scope))))


def test_a_prefecture_token_gets_every_figure_of_the_scope(client):
    world = build()
    _, plain = new_token()
    response = get(client, plain, period="2025")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies
    data = response.json()
    assert data["area"] == {"level": "prefecture", "code": "", "name": "Whole prefecture"}
    assert data["period"] == {"text": "2025", "start": "2025-01-01", "end": "2025-12-31"}
    assert data["filters"] == {"track": None, "cohort": None, "channel": None}
    assert data["calculation_version"] == indicators.CALCULATION_VERSION
    assert data["figures"] == expected(WHOLE_PREFECTURE)
    assert data["figures"]["sales"]["total"] == "4500.00"
    assert set(data["figures"]["sales"]["by_county"]) == {world.county_a.name, world.county_b.name}


def test_the_filters_narrow_the_figures_and_are_named_in_the_answer(client):
    world = build()
    _, plain = new_token()
    params = {"period": "2025-Q2", "area": world.county_a.code, "cohort": world.k1.pk}
    data = get(client, plain, channel="832", **params).json()
    area, county = area_from_code(world.county_a.code), world.county_a
    assert data["area"] == {"level": "county", "code": county.code, "name": county.name_in("en")}
    assert data["filters"] == {
        "track": None,
        "cohort": {"id": world.k1.pk, "name": world.k1.name},
        "channel": "832",
    }
    figures = expected(area, "2025-Q2", cohort=world.k1, channel="832")
    assert data["figures"] == figures
    data = get(client, plain, period="2025", track=world.track.pk).json()
    assert data["filters"]["track"] == {"id": world.track.pk, "title": world.track.title}
    assert data["figures"] == expected(WHOLE_PREFECTURE, track=world.track)


def test_a_county_token_reads_its_own_county_and_townships(client):
    world = build()
    _, plain = new_token(county=world.county_a)
    data = get(client, plain, period="2025").json()  # no area: its county, not the prefecture
    assert data["area"]["code"] == world.county_a.code
    assert data["figures"] == expected(area_from_code(world.county_a.code))
    assert get(client, plain, period="2025", area=world.county_a.code).status_code == 200
    township = get(client, plain, period="2025", area=world.township_a.code)
    assert township.json()["area"]["level"] == "township"


def test_the_token_is_stored_only_as_its_digest():
    token, plain = new_token()
    stored = ApiToken.objects.filter(pk=token.pk).values().get()
    assert stored["digest"] == hashlib.sha256(plain.encode()).hexdigest()
    assert stored["prefix"] == plain[:8]
    assert not [name for name, value in stored.items() if plain in str(value)]
    assert len(plain) >= 43  # 32 random bytes


def test_last_use_is_written_at_most_once_a_minute(client):
    token, plain = new_token()
    assert token.last_used_at is None
    get(client, plain, period="2025")
    token.refresh_from_db()
    first_use = token.last_used_at
    assert first_use is not None
    get(client, plain, period="2025")
    token.refresh_from_db()
    assert token.last_used_at == first_use
    ApiToken.objects.filter(pk=token.pk).update(
        last_used_at=first_use - datetime.timedelta(minutes=2)
    )
    get(client, plain, period="2025")
    token.refresh_from_db()
    assert token.last_used_at > first_use - datetime.timedelta(seconds=1)


def test_the_endpoint_takes_as_many_queries_with_more_data(client):
    _, plain = new_token()
    build()
    get(client, plain, period="2025")  # the first use is written

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert get(client, plain, period="2025").status_code == 200
        return len(captured)

    few = queries()
    build()
    ShopFactory.create_batch(3)
    assert queries() == few


# The admin pages of the tokens: programme managers only


@pytest.fixture
def scene():
    return make_scene()


def login(client, user):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(user)


ADMIN = "/admin/outcomes/api-tokens/"


def admin_requests(token) -> list[tuple[str, str, dict]]:
    form = {"name": "县级平台", "county": "", "expires_on": f"{timezone.localdate():%Y-%m-%d}"}
    return [
        ("get", ADMIN, {}),
        ("get", f"{ADMIN}new/", {}),
        ("post", f"{ADMIN}new/", form),
        ("get", f"{ADMIN}{token.pk}/revoke/", {}),
        ("post", f"{ADMIN}{token.pk}/revoke/", {}),
    ]


def test_in_chinese_the_tokens_last_day_is_filled_in_and_the_token_made_at_once(client, scene):
    """The default last day shows in the browser's date field (2027-12-07, not 2027/12/07,
    which it would drop), so that naming the system is all a new token needs."""
    profile = UserProfile.get_for_user(scene.manager)
    profile.preferred_language = "zh-hans"
    profile.save()
    client.force_login(scene.manager)
    page = BeautifulSoup(client.get(f"{ADMIN}new/").content, "html.parser")
    last_day = page.select_one("input[name=expires_on]")
    expected = timezone.localdate() + tokens.DEFAULT_LIFETIME
    assert (last_day["type"], last_day["value"]) == ("date", f"{expected:%Y-%m-%d}")

    form = {field["name"]: field.get("value", "") for field in page.select("main form input")}
    response = client.post(f"{ADMIN}new/", {**form, "name": "州商务局数据平台", "county": ""})
    assert response.status_code == 200 and "api-token" in response.content.decode()
    assert ApiToken.objects.get().name == "州商务局数据平台"


@pytest.mark.parametrize("role", ROLES)
def test_only_programme_managers_see_create_and_revoke_tokens(client, scene, role):
    token, _ = new_token()
    if role != "anonymous":
        login(client, scene.user(role))
    for method, url, data in admin_requests(token):
        before = tokens_as_stored()
        response = getattr(client, method)(url, data)
        if role == "manager":
            assert response.status_code in {200, 302}, url
            continue
        assert response.status_code in {302, 403}, url
        if response.status_code == 302:
            assert response["Location"].split("?")[0] in {"/admin/", "/admin/login/"}
        assert "API tokens" not in response.content.decode()
        assert tokens_as_stored() == before
    if role == "manager":
        assert ApiToken.objects.count() == 2
        token.refresh_from_db()
        assert token.revoked_at is not None and token.revoked_by == scene.manager


def test_the_menu_shows_the_tokens_to_managers_only(client, scene):
    login(client, scene.coordinator)
    assert ADMIN not in client.get("/admin/").content.decode()
    login(client, scene.manager)
    assert ADMIN in client.get("/admin/").content.decode()


def test_a_manager_creates_a_token_seen_once(client, scene):
    login(client, scene.manager)
    form = client.get(f"{ADMIN}new/")
    in_a_year = timezone.localdate() + datetime.timedelta(days=365)
    assert form.context["form"].initial["expires_on"] == in_a_year
    response = client.post(
        f"{ADMIN}new/",
        {"name": "康定市数据平台", "county": scene.county.pk, "expires_on": in_a_year},
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    plain = response.context["plain"]
    assert f">{plain}</textarea>" in response.content.decode()
    token = ApiToken.objects.get()
    assert token.county == scene.county and token.created_by == scene.manager
    assert timezone.localtime(token.expires_at).date() == in_a_year + datetime.timedelta(days=1)
    listing = client.get(ADMIN).content.decode()
    assert "康定市数据平台" in listing and token.prefix in listing and plain not in listing
    assert get(client, plain).json()["area"]["code"] == scene.county.code


@pytest.mark.parametrize(
    ("form", "field", "message"),
    [
        ({"name": "", "expires_on": "2099-01-01"}, "name", "This field is required."),
        ({"name": "x", "expires_on": ""}, "expires_on", "This field is required."),
        ({"name": "x", "expires_on": "2020-01-01"}, "expires_on", "This day has passed."),
        ({"name": "x", "expires_on": "2099-01-01"}, "expires_on", "At most two years from today."),
        ({"name": "x", "expires_on": "soon"}, "expires_on", "Enter a valid date."),
        ({"name": "x", "county": "abc", "expires_on": ""}, "county", "Select a valid choice."),
    ],
)
def test_a_token_form_with_bad_input_says_what_and_creates_nothing(
    client, scene, form, field, message
):
    login(client, scene.manager)
    response = client.post(f"{ADMIN}new/", form)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert message in response.content.decode()
    assert not ApiToken.objects.exists()


def test_a_manager_revokes_a_token_after_confirming(client, scene):
    token, plain = new_token(county=County.objects.order_by("code").first())
    login(client, scene.manager)
    confirm = client.get(f"{ADMIN}{token.pk}/revoke/")
    assert token.prefix in confirm.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is None
    response = client.post(f"{ADMIN}{token.pk}/revoke/", follow=True)
    assert "is revoked" in response.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert get(client, plain).status_code == 401
    # Revoking it again, or a token that does not exist, is a 404 that changes nothing.
    before = tokens_as_stored()
    assert client.post(f"{ADMIN}{token.pk}/revoke/").status_code == 404
    assert client.post(f"{ADMIN}999999/revoke/").status_code == 404
    assert tokens_as_stored() == before


@pytest.mark.parametrize(
    ("language", "words"),
    [("zh-hans", ["API 令牌", "新建令牌", "全州"]), ("bo", ["API ལག་འཁྱེར།", "ལག་འཁྱེར་གསར་པ།"])],
)
def test_the_token_pages_speak_the_managers_language(client, scene, language, words):
    new_token()
    profile = UserProfile.get_for_user(scene.manager)
    profile.preferred_language = language
    profile.save()
    client.force_login(scene.manager)
    html = client.get(ADMIN).content.decode()
    for word in words:
        assert word in html


def test_a_new_token_is_shown_whole_to_copy_and_works_to_the_end_of_the_day_asked(client, scene):
    login(client, scene.manager)
    response = client.post(
        f"{ADMIN}new/", {"name": "州商务局数据平台", "county": "", "expires_on": "2027-06-30"}
    )

    page = BeautifulSoup(response.content, "html.parser")
    shown = page.select_one("textarea#api-token")
    token = ApiToken.objects.get()
    assert tokens.digest_of(shown.get_text()) == token.digest  # the whole token, to copy
    copy = page.select_one("[data-controller=w-clipboard] button[data-action='w-clipboard#copy']")
    assert copy.get_text(strip=True) == "Copy the token"
    assert "It works until the end of 2027-06-30." in page.get_text(" ", strip=True)
    assert tokens.last_day(token) == datetime.date(2027, 6, 30)
    listing = BeautifulSoup(client.get(ADMIN).content, "html.parser").get_text(" ", strip=True)
    assert "2027-06-30" in listing and "2027-07-01" not in listing
