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
    bot_token: str | None  # single-workspace mode; None when distributed (OAuth)
    signing_secret: str
    app_token: str | None  # set: Socket Mode
    api_url: str
    host: str
    port: int
    lang: str
    client_id: str | None = None  # both set: distributed to many workspaces through OAuth
    client_secret: str | None = None

    @property
    def distributed(self) -> bool:
        return self.client_id is not None

    @property
    def authorization_url(self) -> str:
        """Slack's authorize page on the same host as the Web API (slack.com, slack-gov.com, a test's fake)."""
        return self.api_url.removesuffix("/").removesuffix("/api") + "/oauth/v2/authorize"

    @classmethod
    def from_env(cls, env: Mapping[str, str], mode: Mode = "auto") -> SlackSettings:
        """`mode` "auto" means Socket Mode when SLACK_APP_TOKEN is set, else HTTP; SLACK_CLIENT_ID and
        SLACK_CLIENT_SECRET mean distribution (HTTP only: the install pages are web pages). Raises
        `ConfigError` naming what is missing or wrong."""
        lang = supported_lang(env.get("LABTYPE_LANG"))
        distributed = bool(env.get("SLACK_CLIENT_ID") or env.get("SLACK_CLIENT_SECRET"))
        app_token = env.get("SLACK_APP_TOKEN") or None
        socket = mode == "socket" or (mode == "auto" and app_token is not None and not distributed)
        if distributed:
            if env.get("SLACK_BOT_TOKEN"):
                raise ConfigError(message("slack_config_two_modes", lang))
            if socket:
                raise ConfigError(message("slack_config_oauth_needs_http", lang))
            required = ["SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET", "SLACK_SIGNING_SECRET"]
        else:
            required = ["SLACK_BOT_TOKEN", "SLACK_APP_TOKEN" if socket else "SLACK_SIGNING_SECRET"]
        missing = [name for name in required if not env.get(name)]
        if missing:
            raise ConfigError(message("slack_config_missing", lang, names=", ".join(missing)))
        port = env.get("PORT", "3000")
        if not port.isdigit() or not 0 < int(port) < 65536:
            raise ConfigError(message("slack_config_invalid", lang, name="PORT", value=port))
        api_url = env.get("SLACK_API_URL") or DEFAULT_API_URL
        return cls(
            bot_token=None if distributed else env["SLACK_BOT_TOKEN"],
            signing_secret=env.get("SLACK_SIGNING_SECRET", ""),
            app_token=app_token if socket else None,
            # slack_sdk joins method names onto it: without the final slash ".../api" loses "api"
            api_url=api_url if api_url.endswith("/") else api_url + "/",
            host=env.get("HOST", "0.0.0.0"),
            port=int(port),
            lang=lang,
            client_id=env["SLACK_CLIENT_ID"] if distributed else None,
            client_secret=env["SLACK_CLIENT_SECRET"] if distributed else None,
        )
