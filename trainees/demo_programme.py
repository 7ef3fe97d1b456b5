"""A year of the programme for the demo: areas, households, cohorts and their sessions,
trainees at every stage of their courses, written through the programme's own services.

Every step is a service a person would have used (a coordinator enrolling a cohort, a
trainee marking a lesson done, a roster of attendance taken after a class), replayed at the
moment it happened: `happening_at` sets the clock the services read, so that enrolments,
completions, certificates and the audit history carry their days, and the tables derived
from them are kept by the services as they always are. Days are counted back from the day
of the load, so the demo looks current on the day it is loaded; loading it again finds
everything already there (areas by code, households by registry number, cohorts by county
and name, trainees by identity number) and changes nothing.

The apps above (the incubator's shops, sales and jobs) add theirs through DEMO_LOAD_HOOK.
"""

import datetime
import zoneinfo
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Q
from django.utils import timezone

from wagtail.models import Locale

from courses.models import CoursePage, LessonPage
from courses.quiz import mark_quiz
from trainees import attendance, learning, services
from trainees.choices import EnrolmentSource, Gender, HouseholdStatus, Language
from trainees.identity import id_check_character
from trainees.models import (
    Certificate,
    Cohort,
    CohortSession,
    County,
    Enrolment,
    Household,
    HouseholdStatusChange,
    Township,
    Trainee,
    Village,
)

# Apps above the trainees load their part of the demo programme after it:
# fn(*, programme: Programme, report: DemoReport) -> None.
DEMO_LOAD_HOOK = "trainees_demo_programme_load"

LITANG, YAJIANG = "513334", "513325"  # 理塘县, 雅江县
CLASS_STARTS, CLASS_ENDS = datetime.time(9), datetime.time(17)

REPORT_KINDS = (
    ("areas", "Townships and villages"),
    ("households", "Households"),
    ("cohorts", "Cohorts"),
    ("sessions", "Sessions"),
    ("trainees", "Trainees"),
    ("enrolments", "Enrolments"),
    ("lessons_done", "Lessons done"),
    ("attendances", "Attendances"),
    ("certificates", "Certificates"),
)


# The clock


@contextmanager
def happening_at(moment: datetime.datetime) -> Iterator[None]:
    """While loading the demo's history: `django.utils.timezone.now` (which the services, the
    models' automatic dates and Wagtail's log read) answers `moment`. For a management
    command only, never while a site serves requests."""
    real_now = timezone.now
    timezone.now = lambda: moment
    try:
        yield
    finally:
        timezone.now = real_now


@dataclass(frozen=True)
class Days:
    """Moments of the demo's history, counted back from the moment it is loaded."""

    now: datetime.datetime
    zone: zoneinfo.ZoneInfo = field(default_factory=lambda: zoneinfo.ZoneInfo(settings.TIME_ZONE))

    @property
    def today(self) -> datetime.date:
        return timezone.localdate(self.now, self.zone)

    def at(self, day: datetime.date, clock: datetime.time = datetime.time(10)) -> datetime.datetime:
        """`clock` on `day`, local time; never after now (a step of today happens by now)."""
        moment = datetime.datetime.combine(day, clock, tzinfo=self.zone)
        return min(moment, self.now - datetime.timedelta(minutes=1))

    def ago(self, days: int, clock: datetime.time = datetime.time(10)) -> datetime.datetime:
        return self.at(self.today - datetime.timedelta(days=days), clock)

    def this_year(self, days: int, clock: datetime.time = datetime.time(10)) -> datetime.datetime:
        """`days` ago, but in this year: what this year's figures show, even on 2 January."""
        new_year = datetime.date(self.today.year, 1, 1)
        day = max(self.today - datetime.timedelta(days=days), new_year)
        return self.at(day, clock)

    def on(self, day: datetime.date, clock: datetime.time) -> datetime.datetime:
        """`clock` on `day`, local time, past or to come (a class's hours)."""
        return datetime.datetime.combine(day, clock, tzinfo=self.zone)


# What the demo programme holds

# Township code, name, [(village code, name)].
AREAS = {
    LITANG: [
        ("513334100", "高城镇", [("513334100001", "德西一村"), ("513334100002", "然日卡村")]),
        ("513334101", "甲洼镇", [("513334101001", "下坝村")]),
    ],
    YAJIANG: [
        ("513325100", "河口镇", [("513325100001", "帕姆岭村")]),
        ("513325101", "呷拉镇", [("513325101001", "八衣绒村")]),
    ],
}

