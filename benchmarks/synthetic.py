"""A synthetic programme at a multiple of prefecture scale, to measure the outcomes on.

`build(scale=1)` writes, into the configured database, in one transaction:

- the service network: 291 townships and 1,166 villages over the 18 counties, with
  official codes (county code + 3 digits, township code + 3 digits); kept as it is
  when the database already has townships; it does not grow with the scale;
- 20,000 households (1 to 8 members, 4 on average; registry number: the village's
  code and a serial) in random villages; 30 % were
  registered poor at some day 1 to 9 years ago, 80 % of those were lifted out 1 to
  4 years later, 12 % of the lifted out monitored again (some of them lifted out once
  more); 2 % of the others became monitored in the last 3 years, a third of those
  back to none;
- 60 courses of 10 lessons in 4 tracks under the default language's catalogue: live
  Wagtail pages, without revisions; courses and lessons are inserted in batches, so
  they have no search index entries (tracks are added one by one with add_child);
- 270 cohorts of 1 to 3 courses of one track, spread over the counties and the
  last 5 years, each 1 to 4 months long;
- 25,000 trainees (Tibetan 80 %, Han 15 %, Yi 3 %; born 1965-2006, most around
  1992; 40 % from a household, the others in a village of their county or none),
  each with a distinct valid identity number of their county and birth date;
- enrolments: 35 % of the trainees follow a cohort of their county (its courses,
  20 % completed; 40 % of them also enrol themselves in a course or two), the others
  enrol themselves in 1 to 4 courses (5 % completed); a third of the enrolments not
  completed have lessons done, in order, fewer the further in (two thirds in a
  cohort): about 100,000 lesson completions (107,252 at scale 1); every completed enrolment has its
  certificate, issued the day of the last lesson; 2 % of them revoked later;
- 2,500 shops, each accepted from its first owner's application after a valid
  certificate (12 % have a second certified owner), incubating 3 to 45 days after
  applying; a quarter of those old enough graduated 1 to 2 years after, an eighth
  closed 2 months to 2.5 years after (at scale 1: 76 % incubating, 14 % graduated,
  10 % closed); beside them 15 % as many declined applications and 4 % still open;
- two channels a shop, one of them the 832 platform for 65 % of the shops selling
  farm products (15 % of the others), the second opened up to 10 months later;
- monthly sales reports on both channels for the 36 months up to last month, from
  the month each channel opened (never before the shop incubates) to the month the
  shop closed, 4 % of months not reported: sales per shop log-normal around 6,000
  yuan a month (a few over 100,000), by season, ramping up over the first 6 months,
  zero in 6 % of months (more at the start); submitted mostly in the first 10 days
  of the next month and decided 1 to 10 days later, so approval by the 10th varies
  (38 % of the approved at scale 1);
  returned 2.5 %, waiting 1 %, drafts 0.5 %, and the latest month as far as today
  allows;
- 10,000 jobs in 55 % of the shops (a few large employers): 45 % full-time,
  30 % part-time, 25 % seasonal; seasonal jobs last 20 to 89 days, a third of the
  others have ended (a third of those within 90 days), and every job by the day its
  shop closed: about 40 % ended, three quarters of those within 90 days; 10 % of the
  workers come back for another job later; 45 % of the workers are of a household of
  the shop's county, poor ones preferred, and whether a job counts for a poor
  household is the household's status on the start day (as
  `incubator.jobs.job_create` freezes it): about 30 % of the jobs;
- 1 programme manager and 1 coordinator per county (accounts that cannot log in),
  who decide applications and reports, record the jobs and revoke certificates.

Every date is relative to `today` and before it; the same seed and day give the
same rows. Counts are `round(per scale × scale)`, with at least one course a track and
one cohort.
"""

import datetime
import itertools
import math
import random
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import connections, router, transaction
from django.utils import timezone

from wagtail.models import Locale, Page
from wagtail.rich_text import RichText

from courses.choices import Level
from courses.models import CourseIndexPage, CoursePage, LessonPage, ProgrammePage
from incubator import poor_households, sales_summary
from incubator.choices import ApplicationStatus, Channel, JobKind, ReportStatus, ShopCategory, Stage
from incubator.models import Application, Job, SalesReport, Shop, ShopChannel, Worker
from incubator.values import add_months
from trainees import roles, training_summary
from trainees.choices import (
    POOR_HOUSEHOLD_STATUSES,
    Education,
    EnrolmentSource,
    Gender,
    HouseholdStatus,
    ProgressSource,
)
from trainees.identity import id_check_character
from trainees.learning import certificate_numbers
from trainees.models import (
    Certificate,
    Cohort,
    County,
    Enrolment,
    Household,
    HouseholdStatusChange,
    LessonProgress,
    Profile,
    Township,
    Trainee,
    Village,
    status_on,
)

BATCH = 5_000
PER_SCALE = {
    "trainees": 25_000,
    "courses": 60,
    "shops": 2_500,
    "jobs": 10_000,
    "households": 20_000,
    "cohorts": 270,
}
TOWNSHIPS, VILLAGES = 291, 1_166
TRACKS = ("网店开设与运营", "直播电商", "农产品品牌与包装", "电商物流与客服")
LESSONS_PER_COURSE = 10
REPORT_MONTHS = 36
PROGRAMME_DAYS = 5 * 365

