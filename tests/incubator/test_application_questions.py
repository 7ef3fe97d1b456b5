"""Applications with their details (products, channels, household, ways), the coordinator's
question and the trainee's answer, what accepting makes, and the trainee being told."""

import re

import pytest

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from incubator import audit, shops
from incubator.choices import ApplicationMessageKind, ApplicationStatus, Channel, IncomeWay
from incubator.factories import ShopFactory
from incubator.models import Application, ApplicationMessage, GeographicalIndication, Shop
from tests.trainees.admin_cast import user_in
from trainees import roles
from trainees.choices import Language, SmsTemplate
from trainees.factories import CertificateFactory, HouseholdFactory, TraineeFactory
from trainees.models import Profile, SmsDelivery
from trainees.sms import MemorySmsBackend, SmsError

pytestmark = pytest.mark.django_db

TIBETAN = re.compile("[\u0f00-\u0fff]")


@pytest.fixture
def sms_outbox(settings):
    settings.SMS_BACKEND = "trainees.sms.MemorySmsBackend"
    MemorySmsBackend.outbox.clear()
    yield MemorySmsBackend.outbox
    MemorySmsBackend.outbox.clear()


@pytest.fixture
def certified(scene):
    """A trainee of county A with an account (a phone, reading Tibetan), a household and a
    valid certificate."""
    user = user_in(roles.TRAINEES, scene.county)
    Profile.objects.filter(user=user).update(language=Language.BO)
    household = HouseholdFactory(village__township__county=scene.county)
    trainee = TraineeFactory(county=scene.county, user=user, household=household)
    CertificateFactory(enrolment__trainee=trainee)
    return trainee


@pytest.fixture
def brand():
    return GeographicalIndication.objects.get(name="雅江松茸")


def submit(trainee, **overrides):
    values = {
        "shop_name": "雅江松茸直供",
        "category": "herbs_fungi",
        "plan": "在抖音直播销售雅江松茸。",
        "by": trainee.user,
    }
    return shops.application_submit(trainee=trainee, **(values | overrides))


def test_an_application_keeps_products_channels_household_and_ways(certified, brand):
    application = submit(
        certified,
        products=[("松茸", str(brand.pk)), ("", ""), (" 牦牛肉干 ", None)],
        channels=[Channel.DOUYIN, Channel.TAOBAO, Channel.DOUYIN],
        ways=[IncomeWay.OWN_SHOP, IncomeWay.EMPLOYMENT],
    )

    assert [(p.name, p.geographical_indication) for p in application.products.all()] == [
        ("松茸", brand),
        ("牦牛肉干", None),
    ]
    assert application.channels == [Channel.TAOBAO, Channel.DOUYIN]  # each once, in order
    assert application.household == certified.household
    assert (application.drives_own_shop, application.drives_employment) == (True, True)
    assert not (application.drives_industry or application.drives_shareholding)


def test_a_trainee_without_a_household_applies_without_one(scene):
    trainee = TraineeFactory(county=scene.county, user=user_in(roles.TRAINEES, scene.county))
    CertificateFactory(enrolment__trainee=trainee)

    assert submit(trainee).household is None


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"channels": ["taobao", "myspace"]},
            "channels",
            lambda: (
                "Sales channels: Choose sales channels from the list: "
                + ", ".join(str(label) for label in Channel.labels)
                + "."
            ),
        ),
        (
            {"ways": ["lottery"]},
            "ways",
            lambda: (
                "Ways of driving incomes: Choose ways of driving incomes from the list: "
                + ", ".join(str(label) for label in IncomeWay.labels)
                + "."
            ),
        ),
        (
            {"products": [("松茸", "99999")]},
            "products",
            "Product 1: Choose a geographical-indication brand from the list, or none.",
        ),
        (
            {"products": [("松茸", "雅江")]},
            "products",
            "Product 1: Choose a geographical-indication brand from the list, or none.",
        ),
        ({"products": [("", "BRAND")]}, "products", "Product 1: This cannot be empty."),
        (
            {"products": [("松茸", None), ("松茸", None)]},
            "products",
            "Product 2: 松茸 is listed twice.",
        ),
        (
            {"products": [(f"产品{n}", None) for n in range(11)]},
            "products",
            "List 10 products at most: your main ones.",
        ),
        (
            {"products": [("x" * 101, None)]},
            "products",
            "Product 1: Keep it to 100 characters at most (it has 101).",
        ),
    ],
)
def test_every_wrong_detail_is_named_and_nothing_is_written(
    certified, brand, overrides, field, message
):
    if overrides.get("products") == [("", "BRAND")]:
        overrides = {"products": [("", brand.pk)]}

    with pytest.raises(ValidationError) as error:
        submit(certified, **overrides)

    # (Labels are read in the test's language: collected, they would be in another.)
    assert error.value.message_dict == {field: [message() if callable(message) else message]}
    assert not Application.objects.exists()


