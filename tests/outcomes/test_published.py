"""Published figures a manager can stand behind: publishing asks to confirm first, showing
what will be published; a correction or a withdrawal needs a reason and stays in the
history (who, when, why, the values before and after); withdrawn figures leave the current
list and the API's; every filter is shown in the list, the page, the export and the API.
Only programme managers publish, correct and withdraw."""

import csv
import datetime
import importlib
import io
from decimal import Decimal

import pytest
import time_machine
from bs4 import BeautifulSoup

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation

from wagtail.users.models import UserProfile

from incubator import sales
from incubator.choices import ReportStatus
from incubator.models import SalesReport
from outcomes import published
from outcomes.areas import area_from_code
from outcomes.indicators import Scope
from outcomes.models import Snapshot, SnapshotChange
from outcomes.periods import period_from_text
from outcomes.tokens import default_expiry, token_create
from outcomes.views import live_figures
from tests.incubator.scene import ROLES
from tests.incubator.scene import scene as make_scene
from tests.outcomes.test_dashboard import login
from tests.outcomes.world import build

pytestmark = pytest.mark.django_db

PUBLISH = reverse("outcomes_publish")


@pytest.fixture
def scene():
    return make_scene()


def confirm_page(client, **params):
    return client.get(PUBLISH, {"period": "2025", **params})


def publish(client, **params):
    page = confirm_page(client, **params)
    params = {"period": "2025", **params, "confirmed": page.context["digest"]}
    return client.post(PUBLISH, params)


def approve_the_waiting_reports(scene):
    """Records change after publishing: 300 yuan more sales in 2025 (4500 → 4800)."""
    for report in SalesReport.objects.filter(status=ReportStatus.SUBMITTED):
        sales.sales_report_approve(report=report, by=scene.manager)


def published_for(county, by, **filters) -> Snapshot:
    scope = Scope(area=area_from_code(county.code), period=period_from_text("2025"), **filters)
    figures = live_figures(scope)
    return published.snapshot_publish(
        scope=scope, figures=figures, confirmed=published.digest(figures), by=by
    )


def text(response) -> str:
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


# Publishing asks to confirm first


def test_publishing_shows_what_will_be_published_and_publishes_only_once_confirmed(client, scene):
    world = build()
    login(client, scene.manager)
    dashboard = client.get(reverse("outcomes_dashboard"), {"period": "2025"})
    form = BeautifulSoup(dashboard.content, "html.parser").select_one("form.outcomes-publish")
    assert form["method"] == "get"  # the dashboard's button only opens the confirmation

    page = confirm_page(client, area=world.county_a.code, channel="taobao")
    assert page.status_code == 200
    assert not Snapshot.objects.exists()
    shown = text(page)
    for words in (world.county_a.name_in("en"), "2025", "Channel: Taobao", "Online sales (yuan)"):
        assert words in shown
    values = {row["key"]: row["value"] for row in page.context["values"]}
    assert values["trainees_trained"] == 3 and "reporting_share" in values
    soup = BeautifulSoup(page.content, "html.parser")
    post = soup.select_one("form[method=post]")
    hidden = {field["name"]: field["value"] for field in post.select("input[type=hidden]")}
    assert hidden["area"] == world.county_a.code and hidden["channel"] == "taobao"

    response = client.post(PUBLISH, {**hidden, "note": "报州政府"})
    snapshot = Snapshot.objects.get()
    assert response["Location"] == reverse("outcomes_snapshot", args=[snapshot.pk])
    assert (snapshot.area_code, snapshot.period, snapshot.note) == (
        world.county_a.code,
        "2025",
        "报州政府",
    )
    assert snapshot.filters == {"channel": "taobao"}


def test_a_publication_not_confirmed_publishes_nothing(client, scene):
    build()
    login(client, scene.manager)
    response = client.post(PUBLISH, {"period": "2025"})
    assert response.status_code == 409
    assert "no longer the ones you confirmed" in text(response)
    assert not Snapshot.objects.exists()


def test_figures_that_changed_since_the_confirmation_are_not_published(client, scene):
    build()
    login(client, scene.manager)
    page = confirm_page(client)
    approve_the_waiting_reports(scene)
    response = client.post(PUBLISH, {"period": "2025", "confirmed": page.context["digest"]})
    assert response.status_code == 409
    assert "records changed since then" in text(response)
    assert not Snapshot.objects.exists()
    # The page shows the new figures, to confirm again.
    assert client.post(PUBLISH, {"period": "2025", "confirmed": response.context["digest"]})[
        "Location"
    ].startswith("/admin/outcomes/published/")


# Correcting and withdrawing, with a reason kept in the history


