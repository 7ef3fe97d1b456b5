"""`manage.py load_demo`: the demo programme, its Tibetan course, the demo accounts and a
year of the programme in motion (cohorts, trainees, shops, sales, jobs).

Loading the demo takes several seconds, so it runs once for this module (with
DEBUG on, so the accounts and the programme are there too); each test runs inside its own
transaction on top of it and leaves it as it found it. Without DEBUG:
test_load_demo_without_debug.py.
"""

import datetime
import hashlib
import io
import re
from decimal import Decimal

import pytest
from allauth.account.models import EmailAddress
from bs4 import BeautifulSoup
from PIL import Image as PILImage
from PIL import ImageStat

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation

from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Locale, Page, Revision
from wagtail.test.utils.form_data import querydict_from_html
from wagtail.users.models import UserProfile

from courses.demo import content, content_bo, content_en
from courses.factories import DocumentFactory, catalogue
from courses.models import CoursePage, LessonPage, ProgrammePage
from courses.services import instructor_group_name
from incubator.choices import ApplicationStatus, ReportStatus
from incubator.models import Application, Job, SalesReport, Shop, ShopChannel, Worker
from incubator.values import add_months, this_month
from tests.derived_tables import assert_kept_right
from trainees.choices import POOR_HOUSEHOLD_STATUSES
from trainees.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from trainees.models import (
    Attendance,
    Certificate,
    Cohort,
    CohortSession,
    Enrolment,
    Household,
    HouseholdStatusChange,
    LessonProgress,
    QuizAttempt,
    Trainee,
)
from trainees.phones import normalise_phone

pytestmark = pytest.mark.slow

TIBETAN = re.compile(r"[\u0f00-\u0fff]")
HAN = re.compile(r"[\u4e00-\u9fff]")
DEMO_USERNAMES = [username for username, _, _ in DEMO_ACCOUNTS]


def run_load_demo() -> str:
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def demo_media(tmp_path_factory):
    return tmp_path_factory.mktemp("demo-media")


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, demo_media):
    """Every test reads the files that the module's load_demo wrote."""
    settings.MEDIA_ROOT = demo_media


@pytest.fixture(scope="module", autouse=True)
def demo_output(django_db_setup, django_db_blocker, demo_media):
    """load_demo once on a fresh database, rolled back after the module."""
    with (
        django_db_blocker.unblock(),
        override_settings(DEBUG=True, MEDIA_ROOT=demo_media),
        transaction.atomic(),
    ):
        output = run_load_demo()
        yield output
        transaction.set_rollback(True)


PROGRAMME_MODELS = (
    Household,
    HouseholdStatusChange,
    Cohort,
    CohortSession,
    Trainee,
    Enrolment,
    LessonProgress,
    QuizAttempt,
    Attendance,
    Certificate,
    Application,
    Shop,
    ShopChannel,
    SalesReport,
    Worker,
    Job,
)


def programme_rows() -> dict[str, list]:
    """Every row of the programme's records, as stored (dates included)."""
    return {
        model.__name__: list(model.objects.order_by("pk").values()) for model in PROGRAMME_MODELS
    }


def user(username: str):
    return get_user_model().objects.get(username=username)


def chinese(model):
    return model.objects.filter(locale__language_code="zh-hans")


def pages_in_order() -> list[Page]:
    return list(Page.objects.filter(depth__gte=2).order_by("path").specific())


@pytest.mark.django_db
def test_the_programme_has_tracks_courses_and_lessons(demo_output):
    tracks = ProgrammePage.objects.child_of(catalogue())
    courses = chinese(CoursePage)
    lessons = chinese(LessonPage)

    assert tracks.live().count() >= 3
    assert courses.live().count() >= 8
    assert lessons.live().count() >= 40
    assert "Tracks: 3 created, 0 existing" in demo_output
    assert "Courses: 8 created, 0 existing" in demo_output
    assert "Lessons: 40 created, 0 existing" in demo_output
    assert courses.filter(title="直播带货入门").exists()


@pytest.mark.django_db
def test_each_course_is_complete_and_ends_a_lesson_with_a_quiz():
    for course in chinese(CoursePage):
        assert course.code and course.summary and course.cover_image, course.title
        lessons = [lesson.specific for lesson in course.get_children()]
        assert len(lessons) >= 5, course.title
        assert any(lesson.quiz() for lesson in lessons), course.title
        quiz = next(lesson.quiz() for lesson in lessons if lesson.quiz())
        assert {question["multiple"] for question in quiz["questions"]} == {True, False}
        assert all(question["explanation"] for question in quiz["questions"])


