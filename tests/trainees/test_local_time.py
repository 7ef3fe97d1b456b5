"""A class entered for 09:00-17:00 reads 09:00-17:00 wherever a person reads it: the admin's
listings, record pages and breadcrumbs, the attendance pages, the QR check-in page, the
exports; in each language's way of writing a date, never in UTC (the database's own)."""

import datetime
import importlib
import zoneinfo

import pytest

from django.apps import apps
from django.urls import reverse
from django.utils import timezone, translation

from wagtail.users.models import UserProfile

from tests.export_files import csv_table, xlsx_table
from tests.trainees.people import make_people
from trainees.factories import CohortFactory, EnrolmentFactory
from trainees.models import Attendance, CohortSession

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
NINE = datetime.datetime(2026, 12, 7, 9, 0, tzinfo=SHANGHAI)
FIVE = datetime.datetime(2026, 12, 7, 17, 0, tzinfo=SHANGHAI)
# How each language writes the class's start (training_site/formats).
WRITTEN = {
    "zh-hans": "2026年12月7日 09:00",
    "en": "2026-12-07 09:00",
    "bo": "2026ལོའི་ཟླ་12ཚེས་7 09:00",
}
UTC_HOUR = "01:00"  # 09:00 in Shanghai, as the database hands it back


@pytest.fixture
def day(monkeypatch):
    people = make_people()
    cohort = CohortFactory(county=people.county, name="松茸班")
    session = CohortSession.objects.create(
        cohort=cohort, starts_at=NINE, ends_at=FIVE, place="康定市电商中心", check_in_code="nine"
    )
    EnrolmentFactory(trainee=people.trainee, cohort=cohort)
    attendance = Attendance.objects.create(session=session, trainee=people.trainee, method="qr")
    # The class is on now (10:00), so that the check-in page opens.
    monkeypatch.setattr(timezone, "now", lambda: NINE + datetime.timedelta(hours=1))
    return people, session, attendance


def admin_in(client, user, language: str, time_zone: str = "") -> None:
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.current_time_zone = time_zone
    profile.save()
    client.force_login(user)


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_admin_reads_the_class_at_nine(client, day, language):
    people, session, attendance = day
    admin_in(client, people.users["manager"], language)

    for url in [
        reverse("cohortsession:index"),
        reverse("cohortsession:inspect", args=[session.pk]),
        reverse("cohortsession:edit", args=[session.pk]),  # its title and breadcrumb
        reverse("attendance:index"),
        reverse("attendance:inspect", args=[attendance.pk]),
    ]:
        html = page(client, url)
        assert f"松茸班 {WRITTEN[language]}" in html, url
        assert UTC_HOUR not in html, url


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_admin_writes_yes_and_no_in_the_readers_language(client, day, language):
    people, _session, attendance = day
    admin_in(client, people.users["manager"], language)
    yes = {"zh-hans": "是", "en": "Yes"}[language]

    listing = page(client, reverse("attendance:index"))
    record = page(client, reverse("attendance:inspect", args=[attendance.pk]))

    assert yes in listing
    assert yes in record
    assert "True" not in listing
    assert "True" not in record


def test_a_name_of_the_class_is_local_time_in_each_language(day):
    _people, session, _attendance = day
    for language, written in WRITTEN.items():
        with translation.override(language):
            assert str(session) == f"松茸班 {written}"
            assert str(day[2]) == f"{day[0].trainee.name} @ 松茸班 {written}"


def test_a_time_zone_chosen_before_in_the_admin_is_cleared_and_none_other_offered(
    client, day, settings
):
    people, session, _attendance = day
    admin_in(client, people.users["manager"], "en", time_zone="UTC")
    migration = importlib.import_module("trainees.migrations.0016_h18_admin_time_zone_local")

    migration.clear_other_time_zones(apps, None)

    assert UserProfile.get_for_user(people.users["manager"]).current_time_zone == ""
    assert settings.WAGTAIL_USER_TIME_ZONES == ["Asia/Shanghai"]
    html = page(client, reverse("cohortsession:index"))
    assert f"松茸班 {WRITTEN['en']}" in html
    settings_page = page(client, reverse("wagtailadmin_account"))
    assert "UTC" not in settings_page


@pytest.mark.parametrize("language", ["zh-hans", "bo", "en"])
def test_the_qr_check_in_and_attendance_pages_read_nine_to_five(client, day, language):
    people, session, _attendance = day
    with translation.override(language):
        check_in = reverse("attendance_check_in", args=[session.check_in_code])
        session_page = reverse("attendance_session", args=[session.pk])
    client.force_login(people.trainee.user)
    html = page(client, check_in)
    assert f"{WRITTEN[language]} – 17:00" in html
    client.force_login(people.users["coordinator"])
    html = page(client, session_page)
    assert f"{WRITTEN[language]} – 17:00" in html
    for english in ("Dec", "a.m.", "p.m."):
        assert english not in html.split("<main", 1)[-1] or language == "en"


def test_a_check_in_too_early_says_when_it_opens_in_local_time(client, day, monkeypatch):
    people, session, _attendance = day
    monkeypatch.setattr(timezone, "now", lambda: NINE - datetime.timedelta(hours=2))
    client.force_login(people.trainee.user)
    with translation.override("en"):
        url = reverse("attendance_check_in", args=[session.check_in_code])

    response = client.get(url)

    assert response.status_code == 400
    assert "Check-in for this session opens at 2026-12-07 08:45." in response.content.decode()


@pytest.mark.parametrize("language", ["zh-hans", "en", "bo"])
def test_the_exports_read_the_class_at_nine(client, day, language):
    """In a CSV a moment is written the same in every language, so that it sorts and Excel
    reads it as a date; the session's name is as the language writes it."""
    people, _session, _attendance = day
    admin_in(client, people.users["coordinator"], language)

    sessions = csv_table(client.get(reverse("cohortsession:index"), {"export": "csv"}))
    attendances = csv_table(client.get(reverse("attendance:index"), {"export": "csv"}))
    workbook = xlsx_table(client.get(reverse("cohortsession:index"), {"export": "xlsx"}))

    assert sessions.raw.startswith(b"\xef\xbb\xbf")  # Excel reads it as UTF-8
    [[cohort, starts, ends, _place]] = sessions.rows
    assert (cohort, starts, ends) == ("松茸班", "2026-12-07 09:00", "2026-12-07 17:00")
    [[_trainee, session_name, present, method, _recorded]] = attendances.rows
    assert session_name == f"松茸班 {WRITTEN[language]}"
    expected = {"zh-hans": ("是", "扫码签到"), "en": ("Yes", "Checked in with the QR code")}
    assert (present, method) == expected.get(language, (present, method))
    [[_cohort, starts_cell, ends_cell, _place]] = workbook.rows
    assert starts_cell.value == datetime.datetime(2026, 12, 7, 9, 0)  # local, as Excel shows it
    assert ends_cell.value == datetime.datetime(2026, 12, 7, 17, 0)
    assert "hh:mm" in starts_cell.number_format
