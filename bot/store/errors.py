"""What the store raises: refusals a caller handles, and start-up problems an operator fixes."""

from __future__ import annotations

from bot.core.messages import DEFAULT_LANG, message


class AlreadyHandled(Exception):
    """This event id was handled before: its effect is already committed, nothing was done again."""

    def __init__(self, event_id: str) -> None:
        super().__init__(event_id)
        self.event_id = event_id


class StoreClosed(Exception):
    """The store was closed (shutting down): nothing can be read or written any more."""


class StoreError(Exception):
    """The store cannot be used (start-up refusal, exit 2): `key` names the sentence in
    bot.core.messages, `params` fill it; str() is the default language's text."""

    def __init__(self, key: str, **params: object) -> None:
        self.key = key
        self.params = params
        super().__init__(message(key, DEFAULT_LANG, **params))

    def text(self, lang: str) -> str:
        return message(self.key, lang, **self.params)


class ProcessAlreadyRunning(StoreError):
    """Another process holds what only one may hold (a SQLite data directory, a Matrix account)."""