def test_a_correction_shows_what_changes_and_keeps_both_values_with_the_reason(client, scene):
    build()
    login(client, scene.manager)
    publish(client)
    snapshot = Snapshot.objects.get()
    url = reverse("outcomes_snapshot_correct", args=[snapshot.pk])
    approve_the_waiting_reports(scene)

    page = client.get(url)
    changed = {row["key"]: (row["old"], row["new"]) for row in page.context["differences"]}
    assert str(changed["online_sales"][0]) == "4500.00"
    assert str(changed["online_sales"][1]) == "4800.00"
    refused = client.post(url, {"reason": "  ", "confirmed": page.context["digest"]})
    assert refused.status_code == 400
    message = BeautifulSoup(refused.content, "html.parser").select_one("#reason-error")
    assert message.get_text() == "Give the reason: it is kept in the figures' history."
    snapshot.refresh_from_db()
    assert snapshot.figures["sales"]["total"] == "4500.00" and snapshot.corrected_at is None
    assert not SnapshotChange.objects.exists()

    reason = "县里补报了 11 月的销售"
    response = client.post(url, {"reason": reason, "confirmed": page.context["digest"]})
    assert response["Location"] == reverse("outcomes_snapshot", args=[snapshot.pk])
    snapshot.refresh_from_db()
    assert snapshot.figures["sales"]["total"] == "4800.00" and snapshot.corrected_at
    change = SnapshotChange.objects.get()
    assert (change.kind, change.made_by, change.reason) == ("corrected", scene.manager, reason)
    assert change.old_figures["sales"]["total"] == "4500.00"
    assert change.new_figures["sales"]["total"] == "4800.00"

    page = client.get(reverse("outcomes_snapshot", args=[snapshot.pk]))
    history = BeautifulSoup(page.content, "html.parser").select_one("#history").parent
    rows = [row.get_text(" ", strip=True) for row in history.select("tbody tr")]
    assert rows[0].split()[2] == "Published"
    assert "Corrected" in rows[1] and reason in rows[1]
    assert "Online sales (yuan): 4500.00 → 4800.00" in rows[1]
    assert scene.manager.get_username() in rows[1] or scene.manager.get_full_name() in rows[1]
    assert "Corrected on" in text(page)


def test_in_chinese_the_history_reads_published_corrected_withdrawn_at_local_times(client, scene):
    """Each entry names what happened to the figures, as 已更正 and 已撤回 do (not 发布于,
    "published at"), at the time of day in Shanghai, a day ahead of UTC here."""
    build()
    login(client, scene.manager)
    with time_machine.travel(
        datetime.datetime(2025, 12, 15, 23, 40, tzinfo=datetime.UTC), tick=False
    ):
        publish(client)
        snapshot = Snapshot.objects.get()
        approve_the_waiting_reports(scene)
        digest = client.get(reverse("outcomes_snapshot_correct", args=[snapshot.pk])).context[
            "digest"
        ]
        client.post(
            reverse("outcomes_snapshot_correct", args=[snapshot.pk]),
            {"reason": "补报", "confirmed": digest},
        )
        client.post(reverse("outcomes_snapshot_withdraw", args=[snapshot.pk]), {"reason": "重报"})
    profile = UserProfile.get_for_user(scene.manager)
    profile.preferred_language = "zh-hans"
    profile.save()

    page = BeautifulSoup(
        client.get(reverse("outcomes_snapshot", args=[snapshot.pk])).content, "html.parser"
    )
    history = [
        [cell.get_text(strip=True) for cell in row.select("td")[:2]]
        for row in page.select_one("#history").parent.select("tbody tr")
    ]
    assert history == [
        ["2025-12-16 07:40", "已发布"],
        ["2025-12-16 07:40", "已更正"],
        ["2025-12-16 07:40", "已撤回"],
    ]


def test_the_correction_page_heads_its_columns_published_and_corrected(client, scene):
    build()
    login(client, scene.manager)
    publish(client)
    approve_the_waiting_reports(scene)
    profile = UserProfile.get_for_user(scene.manager)
    profile.preferred_language = "zh-hans"
    profile.save()
    page = client.get(reverse("outcomes_snapshot_correct", args=[Snapshot.objects.get().pk]))
    table = BeautifulSoup(page.content, "html.parser").select_one("table.listing")
    assert [cell.get_text() for cell in table.select("thead th")] == ["指标", "已发布", "已更正"]


