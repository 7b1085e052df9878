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
from pathlib import Path

import pytest

from bot.store import open_store

ROOT = os.geteuid() == 0
MATRIX_ENV = {"MATRIX_HOMESERVER": "http://127.0.0.1:9", "MATRIX_USER_ID": "@labtype:example.org",
              "MATRIX_PASSWORD": "secret"}  # never reached: the store refuses first


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


def stop(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    process.stdout.close()
    process.stderr.close()


HOLDER = """
import asyncio, os, sys
from pathlib import Path
from bot.store import open_store

async def hold():
    store = await open_store(Path(os.environ["LABTYPE_DATA_DIR"]), os.environ)
    if len(sys.argv) > 1:
        await store.exclusive(sys.argv[1])
    print("holding", flush=True)
    await asyncio.sleep(120)

asyncio.run(hold())
"""


def holder(env: dict[str, str], *exclusive: str) -> subprocess.Popen:
    """A process that opens the store (and holds `exclusive`), as a running bot does."""
    process = subprocess.Popen([sys.executable, "-c", HOLDER, *exclusive], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, env={"PATH": os.environ.get("PATH", ""), **env})
    assert process.stdout.readline() == "holding\n", process.communicate()
    return process


async def test_a_second_process_on_the_same_sqlite_data_directory_is_refused_naming_the_first(tmp_path):
    data = tmp_path / "data"
    first = holder({"LABTYPE_DATA_DIR": str(data)})
    try:
        assert (data / "labtype.lock").read_text().strip() == str(first.pid)
        refused(labtype("matrix", env={"LABTYPE_DATA_DIR": str(data), **MATRIX_ENV}),
                f"another labtype process (pid {first.pid})", str(data.resolve()))
    finally:
        stop(first)
    store = await open_store(data, {})  # the lock went with the process
    await store.close()


async def test_a_second_process_for_one_matrix_account_on_postgresql_is_refused(tmp_path, postgres_url):
    env = {"DATABASE_URL": postgres_url}
    first = holder({"LABTYPE_DATA_DIR": str(tmp_path / "a"), **env}, f"matrix:{MATRIX_ENV['MATRIX_USER_ID']}")
    try:
        second = labtype("matrix", env={"LABTYPE_DATA_DIR": str(tmp_path / "b"), **env, **MATRIX_ENV})
        refused(second, "@labtype:example.org is already served by another process", f"labtype pid {first.pid} on ")
        store = await open_store(tmp_path / "c", env)
        try:  # another account on the same database is not refused, and Slack needs no lock at all
            await store.exclusive("matrix:@other:example.org")
        finally:
            await store.close()
    finally:
        stop(first)
    store = await open_store(tmp_path / "c", env)
    try:  # the server dropped the lock with the process
        await store.exclusive(f"matrix:{MATRIX_ENV['MATRIX_USER_ID']}")
    finally:
        await store.close()


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


async def test_a_read_only_database_file(tmp_path):
    data = tmp_path / "data"
    await (await open_store(data, {})).close()
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
