"""Fixtures for the Matrix front-end tests: one real Synapse per session.

Fixtures
--------
``synapse``                 (session)  a started ``SynapseServer`` (see synapse_server.py)
``matrix_user``             (function) factory: register a fresh user, no login
``matrix_client_factory``   (function) factory: fresh user + logged-in ``nio.AsyncClient``
``human``                   (function) factory: a ``Human`` (a person in Element)
``start_bot``               (function) factory: run the labtype bot on a data dir

All clients are closed, and every bot stopped, at the end of the test that made them.
"""

from __future__ import annotations

import asyncio
import dataclasses
import importlib.util
import logging
import secrets
from pathlib import Path

import pytest
import pytest_asyncio

from tests.matrix.helpers import BotRunner, Human, bot_settings
from tests.matrix.synapse_server import SynapseServer, unique_localpart


def _require_synapse_installed() -> None:
    """Fail (never skip) when matrix-synapse is missing: CI installs it."""
    if importlib.util.find_spec("synapse") is None:
        pytest.fail(
            "matrix-synapse is not installed in this interpreter; the Matrix tests need it: "
            "pip install matrix-synapse",
            pytrace=False,
        )


@pytest.fixture(scope="session")
def synapse(tmp_path_factory: pytest.TempPathFactory):
    """A real Synapse on 127.0.0.1, started once per test session."""
    _require_synapse_installed()
    server = SynapseServer(tmp_path_factory.mktemp("synapse"))
    server.start()
    try:
        yield server
    finally:
        server.stop()


def _ensure_running(server) -> None:
    # A test that stopped the server (or failed mid-restart) must not take
    # every later test down with it.
    if not server.is_running:
        server.start()


@pytest.fixture
def matrix_user(synapse):
    """``register(prefix="user", admin=False) -> RegisteredUser`` without a device."""
    _ensure_running(synapse)

    def register(prefix: str = "user", *, admin: bool = False):
        return synapse.register_user(
            unique_localpart(prefix), secrets.token_hex(12), admin, inhibit_login=True
        )

    return register


@pytest_asyncio.fixture
async def matrix_client_factory(synapse, tmp_path: Path):
    """``await make(prefix="user", *, encryption=True) -> nio.AsyncClient``.

    Each call registers a fresh user, logs a new device in with its password,
    and (with encryption) gives it an olm store under ``tmp_path`` and uploads
    its device + one-time keys, so other clients can encrypt to it at once.
    The client's ``user_id``/``device_id``/``access_token`` are set; it has not
    synced yet.  ``client.labtype_password`` holds the password.
    """
    import nio

    _ensure_running(synapse)
    clients: list[nio.AsyncClient] = []

    async def make(prefix: str = "user", *, encryption: bool = True) -> nio.AsyncClient:
        localpart = unique_localpart(prefix)
        password = secrets.token_hex(12)
        await asyncio.to_thread(
            synapse.register_user, localpart, password, inhibit_login=True
        )
        store = tmp_path / "nio-store" / localpart
        store.mkdir(parents=True)
        config = nio.AsyncClientConfig(
            encryption_enabled=encryption,
            store_sync_tokens=True,
            # Reconnect quickly after a homeserver restart (default cap: 60 s).
            max_timeout_retry_wait_time=1.0,
            request_timeout=30,
        )
        client = nio.AsyncClient(
            synapse.base_url,
            synapse.user_id(localpart),
            store_path=str(store) if encryption else None,
            config=config,
        )
        clients.append(client)
        client.labtype_password = password  # type: ignore[attr-defined]
        resp = await client.login(password, device_name=f"labtype-test-{localpart}")
        if not isinstance(resp, nio.LoginResponse):
            raise AssertionError(f"login failed for {localpart}: {resp}")
        if encryption and client.should_upload_keys:
            up = await client.keys_upload()
            if not isinstance(up, nio.KeysUploadResponse):
                raise AssertionError(f"keys_upload failed for {localpart}: {up}")
        return client

    try:
        yield make
    finally:
        for c in clients:
            await c.close()


@pytest_asyncio.fixture
async def human(matrix_client_factory):
    """``await human(prefix="human", *, encryption=False) -> Human`` (already synced once)."""

    async def make(prefix: str = "human", *, encryption: bool = False) -> Human:
        person = Human(await matrix_client_factory(prefix, encryption=encryption))
        await person.client.sync(timeout=0)
        return person

    return make


@pytest_asyncio.fixture
async def start_bot(synapse, matrix_user, tmp_path: Path):
    """``await start_bot(previous=None, *, user=None, timeline_limit=None, **env) -> BotRunner``: the
    bot, running and past its first sync. Without `previous`, a bot for `user` (a new one by
    default) with a new data dir, `env` adding variables (e.g. MATRIX_ALLOWED_INVITERS); with
    it, the same bot and data dir again (a restart). Every bot is stopped after the test."""
    runners: list[BotRunner] = []
    errors = _ErrorLog()
    logging.getLogger("bot.matrix").addHandler(errors)

    async def start(previous: BotRunner | None = None, *, user=None, timeline_limit: int | None = None,
                    **env: str) -> BotRunner:
        if previous:
            settings, data_dir = previous.settings, previous.data_dir
        else:
            user = user or matrix_user("labtype")
            settings = bot_settings(synapse.base_url, user.user_id, user.password, **env)
            data_dir = tmp_path / user.localpart
        if timeline_limit:
            settings = dataclasses.replace(settings, timeline_limit=timeline_limit)
        runner = BotRunner(settings, data_dir)
        runners.append(runner)
        return await runner.start()

    try:
        yield start
    finally:
        for runner in runners:
            await runner.stop()
        logging.getLogger("bot.matrix").removeHandler(errors)
    assert not errors.records, "the bot logged errors:\n" + "\n".join(errors.format(r) for r in errors.records)


class _ErrorLog(logging.Handler):
    """Collects the bot's ERROR records: an event it failed to handle fails the test."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)
