"""Applying on the public site (My learning, the form, the answer) and deciding in the admin
(accept, ask, decline), by every role; the admin's queue and its count."""

import pytest

from django.urls import reverse
from django.utils import translation

from incubator import shops
from incubator.choices import ApplicationStatus, Channel, IncomeWay
from incubator.models import Application, ApplicationMessage, GeographicalIndication, Shop
from tests.incubator.scene import ROLES
from tests.incubator.test_admin_views import login
from tests.trainees.admin_cast import user_in
from trainees import roles
from trainees.factories import CertificateFactory, EnrolmentFactory, TraineeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def certified(scene):
    trainee = TraineeFactory(county=scene.county, user=user_in(roles.TRAINEES, scene.county))
    CertificateFactory(enrolment__trainee=trainee)
    return trainee


@pytest.fixture
def application(certified):
    return shops.application_submit(
        trainee=certified,
        shop_name="雅江松茸直供",
        category="herbs_fungi",
        plan="直播卖松茸",
        by=certified.user,
        channels=[Channel.DOUYIN],
    )


def en(name: str, *args) -> str:
    """The page's address in English, so that its messages can be read here."""
    with translation.override("en"):
        return reverse(name, args=args)


def page(client, url):
    response = client.get(url)
    return response, response.content.decode()


# The trainee's side


def test_a_certified_trainee_is_offered_to_apply(client, certified):
    client.force_login(certified.user)

    _, home = page(client, en("learning_home"))

    assert reverse("incubation_apply") in home


def test_a_trainee_without_a_certificate_reads_why_and_what_to_finish(client, scene):
    trainee = TraineeFactory(county=scene.county, user=user_in(roles.TRAINEES, scene.county))
    enrolment = EnrolmentFactory(trainee=trainee)
    client.force_login(trainee.user)

    _, home = page(client, en("learning_home"))
    response, form_page = page(client, en("incubation_apply"))

    assert reverse("incubation_apply") not in home
    assert enrolment.course.title in home
    assert response.status_code == 200
    assert "holds no valid certificate" in form_page
    assert 'name="shop_name"' not in form_page


def test_the_form_shows_the_household_or_says_to_ask_the_coordinator(client, certified):
    client.force_login(certified.user)

    _, form_page = page(client, en("incubation_apply"))

    assert "ask your county's coordinator to record it" in form_page
    assert 'name="channels"' in form_page and 'name="ways"' in form_page


def test_a_trainee_applies_through_the_form(client, certified):
    client.force_login(certified.user)
    brand = GeographicalIndication.objects.get(name="雅江松茸")

    response = client.post(
        reverse("incubation_apply"),
        {
            "shop_name": "雅江松茸直供",
            "category": "herbs_fungi",
            "plan": "直播卖松茸",
            "product_1": "松茸",
            "brand_1": str(brand.pk),
            "channels": [Channel.DOUYIN, Channel.TAOBAO],
            "ways": [IncomeWay.OWN_SHOP],
        },
    )

    assert response.status_code == 302
    application = Application.objects.get()
    assert application.channels == [Channel.TAOBAO, Channel.DOUYIN]
    assert application.products.get().geographical_indication == brand
    assert application.drives_own_shop


def test_a_wrong_form_is_sent_back_with_its_messages_and_nothing_written(client, certified):
    client.force_login(certified.user)

    response = client.post(
        en("incubation_apply"),
        {"shop_name": " ", "category": "casino", "plan": "", "product_1": "", "brand_1": "9999"},
    )

    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["shop_name"] == ["Shop name: This cannot be empty."]
    assert form.errors["plan"] == ["Idea and plan: This cannot be empty."]
    assert response.context["product_errors"] == ["Product 1: This cannot be empty."]
    assert not Application.objects.exists()


def test_the_state_of_the_application_on_my_learning(client, scene, application):
    client.force_login(application.trainee.user)

    _, waiting = page(client, en("learning_home"))
    assert "Waiting for a decision" in waiting
    assert reverse("incubation_apply") not in waiting

    shops.application_ask(application=application, question="货源在哪里？", by=scene.coordinator)
    _, asked = page(client, en("learning_home"))
    assert "货源在哪里？" in asked
    assert reverse("incubation_answer", args=[application.pk]) in asked
    assert "asks a question about your application for 雅江松茸直供" in asked  # the notice
    _, again = page(client, en("learning_home"))
    assert "asks a question about your application" not in again  # once

    shops.application_answer(
        application=application, answer="自家合作社", by=application.trainee.user
    )
    shops.application_decide(
        application=application, accept=False, by=scene.manager, reason="货源不稳定"
    )
    _, declined = page(client, en("learning_home"))
    assert "货源不稳定" in declined
    assert "is declined" in declined
    assert reverse("incubation_apply") in declined  # may apply again


def test_accepted_links_to_my_shop(client, scene, application):
    accepted = shops.application_decide(application=application, accept=True, by=scene.coordinator)
    client.force_login(application.trainee.user)

    _, home = page(client, en("learning_home"))

    assert reverse("my_shop", args=[accepted.shop_id]) in home
    assert "is accepted: your shop is incubating" in home