REGISTERED_POOR, LIFTED_OUT, MONITORED = (
    HouseholdStatus.REGISTERED_POOR,
    HouseholdStatus.LIFTED_OUT,
    HouseholdStatus.MONITORED,
)
# Registry number: (village code, members, [(years ago, status)]).
HOUSEHOLDS = {
    "513334100001001": ("513334100001", 5, [(9, REGISTERED_POOR), (5, LIFTED_OUT)]),
    "513334100001002": ("513334100001", 4, [(8, REGISTERED_POOR), (4, LIFTED_OUT), (1, MONITORED)]),
    "513334100001003": ("513334100001", 3, []),
    "513334100002001": ("513334100002", 6, [(7, REGISTERED_POOR), (5, LIFTED_OUT)]),
    "513334100002002": ("513334100002", 2, [(2, MONITORED)]),
    "513334101001001": ("513334101001", 4, [(9, REGISTERED_POOR), (5, LIFTED_OUT)]),
    "513325100001001": ("513325100001", 5, [(8, REGISTERED_POOR), (5, LIFTED_OUT)]),
    "513325100001002": ("513325100001", 3, [(8, REGISTERED_POOR), (4, LIFTED_OUT)]),
    "513325101001001": ("513325101001", 4, []),
}


@dataclass(frozen=True)
class Person:
    key: str  # how the other parts of the demo name them
    name: str
    gender: str
    born: datetime.date
    county: str
    village: str = ""
    household: str = ""
    education: str = ""
    username: str = ""  # a demo account's
    phone: str = ""  # clearly made up: +86 138 0000 00xx
    language: str = Language.ZH_HANS

    @property
    def id_number(self) -> str:
        """A valid number of the person's county and birth day; its sequence (9xx) is made up."""
        first_17 = f"{self.county}{self.born:%Y%m%d}9{sum(map(ord, self.key)) % 100:02d}"
        return first_17 + id_check_character(first_17)


F, M = Gender.FEMALE, Gender.MALE
PEOPLE = [
    Person(
        "demo-trainee", "泽仁拉姆", F, datetime.date(1996, 3, 12), LITANG, "513334100001",
        "513334100001001", "senior", "demo-trainee", "+8613800000001",
    ),
    Person(
        "demo-trainee-bo", "བཀྲ་ཤིས་དོན་གྲུབ", M, datetime.date(1999, 8, 2), LITANG,
        "513334101001", "", "junior", "demo-trainee-bo", "+8613800000002", Language.BO,
    ),
    Person("gesang", "格桑多吉", M, datetime.date(1991, 11, 20), LITANG, "513334100001",
           "513334100001002", "junior"),
    Person("zhuoma", "卓玛", F, datetime.date(1994, 6, 5), LITANG, "513334100001",
           "513334100001003", "vocational"),
    Person("duoji", "多吉次仁", M, datetime.date(1988, 1, 15), LITANG, "513334100002"),
    Person("lamu", "拉姆", F, datetime.date(2001, 9, 30), LITANG, "513334100002"),
    Person("yangjin", "央金", F, datetime.date(1998, 4, 18), LITANG, "513334101001",
           "513334101001001", "senior"),
    Person("nima", "尼玛扎西", M, datetime.date(1993, 7, 7), LITANG, "513334101001"),
    Person("ciren", "次仁旺姆", F, datetime.date(1990, 5, 21), YAJIANG, "513325100001",
           "513325100001001", "junior"),
    Person("lamucuo", "拉姆措", F, datetime.date(1995, 12, 3), YAJIANG, "513325101001",
           "513325101001001", "senior"),
    Person("yixi", "益西多吉", M, datetime.date(1992, 2, 14), YAJIANG, "513325100001"),
    Person("baima", "白玛", F, datetime.date(1997, 10, 10), YAJIANG, "513325101001"),
]  # fmt: skip

# How far a member gets in a cohort's course: all of it (and the certificate), about half of
# its lessons, or nothing yet.
DONE, HALFWAY, ENROLLED = "done", "halfway", "enrolled"


@dataclass(frozen=True)
class Member:
    key: str
    stage: str
    sessions: tuple[int, ...] | None = None  # the numbers of the sessions attended; None: all
    finishes_this_year: bool = False  # their last lesson is done in the last days


@dataclass(frozen=True)
class CohortPlan:
    county: str
    name: str
    course: str  # slug of the Chinese course
    starts: int  # days after today (negative: ago)
    days: int
    sessions: tuple[int, ...]  # days after the start
    place: str
    members: tuple[Member, ...]
    run_by_demo_staff: bool = False  # the demo coordinator and instructor


