"""Factories for shops, sales and jobs, shared by the tests and (later) the demo content.

They write rows directly, for setting the scene; the rules live in the
services (`incubator/shops.py`, `sales.py`, `jobs.py`), which tests call. They keep the
derived tables right as the services do: a shop made with its owners refreshes its poor
households, a channel its sales summaries, a job its worker's poor household, an approved
report its sales summaries.
"""

import datetime
import io
import secrets
from decimal import Decimal

import factory
from PIL import Image

from django.core.files.base import ContentFile
from django.utils import timezone

from incubator import poor_households, sales_summary
from incubator.choices import (
    Channel,
    EnterpriseKind,
    JobKind,
    MilestoneKind,
    ReportStatus,
    ShopCategory,
    Stage,
)
from incubator.models import (
    Application,
    Dividend,
    Enterprise,
    Job,
    Milestone,
    MonthLock,
    Product,
    Purchase,
    SalesReport,
    Shareholding,
    Shop,
    ShopChannel,
    TraineeBusiness,
    Worker,
)
from trainees.choices import HouseholdStatus
from trainees.factories import HouseholdFactory, TraineeFactory, UserFactory
from trainees.models import County

PRODUCTS = ["松茸", "虫草", "牦牛肉干", "青稞饼", "苹果", "花椒", "藏绣挂毯", "俄色茶", "红樱桃"]


def png_bytes(size: tuple[int, int] = (40, 30)) -> bytes:
    """A small real PNG: a screenshot stand-in."""
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 80, 40)).save(buffer, format="PNG")
    return buffer.getvalue()


def the_county() -> County:
    """TraineeFactory's county (理塘县)."""
    return County.objects.get(code="513334")


class ApplicationFactory(factory.django.DjangoModelFactory):
    trainee = factory.SubFactory(TraineeFactory)
    county = factory.LazyAttribute(lambda o: o.trainee.county)
    shop_name = factory.Sequence(lambda n: f"高原好物{n}号店")
    category = ShopCategory.HERBS_FUNGI
    plan = factory.Faker("paragraph", locale="zh_CN")
    submitted_at = factory.LazyFunction(timezone.now)

    class Meta:
        model = Application


class ShopFactory(factory.django.DjangoModelFactory):
    """An incubating shop; `ShopFactory(owners=[trainee])` names its owners (one new trainee
    of the shop's county otherwise)."""

    name = factory.Sequence(lambda n: f"康巴电商{n}号店")
    county = factory.LazyFunction(the_county)
    category = ShopCategory.HERBS_FUNGI
    stage = Stage.INCUBATING
    applied_on = datetime.date(2025, 1, 6)
    incubating_on = datetime.date(2025, 2, 3)

    class Meta:
        model = Shop
        skip_postgeneration_save = True

    @factory.post_generation
    def owners(self, create, owners, **kwargs):
        if not create:
            return
        self.owners.add(*(owners if owners is not None else [TraineeFactory(county=self.county)]))
        poor_households.refresh(shop_ids=[self.pk])

    @factory.post_generation
    def channels(self, create, channels, **kwargs):
        """`channels=[Channel.TAOBAO, ...]`; Taobao unless given."""
        if create:
            for channel in channels if channels is not None else [Channel.TAOBAO]:
                ShopChannel.objects.create(shop=self, channel=channel)


class ShopChannelFactory(factory.django.DjangoModelFactory):
    shop = factory.SubFactory(ShopFactory, channels=[])
    channel = Channel.DOUYIN

    class Meta:
        model = ShopChannel

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        channel = super()._create(model_class, *args, **kwargs)
        sales_summary.refresh_shop(channel.shop, county_ids=[channel.shop.county_id])
        return channel


class ProductFactory(factory.django.DjangoModelFactory):
    shop = factory.SubFactory(ShopFactory)
    name = factory.Iterator(PRODUCTS)

    class Meta:
        model = Product


