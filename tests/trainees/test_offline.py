"""Learning without a connection (docs/learning.md, "Offline"): the service worker and the
manifest, the pages kept, progress made offline and sent later, a course saved for offline.
Read in English (/en/) so that the tests read like the msgids, and in Chinese and Tibetan
where the reader's language matters."""

import json
import uuid

import pytest

from django.test import Client
from django.urls import reverse
from django.utils import translation

from wagtail.rich_text import RichText

from courses.factories import (
    CoursePageFactory,
    ImageFactory,
    LessonPageFactory,
    VideoDocumentFactory,
    VideoRenditionFactory,
)
from courses.quiz import quiz_version
from tests.trainees.courses import course_with_a_quiz
from trainees import learning, roles
from trainees.factories import EnrolmentFactory, TraineeFactory, UserFactory
from trainees.models import Certificate, LessonProgress, OfflineProgress, QuizAttempt
from trainees.offline import reader_token

pytestmark = pytest.mark.django_db

RIGHT = [[0], [0, 1]]


def url(name: str, *args, language: str = "en") -> str:
    with translation.override(language):
        return reverse(name, args=args)


@pytest.fixture
def course():
    return course_with_a_quiz()


def lessons(course):
    return list(learning.course_lessons(course))


def trainee(name: str = "扎西卓玛"):
    user = UserFactory(groups=[roles.TRAINEES])
    TraineeFactory(user=user, name=name)
    return user


@pytest.fixture
def tashi(course):
    user = trainee()
    EnrolmentFactory(trainee=user.trainee, course=course)
    return user


