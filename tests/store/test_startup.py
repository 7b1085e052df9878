"""Start-up as an operator meets it: one process per SQLite data directory and per Matrix
account, files only the bot's user can read, and storage problems refused with a message
(exit 2, no traceback) instead of failing at the first quiz action."""

from __future__ import annotations

import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.store import open_store

ROOT = os.geteuid() == 0
MATRIX_ENV = {"MATRIX_HOMESERVER": "http://127.0.0.1:9", "MATRIX_USER_ID": "@labtype:example.org",
              "MATRIX_PASSWORD": "secret"}  # nothing listens on port 9: the bot keeps retrying its login


def labtype(*args: str, env: dict[str, str], wait: bool = True, **kwargs) -> subprocess.CompletedProcess | subprocess.Popen:
    environment = {"PATH": os.environ.get("PATH", ""), "LABTYPE_LANG": "en", **env}
    command = [sys.executable, "-m", "bot.cli", *args]
    if not wait:
        return subprocess.Popen(command, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return subprocess.run(command, env=environment, capture_output=True, text=True, timeout=60, **kwargs)


def refused(done: subprocess.CompletedProcess, *expected: str) -> None:
    assert done.returncode == 2, (done.returncode, done.stderr)
    assert "Traceback" not in done.stderr and "labtype cannot start" in done.stderr, done.stderr
    for text in expected:
        assert text in done.stderr, done.stderr


def until_running(process: subprocess.Popen, ready, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not ready():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the first process did not start"
        time.sleep(0.1)


def stop(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    process.stdout.close()
    process.stderr.close()


def test_a_second_process_on_the_same_sqlite_data_directory_is_refused_naming_the_first(tmp_path):
    data = tmp_path / "data"
    env = {"LABTYPE_DATA_DIR": str(data), **MATRIX_ENV}
    first = labtype("matrix", env=env, wait=False)
    try:
        until_running(first, lambda: (data / "labtype.lock").is_file()
                      and (data / "labtype.lock").read_text().strip() == str(first.pid))
        refused(labtype("matrix", env=env), f"another labtype process (pid {first.pid})", str(data.resolve()))
        refused(labtype("db", "upgrade", env=env), f"pid {first.pid}")
    finally:
        stop(first)
    assert labtype("db", "upgrade", env=env).returncode == 0  # the lock went with the process


def test_a_second_process_for_one_matrix_account_on_postgresql_is_refused(tmp_path, postgres_url):
    env = {"DATABASE_URL": postgres_url, **MATRIX_ENV}
    first = labtype("matrix", env={"LABTYPE_DATA_DIR": str(tmp_path / "a"), **env}, wait=False)
    try:
        until_running(first, lambda: (tmp_path / "a" / "matrix").is_dir())  # past the lock, logging in
        second = labtype("matrix", env={"LABTYPE_DATA_DIR": str(tmp_path / "b"), **env})
        refused(second, "@labtype:example.org is already served by another process", f"labtype pid {first.pid} on ")
        other_account = labtype("matrix", env={"LABTYPE_DATA_DIR": str(tmp_path / "c"), **env,
                                               "MATRIX_USER_ID": "@other:example.org"}, wait=False)
        try:  # another account on the same database is not refused
            until_running(other_account, lambda: (tmp_path / "c" / "matrix").is_dir())
        finally:
            stop(other_account)
    finally:
        stop(first)


async def test_the_data_directory_is_0700_and_its_files_0600(tmp_path):
    data = tmp_path / "new" / "data"
    store = await open_store(data, {})
    await store.set_setting("s", "k", "v")
    try:
        assert stat.S_IMODE(data.stat().st_mode) == 0o700
        files = {path.name: stat.S_IMODE(path.stat().st_mode) for path in data.iterdir()}
        assert files == {"labtype.sqlite3": 0o600, "labtype.sqlite3-wal": 0o600, "labtype.sqlite3-shm": 0o600,
                         "labtype.lock": 0o600}
    finally:
        await store.close()


async def test_files_an_older_version_left_readable_are_made_0600(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(Path(__file__).parents[1] / "data" / "legacy-v0.1" / "labtype.sqlite3", data)
    (data / "labtype.sqlite3").chmod(0o644)
    store = await open_store(data, {})
    await store.close()
    assert stat.S_IMODE((data / "labtype.sqlite3").stat().st_mode) == 0o600


def test_a_data_directory_that_cannot_be_created(tmp_path):
    (tmp_path / "a-file").write_text("")
    refused(labtype("matrix", env={"LABTYPE_DATA_DIR": str(tmp_path / "a-file" / "data"), **MATRIX_ENV}),
            f"the data directory {tmp_path / 'a-file' / 'data'} cannot be used (Not a directory)")


def test_a_read_only_database_file(tmp_path):
    data = tmp_path / "data"
    assert labtype("db", "upgrade", env={"LABTYPE_DATA_DIR": str(data)}).returncode == 0
    database = data / "labtype.sqlite3"
    protect = ["chattr", "+i", str(database)] if ROOT else ["chmod", "0400", str(database)]
    subprocess.run(protect, check=True)  # root ignores permissions, not the immutable flag
    try:
        refused(labtype("matrix", env={"LABTYPE_DATA_DIR": str(data), **MATRIX_ENV}),
                f"the database {database.resolve()} cannot be written")
    finally:
        if ROOT:
            subprocess.run(["chattr", "-i", str(database)], check=True)


def in_own_mount_namespace(script: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    """`script` in a mount namespace of its own (its mounts vanish with it): root only."""
    environment = {"PATH": os.environ.get("PATH", ""), "LABTYPE_LANG": "en", "PYTHON": sys.executable, **env}
    return subprocess.run(["unshare", "--mount", "--propagation", "private", "sh", "-euc", script], env=environment,
                          capture_output=True, text=True, timeout=120)


@pytest.mark.skipif(not ROOT or not shutil.which("unshare"), reason="mounting a file system needs root")
def test_a_read_only_file_system(tmp_path):
    volume = tmp_path / "volume"
    volume.mkdir()
    done = in_own_mount_namespace(
        'mount -t tmpfs -o size=8m tmpfs "$VOLUME"\n'
        '"$PYTHON" -m bot.cli db upgrade >/dev/null\n'  # a database written while the disk was writable
        'mount -o remount,ro "$VOLUME"\n'
        'exec "$PYTHON" -m bot.cli matrix\n',
        {"VOLUME": str(volume), "LABTYPE_DATA_DIR": str(volume / "data"), **MATRIX_ENV})
    refused(done, "Read-only file system", str(volume / "data"))


@pytest.mark.skipif(not ROOT or not shutil.which("unshare"), reason="mounting a file system needs root")
def test_a_full_disk(tmp_path):
    volume = tmp_path / "volume"
    volume.mkdir()
    done = in_own_mount_namespace(
        'mount -t tmpfs -o size=1m tmpfs "$VOLUME"\n'
        'dd if=/dev/zero of="$VOLUME/filler" bs=64k 2>/dev/null || true\n'  # until the disk is full
        'exec "$PYTHON" -m bot.cli matrix\n',
        {"VOLUME": str(volume), "LABTYPE_DATA_DIR": str(volume / "data"), **MATRIX_ENV})
    refused(done, "No space left on device", str(volume / "data"))
