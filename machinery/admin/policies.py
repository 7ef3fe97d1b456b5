"""The permission policy of the scoped admin."""

from collections.abc import Callable

from wagtail.permission_policies import ModelPermissionPolicy

from machinery import scoping

ALL_ACTIONS = frozenset({"add", "change", "delete", "view"})


def nobody(user) -> bool:
    return False


class ScopedPermissionPolicy(ModelPermissionPolicy):
    """Django's model permissions, narrowed to the records `scoping` lets the user see.

    `actions` are the only actions anyone may take through the generic views
    (e.g. certificates are never edited by hand); `also_view(user)` says who may view the
    model, read-only, without its view permission (e.g. instructors who teach a course).
    """

    def __init__(
        self,
        model,
        *,
        actions=ALL_ACTIONS,
        also_view: Callable[[object], bool] = nobody,
        **kwargs,
    ):
        super().__init__(model, **kwargs)
        self.actions = frozenset(actions)
        self.also_view = also_view

    def user_has_permission(self, user, action):
        if action not in self.actions:
            return False
        if super().user_has_permission(user, action):
            return True
        return action == "view" and self.also_view(user)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return (
            self.user_has_permission(user, action)
            and scoping.visible_records(self.model, user).filter(pk=instance.pk).exists()
        )

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(
            self.user_has_permission_for_instance(user, action, instance) for action in actions
        )

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        return scoping.visible_records(self.model, user)

    def instances_user_has_permission_for(self, user, action):
        return self.instances_user_has_any_permission_for(user, [action])