@pytest.mark.django_db
def test_lessons_have_text_headings_tips_and_mostly_captioned_images():
    lessons = [lesson for lesson in chinese(LessonPage)]
    with_images = 0
    for lesson in lessons:
        kinds = [block.block_type for block in lesson.body]
        assert {"text", "heading", "tip"} <= set(kinds), lesson.title
        text = " ".join(block.value.source for block in lesson.body if block.block_type == "text")
        assert len(HAN.findall(text)) >= 80, lesson.title
        images = [block.value for block in lesson.body if block.block_type == "image"]
        assert all(image["caption"] and image["alt_text"] for image in images), lesson.title
        with_images += bool(images)
    assert with_images > len(lessons) * 0.8


@pytest.mark.django_db
def test_downloads_and_the_video_are_real_files(client):
    blocks = [block for lesson in chinese(LessonPage) for block in lesson.body]
    downloads = [block.value["document"] for block in blocks if block.block_type == "download"]
    videos = [block.value for block in blocks if block.block_type == "video"]

    assert len({document.pk for document in downloads}) >= 4
    checklist = Document.objects.get(title="松茸包装检查清单")
    with checklist.file.open("rb") as file:
        assert "冰袋" in file.read().decode("utf-8")
    assert len(videos) == 1 and videos[0]["file"] and not videos[0]["embed"]
    with videos[0]["file"].file.open("rb") as file:
        assert file.read(4) == b"\x1a\x45\xdf\xa3"  # the EBML header of a WebM file


@pytest.mark.django_db
def test_livestream_course_requires_the_shop_course_and_has_the_demo_instructor():
    livestream = chinese(CoursePage).get(title="直播带货入门")
    instructor = get_user_model().objects.get(username="demo-instructor")

    assert list(livestream.prerequisites.values_list("title", flat=True)) == ["网店开设入门"]
    assert instructor.taught_courses.filter(locale__language_code="zh-hans").count() >= 2
    assert instructor.groups.filter(name=instructor_group_name(livestream)).exists()


@pytest.mark.django_db
def test_a_course_is_translated_into_tibetan_in_the_bo_tree(client):
    bo = Locale.objects.get(language_code="bo")
    source = chinese(CoursePage).get(slug=content_bo.COURSE_SLUG)
    course = source.get_translation(bo)
    lessons = [lesson.specific for lesson in course.get_children()]

    assert course.alias_of_id is None
    assert TIBETAN.search(course.title) and not HAN.search(course.title)
    assert TIBETAN.search(course.summary)
    assert len(lessons) == len(content_bo.LESSONS)
    for lesson in lessons:
        assert lesson.alias_of_id is None and lesson.live
        assert TIBETAN.search(lesson.title) and not HAN.search(lesson.title)
        text = " ".join(block.value.source for block in lesson.body if block.block_type == "text")
        assert TIBETAN.search(text) and not HAN.search(text)
    assert TIBETAN.search(course.get_parent().title)
    html = client.get(course.url).content.decode()
    assert course.title in html and 'lang="bo"' in html


def reader_pages(prefix: str) -> list[str]:
    """The home page, the catalogue and every track, in the tree of `prefix`."""
    tracks = ProgrammePage.objects.child_of(catalogue()).values_list("slug", flat=True)
    return [f"{prefix}/", f"{prefix}/courses/", *(f"{prefix}/courses/{slug}/" for slug in tracks)]