COHORTS = [
    CohortPlan(
        LITANG, "理塘县网店开设一期", "open-online-shop", -420, 42, (1, 15, 29),
        "理塘县电子商务公共服务中心",
        (
            Member("demo-trainee", DONE),
            Member("gesang", DONE),
            Member("zhuoma", DONE),
            Member("duoji", HALFWAY, sessions=(0, 1)),
            Member("lamu", ENROLLED, sessions=(0,)),
        ),
        run_by_demo_staff=True,
    ),
    CohortPlan(
        LITANG, "理塘县直播带货二期", "livestream-selling-basics", -35, 90, (2, 16, 30, 44, 58),
        "理塘县电子商务公共服务中心 直播间",
        (
            Member("demo-trainee", HALFWAY),
            Member("gesang", DONE, finishes_this_year=True),
            Member("yangjin", ENROLLED, sessions=(1,)),
            Member("nima", HALFWAY, sessions=(0, 2)),
        ),
        run_by_demo_staff=True,
    ),
    CohortPlan(
        YAJIANG, "雅江县松茸电商班", "matsutake-cold-chain", -330, 35, (1, 15, 29),
        "雅江县电子商务公共服务中心",
        (
            Member("ciren", DONE),
            Member("lamucuo", DONE),
            Member("yixi", DONE),
            Member("baima", HALFWAY, sessions=(0, 1)),
        ),
    ),
]  # fmt: skip

# A trainee who found the Tibetan course themselves: (key, course slug, enrolled days ago,
# days ago of each lesson done).
SELF_STUDY = [("demo-trainee-bo", "open-online-shop", 20, (18, 9))]


@dataclass
class Programme:
    """What the trainees' part of the demo loaded, for the apps above to build on."""

    days: Days
    users: dict[str, AbstractBaseUser]  # demo accounts by username
    counties: dict[str, County]  # by code
    trainees: dict[str, Trainee] = field(default_factory=dict)  # by Person.key
    households: dict[str, Household] = field(default_factory=dict)  # by registry number

    @property
    def coordinator(self) -> AbstractBaseUser:
        return self.users["demo-coordinator"]

    @property
    def manager(self) -> AbstractBaseUser:
        return self.users["demo-manager"]

    def runs(self, county: County) -> AbstractBaseUser:
        """Who acts for the county: its demo coordinator, else the demo manager."""
        if self.coordinator.profile.county_id == county.pk:
            return self.coordinator
        return self.manager


def people_by_key() -> dict[str, Person]:
    return {person.key: person for person in PEOPLE}


def demo_id_numbers() -> list[str]:
    return [person.id_number for person in PEOPLE]


# Counting what is there, before and after


def counts() -> dict[str, int]:
    """How many records of each kind of REPORT_KINDS the demo programme has."""
    trainees = Trainee.objects.filter(id_number__in=demo_id_numbers())
    enrolments = Enrolment.objects.filter(trainee__in=trainees)
    village_codes = [code for townships in AREAS.values() for *_, vs in townships for code, _ in vs]
    township_codes = [code for townships in AREAS.values() for code, *_ in townships]
    cohorts = Q()
    for plan in COHORTS:
        cohorts |= Q(county__code=plan.county, name=plan.name)
    return {
        "areas": Township.objects.filter(code__in=township_codes).count()
        + Village.objects.filter(code__in=village_codes).count(),
        "households": Household.objects.filter(registry_number__in=HOUSEHOLDS).count(),
        "cohorts": Cohort.objects.filter(cohorts).count(),
        "sessions": CohortSession.objects.filter(cohort__in=Cohort.objects.filter(cohorts)).count(),
        "trainees": trainees.count(),
        "enrolments": enrolments.count(),
        "lessons_done": sum(enrolment.progress.count() for enrolment in enrolments),
        "attendances": sum(trainee.attendances.count() for trainee in trainees),
        "certificates": Certificate.objects.filter(enrolment__in=enrolments).count(),
    }


# Loading


def areas_load() -> dict[str, Village]:
    """The townships and villages of the demo, found by code or made (and checked as the
    admin's forms check them)."""
    villages = {}
    for county_code, townships in AREAS.items():
        county = County.objects.get(code=county_code)
        for code, name, village_list in townships:
            township = Township.objects.filter(code=code).first()
            if township is None:
                township = Township(county=county, code=code, name=name)
                township.full_clean()
                township.save()
            for village_code, village_name in village_list:
                village = Village.objects.filter(code=village_code).first()
                if village is None:
                    village = Village(township=township, code=village_code, name=village_name)
                    village.full_clean()
                    village.save()
                villages[village_code] = village
    return villages


