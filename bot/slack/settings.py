"""The Slack front end's settings, read from the environment once at start-up."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from bot.config import ConfigError
from bot.core.messages import message, supported_lang

Mode = Literal["auto", "http", "socket"]
DEFAULT_API_URL = "https://slack.com/api/"


@dataclass(frozen=True)
class SlackSettings:
    bot_token: str
    signing_secret: str
    app_token: str | None  # set: Socket Mode
    api_url: str
    host: str
    port: int
    lang: str

    @classmethod
    def from_env(cls, env: Mapping[str, str], mode: Mode = "auto") -> SlackSettings:
        """`mode` "auto" means Socket Mode when SLACK_APP_TOKEN is set, else HTTP. Raises
        `ConfigError` naming what is missing or wrong."""
        lang = supported_lang(env.get("LABTYPE_LANG"))
        app_token = env.get("SLACK_APP_TOKEN") or None
        socket = mode == "socket" or (mode == "auto" and app_token is not None)
        required = ["SLACK_BOT_TOKEN", "SLACK_APP_TOKEN" if socket else "SLACK_SIGNING_SECRET"]
        missing = [name for name in required if not env.get(name)]
        if missing:
            raise ConfigError(message("slack_config_missing", lang, names=", ".join(missing)))
        port = env.get("PORT", "3000")
        if not port.isdigit() or not 0 < int(port) < 65536:
            raise ConfigError(message("slack_config_invalid", lang, name="PORT", value=port))
        api_url = env.get("SLACK_API_URL") or DEFAULT_API_URL
        return cls(
            bot_token=env["SLACK_BOT_TOKEN"],
            signing_secret=env.get("SLACK_SIGNING_SECRET", ""),
            app_token=app_token if socket else None,
            # slack_sdk joins method names onto it: without the final slash ".../api" loses "api"
            api_url=api_url if api_url.endswith("/") else api_url + "/",
            host=env.get("HOST", "0.0.0.0"),
            port=int(port),
            lang=lang,
        )
