"""An admin action declared once.

An action is a form whose data goes to one service (a `ServiceFormView`), reached from a
button: on each row of a listing (`per_record`, its URL holding the record's pk) or above
the listing. The viewset that declares it (`ScopedModelViewSet.actions`) serves its URL,
shows its button to whoever it allows, and refuses its view (403) to anyone else.

Who may take it is the app's rule, given as `may`: `may(user, record)` for an action on a
record, `may(user)` for one above the listing; the service calls the same function before it
writes (PermissionDenied otherwise). An action on a record may also depend on the record's
state (`applies(record)`, e.g. "still waiting for a decision"): the button shows only when
it applies, while the form stays open to whoever `may`, so that someone who acts on a
record that changed meanwhile reads the service's refusal (its ValidationError) on the form.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.widgets.button import HeaderButton


@dataclass(frozen=True)
class Action:
    name: str  # its URL name within the viewset, and its path
    label: str
    icon: str
    view: type  # a ServiceFormView
    may: Callable[..., bool]
    applies: Callable[[object], bool] | None = None
    per_record: bool = True
    priority: int = 5  # its place in a row's menu
    path: str = ""  # its path within the viewset, when not the usual one (`route`)

    @property
    def route(self) -> str:
        if self.path:
            return self.path
        return f"{self.name}/<int:pk>/" if self.per_record else f"{self.name}/"

    def allows(self, user, record=None) -> bool:
        """Whether `user` may take the action (on `record`): its view refuses anyone else."""
        return self.may(user, record) if self.per_record else self.may(user)

    def is_shown(self, user, record=None) -> bool:
        """Whether its button is shown to `user` (on `record`'s row)."""
        return self.allows(user, record) and (self.applies is None or self.applies(record))

    def menu_item(self, url: str) -> MenuItem:
        return MenuItem(self.label, url=url, icon_name=self.icon, priority=self.priority)

    def header_button(self, url: str) -> HeaderButton:
        return HeaderButton(self.label, url=url, icon_name=self.icon)


@dataclass(frozen=True)
class RecordLink:
    """A link from a record's page (its edit or inspect view, as a header button) to another
    page about it: a filtered listing of its related records ("Sessions (3)"), or a page of
    its own (a class's attendance). `url(record)` gives the address; `count(record)`, when
    given, the number shown beside the label; `may(user, record)` who sees the link (the page
    it leads to refuses anyone else on its own). With `in_row_menu`, each row of the listing
    carries it in its menu too."""

    label: str
    icon: str
    url: Callable[[object], str]
    count: Callable[[object], int] | None = None
    may: Callable[[object, object], bool] | None = None
    in_row_menu: bool = False
    priority: int = 20

    def is_shown(self, user, record) -> bool:
        return self.may is None or self.may(user, record)

    def text(self, record) -> str:
        if self.count is None:
            return str(self.label)
        return f"{self.label} ({self.count(record)})"

    def header_button(self, record) -> HeaderButton:
        return HeaderButton(
            self.text(record), url=self.url(record), icon_name=self.icon, priority=self.priority
        )

    def menu_item(self, record) -> MenuItem:
        return MenuItem(
            self.label, url=self.url(record), icon_name=self.icon, priority=self.priority
        )


def record_buttons(user, record, actions=(), links=(), action_url_names=None) -> list:
    """The header buttons of a record's page: the actions on it that `user` may take now,
    then its links."""
    buttons = []
    for action in actions:
        if action.per_record and action.is_shown(user, record):
            url = reverse(action_url_names[action.name], args=[record.pk])
            buttons.append(action.header_button(url))
    buttons += [link.header_button(record) for link in links if link.is_shown(user, record)]
    return buttons
