import pytest

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from incubator import audit
from incubator.choices import ApplicationStatus, ShopCategory, Stage
from incubator.factories import ApplicationFactory
from incubator.models import Application, Shop
from incubator.shops import application_decide, application_submit
from tests.trainees.admin_cast import user_in
from trainees import roles
from trainees.factories import CertificateFactory, TraineeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def certified(scene):
    """The scene's trainee of county A, with an account and a valid certificate."""
    trainee = TraineeFactory(county=scene.county, user=user_in(roles.TRAINEES, scene.county))
    CertificateFactory(enrolment__trainee=trainee)
    return trainee


def submit(trainee, by=None, **overrides):
    values = {
        "shop_name": "雅江松茸直供",
        "category": ShopCategory.HERBS_FUNGI,
        "plan": "在抖音直播销售雅江松茸，第一年月销售额过万元。",
    }
    return application_submit(trainee=trainee, by=by or trainee.user, **(values | overrides))


def test_a_certified_trainee_applies_with_a_plan(certified):
    application = submit(certified, shop_name="  雅江松茸直供 ")

    assert application.status == ApplicationStatus.SUBMITTED
    assert application.shop_name == "雅江松茸直供"
    assert application.county == certified.county
    assert [entry.action for entry in audit.history(application)] == [audit.APPLICATION_SUBMIT]


def test_a_coordinator_of_the_county_applies_for_a_trainee(scene, certified):
    application = submit(certified, by=scene.coordinator)

    assert application.trainee == certified


@pytest.mark.parametrize("who", ["other_coordinator", "trainee", "owner", "instructor"])
def test_nobody_else_applies_for_a_trainee(scene, certified, who):
    with pytest.raises(PermissionDenied, match="only for yourself"):
        submit(certified, by=scene.user(who))

    assert not Application.objects.exists()


def test_a_trainee_without_a_certificate_cannot_apply(scene):
    trainee = TraineeFactory(county=scene.county, user=user_in(roles.TRAINEES, scene.county))

    with pytest.raises(ValidationError) as error:
        submit(trainee)

    assert error.value.messages == [
        f"{trainee.name} holds no valid certificate: incubation is open to trainees "
        "who have completed a course."
    ]
    assert not Application.objects.exists()


def test_a_revoked_certificate_does_not_count(certified):
    certified.enrolments.get().certificate.__class__.objects.update(revoked_at=timezone.now())

    with pytest.raises(ValidationError, match="holds no valid certificate"):
        submit(certified)

    assert not Application.objects.exists()


def test_one_open_application_at_a_time(certified):
    first = submit(certified)

    with pytest.raises(ValidationError) as error:
        submit(certified, shop_name="另一家店")

    assert error.value.messages == [
        f"An application for 雅江松茸直供, sent on {timezone.localdate(first.submitted_at)}, "
        "is still waiting for a decision: only one application at a time."
    ]
    assert Application.objects.count() == 1


def test_after_a_decline_the_trainee_applies_again(scene, certified):
    application_decide(
        application=submit(certified), accept=False, by=scene.coordinator, reason="计划太简单"
    )

    assert submit(certified, plan="更详细的计划").status == ApplicationStatus.SUBMITTED


def test_every_missing_or_wrong_field_is_named_at_once(certified):
    with pytest.raises(ValidationError) as error:
        submit(certified, shop_name=" ", category="casino", plan="")

    assert error.value.message_dict == {
        "shop_name": ["Shop name: This cannot be empty."],
        "category": [
            "Category: Choose a category from the list: "
            + ", ".join(str(label) for label in ShopCategory.labels)
            + "."
        ],
        "plan": ["Idea and plan: This cannot be empty."],
    }
    assert not Application.objects.exists()


@pytest.mark.parametrize("who", ["coordinator", "manager"])
def test_accepting_starts_the_trainees_shop_incubating_today(scene, certified, who):
    application = submit(certified)

    decided = application_decide(application=application, accept=True, by=scene.user(who))

    shop = decided.shop
    today = timezone.localdate()
    assert decided.status == ApplicationStatus.ACCEPTED
    assert decided.decided_by == scene.user(who)
    assert (shop.name, shop.county, shop.category) == (
        "雅江松茸直供",
        scene.county,
        ShopCategory.HERBS_FUNGI,
    )
    assert list(shop.owners.all()) == [certified]
    assert (shop.stage, shop.applied_on, shop.incubating_on) == (Stage.INCUBATING, today, today)
    [entry] = audit.history(shop)
    assert entry.action == audit.SHOP_STAGE
    assert entry.user == scene.user(who)
    assert entry.message == f"Stage changed: stage: – → Incubating; incubating since: – → {today}"


def test_declining_keeps_the_reason_and_creates_no_shop(scene, certified):
    decided = application_decide(
        application=submit(certified), accept=False, by=scene.manager, reason=" 缺少货源 "
    )

    assert decided.status == ApplicationStatus.DECLINED
    assert decided.decline_reason == "缺少货源"
    assert not Shop.objects.filter(name="雅江松茸直供").exists()
    assert audit.history(decided).first().comment == "缺少货源"


@pytest.mark.parametrize("reason", ["", "  ", None])
def test_declining_without_a_reason_is_refused(scene, certified, reason):
    application = submit(certified)

    with pytest.raises(ValidationError) as error:
        application_decide(application=application, accept=False, by=scene.manager, reason=reason)

    assert error.value.message_dict == {
        "reason": ["Reason for declining: say why, so that the trainee can improve."]
    }
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


@pytest.mark.parametrize("who", ["other_coordinator", "owner", "trainee", "instructor"])
def test_only_the_countys_coordinator_and_managers_decide(scene, certified, who):
    application = submit(certified)

    with pytest.raises(PermissionDenied, match="decide applications"):
        application_decide(application=application, accept=True, by=scene.user(who))

    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert not Shop.objects.filter(name="雅江松茸直供").exists()


def test_an_application_is_decided_once(scene):
    application = ApplicationFactory(trainee__county=scene.county)
    application_decide(application=application, accept=True, by=scene.coordinator)

    with pytest.raises(ValidationError, match="already decided"):
        application_decide(application=application, accept=False, by=scene.manager, reason="x")

    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED
    assert Shop.objects.filter(name=application.shop_name).count() == 1
