"""What an operator sets up: the environment, the app manifest, the Procfile."""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import ConfigError
from bot.slack.context import COMMAND
from bot.slack.distribution import BOT_SCOPES, REDIRECT_PATH
from bot.slack.modals import SHARE_CARD
from bot.slack.server import EVENTS_PATH
from bot.slack.settings import SlackSettings

ROOT = Path(__file__).resolve().parents[2]
BASE = {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s"}


def test_http_mode_by_default_with_the_documented_defaults():
    settings = SlackSettings.from_env(BASE)
    assert settings.app_token is None
    assert (settings.host, settings.port, settings.api_url, settings.lang) == ("0.0.0.0", 3000, "https://slack.com/api/", "fr")


def test_socket_mode_when_an_app_token_is_set_unless_http_is_asked_for():
    env = {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1"}  # no signing secret needed
    assert SlackSettings.from_env(env).app_token == "xapp-1"
    assert SlackSettings.from_env({**env, "SLACK_SIGNING_SECRET": "s"}, "http").app_token is None


@pytest.mark.parametrize("env, mode, missing", [
    ({}, "auto", "SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET"),
    ({"SLACK_BOT_TOKEN": "xoxb-1"}, "auto", "SLACK_SIGNING_SECRET"),
    (BASE, "socket", "SLACK_APP_TOKEN"),
])
def test_what_is_missing_is_named(env, mode, missing):
    with pytest.raises(ConfigError, match=f"il manque {missing} "):
        SlackSettings.from_env(env, mode)


OAUTH = {"SLACK_CLIENT_ID": "1111.2222", "SLACK_CLIENT_SECRET": "c", "SLACK_SIGNING_SECRET": "s"}


def test_client_id_and_secret_mean_distribution_and_the_authorize_link_follows_the_api_url():
    settings = SlackSettings.from_env(OAUTH)
    assert settings.distributed and settings.bot_token is None and settings.client_id == "1111.2222"
    assert settings.authorization_url == "https://slack.com/oauth/v2/authorize"
    gov = SlackSettings.from_env({**OAUTH, "SLACK_API_URL": "https://slack-gov.com/api"})
    assert gov.authorization_url == "https://slack-gov.com/oauth/v2/authorize"
    assert not SlackSettings.from_env(BASE).distributed


@pytest.mark.parametrize("env, mode, refusal", [
    ({**OAUTH, "SLACK_BOT_TOKEN": "xoxb-1"}, "auto", "soit SLACK_BOT_TOKEN"),
    ({**OAUTH, "SLACK_APP_TOKEN": "xapp-1"}, "socket", "demande le mode HTTP"),
    ({"SLACK_CLIENT_ID": "1111.2222"}, "auto", "il manque SLACK_CLIENT_SECRET, SLACK_SIGNING_SECRET"),
])
def test_distribution_refuses_what_cannot_work_with_a_message(env, mode, refusal):
    with pytest.raises(ConfigError, match=refusal):
        SlackSettings.from_env(env, mode)


def test_a_bad_port_is_named_and_a_govslack_url_gets_its_final_slash():
    with pytest.raises(ConfigError, match="PORT=http n'est pas valable"):
        SlackSettings.from_env({**BASE, "PORT": "http"})
    settings = SlackSettings.from_env({**BASE, "SLACK_API_URL": "https://slack-gov.com/api", "LABTYPE_LANG": "en"})
    assert (settings.api_url, settings.lang) == ("https://slack-gov.com/api/", "en")


def test_the_manifest_matches_the_code():
    manifest = json.loads((ROOT / "manifest.json").read_text(encoding="utf-8"))
    features, settings = manifest["features"], manifest["settings"]
    (command,) = features["slash_commands"]
    (shortcut,) = features["shortcuts"]
    assert command["command"] == COMMAND and command["usage_hint"]
    assert (shortcut["type"], shortcut["callback_id"]) == ("message", SHARE_CARD)
    assert features["app_home"]["home_tab_enabled"]
    assert settings["event_subscriptions"]["bot_events"] == ["app_home_opened", "app_uninstalled", "tokens_revoked"]
    assert settings["org_deploy_enabled"] is True  # Enterprise Grid: installable org-wide
    assert manifest["oauth_config"]["redirect_urls"] == [f"https://YOUR-HOST{REDIRECT_PATH}"]
    assert settings["interactivity"]["is_enabled"] and settings["socket_mode_enabled"] is False
    urls = {command["url"], settings["interactivity"]["request_url"], settings["event_subscriptions"]["request_url"]}
    assert urls == {f"https://YOUR-HOST{EVENTS_PATH}"}
    # chat.postMessage/update: chat:write (+ .public for channels it was not invited to); users.info: users:read
    assert sorted(manifest["oauth_config"]["scopes"]["bot"]) == ["chat:write", "chat:write.public", "commands", "files:write", "users:read"]
    assert sorted(BOT_SCOPES) == sorted(manifest["oauth_config"]["scopes"]["bot"])  # what the install flow asks for


def test_the_procfile_runs_http_on_web_and_socket_mode_on_worker_from_the_bare_checkout():
    """Procfile platforms install requirements.txt only (the lock), not the project: its commands
    must run from the checkout as they are."""
    processes = dict(line.split(": ", 1) for line in (ROOT / "Procfile").read_text(encoding="utf-8").splitlines())
    assert processes == {"web": "python -m bot.cli slack --mode http", "worker": "python -m bot.cli slack --mode socket"}
    for command in processes.values():
        argv = [sys.executable, *shlex.split(command)[1:], "--help"]
        done = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0 and "--mode" in done.stdout, done.stderr


async def test_a_token_slack_refuses_stops_the_start(fake_slack, tmp_path):
    from bot.runtime import build_runtime
    from bot.slack.server import run_slack

    runtime = await build_runtime(tmp_path)
    env = {**BASE, "SLACK_BOT_TOKEN": "xoxb-not-the-right-one", "SLACK_API_URL": fake_slack.api_url}
    with pytest.raises(ConfigError, match=r"Slack refuse SLACK_BOT_TOKEN \(invalid_auth\)"):
        await run_slack(runtime, env)
    await runtime.store.close()