def main_of(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser").main


def chinese_only_titles(main, *, badge: str) -> list[str]:
    """Take the Chinese words out of `main`: each must be the title of a course card whose
    badge says the course is Chinese. The titles, in order."""
    titles = []
    for element in main.select("[lang]"):
        if element.decomposed or not element["lang"].startswith("zh"):
            continue
        card = element.find_parent("li", class_="card")
        assert element.name == "h2" and card is not None, element
        assert badge in [span.get_text(strip=True) for span in card.select(".badge")]
        titles.append(element.get_text(strip=True))
        element.decompose()
    return titles


@pytest.mark.django_db
@pytest.mark.parametrize("code, texts", [("bo", content_bo), ("en", content_en)])
def test_home_catalogue_and_tracks_are_translations_of_their_own(demo_output, code, texts):
    locale = Locale.objects.get(language_code=code)
    home_page = catalogue(code).get_parent().specific
    pages = [(home_page, texts.HOME), (catalogue(code), texts.CATALOGUE)]
    for track in ProgrammePage.objects.child_of(catalogue()):
        pages.append((track.get_translation(locale).specific, texts.TRACKS[track.slug]))

    for page, data in pages:
        assert page.alias_of_id is None and page.live, page.url_path
        assert page.locale == locale
        assert (page.title, page.intro, page.search_description) == (
            data["title"],
            data["intro"],
            data["search_description"],
        )
    # bo and en: the home page, the catalogue, 3 tracks; bo: a course and its 5 lessons.
    assert "Translated pages: 16 created, 0 existing" in demo_output


@pytest.mark.django_db
def test_tibetan_pages_have_no_chinese_but_the_titles_of_chinese_only_courses(client):
    chinese_courses = set(chinese(CoursePage).values_list("title", flat=True))
    listed = []
    for url in reader_pages("/bo"):
        main = main_of(client, url)
        titles = chinese_only_titles(main, badge="རྒྱ་ཡིག")
        assert set(titles) <= chinese_courses, url
        listed += titles
        text = main.get_text(" ", strip=True)
        assert not HAN.search(text), (url, HAN.findall(text))
        assert TIBETAN.search(main.h1.get_text()), url
    # The Tibetan course is listed in Tibetan; the seven others keep their Chinese titles.
    assert set(listed) == chinese_courses - {"网店开设入门"}


@pytest.mark.django_db
def test_english_pages_are_in_english_but_the_titles_of_chinese_courses(client):
    for url in reader_pages("/en"):
        main = main_of(client, url)
        titles = chinese_only_titles(main, badge="Chinese")
        text = main.get_text(" ", strip=True)
        assert not HAN.search(text) and not TIBETAN.search(text), url
        assert re.search(r"[A-Za-z]{4,}", main.h1.get_text()), url
        if url.endswith("/courses/"):
            assert len(titles) == chinese(CoursePage).count()
    main = main_of(client, "/en/")
    assert main.h1.get_text(strip=True) == content_en.HOME["title"]


@pytest.mark.django_db
def test_pages_tell_search_engines_about_themselves_in_their_language(client):
    for code, texts in (("bo", content_bo), ("en", content_en)):
        soup = BeautifulSoup(client.get(f"/{code}/").content, "html.parser")
        description = soup.find("meta", attrs={"name": "description"})["content"]
        assert description == texts.HOME["search_description"]


@pytest.mark.django_db
def test_every_chinese_page_has_an_alias_or_translation_in_bo_and_en():
    for page in chinese(Page).filter(depth__gte=4):
        for code in ("bo", "en"):
            assert page.has_translation(Locale.objects.get(language_code=code)), page.title


@pytest.mark.django_db
def test_every_page_answers_at_its_url(client):
    failures = []
    for page in pages_in_order():
        status = client.get(page.url).status_code
        if status != 200:
            failures.append((page.url, status))
    assert failures == []


@pytest.mark.django_db
def test_site_search_finds_the_livestream_course(client):
    html = client.get("/search/", {"q": "直播"}).content.decode()
    assert "直播带货入门" in html


@pytest.mark.django_db
def test_pictures_are_different_real_jpegs():
    images = Image.objects.filter(title__in=content.IMAGES)
    digests = set()
    assert images.count() == len(content.IMAGES)
    for image in images:
        with image.file.open("rb") as file:
            data = file.read()
        picture = PILImage.open(io.BytesIO(data))
        picture.load()
        assert picture.format == "JPEG" and picture.size == (960, 540)
        assert max(ImageStat.Stat(picture.convert("L")).stddev) > 20, image.title
        assert image.description, image.title
        digests.add(hashlib.sha256(data).hexdigest())
    assert len(digests) == images.count()


@pytest.mark.django_db
def test_a_second_run_creates_nothing_new():
    counts = (Page.objects.count(), Image.objects.count(), Document.objects.count())
    users = get_user_model().objects.count()
    programme = programme_rows()
    revisions = Revision.objects.count()
    pages = set(Page.objects.values_list("pk", "title", "alias_of", "last_published_at"))

    with override_settings(DEBUG=True):
        output = run_load_demo()

    lines = output.strip().splitlines()
    assert lines and all(" 0 created" in line for line in lines), output
    assert "Sales reports: 0 created, " in output and "Trainees: 0 created, 12 existing" in output
    assert (Page.objects.count(), Image.objects.count(), Document.objects.count()) == counts
    assert Revision.objects.count() == revisions
    assert set(Page.objects.values_list("pk", "title", "alias_of", "last_published_at")) == pages
    assert get_user_model().objects.count() == users
    assert programme_rows() == programme


@pytest.mark.django_db
def test_a_new_document_with_a_demo_title_is_not_duplicated():
    """Documents are found by title, so one made in the admin is kept as it is."""
    Document.objects.filter(title="客服常用话术").delete()
    DocumentFactory(title="客服常用话术")

    run_load_demo()

    assert Document.objects.filter(title="客服常用话术").count() == 1


@pytest.mark.django_db
def test_demo_accounts_exist_with_debug_on():
    users = get_user_model().objects.filter(username__in=DEMO_USERNAMES)

    assert {user.username for user in users} == set(DEMO_USERNAMES)
    for username, group, is_staff in DEMO_ACCOUNTS:
        user = users.get(username=username)
        assert user.check_password(DEMO_PASSWORD)
        assert user.email == f"{username}@example.com"
        assert user.groups.filter(name=group).exists()
        assert user.is_staff == is_staff and not user.is_superuser
        assert EmailAddress.objects.filter(
            user=user, email=user.email, verified=True, primary=True
        ).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["demo-instructor", "demo-coordinator", "demo-manager"])
