"""Report work (machinery/database_work.py): a view marked so runs its statements under the
reports' statement timeout, from its start until its response is closed (a streamed export
is sent after the view returned); every other request is a page. The exports, the annual
report and the certificates are marked so.

On PostgreSQL the backend sets the session's statement_timeout from it, and gives each wait
for the database that long and 1 s more: tests/training_site/test_database_waits.py."""

import pytest

from django.core.signals import request_finished
from django.db import close_old_connections, connection
from django.http import HttpResponse, StreamingHttpResponse
from django.test import RequestFactory
from django.urls import reverse

from machinery.database_work import report_work, statement_timeout_seconds
from tests.trainees.people import make_people
from trainees.factories import CertificateFactory, EnrolmentFactory


@pytest.fixture(autouse=True)
def limits(settings):
    settings.STATEMENT_TIMEOUT_SECONDS = 3
    settings.DATABASE_REPORT_STATEMENT_TIMEOUT = 60


def request():
    return RequestFactory().get("/report/")


def close(response) -> None:
    """As the server closes a response once sent (the test client's way: the test's
    database connection left open)."""
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)


def test_a_report_and_its_streamed_response_have_the_reports_limit_then_pages_again():
    seen = []

    @report_work
    def report(request):
        seen.append(("view", statement_timeout_seconds()))

        def rows():
            seen.append(("streamed", statement_timeout_seconds()))
            yield "row"

        return StreamingHttpResponse(rows())

    assert statement_timeout_seconds() == 3
    response = report(request())
    b"".join(response.streaming_content)
    assert statement_timeout_seconds() == 60  # the response is not closed yet
    close(response)

    assert seen == [("view", 60), ("streamed", 60)]
    assert statement_timeout_seconds() == 3


def test_a_report_that_fails_leaves_pages_after_it():
    @report_work
    def report(request):
        raise ValueError("no such year")

    with pytest.raises(ValueError, match="no such year"):
        report(request())

    assert statement_timeout_seconds() == 3


def test_a_report_response_never_closed_leaves_the_next_request_a_page(client, db):
    report_work(lambda request: HttpResponse("never closed"))(request())
    assert statement_timeout_seconds() == 60

    client.get("/health/")  # the next request of the thread

    assert statement_timeout_seconds() == 3


def test_no_limit_stays_no_limit_in_a_report(settings):
    settings.STATEMENT_TIMEOUT_SECONDS = 0
    report_work(lambda request: HttpResponse(str(statement_timeout_seconds())))(request())
    assert statement_timeout_seconds() == 0


def test_a_process_whose_limit_is_longer_keeps_it_in_a_report(settings):
    settings.STATEMENT_TIMEOUT_SECONDS = 600  # manage.py, a task worker
    response = report_work(lambda request: HttpResponse(str(statement_timeout_seconds())))(
        request()
    )
    assert response.content == b"600"


# The views marked as reports, seen from their statements ---------------------------------


@pytest.fixture
def people(db):
    return make_people()


def statement_limits(client, url: str) -> set[int]:
    """The statement timeout of each statement the request (its response read) ran."""
    limits = set()

    def record(execute, sql, params, many, context):
        limits.add(statement_timeout_seconds())
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        response = client.get(url)
        assert response.status_code == 200
        if response.streaming:
            b"".join(response.streaming_content)  # then the test client closes it
    return limits


def test_an_admin_listing_is_a_page_and_its_exports_reports(client, people):
    people.log_in(client, "coordinator")
    listing = reverse("trainee:index")

    assert statement_limits(client, listing) == {3}
    # The session and the user are read before the view, as for a page.
    assert statement_limits(client, f"{listing}?export=csv") == {3, 60}
    assert statement_limits(client, f"{listing}?export=xlsx") == {3, 60}


def test_the_targets_export_is_a_report(client, people):
    people.log_in(client, "manager")
    assert statement_limits(client, reverse("targets:index")) == {3}
    assert statement_limits(client, reverse("targets:index") + "?export=csv") == {3, 60}


def test_the_annual_report_and_a_certificate_are_reports(client, people):
    certificate = CertificateFactory(enrolment=EnrolmentFactory(trainee=people.trainee))
    people.log_in(client, "manager")

    assert 60 in statement_limits(client, "/admin/outcomes/report/?year=2025&format=xlsx")
    assert 60 in statement_limits(client, f"/certificates/{certificate.number}/pdf/")
    assert statement_limits(client, "/admin/outcomes/") == {3}  # the dashboard: a page
