"""A milestone's screenshot: kept in the private storage, which no URL serves, and handed
out by its view only to those who see the milestone (its shop's owner, the coordinator of
its county, programme managers); anyone else is told it is not there."""

import importlib
from pathlib import Path
from types import SimpleNamespace

import pytest

from django.apps import apps
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import connection
from django.urls import reverse

from incubator.factories import MilestoneFactory, png_bytes
from incubator.models import Milestone
from tests.incubator.scene import ROLES

pytestmark = pytest.mark.django_db

SEES_IT = {"owner", "coordinator", "manager"}
MIGRATION = importlib.import_module("incubator.migrations.0008_h11_private_evidence")


def evidence_url(milestone) -> str:
    return reverse("milestone_evidence", args=[milestone.pk])


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def media_files() -> list[Path]:
    return [path for path in Path(django_settings.MEDIA_ROOT).rglob("*") if path.is_file()]


@pytest.mark.parametrize("role", ROLES)
def test_only_who_sees_the_milestone_gets_its_screenshot(client, scene, role):
    screenshot = png_bytes((64, 48))
    milestone = MilestoneFactory(shop=scene.shop, evidence=ContentFile(screenshot, "shop.png"))
    if role != "anonymous":
        client.force_login(scene.user(role))

    response = client.get(evidence_url(milestone))

    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    elif role in SEES_IT:
        assert response.status_code == 200
        assert body(response) == screenshot
    else:
        assert response.status_code == 404
        assert "shop.png" not in response.content.decode()


def test_the_screenshot_is_shown_as_an_image_that_nothing_can_sniff_or_keep(client, scene):
    milestone = MilestoneFactory(shop=scene.shop)
    client.force_login(scene.owner)

    response = client.get(evidence_url(milestone))

    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == f'inline; filename="milestone-{milestone.pk}.png"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("name", ["page.html", "logo.svg", "notes"])
def test_a_stored_file_that_is_not_a_screenshot_is_only_downloaded_as_bytes(client, scene, name):
    """Evidence is checked as an image on the way in; a file stored otherwise (by hand, or
    renamed) is never shown in the browser, so a script in it cannot run."""
    script = b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>"
    milestone = MilestoneFactory(shop=scene.shop, evidence=ContentFile(script, name))
    client.force_login(scene.manager)

    response = client.get(evidence_url(milestone))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == (
        f'attachment; filename="milestone-{milestone.pk}.bin"'
    )
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_screenshot_no_longer_stored_is_not_there(client, scene):
    milestone = MilestoneFactory(shop=scene.shop)
    milestone.evidence.storage.delete(milestone.evidence.name)
    client.force_login(scene.coordinator)

    response = client.get(evidence_url(milestone))

    assert response.status_code == 404


def test_the_screenshot_is_not_under_the_media_and_its_raw_address_answers_nothing(
    client, scene, development_urls
):
    milestone = MilestoneFactory(shop=scene.shop)
    client.force_login(scene.owner)

    assert media_files() == []
    assert Path(storages["private"].path(milestone.evidence.name)).is_file()
    raw = django_settings.MEDIA_URL + milestone.evidence.name
    assert client.get(raw).status_code == 404
    assert client.get(evidence_url(milestone)).status_code == 200


def test_the_admins_record_of_a_milestone_links_the_screenshots_view(client, scene):
    milestone = MilestoneFactory(shop=scene.shop)
    client.force_login(scene.coordinator)

    page = client.get(reverse("milestone:inspect", args=[milestone.pk])).content.decode()

    assert f'href="{evidence_url(milestone)}"' in page
    assert milestone.evidence.name not in page


def test_the_owners_shop_page_links_each_screenshot(client, scene):
    milestone = MilestoneFactory(shop=scene.shop)
    client.force_login(scene.owner)

    page = client.get(reverse("my_shop", args=[scene.shop.pk])).content.decode()

    assert f'href="{evidence_url(milestone)}"' in page
    assert milestone.evidence.name not in page


# The migration that moves the screenshots stored before ---------------------------------


def stored_before(shop, name: str, data: bytes) -> Milestone:
    """A milestone whose screenshot was stored in the media, as before the migration."""
    milestone = MilestoneFactory(shop=shop)
    milestone.evidence.delete(save=False)
    assert storages["default"].save(name, ContentFile(data)) == name
    Milestone.objects.filter(pk=milestone.pk).update(evidence=name)
    return Milestone.objects.get(pk=milestone.pk)


def migrate(source: str, target: str) -> None:
    MIGRATION.move_evidence(source, target)(apps, SimpleNamespace(connection=connection))


def test_the_migration_moves_screenshots_out_of_the_media_and_the_view_serves_them(client, scene):
    screenshot = png_bytes((20, 10))
    milestone = stored_before(scene.shop, "incubator/evidence/0123abcd.png", screenshot)
    lost = stored_before(scene.other_shop, "incubator/evidence/lost.png", b"")
    storages["default"].delete(lost.evidence.name)

    migrate("default", "private")
    migrate("default", "private")  # run again after a failure part-way: nothing more to do

    assert media_files() == []
    assert storages["private"].open(milestone.evidence.name).read() == screenshot
    milestone.refresh_from_db()
    assert milestone.evidence.name == "incubator/evidence/0123abcd.png"
    lost.refresh_from_db()
    assert lost.evidence.name == "incubator/evidence/lost.png"  # left as it was
    client.force_login(scene.coordinator)
    assert body(client.get(evidence_url(milestone))) == screenshot


def test_the_migration_backwards_puts_the_screenshots_back_in_the_media(scene):
    screenshot = png_bytes((20, 10))
    milestone = stored_before(scene.shop, "incubator/evidence/0123abcd.png", screenshot)
    migrate("default", "private")

    migrate("private", "default")

    assert media_files() == [Path(django_settings.MEDIA_ROOT) / milestone.evidence.name]
    assert not storages["private"].exists(milestone.evidence.name)
