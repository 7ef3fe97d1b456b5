"""Tasks run by workers (TASKS_BACKEND=django_tasks_db.DatabaseBackend): a task waits in the
database until `manage.py db_worker` runs it, and the person sees it done then."""

import zipfile

import pytest

from django.core.management import call_command

from tests.trainees.admin_cast import cast
from trainees.models import Certificate
from trainees.tasks import CERTIFICATE_BATCHES, BatchStatus, certificate_batch_start

# The worker takes its own transactions, as it does on its own machine.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def queued_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_a_certificate_batch_waits_for_a_worker_and_is_ready_once_it_ran(
    queued_tasks, private_storage
):
    people = cast()
    here, there = people.records["certificate"]

    batch_id = certificate_batch_start(
        user=people.manager, certificates=Certificate.objects.all(), filters=[], query=""
    )

    assert CERTIFICATE_BATCHES.get(batch_id)["status"] == BatchStatus.RENDERING
    assert not private_storage.exists()

    call_command("db_worker", batch=True, startup_delay=False, verbosity=0)

    record = CERTIFICATE_BATCHES.get(batch_id)
    assert record["status"] == BatchStatus.READY
    assert sorted(zipfile.ZipFile(private_storage / record["file_name"]).namelist()) == sorted(
        [f"{here.number}.pdf", f"{there.number}.pdf"]
    )
