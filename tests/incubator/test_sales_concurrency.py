"""Decisions at the same moment, each in its own thread and database connection."""

import datetime

import pytest

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import connection

from incubator import audit
from incubator.choices import Channel, JobKind, ReportStatus
from incubator.factories import SalesReportFactory, ShopFactory, WorkerFactory
from incubator.jobs import job_create
from incubator.models import Job, MonthLock, SalesReport
from incubator.sales import (
    month_lock,
    sales_report_approve,
    sales_report_create,
    sales_report_return,
)
from tests.trainees.test_learning_concurrency import run_at_once
from trainees import roles
from trainees.factories import ProfileFactory, UserFactory, valid_id_number
from trainees.models import County

pytestmark = [
    pytest.mark.skipif(
        connection.vendor == "sqlite",
        reason="SQLite locks the whole database and has no SELECT ... FOR UPDATE: "
        "run with DATABASE_URL=postgres://... to test row locking",
    ),
    # Committed writes, so that each thread's own connection sees them; the migrated data
    # (counties, locales, the root page) is restored before each test.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ROUNDS = 10


def a_county() -> County:
    county, _ = County.objects.get_or_create(code="513334", defaults={"name": "理塘县"})
    return county  # the factories' county


def manager():
    group, _ = Group.objects.get_or_create(name=roles.PROGRAMME_MANAGERS)
    user = UserFactory()
    user.groups.add(group)
    ProfileFactory(user=user, county=None)
    return user


def test_two_managers_approving_and_returning_the_same_report_leave_one_decision():
    a_county()
    approver, returner = manager(), manager()

    for _round in range(ROUNDS):
        report = SalesReportFactory(status=ReportStatus.SUBMITTED)

        results = run_at_once(
            lambda i, report=report: (
                sales_report_approve(report=report, by=approver)
                if i == 0
                else sales_report_return(report=report, by=returner, reason="订单数不对")
            ),
            2,
        )

        decided = [result for result in results if isinstance(result, SalesReport)]
        refused = [result for result in results if isinstance(result, ValidationError)]
        assert (len(decided), len(refused)) == (1, 1), results
        assert "This report was already" in refused[0].messages[0]
        report.refresh_from_db()
        if report.status == ReportStatus.APPROVED:
            assert (report.decided_by, report.return_reason) == (approver, "")
        else:
            assert report.status == ReportStatus.RETURNED
            assert (report.decided_by, report.return_reason) == (returner, "订单数不对")
        decisions = audit.history(report).filter(
            action__in=[audit.REPORT_APPROVE, audit.REPORT_RETURN]
        )
        assert decisions.count() == 1
        assert decisions.get().user == report.decided_by


def test_a_month_locked_while_a_report_is_approved_leaves_no_change_after_the_lock():
    a_county()
    approver, locker = manager(), manager()

    for round_ in range(ROUNDS):
        month = datetime.date(2020, 1 + round_, 1)
        report = SalesReportFactory(status=ReportStatus.SUBMITTED, month=month)

        results = run_at_once(
            lambda i, report=report, month=month: (
                sales_report_approve(report=report, by=approver)
                if i == 0
                else month_lock(month=month, by=locker)
            ),
            2,
        )

        report.refresh_from_db()
        lock = MonthLock.objects.get(month=month)
        if report.status == ReportStatus.APPROVED:
            assert report.decided_at < lock.locked_at, results
        else:
            assert report.status == ReportStatus.SUBMITTED
            assert "is locked" in results[0].messages[0]


def test_the_same_report_sent_ten_times_at_once_is_created_once():
    a_county()
    shop = ShopFactory()
    owner = UserFactory()
    shop.owners.update(user=owner)
    month = datetime.date(2025, 3, 1)

    results = run_at_once(
        lambda i: sales_report_create(
            shop=shop,
            channel=Channel.TAOBAO,
            month=month,
            sales=f"{1000 + i}",
            orders=i,
            agricultural_share=50,
            by=owner,
        ),
        10,
    )

    created = [result for result in results if isinstance(result, SalesReport)]
    refused = [result for result in results if isinstance(result, ValidationError)]
    assert (len(created), len(refused)) == (1, 9), results
    assert "already has a report for Taobao in 2025-03" in refused[0].messages[0]
    assert SalesReport.objects.filter(shop=shop).count() == 1


def test_two_full_time_jobs_for_one_worker_at_once_leave_one():
    a_county()
    id_number = valid_id_number(11)
    WorkerFactory(id_number=id_number)
    boss = manager()
    shops = [ShopFactory(), ShopFactory()]

    results = run_at_once(
        lambda i: job_create(
            shop=shops[i],
            worker_name="卓玛",
            id_number=id_number,
            kind=JobKind.FULL_TIME,
            starts_on=datetime.date(2025, 5, 1),
            monthly_wage="3000",
            by=boss,
        ),
        2,
    )

    assert sorted(type(result).__name__ for result in results) == ["Job", "ValidationError"]
    assert Job.objects.filter(worker__id_number=id_number).count() == 1
