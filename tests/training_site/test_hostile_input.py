"""Hostile strings (tests/hostile.py: the Big List of Naughty Strings and script vectors)
typed into every field and URL parameter a user can write. No page answers 500; what is
kept is the string as typed (Django trims the spaces around it), shown escaped; anything
else is refused with a message on the field and changes nothing.

Each loop sends every string once through a page, so a test reads as one story per page.
"""

import csv
import io

import pytest
from bs4 import BeautifulSoup

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from courses.factories import CoursePageFactory, LessonPageFactory, quiz_block
from incubator.models import Job, SalesReport
from incubator.sales_import import sales_check
from incubator.values import add_months, clean_yuan, this_month
from machinery.imports.errors import ImportInvalid
from machinery.text import has_control_character
from outcomes.params import AreaNotFound, BadParameter, scope_within
from outcomes.report import report_choices
from outcomes.tokens import default_expiry, token_create
from tests.hostile import HOSTILE_SAMPLE, HOSTILE_STRINGS, injected_markup
from tests.incubator.sales_files import HEADER as SALES_HEADER
from tests.incubator.scene import scene as incubator_scene
from tests.trainees.roster_files import HEADER as ROSTER_HEADER
from tests.trainees.roster_files import make_places, roster_row
from trainees.area_import import area_check
from trainees.models import Trainee
from trainees.roster import roster_apply, roster_check

User = get_user_model()

pytestmark = pytest.mark.django_db

LAST_MONTH = add_months(this_month(), -1)


def en(name: str, *args) -> str:
    with translation.override("en"):
        return reverse(name, args=args)


def assert_answered(response, string: str, statuses=(200,)):
    """The page answered (no server error) and runs nothing the string carried."""
    assert response.status_code in statuses, (response.status_code, string)
    if "html" in response.get("Content-Type", ""):
        assert injected_markup(response.content.decode()) == [], string


def field_errors(response) -> str:
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    return " ".join(
        error.get_text(" ", strip=True)
        for error in soup.select(".field-error, .errorlist, .error-message, .message.error")
    )


@pytest.fixture
def scene():
    return incubator_scene()


# Search and the parameters of pages


def test_search_answers_every_string_and_shows_it_escaped(client):
    CoursePageFactory(title="直播带货入门")
    for string in HOSTILE_STRINGS:
        response = client.get(en("search"), {"q": string, "page": string})

        assert_answered(response, string)


def test_every_string_in_the_figures_parameters_is_read_or_refused_with_a_message(scene):
    for string in HOSTILE_STRINGS:
        for county_id in (None, scene.county.pk):
            for name in ("area", "period", "track", "cohort", "channel"):
                try:
                    scope_within({name: string}, county_id)
                except (AreaNotFound, BadParameter) as refusal:
                    assert str(refusal), string
        for name in ("year", "lang", "format"):
            try:
                report_choices({name: string})
            except BadParameter as refusal:
                assert str(refusal), string


@pytest.mark.parametrize("role", ["manager", "coordinator"])
def test_dashboard_and_report_answer_hostile_parameters_with_a_message(client, scene, role):
    client.force_login(scene.user(role))
    for string in HOSTILE_SAMPLE:
        names = ("area", "period", "track", "cohort", "channel")
        response = client.get(reverse("outcomes_dashboard"), dict.fromkeys(names, string))
        assert_answered(response, string, statuses=(200, 400, 404))

        names = ("area", "year", "lang", "format")
        response = client.get(reverse("outcomes_report"), dict.fromkeys(names, string))
        assert_answered(response, string, statuses=(200, 400, 404))


def test_the_api_answers_every_string_in_json(client, scene):
    _, plain = token_create(
        name="省政务数据平台", county=None, by=None, expires_at=default_expiry()
    )
    for string in HOSTILE_SAMPLE:
        names = ("area", "period", "track", "cohort", "channel")
        response = client.get(
            "/api/outcomes/",
            dict.fromkeys(names, string),
            headers={"Authorization": f"Bearer {plain}"},
        )
        assert response.status_code in (200, 400, 404), string
        assert response["Content-Type"] == "application/json"
        if response.status_code != 200:
            assert response.json()["error"]


ADMIN_LISTINGS = [
    "trainee",
    "household",
    "cohort",
    "cohortsession",
    "enrolment",
    "certificate",
    "township",
    "village",
    "application",
    "shop",
    "product",
    "salesreport",
    "job",
]


def listing_parameters(client, url) -> set[str]:
    """The names of the search and filter fields a listing offers, and its paging."""
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    names = {field["name"] for field in soup.select("form [name]")}
    return (names - {"csrfmiddlewaretoken", "next"}) | {"q", "p", "ordering", "export"}


