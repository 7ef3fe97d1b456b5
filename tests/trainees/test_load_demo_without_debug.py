"""`manage.py load_demo` with DEBUG off: the courses, and nothing personal (no accounts, no
trainees, households, shops, sales or jobs)."""

import io

import pytest

from django.contrib.auth import get_user_model
from django.core.management import call_command

from courses.models import CoursePage
from incubator.models import Application, Job, SalesReport, Shop, Worker
from trainees.demo import DEMO_ACCOUNTS
from trainees.models import Cohort, Household, Township, Trainee

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


def test_no_accounts_and_nothing_personal_with_debug_off(settings, tmp_path):
    settings.DEBUG = False
    settings.MEDIA_ROOT = tmp_path
    out = io.StringIO()

    call_command("load_demo", stdout=out)

    output = out.getvalue()
    assert "Demo accounts: skipped, because DEBUG is off." in output
    assert "Demo programme (cohorts, trainees, shops, sales, jobs): skipped" in output
    assert CoursePage.objects.filter(title="直播带货入门").exists()
    usernames = [username for username, _, _ in DEMO_ACCOUNTS]
    assert not get_user_model().objects.filter(username__in=usernames).exists()
    for model in (
        Trainee,
        Household,
        Township,
        Cohort,
        Application,
        Shop,
        SalesReport,
        Job,
        Worker,
    ):
        assert not model.objects.exists(), model.__name__
