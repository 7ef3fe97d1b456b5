import pytest

from django.core.cache import cache

from trainees.sms import MemorySmsBackend


@pytest.fixture
def sms_outbox(settings):
    """Text messages sent during the test, in order."""
    settings.SMS_BACKEND = "trainees.sms.MemorySmsBackend"
    MemorySmsBackend.outbox.clear()
    yield MemorySmsBackend.outbox
    MemorySmsBackend.outbox.clear()


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """allauth counts attempts in the cache; each test starts with none."""
    cache.clear()
    yield
    cache.clear()
