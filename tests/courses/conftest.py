import pytest

from wagtail.users.models import UserProfile


@pytest.fixture
def editor(client, django_user_model):
    """A client logged in as a superuser whose admin speaks English."""
    user = django_user_model.objects.create_superuser("editor", "editor@example.org", "pw")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(user)
    return client
