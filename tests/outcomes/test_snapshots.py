"""Published figures: kept as they were, shown again exactly so, by whom they may be."""

from decimal import Decimal

import pytest

from django.urls import reverse
from django.utils import translation

from incubator import sales
from incubator.choices import ReportStatus
from incubator.models import SalesReport
from outcomes.areas import WHOLE_PREFECTURE
from outcomes.indicators import Scope
from outcomes.models import Snapshot, Target, TargetIndicator
from outcomes.periods import period_from_text
from outcomes.views import live_figures
from tests.incubator.scene import ROLES
from tests.incubator.scene import scene as make_scene
from tests.outcomes.test_dashboard import login
from tests.outcomes.world import build

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene():
    return make_scene()


def publish(client, **params):
    """Publish as a person does: the confirmation page first, then its button."""
    params = {"period": "2025", **params}
    page = client.get(reverse("outcomes_publish"), params)
    confirmed = page.context["digest"] if page.status_code == 200 else ""
    return client.post(reverse("outcomes_publish"), {**params, "confirmed": confirmed})


def test_published_figures_are_shown_again_as_they_were(client, scene):
    world = build()
    login(client, scene.manager)
    response = publish(client, note="报州政府")
    snapshot = Snapshot.objects.get()
    assert response["Location"] == reverse("outcomes_snapshot", args=[snapshot.pk])
    assert (snapshot.period, snapshot.note, snapshot.published_by) == (
        "2025",
        "报州政府",
        scene.manager,
    )
    assert snapshot.figures["sales"]["total"] == "4500.00"
    assert snapshot.calculation_version == 3

    # Records change later: a report is approved, another county's sales grow.
    for report in SalesReport.objects.filter(status=ReportStatus.SUBMITTED):
        sales.sales_report_approve(report=report, by=scene.manager)
    page = client.get(response["Location"])
    assert page.context["figures"]["sales"]["total"] == "4500.00"
    assert "4,500.00" in page.content.decode()
    live = client.get(reverse("outcomes_dashboard"), {"period": "2025"})
    assert live.context["figures"]["sales"]["total"] == "4800.00"
    assert world.county_a.name_in("en") in page.content.decode()


def test_a_snapshot_keeps_the_filters_in_words(client, scene):
    world = build()
    login(client, scene.manager)
    publish(client, area=world.county_a.code, cohort=world.k1.pk, channel="taobao")
    snapshot = Snapshot.objects.get()
    assert snapshot.area_name == world.county_a.name and snapshot.county == world.county_a
    assert snapshot.filters == {
        "cohort": {"id": world.k1.pk, "name": world.k1.name},
        "channel": "taobao",
    }
    with translation.override("en"):
        assert snapshot.filters_shown() == [("Cohort", world.k1.name), ("Channel", "Taobao")]
        assert str(snapshot) == f"{world.county_a.name_en} · 2025 · {world.k1.name} · Taobao"
    with translation.override("zh-hans"):
        assert snapshot.filters_shown() == [("班级", world.k1.name), ("渠道", "淘宝")]


@pytest.mark.parametrize("role", ROLES)
def test_only_managers_publish(client, scene, role):
    if role != "anonymous":
        login(client, scene.user(role))
    response = publish(client)
    assert Snapshot.objects.exists() == (role == "manager")
    if role == "manager":
        assert response.status_code == 302 and "published" in response["Location"]
    else:
        assert response.status_code in {302, 403}  # the login page, the admin's home, refused
        assert "published" not in response.get("Location", "")


def test_a_bad_period_publishes_nothing(client, scene):
    login(client, scene.manager)
    response = publish(client, period="2025-13", channel="douyin")
    assert response.status_code == 400
    assert "“2025-13” is not a period" in response.context["errors"]["period"]
    assert response.context["params"]["channel"] == "douyin"  # the filters kept
    assert not Snapshot.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_who_sees_which_published_figures(client, scene, role):
    figures = live_figures(Scope(area=WHOLE_PREFECTURE, period=period_from_text("2025")))
    ours, theirs = (
        Snapshot.objects.create(
            area_name=county.name,
            county=county,
            period="2025",
            figures=figures,
            calculation_version=1,
            published_by=scene.manager,
        )
        for county in (scene.county, scene.other_county)
    )
    if role != "anonymous":
        login(client, scene.user(role))
    listing = client.get(reverse("outcomes_snapshots"))
    seen = {
        snapshot: client.get(reverse("outcomes_snapshot", args=[snapshot.pk])).status_code
        for snapshot in (ours, theirs)
    }
    if role == "manager":
        assert listing.status_code == 200 and seen == {ours: 200, theirs: 200}
    elif role == "coordinator":
        assert list(listing.context["snapshots"]) == [ours]
        assert seen == {ours: 200, theirs: 404}
    elif role == "other_coordinator":
        assert seen == {ours: 404, theirs: 200}
    else:
        assert listing.status_code in {302, 403}
        assert set(seen.values()) <= {302, 403}


