"""Secrets at rest: the access token is not in the database, the encryption store is not
pickled with nio's public default passphrase, old data directories are migrated, and a wrong
passphrase stops the start with a message instead of a traceback."""

from __future__ import annotations

import dataclasses
import json
import logging
import stat

import pytest
from nio.store import DefaultStore

from bot.config import ConfigError
from bot.matrix.secrets import KEY_FILE, NIO_DEFAULT_PASSPHRASE, SESSION_FILE
from bot.store import open_store


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def opens_with(store_dir, user_id: str, device_id: str, passphrase: str) -> bool:
    try:
        return DefaultStore(user_id, device_id, str(store_dir), pickle_key=passphrase).load_account() is not None
    except Exception:  # noqa: BLE001 - a wrong passphrase
        return False


def database_bytes(data_dir) -> bytes:
    return b"".join(path.read_bytes() for path in data_dir.iterdir() if path.name.startswith("labtype.sqlite3"))


async def test_the_token_and_the_keys_are_not_readable_from_the_database_or_with_nios_default(start_bot):
    bot = await start_bot()
    store_dir, user_id, device = bot.data_dir / "matrix", bot.user_id, bot.bot.client.device_id
    token = bot.bot.client.access_token
    assert token.encode() not in database_bytes(bot.data_dir)
    assert json.loads((store_dir / SESSION_FILE).read_text())["access_token"] == token
    assert mode(store_dir / SESSION_FILE) == 0o600 and mode(store_dir / KEY_FILE) == 0o600 and mode(store_dir) == 0o700
    passphrase = (store_dir / KEY_FILE).read_text().strip()
    assert len(passphrase) >= 40
    assert opens_with(store_dir, user_id, device, passphrase)
    assert not opens_with(store_dir, user_id, device, NIO_DEFAULT_PASSPHRASE)


async def test_an_old_data_directory_is_migrated_and_keeps_its_device_and_keys(start_bot, human, caplog):
    """An old directory: the store pickled with nio's default, the session in the database."""
    bot = await start_bot(MATRIX_STORE_PASSPHRASE=NIO_DEFAULT_PASSPHRASE)  # what nio does by default
    alice = await human("alice", encryption=True)
    room = await alice.create_room(bot.user_id, encrypted=True)
    first = await alice.send(room, "!labtype solutionneur")
    await alice.wait(lambda: alice.replies(bot.user_id, first))
    store_dir, device = bot.data_dir / "matrix", bot.bot.client.device_id
    session = json.loads((store_dir / SESSION_FILE).read_text())
    await bot.stop()
    (store_dir / SESSION_FILE).unlink()
    store = await open_store(bot.data_dir)
    await store.set_setting("matrix.session", bot.user_id,
                            json.dumps({k: session[k] for k in ("device_id", "access_token")}))
    await store.close()

    caplog.set_level(logging.INFO, logger="bot.matrix")
    bot.settings = dataclasses.replace(bot.settings, store_passphrase=None)
    bot = await start_bot(bot)
    assert bot.bot.client.device_id == device
    assert "re-encrypted it with the passphrase from" in caplog.text and "moved the Matrix access token" in caplog.text
    assert await bot.runtime.store.get_setting("matrix.session", bot.user_id) == ""  # (its old bytes: see the README)
    passphrase = (store_dir / KEY_FILE).read_text().strip()
    assert opens_with(store_dir, bot.user_id, device, passphrase)
    assert not opens_with(store_dir, bot.user_id, device, NIO_DEFAULT_PASSPHRASE)
    again = await alice.send(room, "!labtype solutionneur")  # still reads and writes the encrypted room
    (answer,) = await alice.wait(lambda: alice.replies(bot.user_id, again))
    assert answer["content"]["body"].startswith("2. Solutionneur")


async def test_a_wrong_passphrase_stops_the_start_with_a_message(start_bot):
    bot = await start_bot(MATRIX_STORE_PASSPHRASE="the right one")
    await bot.stop()
    bot.settings = dataclasses.replace(bot.settings, store_passphrase="a wrong one")
    with pytest.raises(ConfigError, match="MATRIX_STORE_PASSPHRASE"):
        await start_bot(bot)
