"""The trainee's follow-up form: a signed link, no password, in the trainee's language;
bad input says what and saves nothing; a second answer is told it is already answered."""

import datetime

import pytest
import time_machine

from django.utils import timezone

from courses.factories import CoursePageFactory, LessonPageFactory
from tests.admin_language import untranslated
from trainees import follow_ups, learning
from trainees.choices import FollowUpAnswerMethod, FollowUpWork, IncomeBand, Language
from trainees.factories import EnrolmentFactory, ProfileFactory, UserFactory
from trainees.models import Certificate, FollowUp

pytestmark = pytest.mark.django_db

GOOD = {
    "working": FollowUpWork.SELF_EMPLOYED,
    "own_shop": "yes",
    "channels": ["taobao", "douyin"],
    "income_band": IncomeBand.FROM_3000,
    "consents_to_show": "on",
}


@pytest.fixture
def follow_up():
    course = CoursePageFactory(title="网店开设入门")
    lesson = LessonPageFactory(parent=course)
    user = UserFactory()
    ProfileFactory(user=user, language=Language.BO)
    enrolment = EnrolmentFactory(course=course, trainee__user=user)
    certificate = learning.lesson_mark_done(enrolment=enrolment, lesson=lesson.specific)
    return FollowUp.objects.get(certificate=certificate, months=3)


def link(follow_up, language=Language.EN):
    return follow_ups.follow_up_url(follow_up, language=language).removeprefix(
        "http://127.0.0.1:8000"
    )


def test_the_link_is_made_in_the_trainees_language_and_opens_without_logging_in(client, follow_up):
    language = follow_ups.reader_language(follow_up)
    address = follow_ups.follow_up_url(follow_up, language=language)

    assert language == "bo"
    assert address.startswith("http://127.0.0.1:8000/bo/follow-up/")
    html = client.get(address.removeprefix("http://127.0.0.1:8000")).content.decode()
    assert '<html lang="bo">' in html
    assert "ཁྱེད་ད་ལྟ་ལས་ཀ་བྱེད་ཀྱི་ཡོད་དམ།" in html  # "Do you work now?"
    assert "网店开设入门" in html
    assert 'name="working"' in html and 'name="channels"' in html


def test_a_trainee_without_an_account_reads_it_in_chinese(follow_up):
    trainee = follow_up.certificate.enrolment.trainee
    trainee.user = None
    trainee.save()

    assert follow_ups.reader_language(follow_up) == "zh-hans"


def test_the_answer_is_saved_and_thanked_for(client, follow_up):
    response = client.post(link(follow_up), GOOD)

    assert response.status_code == 200
    assert "Your answer is saved" in response.content.decode()
    follow_up.refresh_from_db()
    assert follow_up.answered_how == FollowUpAnswerMethod.PHONE_FORM
    assert (follow_up.working, follow_up.own_shop) == (FollowUpWork.SELF_EMPLOYED, True)
    assert follow_up.channels == ["douyin", "taobao"]
    assert follow_up.income_band == IncomeBand.FROM_3000
    assert follow_up.consents_to_show is True


def test_consent_is_not_given_unless_ticked(client, follow_up):
    client.post(link(follow_up), {**GOOD, "consents_to_show": ""})

    follow_up.refresh_from_db()
    assert follow_up.is_answered and follow_up.consents_to_show is False


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"working": ""}, "Say whether you work, and how."),
        ({"working": "retired"}, "Say whether you work, and how."),
        ({"own_shop": ""}, "Say whether you run your own shop."),
        ({"channels": ["ebay"]}, "Choose where you sell from the list."),
        ({"channels": []}, "You run your own shop: say where it sells."),
        ({"income_band": ""}, "Choose your income a month."),
    ],
)
def test_bad_input_says_what_is_wrong_and_saves_nothing(client, follow_up, changes, message):
    response = client.post(link(follow_up), {**GOOD, **changes})

    assert response.status_code == 400
    assert message in response.content.decode()
    follow_up.refresh_from_db()
    assert not follow_up.is_answered and follow_up.working == "" and follow_up.channels == []


def test_answering_twice_says_it_is_already_answered_and_keeps_the_first_answer(client, follow_up):
    client.post(link(follow_up), GOOD)

    again = client.post(link(follow_up), {**GOOD, "working": FollowUpWork.NOT_WORKING})

    today = timezone.localdate().isoformat()
    assert f"This follow-up was already answered on {today}" in again.content.decode()
    assert "already answered" in client.get(link(follow_up)).content.decode()
    follow_up.refresh_from_db()
    assert follow_up.working == FollowUpWork.SELF_EMPLOYED


def test_an_altered_link_is_refused(client, follow_up):
    address = link(follow_up)
    altered = address[:-3] + ("x" if address[-3] != "x" else "y") + address[-2:]

    response = client.get(altered)

    assert response.status_code == 404
    assert "This link is not valid or has expired" in response.content.decode()


def test_a_link_expires_after_sixty_days(client, follow_up):
    with time_machine.travel(timezone.now() - datetime.timedelta(days=61)):
        address = link(follow_up)

    response = client.post(address, GOOD)

    assert response.status_code == 404
    follow_up.refresh_from_db()
    assert not follow_up.is_answered


def test_the_link_of_a_revoked_certificate_is_refused(client, follow_up):
    Certificate.objects.update(revoked_at=timezone.now())

    assert client.get(link(follow_up)).status_code == 404


def test_the_form_speaks_chinese_without_a_prefix(client, follow_up):
    html = client.get(link(follow_up, Language.ZH_HANS)).content.decode()

    assert '<html lang="zh-hans">' in html
    assert "您现在工作吗？" in html


def test_the_trainee_can_ask_for_no_more_reminders_from_the_link(client, follow_up):
    address = link(follow_up)
    assert f"{address}no-more-reminders/" in client.get(address).content.decode()

    response = client.post(f"{address}no-more-reminders/")

    assert "You will get no more reminders by text message" in response.content.decode()
    trainee = follow_up.certificate.enrolment.trainee
    trainee.refresh_from_db()
    assert trainee.accepts_reminders is False
    follow_up.refresh_from_db()
    assert not follow_up.is_answered


def test_no_more_reminders_needs_a_valid_link_and_a_post(client, follow_up):
    address = link(follow_up)

    assert client.get(f"{address}no-more-reminders/").status_code == 405
    assert client.post(f"{address[:-3]}zz/no-more-reminders/").status_code == 404
    trainee = follow_up.certificate.enrolment.trainee
    trainee.refresh_from_db()
    assert trainee.accepts_reminders is True


@pytest.mark.parametrize("language", [Language.ZH_HANS, Language.BO])
def test_every_screen_of_the_link_speaks_the_trainees_language(client, follow_up, language):
    """The form, sent back with a mistake, thanks, already answered, no more reminders, and
    a link refused: no word of another language (the course's title is the trainee's data)."""
    address = link(follow_up, language)
    data = [follow_up.certificate.enrolment.course.title, timezone.localdate().isoformat()]
    screens = {
        "form": client.get(address),
        "form sent back": client.post(address, {**GOOD, "channels": []}),
        "thanks": client.post(address, GOOD),
        "already answered": client.get(address),
        "no more reminders": client.post(f"{address}no-more-reminders/"),
        "link refused": client.get(f"{address[:-3]}zz/"),
    }

    found = {
        screen: untranslated(response.content.decode(), language, data)
        for screen, response in screens.items()
    }
    assert found == dict.fromkeys(screens, [])
    assert screens["form sent back"].status_code == 400