def logged_in(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def csrf_of(client: Client) -> str:
    client.get(url("learning_home"))
    return client.cookies["csrftoken"].value


def sent(user, lesson, kind="done", **extra) -> dict:
    body = {
        "id": str(uuid.uuid4()),
        "reader": reader_token(user),
        "kind": kind,
        "lesson": lesson.pk,
        "title": lesson.title,
        "made": "2026-12-07T08:00:00+08:00",
    }
    if kind == "quiz":
        body.update(answers=RIGHT, quiz=quiz_version(lesson.specific.quiz()))
    body.update(extra)
    return body


def post(client: Client, body, language="en"):
    token = client.cookies["csrftoken"].value if "csrftoken" in client.cookies else ""
    return client.post(
        url("offline_progress", language=language),
        data=body if isinstance(body, (str, bytes)) else json.dumps(body),
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )


# The service worker, the manifest and the page shown offline


def test_the_service_worker_is_plain_javascript_at_the_root_read_afresh(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response["Cache-Control"]
    assert b'importScripts("/static/trainees/offline-queue.js")' in response.content


@pytest.mark.parametrize(
    ("language", "name"), [("zh-hans", "雄鹰工程"), ("bo", None), ("en", "Eagle programme")]
)
def test_the_manifest_names_the_programme_in_the_readers_language(client, language, name):
    response = client.get(url("web_manifest", language=language))
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    with translation.override(language):
        expected = name or translation.gettext("Eagle programme")
    assert manifest["name"] == expected
    if language == "bo":
        assert not any("\u4e00" <= c <= "\u9fff" or c.isascii() and c.isalpha() for c in expected)
    assert manifest["start_url"] == url("learning_home", language=language)
    assert {icon["sizes"] for icon in manifest["icons"]} == {"any", "192x192", "512x512"}
    for icon in manifest["icons"]:
        assert client.get(icon["src"]).status_code in (
            200,
            404,
        )  # static files: served by whitenoise


def test_every_page_links_the_manifest_and_only_a_trainees_pages_carry_the_script(
    client, course, tashi
):
    first = lessons(course)[0]
    visitor = client.get(first.url).content.decode()
    assert 'rel="manifest"' in visitor
    assert "offline.js" not in visitor
    staff = UserFactory(is_staff=True)
    client.force_login(staff)
    assert "offline.js" not in client.get(first.url).content.decode()
    client.force_login(tashi)
    page = client.get(first.url).content.decode()
    assert "offline.js" in page
    assert f'data-reader="{reader_token(tashi)}"' in page


def test_a_trainees_lessons_and_my_learning_ask_to_be_kept_and_name_their_reader(
    client, course, tashi
):
    client.force_login(tashi)
    for address in (lessons(course)[0].url, course.url, url("learning_home")):
        response = client.get(address)
        assert response["Eagle-Offline"] == "keep", address
        assert response["Eagle-Reader"] == reader_token(tashi)
    # A page not for keeping (the search), and any page of a visitor (the worker then
    # forgets every page it kept).
    assert "Eagle-Offline" not in client.get(url("search")).headers
    client.logout()
    response = client.get(lessons(course)[0].url)
    assert "Eagle-Reader" not in response.headers
    assert "Eagle-Offline" not in response.headers


def test_another_trainee_has_another_reader_token(tashi):
    other = trainee("次仁")
    assert reader_token(tashi) != reader_token(other)
    assert reader_token(tashi) == reader_token(tashi)


@pytest.mark.parametrize(
    ("language", "words"),
    [("zh-hans", "没有网络"), ("bo", None), ("en", "No connection")],
)
def test_the_offline_page_speaks_the_readers_language(client, tashi, language, words):
    client.force_login(tashi)
    response = client.get(url("offline_page", language=language))
    assert response.status_code == 200
    assert response["Eagle-Offline"] == "keep"
    with translation.override(language):
        expected = words or translation.gettext("No connection")
    assert expected in response.content.decode()
    if language == "bo":
        assert expected != "No connection"


# Progress made offline, sent later


def test_a_lesson_marked_done_offline_is_recorded_once_however_often_it_is_sent(course, tashi):
    client = logged_in(tashi)
    csrf_of(client)
    body = sent(tashi, lessons(course)[0])
    first = post(client, body)
    assert first.status_code == 200
    assert first.json() == {
        "status": "recorded",
        "message": "“第一课 开播前的准备” is marked as done.",
        "again": False,
    }
    again = post(client, body)
    assert again.json()["again"] is True
    assert again.json()["message"] == first.json()["message"]
    assert LessonProgress.objects.filter(enrolment__trainee=tashi.trainee).count() == 1
    assert OfflineProgress.objects.get().recorded


def test_a_quiz_passed_offline_is_marked_by_the_server_and_completes_the_course(course, tashi):
    client = logged_in(tashi)
    csrf_of(client)
    first, second = lessons(course)
    assert post(client, sent(tashi, first)).json()["status"] == "recorded"
    body = sent(tashi, second, "quiz")
    answer = post(client, body).json()
    certificate = Certificate.objects.get(enrolment__trainee=tashi.trainee)
    assert answer["status"] == "recorded"
    assert "you scored 100% and passed" in answer["message"]
    assert f"your certificate is {certificate.number}" in answer["message"]
    assert post(client, body).json()["again"] is True
    assert QuizAttempt.objects.count() == 1
    assert Certificate.objects.count() == 1


def test_a_quiz_failed_offline_is_kept_as_an_attempt_and_said(course, tashi):
    client = logged_in(tashi)
    csrf_of(client)
    answer = post(client, sent(tashi, lessons(course)[1], "quiz", answers=[[1], [2]])).json()
    assert answer["status"] == "recorded"
    assert "you scored 0%; the pass mark is 60%" in answer["message"]
    assert QuizAttempt.objects.get().passed is False
    assert not LessonProgress.objects.exists()


def test_a_quiz_changed_meanwhile_is_reported_and_not_marked(course, tashi):
    client = logged_in(tashi)
    csrf_of(client)
    answer = post(client, sent(tashi, lessons(course)[1], "quiz", quiz="0123abcd4567"))
    assert answer.status_code == 200
    assert answer.json()["status"] == "refused"
    assert "changed while you were offline" in answer.json()["message"]
    assert not QuizAttempt.objects.exists()
    assert OfflineProgress.objects.get().recorded is False


def test_a_lesson_removed_meanwhile_is_reported(course, tashi):
    client = logged_in(tashi)
    csrf_of(client)
    first = lessons(course)[0]
    body = sent(tashi, first)
    first.unpublish()
    answer = post(client, body).json()
    assert answer["status"] == "refused"
    assert answer["message"].startswith("“第一课 开播前的准备” was removed from its course")
    assert not LessonProgress.objects.exists()
    # Said on My learning too, in case the phone was closed before it could say it.
    assert "was removed from its course" in client.get(url("learning_home")).content.decode()


def test_an_enrolment_revoked_meanwhile_is_reported(course, tashi):
    client = logged_in(tashi)
    csrf_of(client)
    tashi.trainee.enrolments.all().delete()
    answer = post(client, sent(tashi, lessons(course)[0])).json()
    assert answer["status"] == "refused"
    assert "You are no longer enrolled in 直播带货入门" in answer["message"]


def test_mark_as_done_on_a_lesson_with_a_quiz_is_refused_with_the_services_words(course, tashi):
    client = logged_in(tashi)
    csrf_of(client)
    answer = post(client, sent(tashi, lessons(course)[1])).json()
    assert answer == {
        "status": "refused",
        "message": "Pass the quiz to finish this lesson.",
        "again": False,
    }


def test_progress_sent_in_tibetan_is_answered_in_tibetan(course, tashi):
    client = logged_in(tashi)
    csrf_of(client)
    answer = post(client, sent(tashi, lessons(course)[0]), language="bo").json()
    with translation.override("bo"):
        words = translation.gettext("“%(lesson)s” is marked as done.")
    assert words != "“%(lesson)s” is marked as done."
    assert answer["status"] == "recorded"


def test_another_trainees_session_cannot_send_your_progress(course, tashi):
    other = trainee("次仁")
    EnrolmentFactory(trainee=other.trainee, course=course)
    client = logged_in(other)
    csrf_of(client)
    answer = post(client, sent(tashi, lessons(course)[0]))
    assert answer.status_code == 403
    assert "made on this phone by another account" in answer.json()["message"]
    assert not LessonProgress.objects.exists()
    assert not OfflineProgress.objects.exists()


def test_an_id_already_received_from_another_trainee_is_refused(course, tashi):
    other = trainee("次仁")
    EnrolmentFactory(trainee=other.trainee, course=course)
    client = logged_in(tashi)
    csrf_of(client)
    body = sent(tashi, lessons(course)[0])
    post(client, body)
    theirs = logged_in(other)
    csrf_of(theirs)
    answer = post(theirs, {**body, "reader": reader_token(other)})
    assert answer.status_code == 400
    assert LessonProgress.objects.count() == 1


def test_a_visitor_and_a_person_who_is_no_trainee_cannot_send_progress(course, tashi):
    visitor = Client(enforce_csrf_checks=True)
    answer = visitor.post(url("offline_progress"), data="{}", content_type="application/json")
    assert answer.status_code == 403
    staff = logged_in(UserFactory(is_staff=True))
    csrf_of(staff)
    answer = post(staff, sent(tashi, lessons(course)[0]))
    assert answer.status_code == 403
    assert answer.json()["message"] == "Only trainees keep progress."
    assert not OfflineProgress.objects.exists()


def test_progress_without_the_csrf_token_is_refused(course, tashi):
    client = logged_in(tashi)
    answer = client.post(
        url("offline_progress"),
        data=json.dumps(sent(tashi, lessons(course)[0])),
        content_type="application/json",
    )
    assert answer.status_code == 403
    assert not OfflineProgress.objects.exists()


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"id": "not-a-uuid"}, "The progress sent has no valid id."),
        ({"kind": "skip"}, "neither a lesson done nor a quiz’s answers"),
        ({"lesson": "1"}, "The progress sent names no lesson."),
        ({"lesson": -3}, "The progress sent names no lesson."),
        ({"reader": 5}, "The progress sent is not JSON."),
        ({"made": "yesterday"}, "not a valid time"),
        ({"kind": "quiz", "answers": "0,1"}, "one list of choices a question"),
        ({"kind": "quiz", "answers": [["a"], [0]]}, "one of the question’s choices"),
        ({"kind": "quiz", "answers": [[0]]}, "do not answer each question"),
        ({"kind": "quiz", "answers": [[0], []]}, "do not answer each question"),
        ({"kind": "quiz", "answers": [[0, 1], [0]]}, "one of the question’s choices"),
        ({"kind": "quiz", "answers": [[7], [0]]}, "one of the question’s choices"),
    ],
)
def test_bad_progress_is_answered_400_in_words_and_changes_nothing(course, tashi, change, words):
    client = logged_in(tashi)
    csrf_of(client)
    quiz_lesson = lessons(course)[1]
    body = (
        sent(tashi, quiz_lesson, "quiz")
        if change.get("kind") == "quiz"
        else sent(tashi, lessons(course)[0])
    )
    body.update(change)
    answer = post(client, body)
    assert answer.status_code == 400
    assert words in answer.json()["message"]
    assert not OfflineProgress.objects.exists()
    assert not LessonProgress.objects.exists()
    assert not QuizAttempt.objects.exists()


