"""One process per SQLite data directory, one process per Matrix account.

- `DataDirLock`: `labtype.lock` in the data directory, held with flock for the process's life
  and holding its pid, so a second process is refused with a message naming the first. The
  kernel drops the lock when the process dies, even by SIGKILL: a stale file never blocks.
- `advisory_key`: the 64-bit key of a named PostgreSQL advisory lock (see Store.exclusive).
"""

from __future__ import annotations

import fcntl
import hashlib
import os
from pathlib import Path

from bot.store.errors import ProcessAlreadyRunning, StoreError

LOCK_FILE = "labtype.lock"


class DataDirLock:
    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / LOCK_FILE
        self._fd: int | None = None

    def acquire(self) -> None:
        """Take the lock or raise ProcessAlreadyRunning (StoreError if the file cannot be made)."""
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as error:
            raise StoreError("store_dir_unusable", path=self.path.parent, reason=error.strerror) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "?"
            os.close(fd)
            raise ProcessAlreadyRunning("store_dir_locked", pid=holder, path=self.path.parent.resolve()) from None
        try:
            os.fchmod(fd, 0o600)
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        except OSError as error:
            os.close(fd)
            raise StoreError("store_dir_unusable", path=self.path.parent, reason=error.strerror) from None
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the descriptor drops the flock
            self._fd = None


def advisory_key(name: str) -> int:
    """A stable signed 64-bit key for `name` (pg_advisory_lock takes a bigint)."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)
