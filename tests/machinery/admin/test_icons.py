"""Every icon the admin's own screens name is one Wagtail draws: a name missing from its
sprite draws an empty circle (the "tick" of older Wagtails showed so on "Accept", "Approve"
and "Take attendance")."""

import inspect
import re

from django.urls import reverse

from wagtail import blocks
from wagtail.admin.icons import get_icons
from wagtail.admin.viewsets import viewsets

from courses import blocks as course_blocks
from machinery.admin.viewsets import ScopedModelViewSet


def drawn_icons() -> set[str]:
    return set(re.findall(r'id="icon-([\w-]+)"', get_icons()))


def named_icons() -> dict[str, str]:
    """{where: icon} of the admin's viewsets, their actions and links, and the lesson blocks."""
    reverse("wagtailadmin_home")  # the admin's URLs, and so its viewsets, are loaded
    named = {}
    for viewset in viewsets.viewsets:
        named[f"{viewset.name} (its icon)"] = viewset.icon
        if isinstance(viewset, ScopedModelViewSet):
            for action in viewset.actions:
                named[f"{viewset.name}: {action.name}"] = action.icon
                named[f"{viewset.name}: {action.name}'s page"] = action.view.header_icon
            for link in viewset.record_links:
                named[f"{viewset.name}: {link.label}"] = link.icon
    for name, block in inspect.getmembers(course_blocks, inspect.isclass):
        if issubclass(block, blocks.Block) and block.__module__ == course_blocks.__name__:
            named[f"block {name}"] = block().meta.icon
    return {where: icon for where, icon in named.items() if icon}


def test_every_icon_the_admin_names_is_drawn():
    drawn = drawn_icons()
    named = named_icons()

    assert len(named) > 40
    assert {where: icon for where, icon in named.items() if icon not in drawn} == {}
    assert named["salesreport: decide"] == "check"
