"""The Matrix secrets kept at rest, and how they are protected.

- The end-to-end encryption store (`LABTYPE_DATA_DIR/matrix/*.db`, nio's: the bot's device keys
  and every room key it received) is pickled with a passphrase: `MATRIX_STORE_PASSPHRASE`, or
  else a random key generated on first start into `matrix/store.key` (mode 0600, outside the
  database). nio's own default passphrase is a constant, which would leave the keys readable by
  anyone who copies the file. A store written with that default (data directories from before)
  is re-encrypted with the new passphrase once, with a log line.
- The access token and device id of a password login are kept in `matrix/session.json` (0600),
  not in the database, which may be a shared PostgreSQL server.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
from pathlib import Path

from nio.store import DefaultStore

from bot.config import ConfigError
from bot.core.messages import message

log = logging.getLogger(__name__)

PASSPHRASE_VARIABLE = "MATRIX_STORE_PASSPHRASE"
KEY_FILE = "store.key"
SESSION_FILE = "session.json"
NIO_DEFAULT_PASSPHRASE = "DEFAULT_KEY"  # nio's ClientConfig.pickle_key when none is given


def write_private(path: Path, text: str) -> None:
    """Write `text` to `path`, readable by this user only (0600), replacing it atomically."""
    temporary = path.with_name(f".{path.name}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


def store_passphrase(store_dir: Path, configured: str | None) -> tuple[str, str]:
    """(passphrase, where it comes from): `MATRIX_STORE_PASSPHRASE` when set; else the key in
    `store.key`, created on first start."""
    if configured:
        return configured, PASSPHRASE_VARIABLE
    key_file = store_dir / KEY_FILE
    if not key_file.exists():
        write_private(key_file, secrets.token_urlsafe(32) + "\n")
        log.info("generated the encryption store's passphrase in %s (back it up with the data directory)", key_file)
    return key_file.read_text(encoding="utf-8").strip(), str(key_file)


def open_crypto_store(store_dir: Path, user_id: str, device_id: str, passphrase: str, source: str, lang: str) -> None:
    """Make sure nio can open this device's store with `passphrase` (from `source`, for the log):
    re-encrypt one written with nio's default passphrase; refuse (ConfigError) one that neither opens."""
    if not (store_dir / f"{user_id}_{device_id}.db").exists():
        return  # a new device: nio creates its store with the passphrase
    if _opens(DefaultStore(user_id, device_id, str(store_dir), pickle_key=passphrase)):
        return
    old = DefaultStore(user_id, device_id, str(store_dir), pickle_key=NIO_DEFAULT_PASSPHRASE)
    if not _opens(old):
        raise ConfigError(message("matrix_store_passphrase_wrong", lang, path=store_dir, variable=PASSPHRASE_VARIABLE))
    account, sessions, group_sessions = old.load_account(), old.load_sessions(), old.load_inbound_group_sessions()
    new = DefaultStore(user_id, device_id, str(store_dir), pickle_key=passphrase)
    new.save_account(account)
    for sender_key, session_list in sessions.items():
        for session in session_list:
            new.save_session(sender_key, session)
    for group_session in group_sessions:
        new.save_inbound_group_session(group_session)
    log.warning("the encryption store in %s was protected by nio's default passphrase only: re-encrypted it with "
                "the passphrase from %s", store_dir, source)


def _opens(store: DefaultStore) -> bool:
    """Whether every pickled secret of `store` unpickles with its passphrase."""
    try:
        store.load_account()
        store.load_sessions()
        store.load_inbound_group_sessions()
    except Exception:  # noqa: BLE001 - olm/vodozemac raise their own errors for a wrong passphrase
        return False
    return True


def load_session(store_dir: Path, user_id: str) -> dict:
    """{"device_id", "access_token"} of `user_id`'s last password login, or {}."""
    session_file = store_dir / SESSION_FILE
    saved = json.loads(session_file.read_text(encoding="utf-8")) if session_file.exists() else {}
    return saved if saved.get("user_id") == user_id else {}


def save_session(store_dir: Path, user_id: str, device_id: str, access_token: str) -> None:
    write_private(store_dir / SESSION_FILE,
                  json.dumps({"user_id": user_id, "device_id": device_id, "access_token": access_token}))
