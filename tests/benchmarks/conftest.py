import pytest


@pytest.fixture(autouse=True)
def _benchmarks_copy_a_migrated_database(migrated_database_template):
    """The commands tested here copy one migrated database instead of migrating their own."""