def test_admin_listings_answer_hostile_searches_filters_and_pages(client, scene):
    client.force_login(scene.manager)
    for listing in ADMIN_LISTINGS:
        names = listing_parameters(client, reverse(f"{listing}:index")) - {"export"}
        # The results alone (what the listing refreshes as one types): the same search and
        # filters, without the admin's menus around them.
        url = reverse(f"{listing}:index_results")
        for string in HOSTILE_SAMPLE[::3]:
            response = client.get(url, dict.fromkeys(names, string))
            assert_answered(response, f"{listing}: {string}")


def test_a_filter_on_a_number_larger_than_any_id_shows_no_error_page(client, scene):
    client.force_login(scene.manager)
    for listing, name in [
        ("cohort", "courses"),
        ("enrolment", "course"),
        ("certificate", "enrolment__course"),
    ]:
        response = client.get(reverse(f"{listing}:index"), {name: "9" * 30})
        assert response.status_code == 200


# Forms a user fills in


def test_quiz_answers_of_any_string_count_as_no_answer(client):
    course = CoursePageFactory()
    quiz = LessonPageFactory(parent=course, body=[("quiz", quiz_block())])
    for string in HOSTILE_STRINGS:
        response = client.post(quiz.url, {"q0": string, "q1": [string, "0"]})
        if string.isdecimal() and int(string) < 2:  # a real answer to the first question
            assert_answered(response, string)
            continue
        assert_answered(response, string, statuses=(400,))
        assert field_errors(response) == "请为这道题选择答案。", string


def test_sign_up_keeps_a_username_as_typed_or_refuses_it(client):
    for number, string in enumerate(HOSTILE_STRINGS):
        cache.clear()  # sign-ups from one address are limited in number
        response = client.post(
            en("account_signup"),
            {
                "username": string,
                "email": f"trainee{number}@example.org",
                "password1": "雄鹰-Eagle-2026!",
                "password2": "雄鹰-Eagle-2026!",
            },
        )
        assert_answered(response, string, statuses=(200, 302))
        created = User.objects.filter(email=f"trainee{number}@example.org").first()
        if response.status_code == 302:
            # Without a username, one is made from the e-mail address.
            assert created.username == (string.strip() or created.username), string
            client.logout()
        else:
            assert created is None, string
            assert field_errors(response), string


def test_sign_up_reads_a_phone_or_an_email_or_refuses_it(client):
    for string in HOSTILE_SAMPLE:
        for field in ("phone", "email"):
            cache.clear()  # sign-ups from one address are limited in number
            users = User.objects.count()
            response = client.post(
                en("account_signup"),
                {field: string, "password1": "雄鹰-Eagle-2026!", "password2": "雄鹰-Eagle-2026!"},
            )
            assert_answered(response, string, statuses=(200,))
            assert field_errors(response), string
            assert User.objects.count() == users


def test_a_shop_owner_sales_report_keeps_figures_or_refuses_them(client, scene):
    client.force_login(scene.owner)
    channel = scene.shop.channels.get().channel
    url = en("my_shop_report", scene.shop.pk)
    for string in HOSTILE_STRINGS:
        data = {
            "channel": channel,
            "month": f"{LAST_MONTH:%Y-%m}",
            **{f"{channel}-{name}": string for name in ("sales", "orders", "agricultural_share")},
            "save": "1",
        }
        response = client.post(url, data)
        assert_answered(response, string, statuses=(302, 400))
        if response.status_code == 302:  # a string that reads as figures, such as "0"
            report = SalesReport.objects.get(shop=scene.shop)
            assert report.sales == clean_yuan(string, max_digits=12), string
            report.delete()
        else:
            assert field_errors(response), string
            assert not SalesReport.objects.filter(shop=scene.shop).exists()

    figures = {f"{channel}-sales": "12800.50", f"{channel}-orders": "215"}
    for string in HOSTILE_SAMPLE:
        for name in ("channel", "month"):
            data = {"channel": channel, "month": f"{LAST_MONTH:%Y-%m}", **figures, "save": "1"}
            response = client.post(url, {**data, name: string})
            assert_answered(response, string, statuses=(400, 404))
            assert not SalesReport.objects.filter(shop=scene.shop).exists()


def test_a_shop_owner_job_keeps_the_worker_as_typed_or_refuses_it(client, scene):
    client.force_login(scene.owner)
    url = en("my_shop_job_add", scene.shop.pk)
    valid = {
        "worker_name": "次仁卓玛",
        "id_number": "",
        "household_number": "",
        "kind": "full_time",
        "starts_on": "2026-05-01",
        "monthly_wage": "2600",
    }
    for name in valid:
        for string in HOSTILE_STRINGS if name == "worker_name" else HOSTILE_SAMPLE:
            jobs = Job.objects.count()
            data = {f"job-{key}": value for key, value in {**valid, name: string}.items()}
            response = client.post(url, data)
            assert_answered(response, f"{name}: {string}", statuses=(302, 400))
            if response.status_code == 302:
                job = Job.objects.latest("pk")
                if name == "worker_name":
                    assert job.worker.name == string.strip()
                elif name == "monthly_wage":
                    assert job.monthly_wage == clean_yuan(string, max_digits=10), string
                else:  # left empty: these two are optional
                    assert name in ("id_number", "household_number") and not string.strip()
                job.delete()
            else:
                assert field_errors(response), (name, string)
                assert Job.objects.count() == jobs