def households_load(days: Days, villages: dict[str, Village]) -> dict[str, Household]:
    """The households, each with its statuses (from so many years ago) when it is new."""
    households = {}
    for number, (village_code, members, statuses) in HOUSEHOLDS.items():
        household = Household.objects.filter(registry_number=number).first()
        if household is None:
            household = Household.objects.create(
                registry_number=number, village=villages[village_code], members=members
            )
            for years, status in statuses:
                services.household_status_change_save(
                    change=HouseholdStatusChange(
                        household=household,
                        status=status,
                        valid_from=days.today.replace(year=days.today.year - years, day=1),
                    )
                )
        households[number] = household
    return households


def trainee_load(
    person: Person, *, days: Days, users: dict, villages: dict, households: dict
) -> tuple[Trainee, bool]:
    """The person's trainee record, found by identity number or made; whether it is new.

    A demo account's person signs up (their own record, their phone, their language), as on
    the site; the others are recorded by their county's coordinator."""
    trainee = Trainee.objects.filter(id_number=person.id_number).first()
    if trainee is not None:
        return trainee, False
    county = County.objects.get(code=person.county)
    with happening_at(days.ago(460)):
        if person.username:
            user = users[person.username]
            services.profile_phone_set(user=user, phone=person.phone, verified=True)
            services.profile_preferences_update(user=user, language=person.language, county=county)
            trainee = learning.trainee_create_for_user(
                user=user,
                name=person.name,
                gender=person.gender,
                birth_year=person.born.year,
                county=county,
                id_number=person.id_number,
            )
        else:
            trainee = Trainee(
                name=person.name,
                gender=person.gender,
                birth_year=person.born.year,
                county=county,
                id_number=person.id_number,
            )
        trainee.ethnicity = "藏族"
        trainee.education = person.education
        trainee.phone = person.phone
        trainee.village = villages.get(person.village)
        trainee.household = households.get(person.household)
        trainee.full_clean()
        services.trainee_save(trainee=trainee)
    return trainee, True


def correct_answers(quiz: dict) -> list[frozenset[int]]:
    return [
        frozenset(i for i, choice in enumerate(question["choices"]) if choice["correct"])
        for question in quiz["questions"]
    ]


def lesson_complete(enrolment: Enrolment, lesson: LessonPage) -> None:
    """Done as a trainee does it: marked as done, or its quiz passed."""
    quiz = lesson.specific.quiz()
    if quiz is None:
        learning.lesson_mark_done(enrolment=enrolment, lesson=lesson)
        return
    answers = correct_answers(quiz)
    learning.quiz_attempt_record(
        enrolment=enrolment, lesson=lesson, answers=answers, result=mark_quiz(quiz, answers)
    )


