"""The data directory on disk: created 0700, the database and its WAL/SHM files 0600.

A problem is reported at start-up as a StoreError naming the path and the reason (exit 2),
not as a traceback at the first quiz action.
"""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

from bot.store.errors import StoreError

log = logging.getLogger(__name__)

DIR_MODE = 0o700
FILE_MODE = 0o600
SQLITE_SUFFIXES = ("", "-wal", "-shm")


def prepare_data_dir(path: Path) -> None:
    """Create the directory (0700) if needed; StoreError if it is not a usable directory."""
    try:
        if not path.is_dir():
            path.mkdir(mode=DIR_MODE, parents=True)
        elif path.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO):
            log.warning("the data directory %s is readable by others (mode %o); chmod 700 it",
                        path, stat.S_IMODE(path.stat().st_mode))
    except OSError as error:
        raise StoreError("store_dir_unusable", path=path.resolve(), reason=error.strerror or error) from None


def secure_file(path: Path) -> None:
    """Create `path` 0600 if missing, else bring it to 0600 (files of an older version were 0644)."""
    try:
        os.close(os.open(path, os.O_RDWR | os.O_CREAT, FILE_MODE))
        if stat.S_IMODE(path.stat().st_mode) != FILE_MODE and path.is_file():
            path.chmod(FILE_MODE)
    except OSError as error:
        raise StoreError("store_unwritable", where=path.resolve(), reason=error.strerror or error) from None


def secure_sqlite_files(database: Path) -> None:
    """The database (created 0600 before SQLite opens it, so its WAL and SHM, which SQLite
    creates with the database's mode, are 0600 too), and any WAL/SHM left by an older version."""
    secure_file(database)
    for suffix in SQLITE_SUFFIXES[1:]:
        companion = database.with_name(database.name + suffix)
        if companion.is_file() and stat.S_IMODE(companion.stat().st_mode) != FILE_MODE:
            companion.chmod(FILE_MODE)


def secure_files(directory: Path) -> None:
    """Bring the files another library made in `directory` (nio's encryption store) to 0600."""
    for path in directory.iterdir():
        if path.is_file() and stat.S_IMODE(path.stat().st_mode) != FILE_MODE:
            path.chmod(FILE_MODE)
