import logging
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client
from django.test.utils import (
    CaptureQueriesContext,
    setup_test_environment,
    teardown_test_environment,
)
from django.urls import reverse

from benchmarks.database import throwaway_database

ENROLMENT_COUNTS = (3, 30)


def learning_page_queries(enrolments: int) -> int:
    """Queries of /learn/ for a trainee with `enrolments` courses of two lessons each.

    Run inside a transaction the caller rolls back.
    """
    from courses.factories import CoursePageFactory, LessonPageFactory
    from trainees.factories import EnrolmentFactory, TraineeFactory, UserFactory

    user = UserFactory()
    trainee = TraineeFactory(user=user)
    for _ in range(enrolments):
        course = CoursePageFactory()
        LessonPageFactory(parent=course)
        LessonPageFactory(parent=course)
        EnrolmentFactory(trainee=trainee, course=course)
    client = Client()
    client.force_login(user)
    url = reverse("learning_home")
    client.get(url)  # warm-up: the site's root paths are cached on the first request
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    if response.status_code != 200:
        raise CommandError(f"GET {url} answered {response.status_code}")
    return len(queries)


def measure(counts=ENROLMENT_COUNTS) -> dict[int, int]:
    measured = {}
    for count in counts:
        with transaction.atomic():
            measured[count] = learning_page_queries(count)
            transaction.set_rollback(True)
    return measured


class Command(BaseCommand):
    help = (
        "Count the queries of the trainee's 'My learning' page (/learn/) with 3 and with 30 "
        "enrolments, in a throwaway database. Exits with status 1 when the counts differ."
    )

    def handle(self, *args, **options):
        setup_test_environment()
        logging.disable(logging.INFO)
        try:
            with (
                tempfile.TemporaryDirectory(prefix="eagle-benchmark-") as folder,
                throwaway_database(folder=Path(folder)),
            ):
                measured = measure()
        finally:
            logging.disable(logging.NOTSET)
            teardown_test_environment()
        for count, queries in measured.items():
            self.stdout.write(f"/learn/ with {count:>2} enrolments: {queries} queries")
        if len(set(measured.values())) != 1:
            raise CommandError(
                "The query count of /learn/ grows with the enrolments.", returncode=1
            )
        self.stdout.write("Equal: the query count does not grow with the enrolments.")