def lessons_to_do(stage: str, lessons: list[LessonPage]) -> list[LessonPage]:
    if stage == DONE:
        return lessons
    if stage == HALFWAY:
        return lessons[: (len(lessons) + 1) // 2]
    return []


class Timeline:
    """Steps of the demo's history, each run at its moment, all in the order they happened
    (so that certificates are numbered in the order they were issued)."""

    def __init__(self, days: Days):
        self.days = days
        self.steps: list[tuple[datetime.datetime, int, Callable[[], object]]] = []

    def add(self, moment: datetime.datetime, step: Callable[[], object]) -> None:
        moment = min(moment, self.days.now - datetime.timedelta(minutes=1))
        self.steps.append((moment, len(self.steps), step))

    def run(self) -> None:
        for moment, _order, step in sorted(self.steps, key=lambda step: step[:2]):
            with happening_at(moment):
                step()


def cohort_plan(plan: CohortPlan, programme: Programme, timeline: Timeline) -> None:
    """A cohort's history on the timeline: made, its sessions planned and its members
    enrolled by the coordinator, lessons done between the classes and attendance taken after
    each; a cohort found by county and name is left as it is."""
    days = programme.days
    county = programme.counties[plan.county]
    if Cohort.objects.filter(county=county, name=plan.name).exists():
        return
    course = CoursePage.objects.get(slug=plan.course, locale=Locale.get_default())
    starts_on = days.today + datetime.timedelta(days=plan.starts)
    cohort = Cohort(
        name=plan.name,
        county=county,
        starts_on=starts_on,
        ends_on=starts_on + datetime.timedelta(days=plan.days),
        coordinator=programme.coordinator if plan.run_by_demo_staff else None,
    )
    cohort.full_clean()
    classes = [
        (
            days.on(starts_on + datetime.timedelta(days=offset), CLASS_STARTS),
            days.on(starts_on + datetime.timedelta(days=offset), CLASS_ENDS),
        )
        for offset in plan.sessions
    ]
    sessions: list[CohortSession] = []
    enrolments: dict[str, Enrolment] = {}

    def made():
        cohort.save()
        cohort.courses.add(course)
        if plan.run_by_demo_staff:
            cohort.instructors.add(programme.users["demo-instructor"])
        for starts_at, ends_at in classes:
            sessions.append(
                attendance.session_create(
                    cohort=cohort, starts_at=starts_at, ends_at=ends_at, place=plan.place
                )
            )

    def enrolled():
        for member in plan.members:
            enrolments[member.key] = learning.enrolment_create(
                trainee=programme.trainees[member.key],
                course=course,
                cohort=cohort,
                source=EnrolmentSource.COORDINATOR,
            )

    timeline.add(days.at(starts_on - datetime.timedelta(days=20)), made)
    timeline.add(days.at(starts_on - datetime.timedelta(days=3)), enrolled)
    held = [(number, ends_at) for number, (_, ends_at) in enumerate(classes) if ends_at <= days.now]
    for number, ends_at in held:
        present = [
            programme.trainees[member.key].pk
            for member in plan.members
            if member.sessions is None or number in member.sessions
        ]
        timeline.add(
            ends_at,
            lambda number=number, present=present: attendance.attendance_roster_save(
                session=sessions[number], present_trainee_ids=present
            ),
        )
    lessons = list(learning.course_lessons(course))
    # Lessons are done in the evenings between the classes, the last one after the last
    # class held so far.
    first = days.at(starts_on)
    last = held[-1][1] if held else first
    for member in plan.members:
        todo = lessons_to_do(member.stage, lessons)
        for index, lesson in enumerate(todo):
            moment = first + (last - first) * (index + 1) / len(lessons)
            moment = moment.replace(hour=20, minute=index)
            if member.finishes_this_year and index == len(todo) - 1:
                moment = days.this_year(1, datetime.time(20, 30))
            timeline.add(
                moment,
                lambda key=member.key, lesson=lesson: lesson_complete(enrolments[key], lesson),
            )


def self_study_plan(programme: Programme, timeline: Timeline) -> None:
    """Courses trainees found themselves, in the language they read (the Tibetan course)."""
    days = programme.days
    for key, slug, enrolled_ago, lessons_ago in SELF_STUDY:
        trainee = programme.trainees[key]
        course = CoursePage.objects.get(slug=slug, locale=Locale.get_default())
        if Enrolment.objects.filter(trainee=trainee, course=course).exists():
            continue
        language = Locale.objects.get(language_code=people_by_key()[key].language)
        page = course.get_translation_or_none(language) or course
        enrolments: dict[str, Enrolment] = {}

        def enrolled(trainee=trainee, page=page, enrolments=enrolments):
            enrolments["self"] = learning.enrolment_create(
                trainee=trainee, course=page, source=EnrolmentSource.SELF
            )

        timeline.add(days.ago(enrolled_ago, datetime.time(21)), enrolled)
        for lesson, ago in zip(learning.course_lessons(course), lessons_ago, strict=False):
            timeline.add(
                days.ago(ago, datetime.time(21, 15)),
                lambda lesson=lesson, enrolments=enrolments: lesson_complete(
                    enrolments["self"], lesson
                ),
            )


def programme_load(report, *, users: dict[str, AbstractBaseUser]) -> Programme:
    """The trainees' part of the demo programme; then the apps above load theirs."""
    from wagtail import hooks

    report.add_kinds(REPORT_KINDS)
    before = counts()
    days = Days(now=timezone.now())
    programme = Programme(
        days=days,
        users=users,
        counties={county.code: county for county in County.objects.filter(code__in=AREAS)},
    )
    villages = areas_load()
    programme.households = households_load(days, villages)
    for person in PEOPLE:
        programme.trainees[person.key], _new = trainee_load(
            person, days=days, users=users, villages=villages, households=programme.households
        )
    timeline = Timeline(days)
    for plan in COHORTS:
        cohort_plan(plan, programme, timeline)
    self_study_plan(programme, timeline)
    timeline.run()
    after = counts()
    for kind, _label in REPORT_KINDS:
        report.tally(kind, before=before[kind], after=after[kind])
    for load in hooks.get_hooks(DEMO_LOAD_HOOK):
        load(programme=programme, report=report)
    return programme
