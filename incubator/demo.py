"""The incubator's part of the demo programme (trainees/demo_programme.py, DEMO_LOAD_HOOK):
applications, shops and their channels, a year of monthly sales, jobs for people of poor
households, each written through the incubator's services at the moment it happened.

A shop is found again by its application (one per trainee in the demo): a trainee who
already applied is left as they are, so that loading twice changes nothing.
"""

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal

from incubator import jobs, sales, shops
from incubator.choices import Channel, IncomeWay, JobKind, ShopCategory
from incubator.models import Application, Job, SalesReport, Shop
from incubator.values import add_months
from trainees.demo_programme import Programme, happening_at

REPORT_KINDS = (
    ("applications", "Incubation applications"),
    ("shops", "Shops"),
    ("reports", "Sales reports"),
    ("jobs", "Jobs"),
)

AT = datetime.time


@dataclass(frozen=True)
class JobPlan:
    worker: str
    kind: str
    starts: int | None  # days ago; None: in the last weeks, but this year
    wage: int
    household: str = ""  # registry number
    days: int | None = None  # how long it lasted, if it ended


@dataclass(frozen=True)
class ShopPlan:
    trainee: str  # Person.key
    name: str
    category: str
    plan: str
    applied: int | None  # days ago; None: in the last weeks, but this year
    decided_after: int | None = 5  # days after applying; None: waiting for a decision
    channels: tuple[tuple[str, str], ...] = ()  # (channel, name on it)
    products: tuple[str, ...] = ()  # named in the application
    ways: tuple[str, ...] = (IncomeWay.OWN_SHOP,)  # of driving incomes, in the application
    intends: tuple[str, ...] = ()  # channels an application names before any is opened
    monthly_sales: tuple[int, ...] = ()  # a typical month on each channel, yuan
    months: int = 0  # months reported, up to last month
    last_month_waiting: bool = False  # last month's reports submitted, not yet approved
    jobs: tuple[JobPlan, ...] = field(default_factory=tuple)


SHOPS = [
    ShopPlan(
        "demo-trainee", "泽仁拉姆牦牛肉干", ShopCategory.LIVESTOCK,
        "家里养了四十头牦牛，和村里三户人家一起做风干牦牛肉。先在抖音直播卖，"
        "再通过合作社上832平台，给单位食堂供货。",
        applied=380,
        channels=((Channel.DOUYIN, "泽仁拉姆的牧场"), (Channel.PLATFORM_832, "德西牦牛合作社")),
        monthly_sales=(16000, 7000),
        months=12,
        products=("风干牦牛肉", "牦牛肉酱"),
        ways=(IncomeWay.OWN_SHOP, IncomeWay.EMPLOYMENT),
        jobs=(
            JobPlan("洛绒", JobKind.SEASONAL, 250, 2200, "513334100001003", days=60),
            JobPlan("扎西平措", JobKind.FULL_TIME, 300, 3000, "513334100002001"),
            JobPlan("卓嘎", JobKind.PART_TIME, 150, 1500, "513334100002002"),
            JobPlan("曲珍", JobKind.FULL_TIME, None, 2800, "513334101001001"),
        ),
    ),
    ShopPlan(
        "gesang", "格桑青稞坊", ShopCategory.PRODUCE,
        "把自家和邻居种的青稞磨成糌粑和青稞面，在淘宝和拼多多上卖。",
        applied=235,
        channels=((Channel.TAOBAO, "格桑青稞坊"), (Channel.PINDUODUO, "理塘青稞")),
        monthly_sales=(6000, 3500),
        months=6,
        products=("糌粑", "青稞面"),
        ways=(IncomeWay.OWN_SHOP, IncomeWay.INDUSTRY),
        last_month_waiting=True,
    ),
    ShopPlan(
        "zhuoma", "卓玛藏绣", ShopCategory.HANDICRAFTS,
        "和村里的姐妹一起做藏绣挂件和包，在微信小程序上接订单。",
        applied=3,
        decided_after=None,
        products=("藏绣挂件", "藏绣包"),
        ways=(IncomeWay.OWN_SHOP, IncomeWay.EMPLOYMENT),
        intends=(Channel.WECHAT,),
    ),
    ShopPlan(
        "ciren", "雅江松茸次仁家", ShopCategory.HERBS_FUNGI,
        "松茸季收购乡亲们采的松茸，分级冷链发货；淡季卖松茸干片。",
        applied=285,
        channels=((Channel.TAOBAO, "次仁家松茸"), (Channel.PLATFORM_832, "雅江松茸合作社")),
        monthly_sales=(9000, 5000),
        months=8,
        products=("松茸", "松茸干片"),
        ways=(IncomeWay.OWN_SHOP, IncomeWay.INDUSTRY, IncomeWay.EMPLOYMENT),
        jobs=(
            JobPlan("泽翁", JobKind.SEASONAL, 200, 2500, "513325100001002", days=70),
            JobPlan("泽翁", JobKind.FULL_TIME, 100, 2600, "513325100001002"),
        ),
    ),
    ShopPlan(
        "lamucuo", "拉姆措藏家手工", ShopCategory.HANDICRAFTS,
        "做藏式木碗和银饰，在微信小程序和线下游客中心卖。",
        applied=None,
        decided_after=3,
        channels=((Channel.WECHAT, "拉姆措藏家手工"),),
    ),
]  # fmt: skip