def test_a_correction_with_nothing_changed_is_refused(client, scene):
    build()
    login(client, scene.manager)
    publish(client)
    snapshot = Snapshot.objects.get()
    url = reverse("outcomes_snapshot_correct", args=[snapshot.pk])
    page = client.get(url)
    assert "there is nothing to correct" in text(page)
    assert not BeautifulSoup(page.content, "html.parser").select("form textarea")
    response = client.post(url, {"reason": "再看一遍", "confirmed": page.context["digest"]})
    assert response.status_code == 400
    assert "there is nothing to correct" in text(response)
    assert not SnapshotChange.objects.exists()
    assert Snapshot.objects.get().corrected_at is None


def test_a_correction_of_figures_that_changed_again_since_the_page_is_refused(client, scene):
    build()
    login(client, scene.manager)
    publish(client)
    snapshot = Snapshot.objects.get()
    url = reverse("outcomes_snapshot_correct", args=[snapshot.pk])
    page = client.get(url)  # nothing to correct yet
    approve_the_waiting_reports(scene)
    response = client.post(url, {"reason": "补报", "confirmed": page.context["digest"]})
    assert response.status_code == 400
    assert "no longer the ones you confirmed" in text(response)
    assert Snapshot.objects.get().figures["sales"]["total"] == "4500.00"


def test_withdrawn_figures_leave_the_current_list_and_keep_their_page_and_history(client, scene):
    build()
    login(client, scene.manager)
    publish(client)
    publish(client, period="2025-Q1")
    snapshot, kept = Snapshot.objects.order_by("pk")
    url = reverse("outcomes_snapshot_withdraw", args=[snapshot.pk])

    refused = client.post(url, {"reason": ""})
    assert refused.status_code == 400
    assert "Give the reason" in text(refused)
    assert Snapshot.objects.get(pk=snapshot.pk).withdrawn_at is None

    reason = "口径有误，以 2026 年 1 月重新发布的为准"
    assert client.post(url, {"reason": reason}).status_code == 302
    snapshot.refresh_from_db()
    assert snapshot.is_withdrawn
    change = SnapshotChange.objects.get()
    assert (change.kind, change.reason, change.new_figures) == ("withdrawn", reason, None)
    assert change.old_figures == snapshot.figures  # the figures stay, for the history

    listing = client.get(reverse("outcomes_snapshots"))
    assert list(listing.context["snapshots"]) == [kept]
    withdrawn = client.get(reverse("outcomes_snapshots"), {"withdrawn": "1"})
    assert list(withdrawn.context["snapshots"]) == [snapshot]
    page = client.get(reverse("outcomes_snapshot", args=[snapshot.pk]))
    assert page.status_code == 200
    assert f"Withdrawn on {snapshot.withdrawn_at:%Y}" in text(page) and reason in text(page)
    assert "Withdraw these figures" not in text(page)  # no second withdrawal

    # Once withdrawn, neither corrected nor withdrawn again.
    again = client.post(url, {"reason": "再撤一次"})
    assert again.status_code == 302
    with translation.override("en"), pytest.raises(published.FiguresRefused, match="withdrawn on"):
        published.snapshot_withdraw(snapshot=snapshot, by=scene.manager, reason="再撤一次")
    assert SnapshotChange.objects.count() == 1


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        ("", "Give the reason"),
        (" \n\t", "Give the reason"),
        ("长" * 1001, "at most 1000 characters"),
    ],
)
def test_a_withdrawal_without_a_fit_reason_changes_nothing(scene, reason, message):
    snapshot = published_for(scene.county, scene.manager)
    with pytest.raises(published.FiguresRefused, match=message):
        published.snapshot_withdraw(snapshot=snapshot, by=scene.manager, reason=reason)
    snapshot.refresh_from_db()
    assert snapshot.withdrawn_at is None and not SnapshotChange.objects.exists()


@pytest.mark.parametrize("role", ["coordinator", "other_coordinator", "instructor", "trainee"])
def test_the_services_refuse_anyone_but_a_manager(scene, role):
    snapshot = published_for(scene.county, scene.manager)
    user = scene.user(role)
    with pytest.raises(PermissionDenied):
        published.snapshot_withdraw(snapshot=snapshot, by=user, reason="不对")
    with pytest.raises(PermissionDenied):
        published.snapshot_correct(
            snapshot=snapshot, figures={}, confirmed="", by=user, reason="不对"
        )
    assert not SnapshotChange.objects.exists()


# Who may: only managers publish, correct and withdraw


