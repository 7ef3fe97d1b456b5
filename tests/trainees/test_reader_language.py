"""Courses named and linked in the reader's language: "My learning", the course page's
"continue", messages, the verification page and the certificate PDF."""

import re

import pytest

from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from wagtail.models import Locale

from courses.factories import CoursePageFactory, LessonPageFactory
from courses.services import alias_translate, translation_aliases_create
from courses.translations import in_reader_language, page_in_reader_language
from tests.trainees.test_certificate_pdf import pdf_qr_codes, pdf_text
from trainees import certificate_pdf, learning, roles
from trainees.certificate_batches import batch_certificates
from trainees.certificate_signing import statement_read
from trainees.choices import EnrolmentSource
from trainees.factories import CertificateFactory, EnrolmentFactory, TraineeFactory, UserFactory
from trainees.models import Certificate

pytestmark = pytest.mark.django_db

CHINESE_TITLE = "网店开设入门"
TIBETAN_TITLE = "དྲ་ཐོག་ཚོང་ཁང་འཛུགས་སྟངས་གཞི་རིམ།"
ENGLISH_TITLE = "Opening an online shop"
TIBETAN_LESSON = "སྟེགས་བུ་འདེམས་སྟངས།"
PREFIX = {"zh-hans": "", "bo": "/bo", "en": "/en"}


def locale(code: str) -> Locale:
    return Locale.objects.get(language_code=code)


def translated_course(title: str = CHINESE_TITLE, *, lessons: int = 2):
    """A Chinese course whose Tibetan and English pages are translations; its first lesson is
    translated into Tibetan, the others stay aliases."""
    course = CoursePageFactory(title=title)
    for number in range(1, lessons + 1):
        LessonPageFactory(parent=course, title=f"第{number}课")
    for lesson in learning.course_lessons(course):
        translation_aliases_create(page=lesson)
    alias_translate(page=course.get_translation(locale("bo")).specific, title=TIBETAN_TITLE)
    alias_translate(page=course.get_translation(locale("en")).specific, title=ENGLISH_TITLE)
    first = learning.course_lessons(course).first()
    alias_translate(page=first.get_translation(locale("bo")).specific, title=TIBETAN_LESSON)
    return course


@pytest.fixture
def course():
    return translated_course()


@pytest.fixture
def trainee_user():
    user = UserFactory(groups=[roles.TRAINEES])
    TraineeFactory(user=user, name="扎西卓玛")
    return user


def in_language(language: str, name: str, *args) -> str:
    with translation.override(language):
        return reverse(name, args=args)


# The helper


def test_a_page_in_the_readers_language_is_its_translation_else_itself(course):
    untranslated = CoursePageFactory(title="直播带货入门")
    with translation.override("bo"):
        assert page_in_reader_language(course).title == TIBETAN_TITLE
        assert page_in_reader_language(untranslated) == untranslated
    with translation.override("en"):
        assert page_in_reader_language(course).title == ENGLISH_TITLE
    with translation.override("zh-hans"):
        assert page_in_reader_language(course).title == CHINESE_TITLE
    # From a translation back to the source, and to a language named outright.
    tibetan = course.get_translation(locale("bo"))
    assert page_in_reader_language(tibetan, language="zh-hans").pk == course.pk
    assert page_in_reader_language(course, language="en").title == ENGLISH_TITLE


def test_the_pages_of_any_number_of_courses_are_found_in_one_query(course):
    courses = [course, *(translated_course(f"课程{n}") for n in range(3))]
    with translation.override("bo"), CaptureQueriesContext(connection) as queries:
        found = in_reader_language(courses)
    assert len(queries) == 1
    assert {page.title for page in found.values()} == {TIBETAN_TITLE}


# My learning


@pytest.mark.parametrize(
    ("language", "title"),
    [("zh-hans", CHINESE_TITLE), ("bo", TIBETAN_TITLE), ("en", ENGLISH_TITLE)],
)
def test_my_learning_names_and_links_the_course_in_the_readers_language(
    client, trainee_user, course, language, title
):
    EnrolmentFactory(trainee=trainee_user.trainee, course=course)
    client.force_login(trainee_user)

    html = client.get(in_language(language, "learning_home")).content.decode()

    assert f'<a href="{PREFIX[language]}{course.url}">{title}</a>' in html
    if language != "zh-hans":
        assert CHINESE_TITLE not in html


def test_the_tibetan_continue_link_opens_the_tibetan_lesson(client, trainee_user, course):
    EnrolmentFactory(trainee=trainee_user.trainee, course=course)
    first = learning.course_lessons(course).first()
    client.force_login(trainee_user)

    html = client.get(in_language("bo", "learning_home")).content.decode()
    course_page = client.get(f"/bo{course.url}").content.decode()

    continue_link = f'href="/bo{first.url}"'
    assert continue_link in html and TIBETAN_LESSON in html
    assert continue_link in course_page and TIBETAN_LESSON in course_page
    assert f'href="{first.url}"' not in course_page


