"""Identity and phone numbers: whole for the coordinator of the trainee's county and for
programme managers, masked for everyone else, in every listing, export, record view and
log line (trainees.scoping.personal_value, trainees.log_masking)."""

import io
import logging

import pytest

from django.test import Client
from django.urls import reverse

from tests.trainees.admin_cast import cast
from tests.trainees.test_accounts import sign_up
from tests.trainees.test_admin_views import login, rows, xlsx_rows
from trainees import scoping
from trainees.identity import mask_id_number, mask_phone

pytestmark = pytest.mark.django_db

# Which of the two counties' records (A: 0, B: 1) each role sees, and sees whole.
TRAINEES_SEEN = {
    "coordinator": {0},
    "other_coordinator": {1},
    "manager": {0, 1},
}
ENROLMENTS_SEEN = {**TRAINEES_SEEN, "instructor": {0}, "other_instructor": {1}}
WHOLE = TRAINEES_SEEN  # the instructors see their trainees' enrolments, masked
NOTHING = ["anonymous", "trainee_user", "another_trainee_user", "instructor", "other_instructor"]


@pytest.fixture
def people():
    return cast()


def text_of(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8-sig", errors="replace")
    return response.content.decode()


def test_a_mobile_number_shows_its_first_three_and_last_four_digits():
    assert mask_phone("+8613800138000") == "138****8000"
    assert mask_id_number("11010519491231002X") == "110***********002X"


@pytest.mark.parametrize("role", sorted(TRAINEES_SEEN))
def test_the_trainee_listing_export_and_record_show_whole_numbers_to_who_runs_the_county(
    client, people, role
):
    login(client, people, role)
    trainees = people.records["trainee"]

    listing = client.get(reverse("trainee:index")).content.decode()
    exported = {row["name"]: row for row in rows(client, "trainee")}
    workbook = {row["name"]: row for row in xlsx_rows(client, "trainee")}

    for county, trainee in enumerate(trainees):
        if county not in TRAINEES_SEEN[role]:
            assert trainee.id_number not in listing
            assert trainee.name not in exported and trainee.name not in workbook
            continue
        assert trainee.id_number in listing
        assert trainee.phone in listing
        assert exported[trainee.name]["id_number"] == trainee.id_number
        # Quoted as text, as every CSV cell starting with + (machinery/exports.py).
        assert exported[trainee.name]["phone"] == f"'{trainee.phone}"
        assert workbook[trainee.name]["id_number"] == trainee.id_number
        record = client.get(reverse("trainee:inspect", args=[trainee.pk])).content.decode()
        assert trainee.id_number in record and trainee.phone in record


@pytest.mark.parametrize("role", NOTHING)
def test_anyone_else_gets_no_trainee_listing_export_or_record(client, people, role):
    login(client, people, role)
    trainee = people.records["trainee"][0]

    for response in (
        client.get(reverse("trainee:index")),
        client.get(reverse("trainee:index"), {"export": "csv"}),
        client.get(reverse("trainee:inspect", args=[trainee.pk])),
    ):
        assert response.status_code != 200
        assert trainee.id_number not in text_of(response)
        assert mask_id_number(trainee.id_number) not in text_of(response)


@pytest.mark.parametrize("role", sorted(ENROLMENTS_SEEN))
def test_the_enrolment_export_masks_the_number_for_instructors_only(client, people, role):
    login(client, people, role)
    enrolments = people.records["enrolment"]

    exported = {row["trainee"]: row["trainee.id_number"] for row in rows(client, "enrolment")}
    workbook = {row["trainee"]: row["trainee.id_number"] for row in xlsx_rows(client, "enrolment")}

    for county, enrolment in enumerate(enrolments):
        trainee = enrolment.trainee
        if county not in ENROLMENTS_SEEN[role]:
            assert trainee.name not in exported
            continue
        shown = trainee.id_number if county in WHOLE.get(role, set()) else None
        shown = shown or mask_id_number(trainee.id_number)
        assert exported[trainee.name] == shown
        assert workbook[trainee.name] == shown


def test_an_instructor_never_finds_a_whole_number_in_the_enrolment_pages(client, people):
    login(client, people, "instructor")
    enrolment = people.records["enrolment"][0]

    pages = [
        client.get(reverse("enrolment:index")),
        client.get(reverse("enrolment:index"), {"export": "csv"}),
        client.get(reverse("enrolment:index"), {"export": "xlsx"}),
        client.get(reverse("enrolment:inspect", args=[enrolment.pk])),
        client.get(reverse("quizattempt:index"), {"export": "csv"}),
    ]

    assert all(page.status_code == 200 for page in pages)
    for page in pages:
        assert enrolment.trainee.id_number not in text_of(page)
        assert enrolment.trainee.phone not in text_of(page)


def test_one_rule_decides_for_every_field_and_county(people):
    here = people.records["trainee"][0]

    def shown(role, field, county):
        user = getattr(people, role)
        return scoping.personal_value(user, field=field, value=getattr(here, field), county=county)

    assert shown("coordinator", "id_number", here.county_id) == here.id_number
    assert shown("coordinator", "phone", here.county) == here.phone
    assert shown("other_coordinator", "id_number", here.county_id) == mask_id_number(here.id_number)
    assert shown("manager", "phone", here.county_id) == here.phone
    assert shown("instructor", "phone", here.county_id) == mask_phone(here.phone)
    assert shown("coordinator", "id_number", None) == mask_id_number(here.id_number)


# Log lines


@pytest.fixture
def console_log():
    """What the configured console handler writes, for this test."""
    [handler] = [h for h in logging.getLogger().handlers if h.get_name() == "console"]
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield stream
    handler.setStream(previous)


def test_the_sms_log_line_masks_the_number_and_keeps_the_code(client, settings, console_log):
    settings.SMS_BACKEND = "trainees.sms.LogSmsBackend"

    sign_up(Client(), phone="138 0013 8000")

    written = console_log.getvalue()
    assert "SMS to 138****8000:" in written
    assert "13800138000" not in written


def test_every_log_line_masks_mobile_and_identity_numbers_in_its_text_and_traceback(
    console_log,
):
    logger = logging.getLogger("django.request")
    try:
        raise ValueError("Key (id_number)=(11010519491231002X) already exists.")
    except ValueError:
        logger.exception("Searched for %s: /admin/trainees/trainee/?q=%s", "+8613800138000", "")

    written = console_log.getvalue()
    assert "Searched for 138****8000" in written
    assert "Key (id_number)=(110***********002X) already exists." in written
    assert "13800138000" not in written and "11010519491231002X" not in written
    # Other long numbers (a time, an amount in fen) are left as they are.
    logger.warning("Report 20261203123456 totals 1733212345678")
    assert "Report 20261203123456 totals 1733212345678" in console_log.getvalue()