class MilestoneFactory(factory.django.DjangoModelFactory):
    shop = factory.SubFactory(ShopFactory)
    kind = MilestoneKind.FIRST_ORDER
    achieved_on = datetime.date(2025, 3, 1)
    evidence = factory.LazyFunction(lambda: ContentFile(png_bytes(), name="screenshot.png"))
    recorded_by = factory.SubFactory(UserFactory)

    class Meta:
        model = Milestone


class SalesReportFactory(factory.django.DjangoModelFactory):
    """A draft report of the shop's Taobao sales last month."""

    shop = factory.SubFactory(ShopFactory)
    channel = Channel.TAOBAO
    month = factory.LazyFunction(
        lambda: (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    )
    sales = factory.LazyFunction(
        lambda: Decimal(secrets.randbelow(5_000_000)) / 100 + Decimal("100.00")
    )
    orders = factory.Faker("pyint", min_value=1, max_value=400)
    agricultural_share = factory.Faker("pyint", min_value=0, max_value=100)
    status = ReportStatus.DRAFT
    created_by = factory.SubFactory(UserFactory)

    class Meta:
        model = SalesReport
        skip_postgeneration_save = True

    @factory.post_generation
    def summarised(report, create, extracted, **kwargs):
        """An approved report counts in the sales summaries, as when a person approves it."""
        if create and report.status == ReportStatus.APPROVED:
            sales_summary.refresh_after_approval(report)


class MonthLockFactory(factory.django.DjangoModelFactory):
    month = factory.LazyFunction(
        lambda: (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    )
    locked_at = factory.LazyFunction(timezone.now)
    locked_by = factory.SubFactory(UserFactory)

    class Meta:
        model = MonthLock


class WorkerFactory(factory.django.DjangoModelFactory):
    name = factory.Faker("name", locale="zh_CN")

    class Meta:
        model = Worker


class JobFactory(factory.django.DjangoModelFactory):
    """A job whose household status is the factory's word, not read from the household:
    tests of the status rule go through jobs.job_create."""

    shop = factory.SubFactory(ShopFactory)
    worker = factory.SubFactory(WorkerFactory)
    worker_name = factory.LazyAttribute(lambda job: job.worker.name)
    kind = JobKind.FULL_TIME
    starts_on = datetime.date(2025, 4, 1)
    monthly_wage = Decimal("2800.00")
    household_status_at_start = HouseholdStatus.NONE
    counts_for_poor_household = False
    created_by = factory.SubFactory(UserFactory)

    class Meta:
        model = Job

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        job = super()._create(model_class, *args, **kwargs)
        poor_households.refresh_jobs(job_ids=[job.pk])
        return job


class EnterpriseFactory(factory.django.DjangoModelFactory):
    kind = EnterpriseKind.CO_OPERATIVE
    name = factory.Sequence(lambda n: f"松茸专业合作社{n}")
    county = factory.LazyFunction(the_county)

    class Meta:
        model = Enterprise


class PurchaseFactory(factory.django.DjangoModelFactory):
    """A shop's purchase; `PurchaseFactory(shop=None, enterprise=...)` a co-operative's."""

    shop = factory.SubFactory(ShopFactory)
    enterprise = None
    household = factory.SubFactory(HouseholdFactory)
    what = "松茸"
    month = datetime.date(2025, 8, 1)
    amount = Decimal("1200.00")

    class Meta:
        model = Purchase


class TraineeBusinessFactory(factory.django.DjangoModelFactory):
    trainee = factory.SubFactory(TraineeFactory)
    what = "藏绣工坊"
    started_on = datetime.date(2025, 5, 1)
    county = factory.LazyAttribute(lambda o: o.trainee.county)

    class Meta:
        model = TraineeBusiness


class ShareholdingFactory(factory.django.DjangoModelFactory):
    household = factory.SubFactory(HouseholdFactory)
    shop = factory.SubFactory(ShopFactory)
    enterprise = None
    since = datetime.date(2025, 1, 1)

    class Meta:
        model = Shareholding


class DividendFactory(factory.django.DjangoModelFactory):
    shareholding = factory.SubFactory(ShareholdingFactory)
    paid_on = datetime.date(2025, 12, 1)
    amount = Decimal("300.00")

    class Meta:
        model = Dividend