@pytest.mark.parametrize("body", ["not json", "[1, 2]", b"\xff\xfe"])
def test_a_body_that_is_not_json_is_answered_400(course, tashi, body):
    client = logged_in(tashi)
    csrf_of(client)
    answer = post(client, body)
    assert answer.status_code == 400
    assert answer.json()["message"] == "The progress sent is not JSON."


def test_the_quiz_form_carries_its_version_and_the_done_form_its_lesson(client, course, tashi):
    client.force_login(tashi)
    first, second = lessons(course)
    page = client.get(first.url).content.decode()
    assert f'data-offline="done" data-lesson="{first.pk}"' in page
    page = client.get(second.url).content.decode()
    assert f'data-quiz="{quiz_version(second.quiz())}"' in page


# A course saved for offline


@pytest.fixture
def pictured_course():
    course = CoursePageFactory(title="松茸网店运营")
    photo = ImageFactory()
    for number in range(3):
        LessonPageFactory(
            parent=course,
            title=f"第{number + 1}课",
            body=[
                ("text", RichText("<p>自然光下拍摄松茸。</p>")),
                ("image", {"image": photo, "caption": "松茸", "alt_text": "松茸"}),
            ],
        )
    return course


def test_the_saved_course_lists_its_pages_pictures_sizes_and_version(client, pictured_course):
    user = trainee()
    EnrolmentFactory(trainee=user.trainee, course=pictured_course)
    client.force_login(user)
    listing = client.get(url("offline_course", pictured_course.pk)).json()
    assert [page["title"] for page in listing["pages"]] == [
        "松茸网店运营",
        "第1课",
        "第2课",
        "第3课",
    ]
    assert listing["pages"][1]["url"] == lessons(pictured_course)[0].url  # no English copy
    [picture] = listing["pages"][1]["images"]
    assert ".width-540.format-webp" in picture["url"]
    assert picture["bytes"] > 0
    assert listing["bytes"] == sum(
        page["bytes"] + sum(image["bytes"] for image in page["images"]) for page in listing["pages"]
    )
    assert listing["videos"] == []


