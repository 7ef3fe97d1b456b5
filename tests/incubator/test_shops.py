"""Shop stages and milestones."""

import datetime
from pathlib import Path

import pytest
from PIL import Image

from django.conf import settings as django_settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from courses.image_forms import UNREADABLE_IMAGE_MESSAGE
from incubator import audit
from incubator.choices import MilestoneKind, Stage
from incubator.factories import MilestoneFactory, png_bytes
from incubator.models import Milestone, Shop
from incubator.shops import milestone_record, shop_stage_change
from tests.courses.test_image_uploads import NOT_AN_IMAGE, black_and_white_png

pytestmark = pytest.mark.django_db

YESTERDAY = timezone.localdate() - datetime.timedelta(days=1)


def stored_evidence() -> list[Path]:
    """Every file under the media and the private storage's folders."""
    folders = [Path(django_settings.MEDIA_ROOT), Path(storages["private"].location)]
    return [path for folder in folders for path in folder.rglob("*") if path.is_file()]


# Stages


@pytest.mark.parametrize("who", ["coordinator", "manager"])
def test_an_incubating_shop_graduates_on_a_day_with_its_history_kept(scene, who):
    shop = shop_stage_change(
        shop=scene.shop,
        stage=Stage.GRADUATED,
        on=YESTERDAY,
        by=scene.user(who),
        reason="年销售额过百万",
    )

    shop.refresh_from_db()
    assert (shop.stage, shop.graduated_on, shop.stage_date) == (
        Stage.GRADUATED,
        YESTERDAY,
        YESTERDAY,
    )
    [entry] = audit.history(shop)
    assert (entry.action, entry.user, entry.comment) == (
        audit.SHOP_STAGE,
        scene.user(who),
        "年销售额过百万",
    )
    assert entry.data["changes"] == {
        "stage": ["incubating", "graduated"],
        "graduated_on": [None, str(YESTERDAY)],
    }
    assert entry.message == (
        f"Stage changed: stage: Incubating → Graduated; graduated on: – → {YESTERDAY} "
        "(reason: 年销售额过百万)"
    )


def test_a_graduated_shop_closes_later(scene):
    shop_stage_change(shop=scene.shop, stage=Stage.GRADUATED, on=YESTERDAY, by=scene.manager)

    shop = shop_stage_change(
        shop=scene.shop, stage=Stage.CLOSED, on=timezone.localdate(), by=scene.manager
    )

    assert (shop.stage, shop.graduated_on, shop.closed_on) == (
        Stage.CLOSED,
        YESTERDAY,
        timezone.localdate(),
    )
    assert audit.history(shop).count() == 2


@pytest.mark.parametrize(
    ("stage", "message"),
    [
        (Stage.APPLIED, "高原松茸小店 is incubating: it cannot become applied."),
        (Stage.INCUBATING, "高原松茸小店 is incubating: it cannot become incubating."),
    ],
)
def test_a_shop_does_not_go_back(scene, stage, message):
    with pytest.raises(ValidationError) as error:
        shop_stage_change(shop=scene.shop, stage=stage, on=YESTERDAY, by=scene.manager)

    assert error.value.message_dict == {"stage": [message]}
    assert Shop.objects.get(pk=scene.shop.pk).stage == Stage.INCUBATING


def test_a_closed_shop_stays_closed(scene):
    shop_stage_change(shop=scene.shop, stage=Stage.CLOSED, on=YESTERDAY, by=scene.manager)

    with pytest.raises(ValidationError, match="is closed: it cannot become graduated"):
        shop_stage_change(shop=scene.shop, stage=Stage.GRADUATED, on=YESTERDAY, by=scene.manager)


def test_a_stage_day_before_the_current_stage_began_is_refused(scene):
    with pytest.raises(ValidationError) as error:
        shop_stage_change(
            shop=scene.shop, stage=Stage.GRADUATED, on=datetime.date(2025, 2, 2), by=scene.manager
        )

    assert error.value.message_dict == {
        "graduated_on": [
            "Graduated on: 2025-02-02 is before 2025-02-03, when the shop became incubating."
        ]
    }
    shop = Shop.objects.get(pk=scene.shop.pk)
    assert (shop.stage, shop.graduated_on) == (Stage.INCUBATING, None)
    assert not audit.history(shop).exists()


def test_a_stage_day_in_the_future_is_refused(scene):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    with pytest.raises(ValidationError) as error:
        shop_stage_change(shop=scene.shop, stage=Stage.CLOSED, on=tomorrow, by=scene.manager)

    assert error.value.message_dict == {
        "closed_on": [f"Closed on: {tomorrow} is in the future: enter a day that has passed."]
    }
    assert Shop.objects.get(pk=scene.shop.pk).stage == Stage.INCUBATING


def test_an_unknown_stage_is_refused(scene):
    with pytest.raises(ValidationError) as error:
        shop_stage_change(shop=scene.shop, stage="famous", on=YESTERDAY, by=scene.manager)

    assert list(error.value.message_dict) == ["stage"]
    assert error.value.message_dict["stage"][0].startswith("Stage: Choose a stage from the list")


