import pytest


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploads of a test go to its own folder, so a test can see what was stored."""
    settings.MEDIA_ROOT = tmp_path / "media"