@pytest.mark.parametrize("role", ROLES)
def test_only_managers_publish_correct_and_withdraw(client, scene, role):
    ours = published_for(scene.county, scene.manager)
    before = Snapshot.objects.count()
    if role != "anonymous":
        login(client, scene.user(role))
    answers = {
        "confirm": client.get(PUBLISH, {"period": "2025"}).status_code,
        "publish": client.post(PUBLISH, {"period": "2025", "confirmed": "x"}).status_code,
        "correct page": client.get(
            reverse("outcomes_snapshot_correct", args=[ours.pk])
        ).status_code,
        "correct": client.post(
            reverse("outcomes_snapshot_correct", args=[ours.pk]), {"reason": "改"}
        ).status_code,
        "withdraw": client.post(
            reverse("outcomes_snapshot_withdraw", args=[ours.pk]), {"reason": "撤"}
        ).status_code,
    }
    page = client.get(reverse("outcomes_snapshot", args=[ours.pk]))
    if role == "manager":
        assert answers["confirm"] == 200 and answers["correct page"] == 200
        assert answers["withdraw"] == 302
        assert Snapshot.objects.get(pk=ours.pk).is_withdrawn
        return
    assert Snapshot.objects.count() == before
    assert not SnapshotChange.objects.exists()
    assert Snapshot.objects.get(pk=ours.pk).withdrawn_at is None
    if role == "coordinator":
        # Sees the county's figures, without the buttons; refused the changes.
        assert page.status_code == 200
        assert "Withdraw these figures" not in text(page)
        assert set(answers.values()) <= {302, 403}  # refused, back to the admin's home
    elif role == "other_coordinator":
        # Another county's figures are not found: nothing tells they exist.
        assert page.status_code == 404
        assert {answers["confirm"], answers["publish"]} <= {302, 403}
        assert answers["correct page"] == answers["correct"] == answers["withdraw"] == 404
    else:
        # Instructors are refused; trainees and visitors do not enter the admin.
        assert page.status_code in {302, 403}
        assert set(answers.values()) <= {302, 403}


# Every filter, in the list, the page, the export and the API


def test_every_filter_shows_in_the_list_the_page_the_export_and_the_api(client, scene):
    world = build()
    login(client, scene.manager)
    publish(client, area=world.county_a.code, channel="douyin", cohort=world.k1.pk)
    publish(client, area=world.county_a.code)
    douyin, plain = Snapshot.objects.order_by("pk")

    listing = BeautifulSoup(
        client.get(reverse("outcomes_snapshots")).content, "html.parser"
    ).select("tbody tr")
    rows = {row.a["href"]: row.get_text(" ", strip=True) for row in listing}
    assert (
        f"Cohort: {world.k1.name} Channel: Douyin"
        in rows[reverse("outcomes_snapshot", args=[douyin.pk])]
    )
    assert "None" in rows[reverse("outcomes_snapshot", args=[plain.pk])]

    page = text(client.get(reverse("outcomes_snapshot", args=[douyin.pk])))
    assert f"Filters Cohort: {world.k1.name} · Channel: Douyin" in page

    export = client.get(reverse("outcomes_snapshots_csv"))
    assert export.content.startswith("\ufeff".encode())
    table = list(csv.DictReader(io.StringIO(export.content.decode("utf-8-sig"))))
    by_channel = {row["Channel"]: row for row in table}
    assert set(by_channel) == {"Douyin", "All"}
    assert by_channel["Douyin"]["Cohort"] == world.k1.name
    assert by_channel["Douyin"]["Area"] == world.county_a.name
    assert by_channel["All"]["Online sales (yuan)"] == plain.figures["sales"]["total"]
    # A share as Excel reads a percentage: "33.3%" is 0.333.
    share = Decimal(plain.figures["reporting"]["share"]).normalize()
    assert by_channel["All"]["Reports approved by the 10th (%)"] == f"{share:f}%"

    _, token = token_create(name="州数据平台", county=None, by=None, expires_at=default_expiry())
    answer = client.get(
        reverse("outcomes_api_published"), headers={"Authorization": f"Bearer {token}"}
    ).json()["published"]
    first = next(item for item in answer if item["id"] == douyin.pk)
    assert first["filters"] == {
        "track": None,
        "cohort": {"id": world.k1.pk, "name": world.k1.name},
        "channel": "douyin",
    }
    assert first["filters_text"] == {"Cohort": world.k1.name, "Channel": "Douyin"}
    assert first["corrected"] is False and first["corrected_at"] is None


