"""A panel of the admin's home (Wagtail's dashboard): a title, how many, the first few with
links, and a link to all of them.

The apps give their panels through Wagtail's `construct_homepage_panels` hook, each built
from a fixed number of queries whatever the number of records."""

from dataclasses import dataclass

from wagtail.admin.ui.components import Component


@dataclass(frozen=True)
class Line:
    text: str
    url: str | None = None
    detail: str = ""  # a second text, e.g. a time or a county
    action_label: str = ""  # a second link on the line (e.g. "Take attendance")
    action_url: str | None = None


class HomePanel(Component):
    template_name = "machinery/admin/home_panel.html"

    def __init__(
        self,
        *,
        name: str,
        title: str,
        count: int,
        lines: list[Line],
        empty: str,
        more_url: str | None = None,
        more_label: str = "",
        order: int = 50,
    ):
        self.name = name
        self.title = title
        self.count = count
        self.lines = lines
        self.empty = empty
        self.more_url = more_url
        self.more_label = more_label
        self.order = order

    def get_context_data(self, parent_context):
        return {"panel": self}
