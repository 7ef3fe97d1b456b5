import pytest

from tests.incubator.scene import scene as make_scene


@pytest.fixture
def scene():
    return make_scene()