def test_the_api_lists_current_figures_and_says_when_one_was_corrected(client, scene):
    build()
    corrected = published_for(scene.county, scene.manager)
    withdrawn = published_for(scene.other_county, scene.manager)
    approve_the_waiting_reports(scene)
    figures = live_figures(published.scope_of(corrected))
    published.snapshot_correct(
        snapshot=corrected,
        figures=figures,
        confirmed=published.digest(figures),
        by=scene.manager,
        reason="补报",
    )
    published.snapshot_withdraw(snapshot=withdrawn, by=scene.manager, reason="重复发布")
    _, token = token_create(name="州数据平台", county=None, by=None, expires_at=default_expiry())
    headers = {"Authorization": f"Bearer {token}"}

    listed = client.get(reverse("outcomes_api_published"), headers=headers).json()["published"]
    assert [item["id"] for item in listed] == [corrected.pk]
    assert listed[0]["corrected"] is True
    assert listed[0]["corrected_at"].startswith("20") and "+08:00" in listed[0]["corrected_at"]

    one = client.get(reverse("outcomes_api_published_one", args=[corrected.pk]), headers=headers)
    history = one.json()["history"]
    assert [(entry["change"], entry["reason"]) for entry in history] == [("corrected", "补报")]
    sales_change = SnapshotChange.objects.get(snapshot=corrected)
    assert {
        "indicator": "online_sales",
        "before": sales_change.old_figures["sales"]["total"],
        "after": sales_change.new_figures["sales"]["total"],
    } in history[0]["values"]
    assert one.json()["figures"] == sales_change.new_figures
    gone = client.get(reverse("outcomes_api_published_one", args=[withdrawn.pk]), headers=headers)
    assert gone.json()["withdrawn_at"] and gone.json()["history"][0]["change"] == "withdrawn"

    # A county's token reads its county's figures only.
    _, county_token = token_create(
        name="县平台", county=scene.other_county, by=None, expires_at=default_expiry()
    )
    headers = {"Authorization": f"Bearer {county_token}"}
    assert client.get(reverse("outcomes_api_published"), headers=headers).json() == {
        "published": []
    }
    refused = client.get(
        reverse("outcomes_api_published_one", args=[corrected.pk]), headers=headers
    )
    assert refused.status_code == 404
    assert client.get(reverse("outcomes_api_published")).status_code == 401


def test_filters_kept_in_words_are_read_back_by_code(scene):
    """Figures published before filters were kept by code: the words of any language."""
    world = build()
    with translation.override("zh-hans"):
        words = {
            translation.gettext("Cohort"): world.k1.name,
            translation.gettext("Channel"): "抖音",
        }
    snapshot = Snapshot.objects.create(
        area_name=world.county_a.name,
        area_code=world.county_a.code,
        county=world.county_a,
        period="2025",
        filters=words,
        figures={},
        calculation_version=1,
        published_by=scene.manager,
    )
    english = Snapshot.objects.create(
        area_name="x",
        period="2025",
        filters={"Track": "电商直播", "Channel": "Taobao"},
        figures={},
        calculation_version=1,
        published_by=scene.manager,
    )
    migration = importlib.import_module("outcomes.migrations.0005_snapshot_filters_by_code")
    migration.by_code(apps, None)
    snapshot.refresh_from_db()
    english.refresh_from_db()
    assert snapshot.filters == {
        "cohort": {"name": world.k1.name, "id": world.k1.pk},
        "channel": "douyin",
    }
    assert english.filters == {"track": {"title": "电商直播"}, "channel": "taobao"}
    # A track known by its title only cannot be computed again: a correction says so.
    with pytest.raises(published.FiguresRefused, match="cannot be read again"):
        published.scope_of(english)


def test_a_tibetan_reader_reads_published_figures_with_the_countys_tibetan_name(client, scene):
    world = build()
    login(client, scene.manager)
    profile = UserProfile.get_for_user(scene.manager)
    profile.preferred_language = "bo"
    profile.save()

    response = publish(client, area=world.county_a.code, channel="douyin")

    snapshot = Snapshot.objects.get()
    assert snapshot.area_name == world.county_a.name  # the register's name, kept
    followed = client.get(response["Location"])
    [message] = [str(message) for message in followed.context["messages"]]
    assert world.county_a.name_bo in message and world.county_a.name not in message
    assert "།།" not in message
    for page in (followed, client.get(reverse("outcomes_snapshots"))):
        assert world.county_a.name_bo in text(page)
        assert world.county_a.name not in text(page)


def test_when_every_publication_was_withdrawn_the_list_says_so(client, scene):
    build()
    login(client, scene.manager)
    publish(client)
    snapshot = Snapshot.objects.get()
    url = reverse("outcomes_snapshot_withdraw", args=[snapshot.pk])
    client.post(url, {"reason": "口径有误"})

    listing = text(client.get(reverse("outcomes_snapshots")))

    assert "No published figures are current: all of them were withdrawn." in listing
    assert "No figures have been published yet." not in listing
    assert "1 withdrawn" in listing