def test_demo_staff_switch_the_admin_to_tibetan_in_their_account_settings(client, username):
    """The account settings also ask for a name, which staff accounts have."""
    user = get_user_model().objects.get(username=username)
    client.force_login(user)
    html = client.get(reverse("wagtailadmin_account")).content.decode()
    data = querydict_from_html(html, form_id="w-editor-form").dict()
    data["locale-preferred_language"] = "bo"

    response = client.post(reverse("wagtailadmin_account"), data)

    assert response.status_code == 302, "the form came back with errors"
    assert UserProfile.get_for_user(user).preferred_language == "bo"


@pytest.mark.django_db
@pytest.mark.parametrize("login", ["demo-trainee", "demo-trainee@example.com"])
def test_demo_trainee_logs_in_with_username_or_email(client, login):
    response = client.post("/accounts/login/", {"login": login, "password": DEMO_PASSWORD})

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(
        get_user_model().objects.get(username="demo-trainee").pk
    )


@pytest.mark.django_db
def test_demo_coordinator_runs_litang_county():
    coordinator = get_user_model().objects.get(username="demo-coordinator")
    assert coordinator.profile.county.name == "理塘县"


# A year of the programme


SHANGHAI_DAY = (datetime.time(9), datetime.time(17))


@pytest.mark.django_db
def test_cohorts_in_two_counties_have_classes_held_and_to_come_from_9_to_17_local_time():
    cohorts = Cohort.objects.all()
    sessions = CohortSession.objects.filter(cohort__in=cohorts)
    now = timezone.now()

    assert set(cohorts.values_list("county__name", flat=True)) == {"理塘县", "雅江县"}
    assert sessions.filter(ends_at__lt=now).exists() and sessions.filter(starts_at__gt=now).exists()
    for session in sessions:
        hours = (
            timezone.localtime(session.starts_at).time(),
            timezone.localtime(session.ends_at).time(),
        )
        assert hours == SHANGHAI_DAY, session
    held = sessions.filter(ends_at__lt=now)
    assert Attendance.objects.filter(session__in=held, present=True).exists()
    assert Attendance.objects.filter(session__in=held, present=False).exists()
    assert not Attendance.objects.filter(session__starts_at__gt=now).exists()


@pytest.mark.django_db
def test_trainees_are_at_every_stage_some_from_poor_households():
    enrolments = Enrolment.objects.all()
    started = enrolments.filter(progress__isnull=False, completed_at__isnull=True).distinct()

    assert enrolments.filter(progress__isnull=True).exists()  # enrolled, nothing done yet
    assert started.exists()  # on their way
    assert Certificate.objects.filter(revoked_at__isnull=True).count() >= 5
    assert Trainee.objects.filter(shops__isnull=False).count() >= 3
    today = timezone.localdate()
    poor = [
        t
        for t in Trainee.objects.exclude(household=None)
        if t.household.status_on(today) in POOR_HOUSEHOLD_STATUSES
    ]
    assert len(poor) >= 3
    # Certificates are numbered in the order they were issued.
    issued = list(Certificate.objects.order_by("issued_on", "pk").values_list("number", flat=True))
    assert issued == sorted(issued)


@pytest.mark.django_db
def test_the_tables_derived_from_the_demo_are_as_a_rebuild_makes_them():
    assert_kept_right("load_demo")


@pytest.mark.django_db
def test_demo_trainee_has_a_name_and_a_made_up_mobile_number():
    trainee = Trainee.objects.get(user__username="demo-trainee")

    assert trainee.name == "泽仁拉姆"
    assert trainee.user.profile.phone == trainee.phone == "+8613800000001"
    assert normalise_phone(trainee.phone) == trainee.phone
    assert trainee.user.profile.county.name == "理塘县"


