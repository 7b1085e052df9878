"""Run a real, throw-away Synapse homeserver on 127.0.0.1 for the Matrix tests.

Usage::

    server = SynapseServer(data_dir)      # data_dir: an empty (or previous) dir
    server.start()                        # ~2-4 s: imports + SQLite schema
    alice = server.register_user("alice", "pw")
    alice.user_id, alice.access_token, alice.device_id
    server.restart()                      # same port, same data dir
    server.stop()                         # terminate -> wait(10) -> kill

Everything stays on loopback: one plain-HTTP "client" listener (which also
serves ``/_synapse/admin``), no federation listener, an empty federation
whitelist, no trusted key servers, no stats reporting.  Rate limits are set
very high so tests can hammer the server.  Only the standard library is used
here, plus Synapse's own dependency ``signedjson`` for the signing key.

No homeserver outlives the test process: ``stop()`` is idempotent, an atexit
hook stops whatever is still running, and the child holds a "lifeline" pipe so
it shuts itself down even if the test process is SIGKILLed.
"""

from __future__ import annotations

import atexit
import hashlib
import hmac
import io
import itertools
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = [
    "RegisteredUser",
    "SynapseServer",
    "SynapseHTTPError",
    "SynapseStartError",
    "free_port",
    "unique_localpart",
]

# Far more than any test will ever do.
_UNLIMITED = {"per_second": 10_000, "burst_count": 100_000}

_LOG_CONFIG = """\
version: 1
formatters:
  precise:
    format: '%(asctime)s - %(name)s - %(lineno)d - %(levelname)s - %(request)s - %(message)s'
handlers:
  file:
    class: logging.FileHandler
    formatter: precise
    filename: {log_path}
    encoding: utf8
root:
  level: WARNING
  handlers: [file]
disable_existing_loggers: false
"""

# Runs Synapse in the child with a "lifeline": a thread blocks reading a pipe
# whose only write end is held by the test process. If that process dies in any
# way (even SIGKILL), the read returns EOF and Synapse SIGTERMs itself, so no
# homeserver outlives its test run. argv: lifeline-fd module args...
_CHILD_MAIN = """\
import os, runpy, signal, sys, threading, time
fd = int(sys.argv[1])
def _watch():
    try:
        while os.read(fd, 1):
            pass
    except OSError:
        pass
    os.kill(os.getpid(), signal.SIGTERM)
    time.sleep(15)
    os._exit(1)
threading.Thread(target=_watch, name="lifeline", daemon=True).start()
sys.argv = sys.argv[2:]
runpy.run_module(sys.argv[0], run_name="__main__", alter_sys=True)
"""

# Every SynapseServer whose process may still be alive; stopped at interpreter
# exit as a safety net (e.g. KeyboardInterrupt before fixture finalisation).
_LIVE: "set[SynapseServer]" = set()

# Marker in /.well-known/matrix/client proving that the server answering on
# our port is this instance (and not, say, another test run's Synapse).
_INSTANCE_KEY = "org.labtype.test_instance"

# No proxies, ever: all traffic goes to 127.0.0.1.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))

_counter = itertools.count(1)


class SynapseStartError(RuntimeError):
    """Synapse exited or did not answer in time; the message has its log tail."""

    def __init__(self, message: str, *, port_in_use: bool = False):
        super().__init__(message)
        self.port_in_use = port_in_use


class SynapseHTTPError(RuntimeError):
    def __init__(self, status: int, body: str, url: str):
        super().__init__(f"HTTP {status} from {url}: {body[:500]}")
        self.status = status
        self.body = body
        self.url = url


@dataclass(frozen=True)
class RegisteredUser:
    localpart: str
    password: str
    user_id: str  # "@alice:localhost"
    access_token: str | None  # None when registered with inhibit_login=True
    device_id: str | None


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port that was free a moment ago (the usual small race applies)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def unique_localpart(prefix: str = "user") -> str:
    """A localpart that is unique across the session and across restarts."""
    return f"{prefix}{next(_counter)}_{secrets.token_hex(3)}".lower()


