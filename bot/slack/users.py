"""Who clicked: each Slack user's language and display name, from `users.info`, cached.

Slack's payloads carry neither the user's locale nor their display name, and `users.info` is a
Web API round trip (and rate limited), so answers would be slow and the bot throttled if it were
called for every command. One call per user per hour is plenty: people rarely change either.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.core.messages import DEFAULT_LANG

log = logging.getLogger(__name__)

TTL = 3600.0
FAILURE_TTL = 60.0  # retry soon after an error, without calling on every click meanwhile
TIMEOUT = 1.5  # an answer waits this long for users.info; Slack gives up on it after 3 s


@dataclass(frozen=True)
class SlackUser:
    id: str
    lang: str
    name: str


class UserDirectory:
    def __init__(self, default_lang: str = DEFAULT_LANG, ttl: float = TTL) -> None:
        self.default_lang = default_lang
        self.ttl = ttl
        self._cache: dict[str, tuple[float, SlackUser]] = {}
        self._lookups: dict[str, asyncio.Future[SlackUser]] = {}  # users.info calls under way, by user

    async def get(self, client: AsyncWebClient, user_id: str, fallback_name: str = "") -> SlackUser:
        """The user, from the cache or `users.info`; on a failure, the default language and
        `fallback_name` (the handle the payload carries). When Slack is merely slow, the
        default is used for this answer only: the call goes on, and its answer is cached."""
        cached = self._cache.get(user_id)
        if cached and cached[0] > time.monotonic():
            return cached[1]
        lookup = self._lookups.get(user_id)
        if lookup is None:
            lookup = self._lookups[user_id] = asyncio.ensure_future(self._look_up(client, user_id, fallback_name))
            lookup.add_done_callback(lambda _: self._lookups.pop(user_id, None))
        try:
            return await asyncio.wait_for(asyncio.shield(lookup), TIMEOUT)
        except TimeoutError:
            log.warning("users.info is slow for %s: this answer uses the default language", user_id)
            return SlackUser(user_id, self.default_lang, fallback_name or user_id)

    async def _look_up(self, client: AsyncWebClient, user_id: str, fallback_name: str) -> SlackUser:
        try:
            response = await client.users_info(user=user_id, include_locale=True)
            user, ttl = self._from_info(user_id, response["user"], fallback_name), self.ttl
        except (SlackApiError, OSError, asyncio.TimeoutError) as error:  # Slack said no, or never answered
            log.warning("users.info failed for %s: %s", user_id, error)
            user, ttl = SlackUser(user_id, self.default_lang, fallback_name or user_id), FAILURE_TTL
        self._cache[user_id] = (time.monotonic() + ttl, user)
        return user

    def cached_lang(self, user_id: str | None) -> str:
        """The language known for this user, without calling Slack (for error messages)."""
        cached = self._cache.get(user_id or "")
        return cached[1].lang if cached else self.default_lang

    def lang_for(self, locale: str | None) -> str:
        """English when the operator chose it (`LABTYPE_LANG=en`) or the user's Slack is in
        English; French otherwise."""
        if self.default_lang != DEFAULT_LANG:
            return self.default_lang
        return "en" if (locale or "").lower().startswith("en") else DEFAULT_LANG

    def _from_info(self, user_id: str, info: dict, fallback_name: str) -> SlackUser:
        profile = info.get("profile") or {}
        name = profile.get("display_name") or profile.get("real_name") or info.get("real_name") or info.get("name")
        return SlackUser(user_id, self.lang_for(info.get("locale")), name or fallback_name or user_id)