@pytest.mark.django_db
def test_demo_trainees_my_learning_shows_a_course_halfway_and_a_certificate(client):
    client.force_login(user("demo-trainee"))

    response = client.get(reverse("learning_home"))

    courses = {item.enrolment.course.title: item for item in response.context["courses"]}
    halfway = courses["直播带货入门"]
    assert 0 < halfway.lessons_done < halfway.lessons_total and halfway.resume_url
    assert halfway.certificate is None
    done = courses["网店开设入门"]
    assert done.lessons_done == done.lessons_total and done.certificate.is_valid
    html = response.content.decode()
    assert done.certificate.number in html and "直播带货入门" in html
    assert reverse("my_shops") in html  # the "My shop" card


@pytest.mark.django_db
def test_demo_trainees_my_shop_shows_a_year_of_sales_on_two_channels_and_jobs(client):
    client.force_login(user("demo-trainee"))

    response = client.get(reverse("my_shops"), follow=True)

    overview = response.context["overview"]
    assert overview.shop.name == "泽仁拉姆牦牛肉干"
    assert {item.channel.get_channel_display() for item in overview.reports} == {
        "Douyin",
        "832 platform",
    }
    assert all(item.report.status == ReportStatus.APPROVED for item in overview.reports)
    months = [bar for bar in overview.chart if bar.month < this_month()]
    assert len(months) == 11 and all(bar.approved > 0 for bar in months)
    approved = SalesReport.objects.filter(shop=overview.shop, status=ReportStatus.APPROVED)
    assert approved.count() == 24
    assert approved.order_by("month").first().month == add_months(this_month(), -12)
    assert sum(1 for job in overview.jobs if job.counts_for_poor_household) >= 2
    assert overview.ended_jobs


@pytest.mark.django_db
def test_demo_trainee_in_tibetan_has_done_lessons_of_the_tibetan_course(client):
    account = user("demo-trainee-bo")
    client.force_login(account)

    with translation.override("bo"):
        response = client.get(reverse("learning_home"))

    assert account.profile.language == "bo"
    (item,) = response.context["courses"]
    assert item.enrolment.course.slug == content_bo.COURSE_SLUG
    assert 0 < item.lessons_done < item.lessons_total
    # The course and the next lesson open in Tibetan.
    assert item.course_url.startswith("/bo/") and item.resume_url.startswith("/bo/")
    assert TIBETAN.search(item.resume_title) and not HAN.search(item.resume_title)


@pytest.mark.django_db
def test_the_coordinator_has_an_application_and_reports_waiting_in_their_county(client):
    client.force_login(user("demo-coordinator"))

    applications = client.get(reverse("application:index")).content.decode()
    reports = client.get(reverse("salesreport:index"), {"status": "submitted"}).content.decode()

    waiting = Application.objects.get(status=ApplicationStatus.SUBMITTED)
    assert waiting.county.name == "理塘县" and waiting.shop_name in applications
    assert "雅江" not in applications  # another county's
    submitted = SalesReport.objects.filter(status=ReportStatus.SUBMITTED)
    assert submitted.count() == 2 and {r.shop.county.name for r in submitted} == {"理塘县"}
    assert submitted.first().shop.name in reports
    assert reverse("salesreport:decide", args=[submitted.first().pk]) in reports


@pytest.mark.django_db
def test_the_managers_dashboard_shows_this_years_figures(client):
    client.force_login(user("demo-manager"))

    response = client.get("/admin/outcomes/")

    assert response.status_code == 200
    assert response.context["scope"].period.start.year == timezone.localdate().year
    figures = response.context["figures"]
    assert figures["trained"]["trainees"] > 0 and figures["trained"]["poor_household_trainees"] > 0
    assert int(figures["certificates"]["issued"]) > 0
    assert figures["incubations"]["new"] > 0 and figures["active_shops"] > 0
    assert figures["jobs"]["jobs"] > 0 and figures["jobs"]["poor_household_jobs"] > 0
    assert figures["poor_households"]["households"] > 0
    if timezone.localdate().month > 1:  # in January no month of the year is reported yet
        assert Decimal(figures["sales"]["total"]) > 0


@pytest.mark.django_db
def test_a_lesson_offers_a_pdf_made_when_the_demo_loads(client):
    document = Document.objects.get(title="832平台供应商入驻材料清单")
    lesson = chinese(LessonPage).get(slug="jd-and-832")

    with document.file.open("rb") as file:
        assert file.read(5) == b"%PDF-"
    assert document.file_extension == "pdf"
    blocks = [block.value for block in lesson.body if block.block_type == "download"]
    assert [block["document"].pk for block in blocks] == [document.pk]
    assert client.get(lesson.url).status_code == 200
    assert client.get(document.url).status_code == 200