def test_the_version_changes_with_the_lesson_an_instructor_publishes_and_only_its_own(
    client, pictured_course
):
    user = trainee()
    EnrolmentFactory(trainee=user.trainee, course=pictured_course)
    client.force_login(user)
    before = client.get(url("offline_course", pictured_course.pk)).json()
    second = lessons(pictured_course)[1]
    second.title = "第2课（新）"
    second.save_revision().publish()
    after = client.get(url("offline_course", pictured_course.pk)).json()
    assert after["version"] != before["version"]
    changed = [
        old["title"]
        for old, new in zip(before["pages"], after["pages"], strict=True)
        if old["version"] != new["version"]
    ]
    assert changed == ["松茸网店运营", "第2课"]  # the lesson, and the course page listing it


def test_the_saved_course_offers_its_videos_apart_with_their_sizes(client):
    course = CoursePageFactory(title="直播")
    document = VideoDocumentFactory()
    VideoRenditionFactory(document=document, size=1_200_000)
    LessonPageFactory(parent=course, title="视频课", body=[("video", {"file": document})])
    user = trainee()
    EnrolmentFactory(trainee=user.trainee, course=course)
    client.force_login(user)
    listing = client.get(url("offline_course", course.pk)).json()
    sizes = sorted(video["bytes"] for video in listing["videos"])
    assert sizes == [1_200_000, document.file_size]
    assert all(video["lesson"] == "视频课" for video in listing["videos"])
    assert listing["bytes"] < 1_200_000  # videos are not part of the course's size


def test_only_an_enrolled_trainee_may_list_a_course_for_offline(client, pictured_course):
    address = url("offline_course", pictured_course.pk)
    assert client.get(address).status_code == 403  # a visitor
    client.force_login(trainee("次仁"))  # a trainee not enrolled
    assert client.get(address).json()["message"] == "Enrol in the course to save it for offline."
    client.force_login(UserFactory(is_staff=True, is_superuser=True))  # staff
    assert client.get(address).status_code == 403
    enrolled = trainee()
    EnrolmentFactory(trainee=enrolled.trainee, course=pictured_course)
    client.force_login(enrolled)
    assert client.get(address).status_code == 200
    assert client.get(url("offline_course", 999_999)).status_code == 404
    assert client.post(address).status_code == 405