SYLLABLES = "朗多扎格达然雅拉木曲日贡桑色孜巴通措龙嘎吉洛热卡觉尼玛松德塔章俄麦"
# Two-character Tibetan given names, written in Chinese, two of which make a name.
TIBETAN_NAME_PARTS = (
    "扎西卓玛次仁拉姆格桑央金多吉尼玛达瓦巴桑曲珍泽仁"
    "益西德吉旺姆贡布边巴洛桑白玛仁青降措此里根呷呷绒志玛四郎拥措泽翁"
)
TIBETAN_NAMES = tuple(TIBETAN_NAME_PARTS[i : i + 2] for i in range(0, len(TIBETAN_NAME_PARTS), 2))
SURNAMES = tuple("王李张刘陈杨黄赵吴周徐孙马朱胡郭何罗高林")
GIVEN = tuple("华明丽芳军勇敏静强磊洋艳杰娟涛超霞平刚桂英秀兰")
PRODUCTS = {
    ShopCategory.PRODUCE: ("苹果", "樱桃", "青稞", "土豆", "核桃", "雪梨"),
    ShopCategory.LIVESTOCK: ("牦牛肉", "酥油", "牦牛奶", "藏香猪", "奶渣"),
    ShopCategory.HERBS_FUNGI: ("松茸", "虫草", "羊肚菌", "藏红花", "黄芪"),
    ShopCategory.TEA_SPICES: ("花椒", "俄色茶", "树椒", "藏茶"),
    ShopCategory.HANDICRAFTS: ("唐卡", "藏绣", "银饰", "木碗"),
    ShopCategory.TOURISM: ("民宿", "牧家乐", "自驾营地"),
    ShopCategory.SERVICES: ("电商服务", "代运营", "产品摄影"),
    ShopCategory.OTHER: ("特产", "土特产"),
}
CATEGORY_WEIGHTS = {
    ShopCategory.HERBS_FUNGI: 22,
    ShopCategory.LIVESTOCK: 18,
    ShopCategory.PRODUCE: 18,
    ShopCategory.TEA_SPICES: 8,
    ShopCategory.HANDICRAFTS: 12,
    ShopCategory.TOURISM: 10,
    ShopCategory.SERVICES: 6,
    ShopCategory.OTHER: 6,
}
FARM_CATEGORIES = (
    ShopCategory.PRODUCE,
    ShopCategory.LIVESTOCK,
    ShopCategory.HERBS_FUNGI,
    ShopCategory.TEA_SPICES,
)
# The share of farm products a shop of each category sells, around which it varies.
AGRICULTURAL_SHARE = {
    ShopCategory.PRODUCE: 95,
    ShopCategory.LIVESTOCK: 95,
    ShopCategory.HERBS_FUNGI: 92,
    ShopCategory.TEA_SPICES: 90,
    ShopCategory.HANDICRAFTS: 5,
    ShopCategory.TOURISM: 15,
    ShopCategory.SERVICES: 40,
    ShopCategory.OTHER: 50,
}
OTHER_CHANNELS = {
    Channel.TAOBAO: 20,
    Channel.DOUYIN: 20,
    Channel.PINDUODUO: 15,
    Channel.KUAISHOU: 10,
    Channel.WECHAT: 10,
    Channel.WEIDIAN: 7,
    Channel.JD: 6,
    Channel.YOUZAN: 4,
    Channel.TMALL: 3,
    Channel.OFFLINE: 5,
}
# Sales by calendar month: every shop sells more for Double 11 and less at Losar.
SEASON = {11: 1.3, 2: 0.6}
CATEGORY_SEASON = {
    ShopCategory.HERBS_FUNGI: {7: 2.2, 8: 2.4, 9: 1.8},
    ShopCategory.PRODUCE: {6: 1.4, 8: 1.5, 9: 1.7, 10: 1.6},
    ShopCategory.LIVESTOCK: {11: 1.6, 12: 1.7, 1: 1.5},
    ShopCategory.TEA_SPICES: {9: 1.4, 10: 1.5},
    ShopCategory.TOURISM: {7: 2.0, 8: 2.2, 9: 1.6, 12: 0.4, 1: 0.4, 2: 0.3},
}
RETURN_REASONS = (
    "订单数与平台截图不符，请核对。",
    "销售额含退款，请扣除后重报。",
    "缺少平台后台截图。",
)
DECLINE_REASONS = ("计划过于简单，请补充货源和物流安排。", "同村已有同类网店，建议合作经营。")
REVOKE_REASONS = ("身份信息登记错误，已重新颁发。", "考核记录不实。")


