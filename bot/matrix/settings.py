"""The Matrix front end's settings, read from the environment (`.env` included by the CLI).

LABTYPE_DATA_DIR is not among them: the bot keeps its state (sync token, session, encryption
keys) next to the runtime's store, which the caller opened there."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bot.config import ConfigError
from bot.core.messages import DEFAULT_LANG, message, supported_lang


class MatrixConfigError(ConfigError):
    """A missing or malformed MATRIX_* variable; the message names it."""


@dataclass(frozen=True)
class MatrixSettings:
    homeserver: str
    user_id: str
    password: str | None
    access_token: str | None
    allowed_inviters: tuple[str, ...]  # user ids, or ":server" suffixes
    lang: str = DEFAULT_LANG
    store_passphrase: str | None = None  # MATRIX_STORE_PASSPHRASE; else a key file (bot.matrix.secrets)
    # Tuning; the defaults suit production, tests shorten the back-off and the timeline.
    sync_timeout_ms: int = 30_000  # long-poll: Synapse answers as soon as an event arrives
    timeline_limit: int = 50  # events per room and sync; older ones are fetched with /messages
    max_backoff: float = 30.0  # seconds between reconnection attempts, at most

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> MatrixSettings:
        lang = supported_lang(env.get("LABTYPE_LANG"))
        missing = [name for name in ("MATRIX_HOMESERVER", "MATRIX_USER_ID") if not env.get(name)]
        if not (env.get("MATRIX_PASSWORD") or env.get("MATRIX_ACCESS_TOKEN")):
            missing.append("MATRIX_PASSWORD/MATRIX_ACCESS_TOKEN")
        if missing:
            raise MatrixConfigError(message("matrix_config_missing", lang, names=", ".join(missing)))
        homeserver, user_id = env["MATRIX_HOMESERVER"].strip().rstrip("/"), env["MATRIX_USER_ID"].strip()
        inviters = tuple(env.get("MATRIX_ALLOWED_INVITERS", "").replace(",", " ").split())
        checks = [("MATRIX_HOMESERVER", homeserver, homeserver.startswith(("http://", "https://")),
                   "https://matrix.example.org"),
                  ("MATRIX_USER_ID", user_id, _is_user_id(user_id), "@labtype:example.org"),
                  *(("MATRIX_ALLOWED_INVITERS", inviter, inviter.startswith(":") or _is_user_id(inviter),
                     "@alice:example.org, :example.org") for inviter in inviters)]
        for name, value, valid, expected in checks:
            if not valid:
                raise MatrixConfigError(message("matrix_config_invalid", lang, name=name, value=value, expected=expected))
        return cls(
            homeserver=homeserver,
            user_id=user_id,
            password=env.get("MATRIX_PASSWORD") or None,
            access_token=env.get("MATRIX_ACCESS_TOKEN") or None,
            allowed_inviters=inviters or (":" + server_name(user_id),),
            lang=lang,
            store_passphrase=env.get("MATRIX_STORE_PASSPHRASE") or None,
        )

    def may_invite(self, user_id: str) -> bool:
        """True when an invite from `user_id` is to be accepted."""
        return any(user_id == allowed or (allowed.startswith(":") and user_id.endswith(allowed))
                   for allowed in self.allowed_inviters)


def _is_user_id(text: str) -> bool:
    return text.startswith("@") and ":" in text


def server_name(user_id: str) -> str:
    """'@bot:example.org' → 'example.org' (a user id's server part may contain a port)."""
    return user_id.split(":", 1)[1]
