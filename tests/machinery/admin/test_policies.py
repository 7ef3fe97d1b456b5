"""The scoped permission policy: model permissions, narrowed to the registered records."""

import pytest

from django.contrib.auth.models import Group

from machinery import scoping
from machinery.admin.policies import ScopedPermissionPolicy
from trainees.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def groups(monkeypatch):
    """Groups scoped by a rule of this test: a user sees the groups named after them."""
    monkeypatch.setattr(scoping, "_VISIBLE", dict(scoping._VISIBLE))
    scoping.register_visible(Group, lambda user: Group.objects.filter(name=user.username))
    return Group.objects.create(name="tashi"), Group.objects.create(name="dorje")


def test_the_policy_narrows_everything_to_the_registered_records(groups):
    own, other = groups
    user = UserFactory(username="tashi", is_superuser=True)
    policy = ScopedPermissionPolicy(Group)

    assert list(policy.instances_user_has_permission_for(user, "change")) == [own]
    assert policy.user_has_permission_for_instance(user, "change", own)
    assert not policy.user_has_permission_for_instance(user, "change", other)


def test_actions_left_out_are_refused_to_everyone(groups):
    own, _ = groups
    user = UserFactory(username="tashi", is_superuser=True)
    policy = ScopedPermissionPolicy(Group, actions={"view"})

    assert policy.user_has_permission(user, "view")
    assert not policy.user_has_permission(user, "delete")
    assert not policy.user_has_permission_for_instance(user, "delete", own)


def test_also_view_lets_others_view_but_nothing_more(groups):
    own, _ = groups
    user = UserFactory(username="tashi")
    plain = ScopedPermissionPolicy(Group)
    readable = ScopedPermissionPolicy(Group, also_view=lambda who: who.username == "tashi")

    assert not plain.user_has_permission(user, "view")
    assert list(plain.instances_user_has_permission_for(user, "view")) == []
    assert readable.user_has_permission_for_instance(user, "view", own)
    assert not readable.user_has_permission(user, "change")
