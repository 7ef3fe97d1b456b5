import pytest

from benchmarks.management.commands.benchmark_learning import measure
from trainees.models import Enrolment


@pytest.mark.django_db
def test_the_benchmark_counts_queries_for_each_number_of_enrolments_and_leaves_no_data():
    measured = measure((1, 4))

    assert set(measured) == {1, 4}
    assert measured[1] == measured[4] > 0
    assert not Enrolment.objects.exists()