# Targets


def test_the_years_targets_are_shown_with_the_share_achieved(client, scene):
    build()
    Target.objects.create(indicator=TargetIndicator.ONLINE_SALES, year=2025, value=Decimal("9000"))
    Target.objects.create(indicator=TargetIndicator.TRAINEES_TRAINED, year=2025, value=8)
    Target.objects.create(
        indicator=TargetIndicator.TRAINEES_TRAINED, year=2025, value=3, county=scene.county
    )
    login(client, scene.manager)
    rows = client.get(reverse("outcomes_dashboard"), {"period": "2025"}).context["achievement"]
    assert [
        (str(row["indicator"]), row["target"], row["actual"], row["share"]) for row in rows
    ] == [
        ("Trainees trained", Decimal("8.00"), Decimal("4"), Decimal("50.0")),
        ("Online sales (yuan)", Decimal("9000.00"), Decimal("4500.00"), Decimal("50.0")),
    ]
    # Not a whole year: no target applies.
    quarter = client.get(reverse("outcomes_dashboard"), {"period": "2025-Q1"})
    assert quarter.context["achievement"] == []


@pytest.mark.parametrize("narrowed", [{"channel": "taobao"}, {"track": "track"}])
def test_figures_narrowed_by_a_filter_are_not_measured_against_the_areas_targets(
    client, scene, narrowed
):
    world = build()
    Target.objects.create(indicator=TargetIndicator.ONLINE_SALES, year=2025, value=Decimal("9000"))
    login(client, scene.manager)
    if "track" in narrowed:
        narrowed = {"track": world.track.pk}
    # Taobao's sales are not half of the year's target for every channel.
    page = client.get(reverse("outcomes_dashboard"), {"period": "2025", **narrowed})
    assert page.context["achievement"] == []
    assert "Targets of the year" not in page.content.decode()
    whole = client.get(reverse("outcomes_dashboard"), {"period": "2025"})
    assert "Targets of the year" in whole.content.decode()


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"value": "0"}, "Enter a target above zero."),
        ({"value": "-5"}, "Enter a target above zero."),
        ({"value": "many"}, "Enter a number."),
    ],
)
def test_a_bad_target_is_refused_with_a_message(client, scene, values, message):
    login(client, scene.manager)
    data = {"year": "2026", "county": "", "indicator": TargetIndicator.JOBS_CREATED, **values}
    response = client.post("/admin/targets/new/", data)
    assert message in response.content.decode()
    assert not Target.objects.exists()


def test_a_second_target_for_the_same_indicator_and_year_is_refused(client, scene):
    Target.objects.create(indicator=TargetIndicator.JOBS_CREATED, year=2026, value=100)
    login(client, scene.manager)
    data = {"year": "2026", "county": "", "indicator": TargetIndicator.JOBS_CREATED, "value": "5"}
    response = client.post("/admin/targets/new/", data)
    assert "already has a target for this indicator in this year" in response.content.decode()
    assert Target.objects.get().value == 100


@pytest.mark.parametrize("role", ROLES)
def test_only_managers_set_targets(client, scene, role):
    if role != "anonymous":
        login(client, scene.user(role))
    listing = client.get("/admin/targets/")
    data = {"year": "2026", "county": "", "indicator": TargetIndicator.JOBS_CREATED, "value": "5"}
    client.post("/admin/targets/new/", data)
    assert (listing.status_code == 200) == (role == "manager")
    assert Target.objects.exists() == (role == "manager")


@pytest.mark.parametrize(
    ("text", "whole"),
    [
        ("2025", True),
        ("2025-01-01..2025-12-31", True),
        ("2025-Q4", False),
        ("2024-07-01..2025-06-30", False),
    ],
)
def test_a_target_applies_to_a_whole_calendar_year(text, whole):
    from outcomes.targets import is_whole_year

    assert is_whole_year(period_from_text(text)) is whole