def test_the_trainee_answers_through_the_form(client, scene, application):
    shops.application_ask(application=application, question="货源？", by=scene.coordinator)
    client.force_login(application.trainee.user)
    url = en("incubation_answer", application.pk)

    refused = client.post(url, {"answer": " "})
    assert refused.status_code == 400
    assert refused.context["form"].errors["answer"] == [
        "Answer: write your answer to the question."
    ]
    assert application.thread.count() == 1

    assert client.post(url, {"answer": "自家合作社"}).status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


@pytest.mark.parametrize("role", ROLES)
def test_nobody_else_answers_or_reads_the_answer_page(client, scene, application, role):
    shops.application_ask(application=application, question="货源？", by=scene.coordinator)
    if role != "anonymous":
        client.force_login(scene.user(role))
    url = reverse("incubation_answer", args=[application.pk])

    got, posted = client.get(url), client.post(url, {"answer": "冒名回复"})

    expected = 302 if role == "anonymous" else 404  # to the log-in page
    assert (got.status_code, posted.status_code) == (expected, expected)
    assert application.thread.count() == 1


# The coordinator's side


DECISIONS = {
    "application:accept": {},
    "application:ask": {"question": "货源在哪里？"},
    "application:decline": {"reason": "计划太简单"},
}


@pytest.mark.parametrize("role", ROLES)
def test_only_the_countys_coordinator_and_managers_decide_in_the_admin(
    client, scene, application, role
):
    login(client, scene, role)

    for action, data in DECISIONS.items():
        response = client.post(reverse(action, args=[application.pk]), data)
        application.refresh_from_db()
        if role in {"coordinator", "manager"}:
            assert response.status_code == 302, action
            break  # the first decision is taken; the others are tested below
        assert response.status_code in {302, 403, 404}, (action, response)
        if role == "other_coordinator":
            assert response.status_code == 404
        assert application.status == ApplicationStatus.SUBMITTED, action
        assert not ApplicationMessage.objects.exists()
        assert not Shop.objects.filter(name="雅江松茸直供").exists()


def test_the_coordinator_asks_then_declines_in_the_admin(client, scene, application):
    login(client, scene, "coordinator")

    refused = client.post(reverse("application:ask", args=[application.pk]), {"question": " "})
    assert refused.context["form"].errors["question"] == [
        "Question: say what the trainee should tell you."
    ]
    client.post(reverse("application:ask", args=[application.pk]), {"question": "货源？"})
    inspect = client.get(reverse("application:inspect", args=[application.pk])).content.decode()
    assert "货源？" in inspect
    assert reverse("application:decline", args=[application.pk]) in inspect
    assert reverse("application:ask", args=[application.pk]) not in inspect  # one at a time

    client.post(reverse("application:decline", args=[application.pk]), {"reason": "没有回复"})
    application.refresh_from_db()
    assert (application.status, application.decline_reason) == (
        ApplicationStatus.DECLINED,
        "没有回复",
    )


def test_the_listing_puts_waiting_applications_first_and_the_menu_counts_them(
    client, scene, application
):
    older = TraineeFactory(county=scene.county, user=user_in(roles.TRAINEES, scene.county))
    CertificateFactory(enrolment__trainee=older)
    decided = shops.application_submit(
        trainee=older, shop_name="已审核的店", category="other", plan="计划", by=older.user
    )
    shops.application_decide(application=decided, accept=False, by=scene.manager, reason="不")
    Application.objects.filter(pk=decided.pk).update(
        submitted_at=application.submitted_at.replace(year=2099)
    )
    login(client, scene, "coordinator")

    listing = client.get(reverse("application:index")).content.decode()
    home = client.get(reverse("wagtailadmin_home")).content.decode()

    assert listing.index("雅江松茸直供") < listing.index("已审核的店")
    assert "(1 waiting)" in home
    login(client, scene, "other_coordinator")
    assert "waiting)" not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_a_shop_added_in_the_admin_says_why_and_one_accepted_is_not_asked(
    client, scene, application
):
    login(client, scene, "coordinator")
    form = client.get(reverse("shop:add")).context["form"]
    assert form.fields["why_no_application"].required

    response = client.post(
        reverse("shop:add"),
        {
            "name": "手工店",
            "county": scene.county.pk,
            "category": "handicrafts",
            "owners": [scene.owner_trainee.pk],
            "why_no_application": "",
        },
    )
    assert response.status_code == 200
    assert (
        response.context["form"]
        .errors["why_no_application"][0]
        .startswith("Why without an application")
    )
    assert not Shop.objects.filter(name="手工店").exists()

    client.post(
        reverse("shop:add"),
        {
            "name": "手工店",
            "county": scene.county.pk,
            "category": "handicrafts",
            "owners": [scene.owner_trainee.pk],
            "why_no_application": "2019年的老项目",
        },
    )
    shop = Shop.objects.get(name="手工店")
    assert "2019年的老项目" in client.get(reverse("shop:inspect", args=[shop.pk])).content.decode()

    accepted = shops.application_decide(application=application, accept=True, by=scene.manager)
    form = client.get(reverse("shop:edit", args=[accepted.shop_id])).context["form"]
    assert "why_no_application" not in form.fields
