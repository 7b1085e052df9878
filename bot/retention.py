"""Data retention: a quiz with no activity for `LABTYPE_RETENTION_DAYS` days (365 by default),
closed or left open, is deleted with its members' answers, at start-up and then every few
hours; the handled-event marks and expired OAuth states of that age go too. Every instance may
purge: the deletions are idempotent."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Mapping

from bot.config import ConfigError
from bot.core.messages import message
from bot.store import Store

log = logging.getLogger(__name__)

DEFAULT_DAYS = 365
PURGE_EVERY_S = 6 * 3600
DAY_S = 86400


def retention_days(env: Mapping[str, str], lang: str) -> int:
    """`LABTYPE_RETENTION_DAYS`: a whole number of days, at least 1; ConfigError otherwise."""
    raw = env.get("LABTYPE_RETENTION_DAYS", "").strip() or str(DEFAULT_DAYS)
    if not raw.isdigit() or not 1 <= int(raw) <= 100_000:
        raise ConfigError(message("setting_invalid", lang, name="LABTYPE_RETENTION_DAYS", value=raw,
                                  expected="1, 2, … (days)"))
    return int(raw)


async def purge_once(store: Store, days: int, now: float | None = None) -> int:
    purged = await store.purge((now if now is not None else time.time()) - days * DAY_S)
    if purged:
        log.info("retention: deleted %d quiz(zes) inactive for more than %d days", purged, days)
    return purged


async def keep_purging(store: Store, days: int) -> None:
    """Purge now, then every PURGE_EVERY_S, until cancelled; a failed purge is retried next time."""
    while True:
        try:
            await purge_once(store, days)
        except Exception:  # noqa: BLE001 - the bot goes on serving; the next purge tries again
            log.exception("retention: the purge failed")
        await asyncio.sleep(PURGE_EVERY_S)