# Import files: a file with one row per string, the string in every column


def csv_text(header, rows) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def hostile_rows(width: int) -> list[list[str]]:
    # A NUL cannot be in a CSV file the import accepts (the file is refused as binary), and
    # a row of spaces is a blank row, skipped.
    return [
        [string] * width for string in HOSTILE_STRINGS if "\x00" not in string and string.strip()
    ]


def assert_every_row_refused(check, rows):
    assert check.errors
    lines_with_errors = {error.row for error in check.errors}
    assert all(error.message for error in check.errors)
    # Row 1 is the header; no row whose values are all the same string can be right.
    assert lines_with_errors == set(range(2, len(rows) + 2))


def test_a_roster_of_hostile_strings_is_checked_row_by_row(scene):
    rows = hostile_rows(len(ROSTER_HEADER))
    check = roster_check(text=csv_text(ROSTER_HEADER, rows), county=None)
    assert_every_row_refused(check, rows)


def test_an_area_file_of_hostile_strings_is_checked_row_by_row(scene):
    header = ["乡镇代码", "乡镇", "村代码", "村"]
    rows = hostile_rows(len(header))
    check = area_check(text=csv_text(header, rows), county=None)
    assert_every_row_refused(check, rows)


def test_a_sales_file_of_hostile_strings_is_checked_row_by_row(scene):
    rows = hostile_rows(len(SALES_HEADER))
    check = sales_check(text=csv_text(SALES_HEADER, rows), by=scene.manager)
    assert_every_row_refused(check, rows)


def test_a_roster_keeps_each_hostile_name_as_typed():
    make_places()
    # A control character is refused (machinery.text); every other string is a fair name.
    names = [s.strip() for s in HOSTILE_STRINGS if not has_control_character(s) and s.strip()]
    names = [name for name in dict.fromkeys(names) if len(name) <= 100]
    rows = [roster_row(number, 姓名=name) for number, name in enumerate(names, start=1)]
    text = csv_text(ROSTER_HEADER, [list(row.values()) for row in rows])

    try:
        roster_apply(text=text, county=None)
    except ImportInvalid as invalid:
        raise AssertionError(invalid.errors[:5]) from None

    assert set(Trainee.objects.values_list("name", flat=True)) >= set(names)


def form_values(html: str) -> dict:
    """What a page's form would send as it stands: its fields with their current values."""
    form = BeautifulSoup(html, "html.parser").select_one("main form[method=post]")
    data = {}
    for field in form.select("input[name], textarea[name], select[name]"):
        kind = field.get("type", "text")
        if field.name == "select":
            chosen = [option.get("value", "") for option in field.select("option[selected]")]
            data[field["name"]] = chosen if field.has_attr("multiple") else (chosen or [""])[0]
        elif field.name == "textarea":
            data[field["name"]] = field.get_text()
        elif kind in ("checkbox", "radio"):
            if field.has_attr("checked"):
                data.setdefault(field["name"], []).append(field.get("value", "on"))
        elif kind not in ("submit", "button", "file"):
            data[field["name"]] = field.get("value", "")
    return data


@pytest.mark.parametrize(("listing", "model_field"), [("trainee", "name"), ("shop", "name")])
def test_admin_forms_keep_a_name_as_typed_or_refuse_it(client, scene, listing, model_field):
    record = scene.owner_trainee if listing == "trainee" else scene.shop
    client.force_login(scene.manager)
    url = reverse(f"{listing}:edit", args=[record.pk])
    form = form_values(client.get(url).content.decode())
    kept = 0
    for string in HOSTILE_SAMPLE:
        before = type(record).objects.get(pk=record.pk)
        response = client.post(url, {**form, model_field: string})
        assert_answered(response, string, statuses=(200, 302))
        after = type(record).objects.get(pk=record.pk)
        if response.status_code == 302:
            assert getattr(after, model_field) == string.strip(), string
            kept += 1
            listing_page = client.get(reverse(f"{listing}:index"))
            assert_answered(listing_page, string)
        else:
            assert field_errors(response), string
            assert getattr(after, model_field) == getattr(before, model_field)
    assert kept > len(HOSTILE_SAMPLE) / 2  # most strings are fair names, kept as typed