def test_an_application_open_with_a_question_still_counts_as_the_open_one(scene, certified):
    first = submit(certified)
    shops.application_ask(application=first, question="货源在哪里？", by=scene.coordinator)

    with pytest.raises(ValidationError, match="still waiting for a decision"):
        submit(certified, shop_name="另一家店")

    assert Application.objects.count() == 1
    assert shops.why_cannot_apply(certified).startswith("An application for 雅江松茸直供")


def test_why_a_trainee_cannot_apply(scene, certified):
    uncertified = TraineeFactory(county=scene.county)

    assert shops.why_cannot_apply(certified) is None
    assert shops.why_cannot_apply(uncertified) == (
        f"{uncertified.name} holds no valid certificate: incubation is open to trainees "
        "who have completed a course."
    )


# The coordinator's question and the trainee's answer


@pytest.mark.parametrize("who", ["coordinator", "manager"])
def test_the_coordinator_asks_and_the_trainee_is_told_once_in_their_language(
    scene, certified, who, sms_outbox, django_capture_on_commit_callbacks
):
    application = submit(certified)

    with django_capture_on_commit_callbacks(execute=True):
        asked = shops.application_ask(
            application=application, question=" 货源在哪里？ ", by=scene.user(who)
        )

    assert asked.status == ApplicationStatus.INFORMATION_ASKED
    assert asked.trainee_has_news
    [question] = asked.thread.all()
    assert (question.kind, question.text, question.written_by) == (
        ApplicationMessageKind.QUESTION,
        "货源在哪里？",
        scene.user(who),
    )
    assert audit.history(asked).first().action == audit.APPLICATION_ASK
    [sms] = sms_outbox
    phone = Profile.objects.get(user=certified.user).phone
    assert (sms.phone, sms.template, sms.language) == (phone, SmsTemplate.APPLICATION_NEWS, "bo")
    assert sms.params == {"shop": "雅江松茸直供"}
    assert TIBETAN.search(sms.text) and "雅江松茸直供" in sms.text
    with translation.override("bo"):
        assert "Eagle programme" not in sms.text
    assert SmsDelivery.objects.get().template == SmsTemplate.APPLICATION_NEWS


@pytest.mark.parametrize("question", ["", "   ", None])
def test_a_question_is_required(scene, certified, question, sms_outbox):
    application = submit(certified)

    with pytest.raises(ValidationError) as error:
        shops.application_ask(application=application, question=question, by=scene.coordinator)

    assert error.value.message_dict == {
        "question": ["Question: say what the trainee should tell you."]
    }
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert not ApplicationMessage.objects.exists()
    assert sms_outbox == []


def test_a_question_of_control_characters_or_too_long_is_refused(scene, certified):
    application = submit(certified)

    with pytest.raises(ValidationError) as error:
        shops.application_ask(application=application, question="x" * 2001, by=scene.manager)

    assert error.value.message_dict == {
        "question": ["Question: Keep it to 2000 characters at most (it has 2001)."]
    }
    assert not ApplicationMessage.objects.exists()


@pytest.mark.parametrize("who", ["other_coordinator", "owner", "trainee", "instructor"])
def test_only_the_countys_coordinator_and_managers_ask(scene, certified, who):
    application = submit(certified)

    with pytest.raises(PermissionDenied, match="decide applications"):
        shops.application_ask(application=application, question="？", by=scene.user(who))

    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert not ApplicationMessage.objects.exists()


def test_one_question_at_a_time_and_none_after_the_decision(scene, certified):
    application = submit(certified)
    shops.application_ask(application=application, question="货源？", by=scene.coordinator)

    with pytest.raises(ValidationError, match="still waiting for the trainee's answer"):
        shops.application_ask(application=application, question="还有？", by=scene.manager)

    shops.application_decide(application=application, accept=False, by=scene.manager, reason="x")
    with pytest.raises(ValidationError, match="already decided"):
        shops.application_ask(application=application, question="还有？", by=scene.manager)
    assert application.thread.count() == 1


def test_the_trainee_answers_and_the_application_waits_again(scene, certified):
    application = submit(certified)
    shops.application_ask(application=application, question="货源？", by=scene.coordinator)

    answered = shops.application_answer(
        application=application, answer=" 自家合作社 ", by=certified.user
    )

    assert answered.status == ApplicationStatus.SUBMITTED
    assert [(m.kind, m.text) for m in answered.thread.all()] == [
        (ApplicationMessageKind.QUESTION, "货源？"),
        (ApplicationMessageKind.ANSWER, "自家合作社"),
    ]
    assert audit.history(answered).first().action == audit.APPLICATION_ANSWER
    assert all(m.written_at for m in answered.thread.all())


@pytest.mark.parametrize("answer", ["", " ", None])
def test_an_answer_is_required(scene, certified, answer):
    application = submit(certified)
    shops.application_ask(application=application, question="货源？", by=scene.coordinator)

    with pytest.raises(ValidationError) as error:
        shops.application_answer(application=application, answer=answer, by=certified.user)

    assert error.value.message_dict == {"answer": ["Answer: write your answer to the question."]}
    application.refresh_from_db()
    assert application.status == ApplicationStatus.INFORMATION_ASKED
    assert application.thread.count() == 1