def _write_signing_key(path: Path) -> None:
    # Same thing `python -m synapse.app.homeserver --generate-keys` does,
    # without paying for a second interpreter start.
    import signedjson.key  # a Synapse dependency

    key = signedjson.key.generate_signing_key("a_" + secrets.token_hex(2))
    buf = io.StringIO()
    signedjson.key.write_signing_keys(buf, [key])
    path.write_text(buf.getvalue())


class SynapseServer:
    """A Synapse subprocess with its config and data in ``data_dir``."""

    def __init__(
        self,
        data_dir: str | os.PathLike[str] | None = None,
        *,
        server_name: str = "localhost",
        port: int | None = None,
        startup_timeout: float = 30.0,
        extra_config: dict[str, Any] | None = None,
    ) -> None:
        self._own_dir = data_dir is None
        self.data_dir = Path(
            tempfile.mkdtemp(prefix="labtype-synapse-") if data_dir is None else data_dir
        ).resolve()
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.server_name = server_name
        self.host = "127.0.0.1"
        self._auto_port = port is None
        self.port = port or free_port(self.host)
        self.startup_timeout = startup_timeout
        self.registration_shared_secret = secrets.token_hex(32)
        self._macaroon_secret_key = secrets.token_hex(32)
        self._form_secret = secrets.token_hex(32)
        self._instance = secrets.token_hex(8)
        self._ever_started = False
        self.config_path = self.data_dir / "homeserver.yaml"
        self.log_path = self.data_dir / "homeserver.log"  # Synapse's own log (WARNING+)
        self.stdout_path = self.data_dir / "stdout.log"  # stdout/stderr of the process
        self.last_startup_seconds: float | None = None
        self._extra_config = dict(extra_config or {})
        self._proc: subprocess.Popen[bytes] | None = None
        self._stdout_file: io.BufferedWriter | None = None
        self._lifeline: int | None = None  # write end of the lifeline pipe
        self._write_config()

    # ------------------------------------------------------------------ config

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    def config(self) -> dict[str, Any]:
        d = self.data_dir
        cfg: dict[str, Any] = {
            "server_name": self.server_name,
            "public_baseurl": self.base_url + "/",
            "pid_file": str(d / "homeserver.pid"),
            "listeners": [
                {
                    "port": self.port,
                    "bind_addresses": [self.host],
                    "type": "http",
                    "tls": False,
                    "x_forwarded": False,
                    # "client" also mounts /_synapse/admin; no "federation".
                    "resources": [{"names": ["client"], "compress": False}],
                }
            ],
            "database": {"name": "sqlite3", "args": {"database": str(d / "homeserver.db")}},
            "log_config": str(d / "log.config"),
            "media_store_path": str(d / "media_store"),
            "signing_key_path": str(d / "signing.key"),
            "registration_shared_secret": self.registration_shared_secret,
            "macaroon_secret_key": self._macaroon_secret_key,
            "form_secret": self._form_secret,
            # public_baseurl turns on /.well-known/matrix/client; used by start().
            "extra_well_known_client_content": {_INSTANCE_KEY: self._instance},
            "enable_registration": False,
            "report_stats": False,
            "suppress_key_server_warning": True,
            "trusted_key_servers": [],
            "federation_domain_whitelist": [],
            "allow_public_rooms_over_federation": False,
            "url_preview_enabled": False,
            "enable_metrics": False,
            "presence": {"enabled": False},
            # Password hashing at the default 12 rounds costs ~0.25 s a user.
            "bcrypt_rounds": 4,
            # Push rules for polls (MSC3930); the events themselves need nothing.
            "experimental_features": {"msc3381_polls_enabled": True},
            "rc_message": _UNLIMITED,
            "rc_registration": _UNLIMITED,
            "rc_registration_token_validity": _UNLIMITED,
            "rc_login": {
                "address": _UNLIMITED,
                "account": _UNLIMITED,
                "failed_attempts": _UNLIMITED,
            },
            "rc_admin_redaction": _UNLIMITED,
            "rc_joins": {"local": _UNLIMITED, "remote": _UNLIMITED},
            "rc_joins_per_room": _UNLIMITED,
            "rc_3pid_validation": _UNLIMITED,
            "rc_invites": {
                "per_room": _UNLIMITED,
                "per_user": _UNLIMITED,
                "per_issuer": _UNLIMITED,
            },
            "rc_third_party_invite": _UNLIMITED,
            "rc_key_requests": _UNLIMITED,
            "rc_media_create": _UNLIMITED,
            "rc_presence": {"per_user": _UNLIMITED},
            "rc_delayed_event_mgmt": _UNLIMITED,
            "rc_room_creation": _UNLIMITED,
            "rc_reports": _UNLIMITED,
            "rc_user_directory": _UNLIMITED,
            "rc_profile": _UNLIMITED,
        }
        cfg.update(self._extra_config)
        return cfg

    def _write_config(self) -> None:
        # JSON is valid YAML, and needs no YAML library here.
        self.config_path.write_text(json.dumps(self.config(), indent=2) + "\n")
        (self.data_dir / "log.config").write_text(
            _LOG_CONFIG.format(log_path=json.dumps(str(self.log_path)))
        )
        key = self.data_dir / "signing.key"
        if not key.exists():
            _write_signing_key(key)

    # --------------------------------------------------------------- lifecycle

    @property
    def is_running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def start(self) -> "SynapseServer":
        """Start Synapse and block until the client API answers.

        On the very first start with an automatically chosen port, a port
        taken in the meantime by someone else is replaced (up to 3 tries);
        later starts (restart) always reuse the same port.
        """
        if self.is_running:
            return self
        attempts = 3 if (self._auto_port and not self._ever_started) else 1
        for attempt in range(attempts):
            try:
                self._start_once()
            except SynapseStartError as e:
                if attempt + 1 < attempts and e.port_in_use:
                    self.port = free_port(self.host)
                    self._write_config()
                    continue
                raise
            self._ever_started = True
            return self
        raise AssertionError("unreachable")

    def _start_once(self) -> None:
        t0 = time.monotonic()
        self._stdout_file = open(self.stdout_path, "ab")
        env = dict(os.environ)
        env.pop("SYNAPSE_CONFIG_PATH", None)
        # Equivalent to `python -m synapse.app.homeserver -c homeserver.yaml`,
        # plus the lifeline (see _CHILD_MAIN), run from the data dir.
        lifeline_r, lifeline_w = os.pipe()  # both non-inheritable by default
        try:
            self._proc = subprocess.Popen(
                [
                    sys.executable, "-c", _CHILD_MAIN, str(lifeline_r),
                    "synapse.app.homeserver", "-c", str(self.config_path),
                ],
                cwd=self.data_dir,
                stdin=subprocess.DEVNULL,
                stdout=self._stdout_file,
                stderr=subprocess.STDOUT,
                env=env,
                pass_fds=(lifeline_r,),
            )
        except BaseException:
            os.close(lifeline_w)
            raise
        finally:
            os.close(lifeline_r)
        self._lifeline = lifeline_w
        _LIVE.add(self)
        try:
            self._wait_ready(t0)
        except BaseException:
            self.stop()
            raise
        self.last_startup_seconds = time.monotonic() - t0

    def _wait_ready(self, t0: float) -> None:
        """Poll until /_matrix/client/versions answers, from THIS instance."""
        versions = self.base_url + "/_matrix/client/versions"
        wellknown = self.base_url + "/.well-known/matrix/client"
        deadline = t0 + self.startup_timeout
        foreign = False
        while True:
            assert self._proc is not None
            rc = self._proc.poll()
            if rc is not None:
                tail = self.log_tail()
                raise SynapseStartError(
                    f"Synapse exited with code {rc} during startup.\n{tail}",
                    port_in_use=foreign or "Address already in use" in tail,
                )
            try:
                with _OPENER.open(versions, timeout=2) as resp:
                    ok = resp.status == 200
                if ok:
                    with _OPENER.open(wellknown, timeout=2) as resp:
                        body = json.loads(resp.read() or b"{}")
                    if body.get(_INSTANCE_KEY) == self._instance:
                        return
                    foreign = True  # something else answers on our port
            except (urllib.error.URLError, ConnectionError, OSError, ValueError):
                pass
            if time.monotonic() > deadline:
                raise SynapseStartError(
                    f"Synapse did not answer {versions} within {self.startup_timeout:.0f} s"
                    + (" (another server answers on that port)" if foreign else "")
                    + f".\n{self.log_tail()}",
                    port_in_use=foreign,
                )
            time.sleep(0.05)

    def stop(self, timeout: float = 10.0) -> None:
        """SIGTERM, wait up to ``timeout`` s, then SIGKILL. Idempotent."""
        proc, self._proc = self._proc, None
        if proc is not None:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                try:
                    proc.wait(timeout)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait(timeout)
        if self._lifeline is not None:
            os.close(self._lifeline)
            self._lifeline = None
        if self._stdout_file is not None:
            self._stdout_file.close()
            self._stdout_file = None
        _LIVE.discard(self)

    def restart(self) -> "SynapseServer":
        """Stop, then start again on the same port with the same data dir."""
        self.stop()
        return self.start()

    def close(self) -> None:
        """Stop, and delete the data dir if this object created it."""
        self.stop()
        if self._own_dir:
            shutil.rmtree(self.data_dir, ignore_errors=True)

    def __enter__(self) -> "SynapseServer":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    def log_tail(self, lines: int = 40) -> str:
        out = []
        for p in (self.stdout_path, self.log_path):
            if p.exists():
                text = p.read_text(errors="replace").splitlines()[-lines:]
                out.append(f"--- {p.name} (last {len(text)} lines) ---\n" + "\n".join(text))
        return "\n".join(out) or "(no log output)"

    # -------------------------------------------------------------------- HTTP

    def request(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        access_token: str | None = None,
        timeout: float = 10.0,
    ) -> Any:
        """A JSON request to the server; returns the decoded JSON reply."""
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base_url + path, data=data, method=method)
        if data is not None:
            req.add_header("Content-Type", "application/json")
        if access_token:
            req.add_header("Authorization", f"Bearer {access_token}")
        try:
            with _OPENER.open(req, timeout=timeout) as resp:
                raw = resp.read()
        except urllib.error.HTTPError as e:
            raise SynapseHTTPError(e.code, e.read().decode(errors="replace"), req.full_url) from None
        return json.loads(raw) if raw else None

    def register_user(
        self,
        localpart: str,
        password: str,
        admin: bool = False,
        *,
        displayname: str | None = None,
        device_id: str | None = None,
        inhibit_login: bool = False,
    ) -> RegisteredUser:
        """Register via ``/_synapse/admin/v1/register`` (shared-secret HMAC).

        Without ``inhibit_login`` Synapse also creates a device and returns an
        access token for it; with it, no device exists until a /login.
        """
        path = "/_synapse/admin/v1/register"
        nonce = self.request("GET", path)["nonce"]
        mac = hmac.new(self.registration_shared_secret.encode(), digestmod=hashlib.sha1)
        mac.update(nonce.encode())
        mac.update(b"\x00")
        mac.update(localpart.encode())
        mac.update(b"\x00")
        mac.update(password.encode())
        mac.update(b"\x00")
        mac.update(b"admin" if admin else b"notadmin")
        body: dict[str, Any] = {
            "nonce": nonce,
            "username": localpart,
            "password": password,
            "admin": admin,
            "mac": mac.hexdigest(),
            "inhibit_login": inhibit_login,
        }
        if displayname is not None:
            body["displayname"] = displayname
        if device_id is not None:
            body["device_id"] = device_id
        r = self.request("POST", path, body)
        return RegisteredUser(
            localpart=localpart.lower(),
            password=password,
            user_id=r["user_id"],
            access_token=r.get("access_token"),
            device_id=r.get("device_id"),
        )

    def user_id(self, localpart: str) -> str:
        return f"@{localpart}:{self.server_name}"


@atexit.register
def _kill_leftovers() -> None:
    for server in list(_LIVE):
        try:
            server.stop(timeout=5)
        except Exception:  # pragma: no cover - best effort at exit
            pass