@pytest.mark.parametrize(
    "who", ["owner", "other_coordinator", "trainee", "instructor", "anonymous"]
)
def test_only_the_countys_coordinator_and_managers_change_stages(scene, who):
    with pytest.raises(PermissionDenied):
        shop_stage_change(shop=scene.shop, stage=Stage.CLOSED, on=YESTERDAY, by=scene.user(who))

    assert Shop.objects.get(pk=scene.shop.pk).stage == Stage.INCUBATING


# Milestones


def screenshot(content: bytes | None = None, name: str = "screenshot.png"):
    return SimpleUploadedFile(name, content if content is not None else png_bytes(), "image/png")


@pytest.mark.parametrize("who", ["owner", "coordinator", "manager"])
def test_a_milestone_is_recorded_with_its_screenshot(scene, who):
    milestone = milestone_record(
        shop=scene.shop,
        kind=MilestoneKind.FIRST_ORDER,
        achieved_on=YESTERDAY,
        evidence=screenshot(),
        by=scene.user(who),
    )

    milestone.refresh_from_db()
    assert (milestone.kind, milestone.achieved_on, milestone.recorded_by) == (
        MilestoneKind.FIRST_ORDER,
        YESTERDAY,
        scene.user(who),
    )
    assert milestone.evidence.name.startswith("incubator/evidence/")
    assert "screenshot" not in milestone.evidence.name  # a name nobody can guess
    # In the private storage, which no URL serves; nothing under the media.
    assert stored_evidence() == [Path(storages["private"].path(milestone.evidence.name))]
    with Image.open(milestone.evidence.path) as image:
        assert image.size == (40, 30)
    assert audit.history(milestone).get().action == audit.MILESTONE_RECORD


def damaged_png() -> bytes:
    return png_bytes((400, 300))[:120]


@pytest.mark.parametrize(
    ("evidence", "message"),
    [
        (lambda: screenshot(b"%PDF-1.4 not a picture", name="orders.png"), NOT_AN_IMAGE),
        (lambda: screenshot(b"just some text", name="orders.txt"), NOT_AN_IMAGE),
        (lambda: screenshot(damaged_png()), UNREADABLE_IMAGE_MESSAGE),
        (lambda: None, "Add a screenshot as evidence."),
    ],
    ids=["pdf-named-png", "text", "damaged", "missing"],
)
def test_evidence_that_is_not_a_real_image_is_refused_and_nothing_is_stored(
    scene, evidence, message
):
    with pytest.raises(ValidationError) as error:
        milestone_record(
            shop=scene.shop,
            kind=MilestoneKind.FIRST_ORDER,
            achieved_on=YESTERDAY,
            evidence=evidence(),
            by=scene.owner,
        )

    assert error.value.message_dict["evidence"][0].startswith("Evidence (screenshot): ")
    assert str(message) in error.value.message_dict["evidence"][0]
    assert not Milestone.objects.exists()
    assert stored_evidence() == []


def test_an_image_that_would_decompress_into_a_bomb_is_refused(scene, settings):
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 1_000_000

    with pytest.raises(ValidationError) as error:
        milestone_record(
            shop=scene.shop,
            kind=MilestoneKind.FIRST_ORDER,
            achieved_on=YESTERDAY,
            evidence=screenshot(black_and_white_png(4000, 4000)),
            by=scene.owner,
        )

    assert error.value.message_dict["evidence"][0].startswith(
        "Evidence (screenshot): "
        "This image is 4000 × 4000 pixels (16000000 in all); the largest allowed is 1000000 pixels."
    )
    assert not Milestone.objects.exists()


def test_a_milestone_is_reached_once(scene):
    MilestoneFactory(shop=scene.shop, kind=MilestoneKind.FIRST_ORDER, achieved_on=YESTERDAY)

    with pytest.raises(ValidationError) as error:
        milestone_record(
            shop=scene.shop,
            kind=MilestoneKind.FIRST_ORDER,
            achieved_on=timezone.localdate(),
            evidence=screenshot(),
            by=scene.owner,
        )

    assert error.value.message_dict == {
        "kind": [f"“First order” was already recorded, reached on {YESTERDAY}."]
    }
    assert Milestone.objects.count() == 1


def test_a_milestone_in_the_future_is_refused(scene):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    with pytest.raises(ValidationError) as error:
        milestone_record(
            shop=scene.shop,
            kind=MilestoneKind.ORDERS_100,
            achieved_on=tomorrow,
            evidence=screenshot(),
            by=scene.owner,
        )

    assert error.value.message_dict == {
        "achieved_on": [f"Achieved on: {tomorrow} is in the future: enter a day that has passed."]
    }
    assert not Milestone.objects.exists()
    assert stored_evidence() == []


@pytest.mark.parametrize("who", ["other_owner", "trainee", "other_coordinator", "instructor"])
def test_only_owners_and_those_who_run_the_county_record_milestones(scene, who):
    with pytest.raises(PermissionDenied):
        milestone_record(
            shop=scene.shop,
            kind=MilestoneKind.FIRST_ORDER,
            achieved_on=YESTERDAY,
            evidence=screenshot(),
            by=scene.user(who),
        )

    assert not Milestone.objects.exists()