def test_an_untranslated_lesson_keeps_its_chinese_title_at_the_tibetan_address(
    client, trainee_user, course
):
    enrolment = EnrolmentFactory(trainee=trainee_user.trainee, course=course)
    first, second = learning.course_lessons(course)
    learning.lesson_mark_done(enrolment=enrolment, lesson=first)
    client.force_login(trainee_user)

    html = client.get(in_language("bo", "learning_home")).content.decode()

    assert f'href="/bo{second.url}"' in html
    assert "第2课" in html


def test_my_learning_reads_as_many_queries_for_five_courses_as_for_one(client, trainee_user):
    client.force_login(trainee_user)
    EnrolmentFactory(trainee=trainee_user.trainee, course=translated_course("课程0"))
    home = in_language("bo", "learning_home")
    client.get(home)
    with CaptureQueriesContext(connection) as one:
        client.get(home)
    for n in range(1, 5):
        EnrolmentFactory(trainee=trainee_user.trainee, course=translated_course(f"课程{n}"))
    with CaptureQueriesContext(connection) as five:
        html = client.get(home).content.decode()
    courses = html[html.index('id="incubation"') :]
    # each course once in the incubation card (to finish) and once in the list
    assert courses.count(TIBETAN_TITLE) == 10
    assert len(five) == len(one)


# Messages


def test_a_refused_enrolment_names_the_course_in_the_readers_language(course):
    trainee = TraineeFactory()
    learning.enrolment_create(trainee=trainee, course=course, source=EnrolmentSource.COORDINATOR)
    with translation.override("bo"), pytest.raises(ValidationError) as refused:
        learning.enrolment_create(
            trainee=trainee, course=course, source=EnrolmentSource.COORDINATOR
        )
    assert TIBETAN_TITLE in " ".join(refused.value.messages)
    assert trainee.enrolments.count() == 1


# Certificates


@pytest.fixture
def certificate(course):
    return CertificateFactory(
        enrolment=EnrolmentFactory(trainee__name="扎西卓玛", course=course),
        verification_code="code-abc",
    )


@pytest.mark.parametrize(
    ("language", "title"),
    [("zh-hans", CHINESE_TITLE), ("bo", TIBETAN_TITLE), ("en", ENGLISH_TITLE)],
)
def test_the_verification_page_names_the_course_in_the_readers_language(
    client, certificate, language, title
):
    html = client.get(in_language(language, "certificate_verify", "code-abc")).content.decode()
    assert f"<dd>{title}</dd>" in html


@pytest.mark.parametrize(
    ("language", "title"),
    [("zh-hans", CHINESE_TITLE), ("bo", TIBETAN_TITLE), ("en", ENGLISH_TITLE)],
)
def test_the_certificate_pdf_prints_the_course_title_of_its_language(certificate, language, title):
    with translation.override(language):
        pdf = certificate_pdf.certificate_pdf(certificate=certificate)
    text = re.sub(r"\s", "", pdf_text(pdf))
    assert re.sub(r"\s", "", title) in text
    if language != "zh-hans":
        assert CHINESE_TITLE not in text


def test_a_downloaded_tibetan_certificate_prints_the_tibetan_title(client, certificate):
    client.force_login(_user_of(certificate))
    response = client.get(in_language("bo", "certificate_pdf", certificate.number))
    assert response.status_code == 200
    assert re.sub(r"\s", "", TIBETAN_TITLE) in re.sub(r"\s", "", pdf_text(response.content))
    # The QR code's signed statement names the course as the certificate prints it.
    [code] = pdf_qr_codes(response.content)
    assert statement_read(code.partition("#")[2]).course_title == TIBETAN_TITLE


def _user_of(certificate: Certificate):
    user = UserFactory(groups=[roles.TRAINEES])
    trainee = certificate.enrolment.trainee
    trainee.user = user
    trainee.save(update_fields=["user"])
    return user


def test_a_batch_names_every_course_in_its_language_in_one_query_more(course):
    for n in range(3):
        CertificateFactory(enrolment=EnrolmentFactory(course=translated_course(f"课程{n}")))
    CertificateFactory(enrolment=EnrolmentFactory(course=course))
    certificates = list(batch_certificates(Certificate.objects.all()))
    with CaptureQueriesContext(connection) as queries:
        contents = certificate_pdf.certificate_contents(certificates, language="en")
    assert len(queries) == 1
    assert {content.course_title for content in contents} == {ENGLISH_TITLE}
    assert {statement_read(content.signed_statement).course_title for content in contents} == {
        ENGLISH_TITLE
    }


def test_the_incubation_card_names_the_courses_to_finish_in_the_readers_language(
    client, trainee_user, course
):
    EnrolmentFactory(trainee=trainee_user.trainee, course=course)
    client.force_login(trainee_user)

    tibetan = client.get(in_language("bo", "learning_home")).content.decode()
    card = tibetan[tibetan.index('id="incubation"') :]

    assert TIBETAN_TITLE in card and CHINESE_TITLE not in card
