"""The parts of a lesson page that are the same for every reader, kept in the cache.

A lesson page's breadcrumb, text and links to the lessons before and after it are fragments
of the template (`{% wagtailpagecache %}`), one per language. They vary with the lesson
itself (Wagtail's cache key of the page, which its publication changes), but they also show
other pages: the course's title and the neighbouring lessons. So they vary with a version of
the page tree too, which every page saved (created, edited, published), unpublished, moved or
deleted, and every view restriction changed, moves on: changes to the tree are rare next to
readings of it, and a new version in a shared cache also keeps a rebuilt database's pages
from meeting the fragments of the pages that had their ids before.
"""

import uuid

from django.core.cache import cache
from django.db import transaction

TREE_VERSION_KEY = "courses:page-tree-version"
FRAGMENT_SECONDS = 24 * 3600


def tree_version() -> str:
    return cache.get_or_set(TREE_VERSION_KEY, _new_version, timeout=None)


def tree_changed(**kwargs) -> None:
    """A signal receiver: every fragment kept until now is out of date. Once now, and once
    more when the change is committed: a page read in between, from the tree as it was,
    would otherwise be kept under the new version."""
    _move_on()
    transaction.on_commit(_move_on, robust=True)


def _move_on() -> None:
    cache.set(TREE_VERSION_KEY, _new_version(), timeout=None)


def connect_signals() -> None:
    from django.db.models.signals import post_delete, post_save

    from wagtail.models import Page, PageViewRestriction, get_page_models
    from wagtail.signals import page_unpublished, post_page_move

    # A page saved (created, edited, published) sends post_save as its own class; deleted,
    # it deletes its row of Page too.
    for model in get_page_models():
        post_save.connect(
            tree_changed, sender=model, dispatch_uid=f"page_cache.{model._meta.label}"
        )
    post_delete.connect(tree_changed, sender=Page, dispatch_uid="page_cache.page_deleted")
    # Unpublishing a page's descendants and moving a page update rows without saving them.
    page_unpublished.connect(tree_changed, dispatch_uid="page_cache.unpublished")
    post_page_move.connect(tree_changed, dispatch_uid="page_cache.moved")
    post_save.connect(tree_changed, sender=PageViewRestriction, dispatch_uid="page_cache.r1")
    post_delete.connect(tree_changed, sender=PageViewRestriction, dispatch_uid="page_cache.r2")


def _new_version() -> str:
    return uuid.uuid4().hex
