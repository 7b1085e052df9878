"""Distribution: one hosted app installed by many workspaces through Slack's OAuth flow.

Bolt serves the install page (`/slack/install`, an "Add to Slack" button) and the redirect
(`/slack/oauth_redirect`: the state is checked, the code exchanged with `oauth.v2.access`, the
installation saved). The installations and the OAuth states live in the store's database, in
slack_sdk's own tables (created by the store's migrations), so every instance sees every
workspace. Each request is then answered with the token of the workspace (or, for an org-wide
Enterprise Grid install, of the organisation) it comes from.
"""

from __future__ import annotations

from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_sdk.oauth.installation_store.sqlalchemy import AsyncSQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import AsyncSQLAlchemyOAuthStateStore
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.slack.settings import SlackSettings

INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
# What the bot asks for, the same as manifest.json: commands (the /labtype command and the
# shortcut), chat:write(.public) to post and edit its messages, files:write to upload the charts,
# users:read for languages and names.
BOT_SCOPES = ("commands", "chat:write", "chat:write.public", "files:write", "users:read")
STATE_EXPIRATION_S = 600  # from the install page to the redirect


def oauth_settings(settings: SlackSettings, engine: AsyncEngine) -> AsyncOAuthSettings:
    assert settings.client_id and settings.client_secret
    return AsyncOAuthSettings(
        client_id=settings.client_id,
        client_secret=settings.client_secret,
        scopes=list(BOT_SCOPES),
        install_path=INSTALL_PATH,
        redirect_uri_path=REDIRECT_PATH,
        authorization_url=settings.authorization_url,
        installation_store=AsyncSQLAlchemyInstallationStore(settings.client_id, engine),
        installation_store_bot_only=True,
        state_store=AsyncSQLAlchemyOAuthStateStore(STATE_EXPIRATION_S, engine),
    )
