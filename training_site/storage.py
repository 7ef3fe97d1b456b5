"""File storage that leaves nothing half-written when the disk is full."""

import errno
import os

from django.core.files.storage import FileSystemStorage

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