def _weighted(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


class _Weights:
    """A weighted choice made often: its cumulative weights computed once."""

    def __init__(self, weights: dict):
        self.population = list(weights)
        self.cumulative = list(itertools.accumulate(weights.values()))

    def pick(self, rng: random.Random):
        return rng.choices(self.population, cum_weights=self.cumulative)[0]


SUBMISSION_DELAYS = _Weights({(0, 9): 70, (10, 19): 20, (20, 45): 10})
LESSONS_REACHED = _Weights({k: 1 / k for k in range(1, LESSONS_PER_COURSE)})


def _chunks(items: Iterable, size: int = BATCH) -> Iterator[list]:
    chunk = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _insert(model, rows: Iterable) -> list:
    """Rows saved in batches, with their ids."""
    saved = []
    for chunk in _chunks(rows):
        saved.extend(model.objects.bulk_create(chunk))
    return saved


def _insert_count(model, rows: Iterable) -> int:
    """Rows saved in batches, forgotten as they go: for the largest tables."""
    count = 0
    for chunk in _chunks(rows):
        model.objects.bulk_create(chunk)
        count += len(chunk)
    return count


def _add_children(parent: Page, pages: list[Page], rng: random.Random) -> None:
    """Put `pages` under `parent`, which has no children yet, as its add_child would."""
    _add_children_of_many([(parent, page) for page in pages], rng)
    Page.objects.filter(pk=parent.pk).update(numchild=len(pages))
    parent.numchild = len(pages)


def _add_children_of_many(children: list[tuple[Page, Page]], rng: random.Random) -> None:
    """Pages of one type under parents that have no children yet, in the order given.

    One insert a batch for the Page rows and one for the pages' own table, instead of
    add_child's thirty queries a page (search index, reference index, log): Django's
    bulk_create refuses a model with a parent table, so the second is its `_insert`.
    The pages' numchild is theirs to set beforehand; the parents' is the caller's.
    """
    if not children:
        return
    model = type(children[0][1])
    content_type = ContentType.objects.get_for_model(model)
    steps: dict[int, int] = defaultdict(int)
    for parent, page in children:
        steps[parent.pk] += 1
        page.depth = parent.depth + 1
        page.path = Page._get_path(parent.path, page.depth, steps[parent.pk])
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.draft_title = page.title
        page.locale_id = parent.locale_id
        page.content_type = content_type
        page.translation_key = uuid.UUID(int=rng.getrandbits(128), version=4)
    pages = [page for _parent, page in children]
    page_fields = [f.attname for f in Page._meta.concrete_fields if not f.primary_key]
    rows = _insert(Page, (Page(**{name: getattr(p, name) for name in page_fields}) for p in pages))
    for page, row in zip(pages, rows, strict=True):
        page.id = page.page_ptr_id = row.pk
    own_fields = model._meta.local_concrete_fields
    for chunk in _chunks(pages, 500):
        model._base_manager._insert(chunk, fields=own_fields, using=router.db_for_write(model))


# Timestamps the models fill in themselves; the data set dates them in the past.
STAMPED_FIELDS = (
    (Trainee, "created_at"),
    (Enrolment, "enrolled_at"),
    (LessonProgress, "done_at"),
    (Shop, "created_at"),
    (SalesReport, "created_at"),
    (SalesReport, "updated_at"),
    (Worker, "created_at"),
    (Job, "created_at"),
)


@contextmanager
def _timestamps_as_given():
    fields = [model._meta.get_field(name) for model, name in STAMPED_FIELDS]
    saved = [(f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, (auto_now, auto_now_add) in zip(fields, saved, strict=True):
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def _month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


@dataclass
class _Household:
    pk: int
    county_id: int
    village_id: int
    history: list


@dataclass
class _Trainee:
    county_id: int
    village_id: int | None
    household: _Household | None
    joined: datetime.date
    cohort: Cohort | None
    entrepreneur: bool
    pk: int = 0
    certified_on: datetime.date | None = None


@dataclass
class _Shop:
    owners: list
    county_id: int
    category: str
    applied_on: datetime.date
    incubating_on: datetime.date
    stage: str = Stage.INCUBATING
    graduated_on: datetime.date | None = None
    closed_on: datetime.date | None = None
    channels: list = field(default_factory=list)
    name: str = ""
    employs: bool = False
    pk: int = 0


class _Builder:
    def __init__(self, *, scale: float, rng: random.Random, today: datetime.date, report):
        self.scale, self.rng, self.today, self.report = scale, rng, today, report
        self.yesterday = today - datetime.timedelta(days=1)
        self.start = today - datetime.timedelta(days=PROGRAMME_DAYS)
        self.tz = timezone.get_current_timezone()
        self.counts: dict[str, int] = {}
        self.id_numbers: set[str] = set(Trainee.objects.values_list("id_number", flat=True))
        self.id_numbers.update(
            Worker.objects.exclude(id_number="").values_list("id_number", flat=True)
        )

    # Helpers

    def how_many(self, name: str, *, least: int = 0) -> int:
        return max(least, round(PER_SCALE[name] * self.scale))

    def day_between(self, first: datetime.date, last: datetime.date) -> datetime.date:
        last = max(first, last)
        return first + datetime.timedelta(days=self.rng.randint(0, (last - first).days))

    def moment(self, day: datetime.date) -> datetime.datetime:
        """A working-hours moment of `day`."""
        clock = datetime.time(self.rng.randint(8, 19), self.rng.randint(0, 59))
        return datetime.datetime.combine(day, clock, tzinfo=self.tz)

    def after(self, moment: datetime.datetime, *, days: int) -> datetime.datetime:
        """A moment up to `days` days after `moment`."""
        return moment + datetime.timedelta(minutes=self.rng.randint(1, max(1, days) * 24 * 60))

    def id_number(self, county_code: str, birth_year: int, gender: str) -> str:
        while True:
            born = datetime.date(birth_year, 1, 1) + datetime.timedelta(
                days=self.rng.randint(0, 364)
            )
            sequence = self.rng.randrange(0, 1000, 2) + (gender == Gender.MALE)
            first_17 = f"{county_code}{born:%Y%m%d}{sequence:03d}"
            number = first_17 + id_check_character(first_17)
            if number not in self.id_numbers:
                self.id_numbers.add(number)
                return number

    def person_name(self, ethnicity: str) -> str:
        if ethnicity == "藏族":
            return "".join(self.rng.sample(TIBETAN_NAMES, 2))
        given = "".join(self.rng.choices(GIVEN, k=self.rng.choice((1, 2))))
        return self.rng.choice(SURNAMES) + given

    def step(self, label: str, action) -> None:
        started = time.perf_counter()
        action()
        self.report(f"{label:<28}{time.perf_counter() - started:>8.1f} s")

    def counted(self, name: str, count: int) -> None:
        self.counts[name] = self.counts.get(name, 0) + count

    # Steps

    def build(self) -> dict[str, int]:
        self.step("staff", self.staff)
        self.step("townships and villages", self.areas)
        self.step("households", self.households)
        self.step("tracks, courses, lessons", self.courses)
        self.step("cohorts", self.cohorts)
        self.step("trainees", self.trainees)
        self.step("enrolments, progress", self.learning)
        self.step("training summary", training_summary.rebuild)
        self.step("applications, shops", self.shops)
        self.step("sales reports", self.sales_reports)
        self.step("sales summaries", sales_summary.rebuild)
        self.step("workers, jobs", self.jobs)
        self.step("poor households of owners and workers", poor_households.rebuild)
        return self.counts

    def staff(self) -> None:
        self.counties = list(County.objects.order_by("code"))
        self.manager = self.account("synthetic-manager", roles.PROGRAMME_MANAGERS)
        self.coordinators = {}
        for county in self.counties:
            user = self.account(f"synthetic-coordinator-{county.code}", roles.COUNTY_COORDINATORS)
            Profile.objects.get_or_create(user=user, defaults={"county": county})
            self.coordinators[county.pk] = user

    def account(self, username: str, group_name: str):
        user, created = get_user_model().objects.get_or_create(
            username=username, defaults={"email": f"{username}@example.com"}
        )
        if created:
            self.counted("users", 1)
            user.set_unusable_password()
            user.save(update_fields=["password"])
            user.groups.add(Group.objects.get(name=group_name))
        return user

    def areas(self) -> None:
        if not Township.objects.exists():
            self.new_areas()
        villages = Village.objects.values_list("pk", "township__county_id", "code")
        self.villages = [(pk, county_id) for pk, county_id, _code in villages.order_by("pk")]
        self.village_codes = {pk: code for pk, _county_id, code in villages}
        if not self.villages:
            raise ValueError("The database has townships but no villages to put people in.")
        self.county_by_pk = {county.pk: county for county in self.counties}
        self.villages_of = defaultdict(list)
        for pk, county_id in self.villages:
            self.villages_of[county_id].append(pk)

    def new_areas(self) -> None:
        rng = self.rng
        per_county = [TOWNSHIPS // len(self.counties) - 4] * len(self.counties)
        for _ in range(TOWNSHIPS - sum(per_county)):
            per_county[rng.randrange(len(per_county))] += 1
        townships = []
        for county, count in zip(self.counties, per_county, strict=True):
            names = self.place_names(count)
            towns = max(1, count // 3)
            for k, name in enumerate(names):
                kind, number = ("镇", 100 + k) if k < towns else ("乡", 200 + k - towns)
                code = f"{county.code}{number:03d}"
                townships.append(Township(county=county, code=code, name=name + kind))
        townships = _insert(Township, townships)
        per_township = [1] * len(townships)
        for _ in range(VILLAGES - len(townships)):
            per_township[rng.randrange(len(townships))] += 1
        villages = []
        for township, count in zip(townships, per_township, strict=True):
            for j, name in enumerate(self.place_names(count)):
                code = f"{township.code}{200 + j:03d}"
                villages.append(Village(township=township, code=code, name=name + "村"))
        _insert(Village, villages)
        self.counted("townships", len(townships))
        self.counted("villages", len(villages))

    def place_names(self, count: int) -> list[str]:
        names: list[str] = []
        while len(names) < count:
            name = "".join(self.rng.sample(SYLLABLES, 2))
            if name not in names:
                names.append(name)
        return names

    def households(self) -> None:
        rng = self.rng
        count = self.how_many("households")
        first = Household.objects.count()
        planned = []
        for _ in range(count):
            village_id, county_id = rng.choice(self.villages)
            planned.append((village_id, county_id, self.household_history()))
        members = {1: 8, 2: 14, 3: 20, 4: 22, 5: 18, 6: 10, 7: 5, 8: 3}
        saved = _insert(
            Household,
            (
                Household(
                    registry_number=f"{self.village_codes[village_id]}-{first + n + 1:07d}",
                    village_id=village_id,
                    members=_weighted(rng, members),
                )
                for n, (village_id, _county, _history) in enumerate(planned)
            ),
        )
        self.households_of = defaultdict(list)
        self.poor_households_of = defaultdict(list)
        for household, (village_id, county_id, history) in zip(saved, planned, strict=True):
            item = _Household(household.pk, county_id, village_id, history)
            self.households_of[county_id].append(item)
            if history and history[0][1] != HouseholdStatus.MONITORED:
                self.poor_households_of[county_id].append(item)
        changes = _insert_count(
            HouseholdStatusChange,
            (
                HouseholdStatusChange(household_id=household.pk, status=status, valid_from=day)
                for household, (_v, _c, history) in zip(saved, planned, strict=True)
                for day, status in history
            ),
        )
        self.counted("households", len(saved))
        self.counted("household_status_changes", changes)

    def household_history(self) -> list[tuple[datetime.date, str]]:
        """Status changes, oldest first: see the module's description."""
        rng, today = self.rng, self.today
        days = datetime.timedelta
        roll = rng.random()
        if roll < 0.30:
            registered = self.day_between(today - days(9 * 365), today - days(365))
            history = [(registered, HouseholdStatus.REGISTERED_POOR)]
            if rng.random() < 0.80:
                lifted = registered + days(rng.randint(365, 4 * 365))
                if lifted < today:
                    history.append((lifted, HouseholdStatus.LIFTED_OUT))
                    self.maybe_monitored(history, lifted, back_to=HouseholdStatus.LIFTED_OUT)
            return history
        if roll < 0.32:
            history = []
            self.maybe_monitored(history, today - days(3 * 365), back_to=HouseholdStatus.NONE)
            return history
        return []

    def maybe_monitored(self, history: list, since: datetime.date, *, back_to: str) -> None:
        rng, today = self.rng, self.today
        if history and rng.random() >= 0.12:
            return
        monitored = since + datetime.timedelta(days=rng.randint(180, 900))
        if monitored >= today:
            return
        history.append((monitored, HouseholdStatus.MONITORED))
        back = monitored + datetime.timedelta(days=rng.randint(180, 540))
        if back < today and rng.random() < 0.35:
            history.append((back, back_to))

    def courses(self) -> None:
        rng = self.rng
        catalogue = CourseIndexPage.objects.get(locale=Locale.get_default())
        count = self.how_many("courses", least=len(TRACKS))
        taken = set(CoursePage.objects.values_list("code", flat=True))
        runs = ProgrammePage.objects.filter(slug__startswith="synthetic-").count()
        self.tracks = []
        for k, title in enumerate(TRACKS[: min(len(TRACKS), count)]):
            slug = f"synthetic-{runs + k + 1}"
            track = ProgrammePage(title=title, slug=slug, intro=f"{title}方向的课程。")
            self.tracks.append(catalogue.add_child(instance=track))
        codes = self.course_codes(count, taken)
        courses_of = defaultdict(list)
        for n, code in enumerate(codes):
            track = self.tracks[n % len(self.tracks)]
            courses_of[track.pk].append(self.course_page(track, n, code))
        courses = []
        for track in self.tracks:
            _add_children(track, courses_of[track.pk], rng)
            courses += courses_of[track.pk]
        lessons = [
            (course, self.lesson_page(course, i))
            for course in courses
            for i in range(LESSONS_PER_COURSE)
        ]
        _add_children_of_many(lessons, rng)
        self.lessons_of = defaultdict(list)
        for course, lesson in lessons:
            self.lessons_of[course.pk].append(lesson.pk)
        self.courses_of_track = {t.pk: [c.pk for c in courses_of[t.pk]] for t in self.tracks}
        self.course_ids = list(self.lessons_of)
        self.counted("tracks", len(self.tracks))
        self.counted("courses", count)
        self.counted("lessons", count * LESSONS_PER_COURSE)

    def course_codes(self, count: int, taken: set[str]) -> list[str]:
        codes = (f"XY-{number:04d}" for number in itertools.count(1))
        return list(itertools.islice((code for code in codes if code not in taken), count))

    def lesson_page(self, course: CoursePage, i: int) -> LessonPage:
        return LessonPage(
            title=f"第{i + 1}课 {course.title}要点{i + 1}",
            slug=f"lesson-{i + 1}",
            estimated_minutes=self.rng.choice((10, 15, 20, 25, 30)),
            body=[("text", RichText(f"<p>{course.title}：第{i + 1}课的要点。</p>"))],
        )

    def course_page(self, track: ProgrammePage, n: int, code: str) -> CoursePage:
        rng = self.rng
        title = f"{track.title}（{n // len(self.tracks) + 1}）"
        return CoursePage(
            title=title,
            slug=f"course-{code.lower()}",
            code=code,
            summary=f"{title}：从入门到上手的{LESSONS_PER_COURSE}节课。",
            level=rng.choice(list(Level)),
            numchild=LESSONS_PER_COURSE,
            estimated_hours=Decimal(rng.randint(2, 16)) / 2,
        )

    def cohorts(self) -> None:
        rng = self.rng
        weights = {county.pk: len(self.villages_of[county.pk]) for county in self.counties}
        names = {county.pk: county.name for county in self.counties}
        planned, numbers = [], defaultdict(int)
        for _ in range(self.how_many("cohorts", least=1)):
            county_id = _weighted(rng, weights)
            starts = self.day_between(self.start, self.today - datetime.timedelta(days=20))
            numbers[county_id, starts.year] += 1
            number = numbers[county_id, starts.year]
            track = rng.choice(self.tracks)
            choices = self.courses_of_track[track.pk]
            courses = rng.sample(choices, min(len(choices), _weighted(rng, {1: 6, 2: 3, 3: 1})))
            cohort = Cohort(
                name=f"{names[county_id]}电商人才培训班（{starts.year}年第{number}期）",
                county_id=county_id,
                starts_on=starts,
                ends_on=starts + datetime.timedelta(days=rng.randint(30, 120)),
                coordinator=self.coordinators[county_id],
            )
            planned.append((cohort, courses))
        saved = _insert(Cohort, (cohort for cohort, _ in planned))
        Cohort.courses.through.objects.bulk_create(
            Cohort.courses.through(cohort_id=cohort.pk, coursepage_id=course_id)
            for cohort, (_, courses) in zip(saved, planned, strict=True)
            for course_id in courses
        )
        self.cohort_courses = {
            cohort.pk: courses for cohort, (_, courses) in zip(saved, planned, strict=True)
        }
        self.cohorts_of = defaultdict(list)
        for cohort in saved:
            self.cohorts_of[cohort.county_id].append(cohort)
        self.counted("cohorts", len(saved))

    def trainees(self) -> None:
        count = self.how_many("trainees", least=1)
        self.plan_shops()
        entrepreneurs = set(self.rng.sample(range(count), min(count, self.owner_slots)))
        planned = [self.plan_trainee(n in entrepreneurs) for n in range(count)]
        codes = {county.pk: county.code for county in self.counties}
        rows = (self.trainee_row(plan, codes[plan.county_id]) for plan in planned)
        for plan, trainee in zip(planned, _insert(Trainee, rows), strict=True):
            plan.pk = trainee.pk
        self.planned_trainees = planned
        self.counted("trainees", len(planned))

    def plan_trainee(self, entrepreneur: bool) -> _Trainee:
        rng, days = self.rng, datetime.timedelta
        household = None
        if rng.random() < 0.40:
            county_id = rng.choice(self.villages)[1]
            if self.households_of[county_id]:
                household = rng.choice(self.households_of[county_id])
        if household is not None:
            county_id, village_id = household.county_id, household.village_id
        else:
            village_id, county_id = rng.choice(self.villages)
            village_id = village_id if rng.random() < 0.75 else None
        latest_join = self.today - days(240 if entrepreneur else 1)
        cohort = None
        if rng.random() < 0.35:
            cohorts = [c for c in self.cohorts_of[county_id] if c.starts_on <= latest_join]
            cohort = rng.choice(cohorts) if cohorts else None
        if cohort is not None:
            joined = max(self.start, cohort.starts_on - days(rng.randint(0, 14)))
        else:
            joined = self.day_between(self.start, latest_join)
        return _Trainee(county_id, village_id, household, joined, cohort, entrepreneur)

    def trainee_row(self, plan: _Trainee, county_code: str) -> Trainee:
        rng = self.rng
        ethnicity = _weighted(rng, {"藏族": 80, "汉族": 15, "彝族": 3, "羌族": 2})
        gender = Gender.FEMALE if rng.random() < 0.52 else Gender.MALE
        if plan.entrepreneur:
            birth_year = rng.randint(1978, 2002)
        else:
            birth_year = round(rng.triangular(1965, 2006, 1992))
        education = _weighted(
            rng,
            {
                Education.NONE: 8,
                Education.PRIMARY: 18,
                Education.JUNIOR: 32,
                Education.SENIOR: 18,
                Education.VOCATIONAL: 14,
                Education.COLLEGE: 10,
            },
        )
        phone = ""
        if rng.random() < 0.92:
            phone = f"+861{rng.choice('35789')}{rng.randrange(10**9):09d}"
        return Trainee(
            name=self.person_name(ethnicity),
            gender=gender,
            ethnicity=ethnicity,
            birth_year=birth_year,
            education=education,
            phone=phone,
            county_id=plan.county_id,
            village_id=plan.village_id,
            household_id=plan.household.pk if plan.household else None,
            id_number=self.id_number(county_code, birth_year, gender),
            created_at=self.moment(plan.joined),
        )

    def learning(self) -> None:
        """Enrolments, the lessons done in each, and certificates for the completed ones."""
        enrolments, progress = [], []
        for plan in self.planned_trainees:
            for enrolment, lessons_done in self.plan_enrolments(plan):
                enrolments.append(enrolment)
                progress.append(lessons_done)
        saved = _insert(Enrolment, enrolments)
        done = _insert_count(
            LessonProgress,
            (
                LessonProgress(
                    enrolment_id=enrolment.pk, lesson_id=lesson_id, source=source, done_at=done_at
                )
                for enrolment, lessons_done in zip(saved, progress, strict=True)
                for lesson_id, source, done_at in lessons_done
            ),
        )
        self.counted("enrolments", len(saved))
        self.counted("lesson_progress", done)
        self.certificates(saved)

    def plan_enrolments(self, plan: _Trainee):
        rng, days = self.rng, datetime.timedelta
        courses: list[tuple[int, Cohort | None]] = []
        if plan.cohort is not None:
            courses += [(course, plan.cohort) for course in self.cohort_courses[plan.cohort.pk]]
            own = _weighted(rng, {0: 6, 1: 3, 2: 1})
        else:
            own = _weighted(rng, {1: 70, 2: 20, 3: 7, 4: 3})
        taken = {course for course, _ in courses}
        picked = rng.sample(self.course_ids, min(len(self.course_ids), own + len(taken)))
        courses += [(course, None) for course in picked if course not in taken][:own]
        for k, (course, cohort) in enumerate(courses):
            if cohort is not None:
                enrolled = self.moment(cohort.starts_on)
                source = _weighted(rng, {EnrolmentSource.COORDINATOR: 7, EnrolmentSource.IMPORT: 3})
                completes = rng.random() < 0.20
                span = (cohort.ends_on - cohort.starts_on).days + 30
            else:
                room = max(0, min(400, (self.yesterday - plan.joined).days))
                enrolled = self.moment(plan.joined + days(rng.randint(0, room)))
                source, completes, span = EnrolmentSource.SELF, rng.random() < 0.05, 120
            if plan.entrepreneur and k == 0:
                # Certified early enough to apply for incubation: see plan_shops.
                enrolled = self.moment(plan.joined + days(rng.randint(0, 30)))
                completes, span = True, 90
            yield self.enrolment(plan, course, cohort, source, enrolled, completes, span)

    def enrolment(self, plan, course, cohort, source, enrolled, completes, span):
        rng = self.rng
        lessons = self.lessons_of[course]
        completed_at = self.after(enrolled, days=span) if completes else None
        cutoff = datetime.datetime.combine(self.today, datetime.time(), tzinfo=self.tz)
        if completed_at is not None and completed_at >= cutoff:
            completed_at = None
        if completed_at is not None:
            count, last = len(lessons), completed_at
        else:
            count = 0
            if rng.random() >= (0.4 if cohort else 0.7):
                count = LESSONS_REACHED.pick(rng)
            last = min(cutoff - datetime.timedelta(minutes=1), self.after(enrolled, days=span))
        seconds = max(1, int((last - enrolled).total_seconds()))
        offsets = sorted(rng.randint(0, seconds) for _ in range(count))
        if completed_at is not None:
            offsets[-1] = seconds
        lessons_done = [
            (
                lesson,
                ProgressSource.QUIZ if rng.random() < 0.3 else ProgressSource.MARKED,
                enrolled + datetime.timedelta(seconds=offset),
            )
            for lesson, offset in zip(lessons, offsets, strict=False)
        ]
        enrolment = Enrolment(
            trainee_id=plan.pk,
            course_id=course,
            cohort=cohort,
            source=source,
            enrolled_at=enrolled,
            completed_at=completed_at,
        )
        return enrolment, lessons_done

    def certificates(self, enrolments: list[Enrolment]) -> None:
        rng = self.rng
        completed = sorted(
            (e for e in enrolments if e.completed_at is not None),
            key=lambda e: (e.completed_at, e.pk),
        )
        entrepreneurs = {plan.pk for plan in self.planned_trainees if plan.entrepreneur}
        issued = [timezone.localdate(e.completed_at, self.tz) for e in completed]
        years = Counter(day.year for day in issued)
        numbers = {
            year: iter(certificate_numbers(year=year, count=count)) for year, count in years.items()
        }
        rows = []
        for enrolment, issued_on in zip(completed, issued, strict=True):
            certificate = Certificate(
                enrolment_id=enrolment.pk,
                number=next(numbers[issued_on.year]),
                verification_code=f"{rng.getrandbits(128):032x}",
                issued_on=issued_on,
            )
            revoked_on = issued_on + datetime.timedelta(days=rng.randint(10, 200))
            revocable = enrolment.trainee_id not in entrepreneurs
            if revocable and revoked_on < self.today and rng.random() < 0.02:
                certificate.revoked_at = self.moment(revoked_on)
                certificate.revoked_by = self.manager
                certificate.revoke_reason = rng.choice(REVOKE_REASONS)
            rows.append(certificate)
        saved = _insert(Certificate, rows)
        self.counted("certificates", len(saved))
        self.counted("certificates_revoked", sum(1 for c in saved if c.revoked_at))
        valid = {c.enrolment_id for c in saved if c.revoked_at is None}
        by_trainee = {plan.pk: plan for plan in self.planned_trainees}
        for enrolment in completed:
            plan = by_trainee[enrolment.trainee_id]
            if enrolment.pk in valid and plan.certified_on is None:
                plan.certified_on = timezone.localdate(enrolment.completed_at, self.tz)

    def plan_shops(self) -> None:
        """How many shops, and how many owners each: the trainees to certify early."""
        count = self.how_many("shops")
        self.owners_per_shop = [2 if self.rng.random() < 0.12 else 1 for _ in range(count)]
        self.owner_slots = sum(self.owners_per_shop)

    def shops(self) -> None:
        rng = self.rng
        owners = [plan for plan in self.planned_trainees if plan.entrepreneur]
        rng.shuffle(owners)
        planned, used = [], 0
        for size in self.owners_per_shop:
            group = owners[used : used + size]
            used += size
            if group:
                planned.append(self.plan_shop(group))
        saved = _insert(Shop, (self.shop_row(plan) for plan in planned))
        for plan, shop in zip(planned, saved, strict=True):
            plan.pk = shop.pk
        Shop.owners.through.objects.bulk_create(
            Shop.owners.through(shop_id=plan.pk, trainee_id=owner.pk)
            for plan in planned
            for owner in plan.owners
        )
        self.planned_shops = planned
        self.counted("shops", len(saved))
        self.applications(planned)
        self.channels(planned)

    def plan_shop(self, owners: list[_Trainee]) -> _Shop:
        rng, days = self.rng, datetime.timedelta
        certified = max(owner.certified_on for owner in owners)
        latest = self.today - days(30)
        applied = self.day_between(certified + days(7), min(certified + days(540), latest))
        incubating = min(self.yesterday, applied + days(rng.randint(3, 45)))
        plan = _Shop(
            owners=owners,
            county_id=owners[0].county_id,
            category=_weighted(rng, CATEGORY_WEIGHTS),
            applied_on=applied,
            incubating_on=incubating,
        )
        roll = rng.random()
        graduated = incubating + days(rng.randint(365, 730))
        closed = incubating + days(rng.randint(60, 900))
        if roll < 0.25 and graduated < self.today:
            plan.stage, plan.graduated_on = Stage.GRADUATED, graduated
        elif roll < 0.37 and closed < self.today:
            plan.stage, plan.closed_on = Stage.CLOSED, closed
        return plan

    def shop_row(self, plan: _Shop) -> Shop:
        rng = self.rng
        county = self.county_by_pk[plan.county_id]
        place = county.name[:-1] if len(county.name) > 2 else county.name
        product = rng.choice(PRODUCTS[plan.category])
        suffix = rng.choice(("小店", "专卖店", "合作社", "工坊", "商行", "之家"))
        plan.name = f"{place}{product}{suffix}"
        plan.employs = rng.random() < 0.55
        # The draws of the five ways' former tick boxes, kept: the same seed builds the
        # same programme as before.
        for _tick_box in range(4):
            rng.random()
        return Shop(
            name=plan.name,
            county_id=plan.county_id,
            category=plan.category,
            stage=plan.stage,
            applied_on=plan.applied_on,
            incubating_on=plan.incubating_on,
            graduated_on=plan.graduated_on,
            closed_on=plan.closed_on,
            created_at=self.moment(plan.incubating_on),
        )

    def applications(self, planned: list[_Shop]) -> None:
        rng, days = self.rng, datetime.timedelta
        rows = []
        for plan in planned:
            submitted = self.moment(plan.applied_on)
            decided = max(self.moment(plan.incubating_on), submitted + days(minutes=1))
            rows.append(
                self.application(plan.owners[0], plan.name, plan.category, submitted)
                | {
                    "status": ApplicationStatus.ACCEPTED,
                    "decided_at": decided,
                    "decided_by": self.coordinators[plan.county_id],
                    "shop_id": plan.pk,
                }
            )
        certified = [
            p for p in self.planned_trainees if not p.entrepreneur and p.certified_on is not None
        ]
        rng.shuffle(certified)
        declined = round(len(planned) * 0.15)
        for trainee in certified[:declined]:
            submitted = self.moment(self.day_between(trainee.certified_on, self.yesterday))
            decided = self.after(submitted, days=20)
            if decided.date() >= self.today:
                continue
            rows.append(
                self.application(trainee, "", rng.choice(list(CATEGORY_WEIGHTS)), submitted)
                | {
                    "status": ApplicationStatus.DECLINED,
                    "decided_at": decided,
                    "decided_by": self.coordinators[trainee.county_id],
                    "decline_reason": rng.choice(DECLINE_REASONS),
                }
            )
        for trainee in certified[declined : declined + round(len(planned) * 0.04)]:
            first = max(trainee.certified_on, self.today - days(30))
            submitted = self.moment(self.day_between(first, self.yesterday))
            category = rng.choice(list(CATEGORY_WEIGHTS))
            rows.append(self.application(trainee, "", category, submitted))
        saved_applications = _insert(Application, (Application(**row) for row in rows))
        self.counted("applications", len(saved_applications))

    def application(self, trainee: _Trainee, name: str, category: str, submitted) -> dict:
        product = self.rng.choice(PRODUCTS[category])
        return {
            "trainee_id": trainee.pk,
            "county_id": trainee.county_id,
            "shop_name": name or f"{product}网店",
            "category": category,
            "plan": f"在网上销售本地{product}，先开一个平台店铺，再做直播。",
            "submitted_at": submitted,
        }

    def channels(self, planned: list[_Shop]) -> None:
        rng, days = self.rng, datetime.timedelta
        rows = []
        for plan in planned:
            on_832 = rng.random() < (0.65 if plan.category in FARM_CATEGORIES else 0.15)
            others = dict(OTHER_CHANNELS)
            first = _weighted(rng, others)
            del others[first]
            second = Channel.PLATFORM_832 if on_832 else _weighted(rng, others)
            later = min(self.yesterday, plan.incubating_on + days(rng.randint(0, 300)))
            opened = (
                min(self.yesterday, plan.incubating_on + days(rng.randint(0, 20))),
                later,
            )
            share = rng.uniform(0.55, 0.85)
            plan.channels = [(first, opened[0], share), (second, opened[1], 1 - share)]
            for channel, opened_on, _share in plan.channels:
                rows.append(
                    ShopChannel(
                        shop_id=plan.pk,
                        channel=channel,
                        store_name=f"{plan.name}·{Channel(channel).label}",
                        opened_on=opened_on,
                    )
                )
        self.counted("shop_channels", len(_insert(ShopChannel, rows)))

    def sales_reports(self) -> None:
        last_month = add_months(_month_start(self.today), -1)
        self.months = [add_months(last_month, -n) for n in range(REPORT_MONTHS - 1, -1, -1)]
        self.cutoff = datetime.datetime.combine(self.today, datetime.time(), tzinfo=self.tz)
        statuses: dict[str, int] = defaultdict(int)

        def rows():
            for plan in self.planned_shops:
                for report in self.shop_reports(plan):
                    statuses[report.status] += 1
                    yield report

        self.counted("sales_reports", _insert_count(SalesReport, rows()))
        for status, count in sorted(statuses.items()):
            self.counted(f"sales_reports_{status}", count)

    def shop_reports(self, plan: _Shop) -> Iterator[SalesReport]:
        rng = self.rng
        level = rng.lognormvariate(math.log(6_000), 1.1)
        order_value = rng.lognormvariate(math.log(80), 0.4)
        share = AGRICULTURAL_SHARE[plan.category]
        last = _month_start(plan.closed_on) if plan.closed_on else self.months[-1]
        season = CATEGORY_SEASON.get(plan.category, {})
        started = _month_start(plan.incubating_on)
        for channel, opened_on, channel_share in plan.channels:
            for month in self.months:
                if month < _month_start(opened_on) or month > last or rng.random() < 0.04:
                    continue
                age = (month.year - started.year) * 12 + month.month - started.month
                zero = rng.random() < (0.2 if age < 2 else 0.06)
                sales = 0.0
                if not zero:
                    sales = level * channel_share * min(1.0, 0.3 + 0.7 * age / 6)
                    sales *= SEASON.get(month.month, 1) * season.get(month.month, 1)
                    sales *= rng.lognormvariate(0, 0.35)
                    sales *= 1.3 if plan.stage == Stage.GRADUATED else 1
                amount = Decimal(f"{sales:.2f}")
                orders = max(1, round(sales / order_value)) if amount else 0
                report = SalesReport(
                    shop_id=plan.pk,
                    channel=channel,
                    month=month,
                    sales=amount,
                    orders=orders,
                    agricultural_share=max(0, min(100, share + rng.randint(-5, 5))),
                    created_by=self.coordinators[plan.county_id],
                )
                if self.report_dated(report, month, plan.county_id):
                    yield report

    def report_dated(self, report: SalesReport, month: datetime.date, county_id: int) -> bool:
        """Set the report's status and moments; False when it would not exist yet."""
        rng, days = self.rng, datetime.timedelta
        due = add_months(month, 1)
        delay = SUBMISSION_DELAYS.pick(rng)
        submitted = self.moment(due + days(rng.randint(*delay)))
        decided = self.after(submitted, days=10)
        created = submitted - days(minutes=rng.randint(5, 2 * 24 * 60))
        if created >= self.cutoff:
            return False
        report.created_at = created
        if submitted >= self.cutoff or rng.random() < 0.005:
            report.status, report.updated_at = ReportStatus.DRAFT, created
            return True
        report.submitted_at = report.updated_at = submitted
        roll = rng.random()
        if decided >= self.cutoff or roll < 0.01:
            report.status = ReportStatus.SUBMITTED
            return True
        report.decided_at = report.updated_at = decided
        report.decided_by = self.coordinators[county_id]
        if roll < 0.035:
            report.status, report.return_reason = ReportStatus.RETURNED, rng.choice(RETURN_REASONS)
        else:
            report.status = ReportStatus.APPROVED
        return True

    def jobs(self) -> None:
        rng = self.rng
        employers = [plan for plan in self.planned_shops if plan.employs]
        if not employers and self.planned_shops:
            employers = self.planned_shops[:1]
        count = self.how_many("jobs") if employers else 0
        weights = [rng.lognormvariate(0, 1.0) for _ in employers]
        planned = sorted(
            (self.plan_job(shop) for shop in rng.choices(employers, weights=weights, k=count)),
            key=lambda job: job["starts_on"],
        )
        workers = self.assign_workers(planned)
        saved_workers = _insert(Worker, (worker["row"] for worker in workers))
        for worker, row in zip(workers, saved_workers, strict=True):
            worker["pk"] = row.pk
        jobs = []
        poor = 0
        for job in planned:
            worker = job.pop("worker")
            household = worker["household"]
            status = HouseholdStatus.NONE
            if household is not None:
                status = status_on(household.history, job["starts_on"])
            counts = status in POOR_HOUSEHOLD_STATUSES
            poor += counts
            shop = job.pop("shop")
            created = self.moment(max(shop.incubating_on, job["starts_on"]))
            jobs.append(
                Job(
                    shop_id=shop.pk,
                    worker_id=worker["pk"],
                    worker_name=worker["row"].name,
                    household_status_at_start=status,
                    counts_for_poor_household=counts,
                    created_by=self.coordinators[shop.county_id],
                    created_at=min(created, self.cutoff - datetime.timedelta(minutes=1)),
                    **job,
                )
            )
        self.counted("workers", len(saved_workers))
        self.counted("jobs", len(_insert(Job, jobs)))
        self.counted("jobs_for_poor_households", poor)

    def plan_job(self, shop: _Shop) -> dict:
        rng, days = self.rng, datetime.timedelta
        last = min(self.yesterday, shop.closed_on or self.yesterday)
        starts = self.day_between(min(last, shop.incubating_on + days(14)), last)
        kind = _weighted(rng, {JobKind.FULL_TIME: 45, JobKind.PART_TIME: 30, JobKind.SEASONAL: 25})
        ends = None
        if kind == JobKind.SEASONAL or rng.random() < 0.35:
            short = kind == JobKind.SEASONAL or rng.random() < 0.33
            ends = starts + days(rng.randint(20, 89) if short else rng.randint(90, 700))
            if ends >= self.today:
                ends = None  # still at work
        if shop.closed_on:
            ends = min(ends or shop.closed_on, shop.closed_on)
        wages = {JobKind.FULL_TIME: (240, 450), JobKind.PART_TIME: (80, 200)}
        wage = rng.randint(*wages.get(kind, (150, 350))) * 10
        return {
            "shop": shop,
            "kind": kind,
            "starts_on": starts,
            "ends_on": ends,
            "monthly_wage": Decimal(wage),
        }

    def assign_workers(self, planned: list[dict]) -> list[dict]:
        """A worker for each job (sorted by start): 10 % someone whose last job has ended."""
        rng = self.rng
        workers, free = [], []
        for job in planned:
            worker = None
            if free and rng.random() < 0.10:
                index = rng.randrange(len(free))
                if free[index]["free_from"] < job["starts_on"]:
                    worker = free[index]
                    free[index] = free[-1]
                    free.pop()
            if worker is None:
                worker = self.new_worker(job["shop"].county_id, hired=job["starts_on"])
                workers.append(worker)
            job["worker"] = worker
            if job["ends_on"] is not None:
                worker["free_from"] = job["ends_on"]
                free.append(worker)
        return workers

    def new_worker(self, county_id: int, *, hired: datetime.date) -> dict:
        rng = self.rng
        household = None
        if rng.random() < 0.45 and self.households_of[county_id]:
            poor = self.poor_households_of[county_id]
            pool = poor if poor and rng.random() < 0.55 else self.households_of[county_id]
            household = rng.choice(pool)
        ethnicity = _weighted(rng, {"藏族": 85, "汉族": 15})
        id_number = ""
        if rng.random() < 0.7:
            code = self.county_by_pk[county_id].code
            gender = rng.choice(list(Gender))
            id_number = self.id_number(code, rng.randint(1965, 2005), gender)
        row = Worker(
            name=self.person_name(ethnicity),
            household_id=household.pk if household else None,
            id_number=id_number,
            created_at=min(self.moment(hired), self.cutoff - datetime.timedelta(minutes=1)),
        )
        return {"row": row, "household": household, "free_from": None}


def build(
    *, scale: float, seed: int = 1, today: datetime.date | None = None, report=print
) -> dict[str, int]:
    """Write the data set of the module's description at `scale`; the rows made, by table."""
    if not scale > 0:
        raise ValueError("The scale must be more than 0.")
    rng = random.Random(seed)  # noqa: S311 (a reproducible data set, not a secret)
    today = today or timezone.localdate()
    with transaction.atomic(), _timestamps_as_given():
        builder = _Builder(scale=scale, rng=rng, today=today, report=report)
        counts = builder.build()
    builder.step("vacuum and analyse", _vacuum_and_analyse)
    return counts


def _vacuum_and_analyse() -> None:
    """On PostgreSQL, the tables as autovacuum would soon leave them: statistics for the
    planner, and visibility maps for index-only scans (an area's households, say). Not
    inside a transaction (a test's), where VACUUM cannot run."""
    connection = connections[router.db_for_write(Trainee)]
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