# Sales by calendar month: more for Double 11, less at Losar; fungi in their season.
SEASON = {11: 1.3, 2: 0.6}
CATEGORY_SEASON = {ShopCategory.HERBS_FUNGI: {7: 2.2, 8: 2.4, 9: 1.8}}
AGRICULTURAL_SHARE = {
    ShopCategory.LIVESTOCK: 95,
    ShopCategory.PRODUCE: 95,
    ShopCategory.HERBS_FUNGI: 92,
    ShopCategory.HANDICRAFTS: 5,
}
AVERAGE_ORDER = {ShopCategory.HERBS_FUNGI: 180, ShopCategory.HANDICRAFTS: 150}


def counts(programme: Programme) -> dict[str, int]:
    trainees = [trainee.pk for trainee in programme.trainees.values()]
    shop_ids = Shop.objects.filter(owners__in=trainees).values("pk")
    return {
        "applications": Application.objects.filter(trainee__in=trainees).count(),
        "shops": Shop.objects.filter(pk__in=shop_ids).count(),
        "reports": SalesReport.objects.filter(shop__in=shop_ids).count(),
        "jobs": Job.objects.filter(shop__in=shop_ids).count(),
    }


def month_figures(plan: ShopPlan, channel: str, typical: int, month: datetime.date) -> dict:
    """A month's sales, orders and agricultural share, the same every load."""
    rng = random.Random(f"{plan.name}/{channel}/{month:%Y-%m}")  # noqa: S311 - demo figures
    factor = SEASON.get(month.month, 1) * CATEGORY_SEASON.get(plan.category, {}).get(month.month, 1)
    amount = Decimal(round(typical * factor * rng.uniform(0.75, 1.25)))
    share = AGRICULTURAL_SHARE.get(plan.category, 50)
    return {
        "sales": amount,
        "orders": max(1, int(amount / AVERAGE_ORDER.get(plan.category, 80))),
        "agricultural_share": share,
    }


def shop_load(plan: ShopPlan, programme: Programme) -> None:
    days = programme.days
    trainee = programme.trainees[plan.trainee]
    if Application.objects.filter(trainee=trainee).exists():
        return
    decider = programme.runs(trainee.county)
    # The trainee applies on the site; one without an account through their coordinator.
    applicant = trainee.user or decider
    submitted = days.this_year(12) if plan.applied is None else days.ago(plan.applied)
    with happening_at(submitted):
        application = shops.application_submit(
            trainee=trainee,
            shop_name=plan.name,
            category=plan.category,
            plan=plan.plan,
            by=applicant,
            products=[(name, None) for name in plan.products],
            channels=[channel for channel, _name in plan.channels] or plan.intends,
            ways=plan.ways,
        )
    if plan.decided_after is None:
        return
    decided = min(
        submitted.replace(hour=15) + datetime.timedelta(days=plan.decided_after),
        days.now - datetime.timedelta(minutes=1),
    )
    with happening_at(decided):
        shop = shops.application_decide(application=application, accept=True, by=decider).shop
        # Accepting opened the channels the application named; the shop gives their names.
        for channel, store_name in plan.channels:
            opened = shop.channels.get(channel=channel)
            opened.store_name, opened.opened_on = store_name, shop.incubating_on
            shops.shop_channel_save(channel=opened)
    reports_load(plan, shop, programme, reporter=applicant, decider=decider)
    for job in plan.jobs:
        job_load(job, shop, programme, by=applicant)


def reports_load(plan: ShopPlan, shop: Shop, programme: Programme, *, reporter, decider) -> None:
    """The monthly reports of the last `plan.months` months: sent in the first days of the
    next month, approved a few days later (last month's left waiting when the plan says)."""
    days = programme.days
    last = add_months(days.today.replace(day=1), -1)
    for back in range(plan.months, 0, -1):
        month = add_months(last, 1 - back)
        due = add_months(month, 1)
        for number, (channel, typical) in enumerate(
            zip([c for c, _ in plan.channels], plan.monthly_sales, strict=True)
        ):
            with happening_at(days.at(due.replace(day=2 + number), AT(9, 30))):
                report = sales.sales_report_save(
                    shop=shop,
                    channel=channel,
                    month=month,
                    by=reporter,
                    submit=True,
                    **month_figures(plan, channel, typical, month),
                )
            if plan.last_month_waiting and month == last:
                continue
            with happening_at(days.at(due.replace(day=6), AT(15, number))):
                sales.sales_report_approve(report=report, by=decider)


def job_load(plan: JobPlan, shop: Shop, programme: Programme, *, by) -> None:
    days = programme.days
    moment = days.this_year(20) if plan.starts is None else days.ago(plan.starts)
    starts_on = moment.date()
    with happening_at(moment):
        job = jobs.job_create(
            shop=shop,
            worker_name=plan.worker,
            kind=plan.kind,
            starts_on=starts_on,
            monthly_wage=plan.wage,
            by=by,
            household=programme.households.get(plan.household),
        )
    if plan.days is not None:
        last_day = starts_on + datetime.timedelta(days=plan.days)
        with happening_at(days.at(last_day, AT(18))):
            jobs.job_end(job=job, ends_on=last_day, by=by)


def programme_load(*, programme: Programme, report) -> None:
    """The incubator's part of the demo programme (trainees' DEMO_LOAD_HOOK)."""
    report.add_kinds(REPORT_KINDS)
    before = counts(programme)
    for plan in SHOPS:
        shop_load(plan, programme)
    after = counts(programme)
    for kind, _label in REPORT_KINDS:
        report.tally(kind, before=before[kind], after=after[kind])