@pytest.mark.parametrize("who", ["trainee", "coordinator", "manager", "other_owner"])
def test_only_the_trainee_who_applied_answers(scene, certified, who):
    application = submit(certified)
    shops.application_ask(application=application, question="货源？", by=scene.coordinator)

    with pytest.raises(PermissionDenied, match="Only the trainee who applied"):
        shops.application_answer(application=application, answer="我替他答", by=scene.user(who))

    application.refresh_from_db()
    assert application.status == ApplicationStatus.INFORMATION_ASKED
    assert application.thread.count() == 1


def test_nothing_to_answer_without_a_question(scene, certified):
    application = submit(certified)

    with pytest.raises(ValidationError) as error:
        shops.application_answer(application=application, answer="好", by=certified.user)

    assert error.value.messages == ["No question is waiting for your answer on this application."]
    assert not ApplicationMessage.objects.exists()


def test_an_application_with_a_question_open_may_still_be_declined(scene, certified):
    application = submit(certified)
    shops.application_ask(application=application, question="货源？", by=scene.coordinator)

    declined = shops.application_decide(
        application=application, accept=False, by=scene.coordinator, reason="一直没有回复"
    )

    assert declined.status == ApplicationStatus.DECLINED
    with pytest.raises(ValidationError, match="already decided"):
        shops.application_answer(application=application, answer="晚了", by=certified.user)


# Accepting


def test_accepting_makes_the_shop_with_its_channels_products_and_ways(
    scene, certified, brand, sms_outbox, django_capture_on_commit_callbacks
):
    application = submit(
        certified,
        products=[("松茸", brand), ("青稞饼", None)],
        channels=[Channel.DOUYIN, Channel.PLATFORM_832],
        ways=[IncomeWay.OWN_SHOP, IncomeWay.START_UP],
    )

    with django_capture_on_commit_callbacks(execute=True):
        accepted = shops.application_decide(
            application=application, accept=True, by=scene.coordinator
        )

    shop = accepted.shop
    assert list(shop.owners.all()) == [certified]
    assert shop.county == scene.county
    assert sorted(shop.channels.values_list("channel", flat=True)) == sorted(
        [Channel.DOUYIN, Channel.PLATFORM_832]
    )
    assert [(p.name, p.geographical_indication) for p in shop.products.order_by("name")] == [
        ("松茸", brand),
        ("青稞饼", None),
    ]
    # The ways the trainee meant to use stay on the application: the shop records what it does.
    assert (application.drives_own_shop, application.drives_start_up) == (True, True)
    assert shop.why_no_application == ""
    assert accepted.trainee_has_news
    assert len(sms_outbox) == 1


def test_a_trainee_without_a_phone_gets_no_text_but_the_notice(
    scene, sms_outbox, django_capture_on_commit_callbacks
):
    user = user_in(roles.TRAINEES, scene.county)
    Profile.objects.filter(user=user).update(phone=None)
    trainee = TraineeFactory(county=scene.county, user=user)
    CertificateFactory(enrolment__trainee=trainee)
    application = submit(trainee)

    with django_capture_on_commit_callbacks(execute=True):
        decided = shops.application_decide(
            application=application, accept=False, by=scene.manager, reason="计划太简单"
        )

    assert sms_outbox == []
    assert decided.trainee_has_news
    shops.application_news_seen(application=decided)
    decided.refresh_from_db()
    assert not decided.trainee_has_news


def test_a_text_the_gateway_refuses_leaves_the_decision_made(
    scene, certified, monkeypatch, django_capture_on_commit_callbacks
):
    def refuse(message):
        raise SmsError("isv.MOBILE_NUMBER_ILLEGAL", code="refused")

    monkeypatch.setattr(shops, "send_sms", refuse)
    application = submit(certified)

    with django_capture_on_commit_callbacks(execute=True):
        shops.application_decide(application=application, accept=True, by=scene.coordinator)

    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED


# Shops added without an application


@pytest.mark.parametrize("why", ["", "  "])
def test_a_shop_added_by_hand_says_why(scene, why):
    shop = Shop(name="手工店", county=scene.county, category="handicrafts", why_no_application=why)

    with pytest.raises(ValidationError) as error:
        shops.shop_save(shop=shop)

    assert list(error.value.message_dict) == ["why_no_application"]
    assert error.value.messages[0].startswith("Why without an application: say why")
    assert not Shop.objects.filter(name="手工店").exists()


def test_a_shop_added_by_hand_with_a_reason_is_saved_and_old_shops_are_not_asked(scene):
    shop = Shop(
        name="手工店", county=scene.county, category="handicrafts", why_no_application=" 旧项目 "
    )

    assert shops.shop_save(shop=shop).why_no_application == "旧项目"
    old = ShopFactory(county=scene.county)
    old.name = "改名"
    assert shops.shop_save(shop=old).name == "改名"
