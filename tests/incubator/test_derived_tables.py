"""Every service of the incubator that writes a row the derived tables are made of leaves
them as a rebuild from the raw rows would (tests/derived_tables.py): the poor households of
shops' owners and jobs' workers, and the sales summaries.

Each service in SERVICES is run once, on a world where it changes what is derived (or, for
the reports not yet approved, where it could), and the tables are compared after each one.
The trainees' services that move owners' households are in tests/trainees/."""

import datetime

import pytest

from incubator import jobs, sales, sales_import, shops
from incubator.choices import Channel, JobKind, Stage
from incubator.factories import ApplicationFactory, ShopFactory
from incubator.models import PoorOwnerHousehold, PoorWorkerHousehold, ShopChannel, ShopYearSales
from tests.derived_tables import Run
from tests.incubator.sales_files import LAST_MONTH, sales_row, sales_text
from trainees import services
from trainees.choices import HouseholdStatus
from trainees.factories import HouseholdFactory, TraineeFactory, valid_id_number
from trainees.models import HouseholdStatusChange

pytestmark = pytest.mark.django_db

D = datetime.date

SERVICES = {
    "shops.application_decide",
    "shops.shop_stage_change",
    "shops.shop_save",
    "shops.shop_channel_save",
    "shops.shop_channel_delete",
    "jobs.job_create",
    "jobs.job_end",
    "jobs.worker_for",
    "sales.sales_report_create",
    "sales.sales_report_submit",
    "sales.sales_report_approve",
    "sales.sales_report_return",
    "sales_import.sales_apply",
}


def poor_household():
    household = HouseholdFactory()
    services.household_status_change_save(
        change=HouseholdStatusChange(
            household=household, status=HouseholdStatus.REGISTERED_POOR, valid_from=D(2020, 1, 1)
        )
    )
    return household


def test_every_service_that_writes_a_source_row_keeps_the_derived_tables_right(scene):
    run = Run()
    manager = scene.manager
    poor = poor_household()
    poor_owner = TraineeFactory(county=scene.county, household=poor)

    # Owners' poor households: a shop accepted, a shop's incubation begun, owners edited.
    application = ApplicationFactory(trainee=poor_owner, county=scene.county)
    run(
        "shops.application_decide",
        shops.application_decide,
        application=application,
        accept=True,
        by=manager,
    )
    waiting = ShopFactory(
        county=scene.county,
        owners=[poor_owner],
        stage=Stage.APPLIED,
        applied_on=D(2025, 1, 6),
        incubating_on=None,
    )
    run(
        "shops.shop_stage_change",
        shops.shop_stage_change,
        shop=waiting,
        stage=Stage.INCUBATING,
        on=D(2025, 2, 1),
        by=manager,
    )
    shop = scene.shop
    run("shops.shop_save", shops.shop_save, shop=shop, owners=[scene.owner_trainee, poor_owner])
    assert PoorOwnerHousehold.objects.filter(shop=shop).count() == 1

    # Sales: one report approved, another returned, a file imported.
    report = run(
        "sales.sales_report_create",
        sales.sales_report_create,
        shop=shop,
        channel=Channel.TAOBAO,
        month=LAST_MONTH,
        sales="1000.00",
        orders=10,
        agricultural_share=50,
        by=scene.owner,
    )
    run("sales.sales_report_submit", sales.sales_report_submit, report=report, by=scene.owner)
    run("sales.sales_report_approve", sales.sales_report_approve, report=report, by=manager)
    assert ShopYearSales.objects.filter(shop=shop).exists()
    other = sales.sales_report_create(
        shop=scene.other_shop,
        channel=Channel.TAOBAO,
        month=LAST_MONTH,
        sales="500.00",
        orders=5,
        agricultural_share=20,
        by=scene.other_owner,
    )
    sales.sales_report_submit(report=other, by=scene.other_owner)
    run(
        "sales.sales_report_return",
        sales.sales_report_return,
        report=other,
        by=manager,
        reason="订单数不对",
    )
    run(
        "sales_import.sales_apply",
        sales_import.sales_apply,
        text=sales_text([sales_row(scene.other_shop, sales="600.00")]),
        by=manager,
    )

    # Channels: one added (the shop now owes two reports a month), moved, removed.
    channel = run(
        "shops.shop_channel_save",
        shops.shop_channel_save,
        channel=ShopChannel(shop=shop, channel=Channel.DOUYIN),
    )
    channel.shop = scene.other_shop
    run("shops.shop_channel_save", shops.shop_channel_save, channel=channel)
    run("shops.shop_channel_delete", shops.shop_channel_delete, channel=channel)

    # The shop moved to the other county takes its sales there.
    shop.county = scene.other_county
    run("shops.shop_save", shops.shop_save, shop=shop)

    # Workers' poor households: a job created and ended, a worker's household recorded.
    job = run(
        "jobs.job_create",
        jobs.job_create,
        shop=shop,
        worker_name="拉姆",
        kind=JobKind.FULL_TIME,
        starts_on=D(2025, 5, 1),
        monthly_wage="2500",
        by=manager,
        household=poor,
    )
    assert PoorWorkerHousehold.objects.filter(job=job).exists()
    run("jobs.job_end", jobs.job_end, job=job, ends_on=D(2025, 7, 1), by=manager)
    unknown = jobs.job_create(
        shop=shop,
        worker_name="次仁",
        id_number=valid_id_number(777),
        kind=JobKind.FULL_TIME,
        starts_on=D(2025, 5, 1),
        monthly_wage="2500",
        by=manager,
        household=None,
    )
    run(
        "jobs.worker_for",
        jobs.worker_for,
        name="次仁",
        household=poor,
        id_number=unknown.worker.id_number,
    )

    assert run.called == SERVICES
