"""The read replica (DATABASE_REPLICA_URL): the outcomes dashboard, the annual report and the
API read their figures from it; every write and every other page use the main database.

In tests the replica is a test mirror of the main database: another connection to the same
rows, so what went to which is seen in the queries of each connection.
"""

import pytest

from django.db import connections, router
from django.test.utils import CaptureQueriesContext

from outcomes.models import ApiToken, Snapshot
from outcomes.tokens import default_expiry, token_create
from tests.incubator.scene import scene as make_scene
from tests.outcomes.world import build
from trainees.models import Trainee
from training_site.db_router import outcomes_reads

REPLICA_TEST = pytest.mark.django_db(
    transaction=True, serialized_rollback=True, databases=["default", "replica"]
)


@pytest.fixture
def replica(settings):
    settings.OUTCOMES_READ_DATABASE = "replica"


class Queries:
    """The SQL each connection ran within the block."""

    def __enter__(self):
        self.contexts = {alias: CaptureQueriesContext(connections[alias]) for alias in connections}
        for context in self.contexts.values():
            context.__enter__()
        return self

    def __exit__(self, *exc):
        for context in self.contexts.values():
            context.__exit__(*exc)

    def on(self, alias: str) -> list[str]:
        return [query["sql"] for query in self.contexts[alias].captured_queries]


def test_outcomes_reads_go_to_the_replica_and_writes_to_default(replica):
    assert router.db_for_read(Trainee) == "default"
    with outcomes_reads():
        assert router.db_for_read(Trainee) == "replica"
        assert router.db_for_write(Trainee) == "default"
    assert router.db_for_read(Trainee) == "default"


def test_without_a_replica_outcomes_read_default_too(settings):
    assert settings.OUTCOMES_READ_DATABASE == "default"
    with outcomes_reads():
        assert router.db_for_read(Trainee) == "default"


def test_only_default_is_migrated():
    assert router.allow_migrate("default", "trainees")
    assert not router.allow_migrate("replica", "trainees")


@REPLICA_TEST
def test_the_dashboard_reads_its_figures_from_the_replica(client, replica):
    build()
    client.force_login(make_scene().manager)

    with Queries() as queries:
        response = client.get("/admin/outcomes/", {"period": "2025"})

    assert response.status_code == 200
    assert str(response.context["figures"]["sales"]["total"]) == "4500.00"
    assert any("incubator_" in sql for sql in queries.on("replica"))
    # The main database answered the session, the user and the admin menu's count of
    # applications waiting (a work queue, read fresh), none of the figures.
    assert queries.on("default")
    assert not any(
        ("incubator_" in sql or "trainees_enrolment" in sql)
        and not sql.startswith('SELECT COUNT(*) AS "__count" FROM "incubator_application"')
        for sql in queries.on("default")
    )

    with Queries() as queries:
        assert client.get("/admin/outcomes/report/", {"period": "2025"}).status_code == 200
    assert any("incubator_" in sql for sql in queries.on("replica"))

    with Queries() as queries:
        assert client.get("/admin/").status_code == 200  # not an outcomes page
    assert queries.on("replica") == []


@REPLICA_TEST
def test_publishing_writes_and_reads_back_on_default(client, replica):
    build()
    client.force_login(make_scene().manager)

    confirmed = client.get("/admin/outcomes/publish/", {"period": "2025"}).context["digest"]
    with Queries() as queries:
        response = client.post(
            "/admin/outcomes/publish/", {"period": "2025", "confirmed": confirmed}, follow=True
        )

    assert response.status_code == 200
    snapshot = Snapshot.objects.get()
    assert str(snapshot.figures["sales"]["total"]) == "4500.00"
    assert queries.on("replica") == []
    assert any(sql.startswith('INSERT INTO "outcomes_snapshot"') for sql in queries.on("default"))


@REPLICA_TEST
def test_the_api_checks_its_token_on_default_and_reads_figures_from_the_replica(client, replica):
    build()
    _, plain = token_create(
        name="省政务数据平台", county=None, by=None, expires_at=default_expiry()
    )

    with Queries() as queries:
        response = client.get(
            "/api/outcomes/", {"period": "2025"}, headers={"Authorization": f"Bearer {plain}"}
        )

    assert response.status_code == 200
    assert response.json()["figures"]["sales"]["total"] == "4500.00"
    assert ApiToken.objects.get().last_used_at is not None
    assert any("incubator_" in sql for sql in queries.on("replica"))
    assert not any("outcomes_apitoken" in sql for sql in queries.on("replica"))
    assert any(sql.startswith('UPDATE "outcomes_apitoken"') for sql in queries.on("default"))
