"""File storage that leaves nothing half-written when the disk is full."""

import errno
import os

from django.core.files.storage import FileSystemStorage, Storage, storages
from django.utils.functional import LazyObject

# The errors of a disk (or a user's quota) with no room left.
DISK_FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT})


def is_disk_full(error: BaseException | None) -> bool:
    return isinstance(error, OSError) and error.errno in DISK_FULL_ERRNOS


class CleanFileSystemStorage(FileSystemStorage):
    """FileSystemStorage that removes the file it was writing when writing fails.

    Django's own leaves the part written so far (a full disk, an I/O error): no
    row ever points at that file, and nothing would ever delete it. The model
    row is written only after the file, so a failed save leaves neither.
    """

    def _save(self, name, content):
        path = self.path(name)
        existed = os.path.lexists(path)
        try:
            return super()._save(name, content)
        except OSError:
            if not existed and os.path.lexists(path):
                os.remove(path)
            raise


class PrivateStorage(LazyObject):
    """The "private" storage of STORAGES (no URL serves it), looked up at each use.

    A FileField evaluates its storage once, when its model is loaded; through this proxy it
    follows a change of STORAGES, as Django's `default_storage` follows MEDIA_ROOT (each
    test's own folder). Django's `storages` keeps the instance, so a look-up is cheap.
    """

    @property
    def _wrapped(self):
        return storages["private"]


def private_storage() -> Storage:
    """The storage of files handed out only by a view that checks who asks (certificate
    batches, milestone evidence): a callable, so migrations name it rather than a folder."""
    return PrivateStorage()
