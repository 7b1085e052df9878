"""Distribution over real HTTP: the install flow from the install page to the stored installation
(through the fake Slack's authorize page and `oauth.v2.access`), workspaces and an Enterprise Grid
organisation using the app at once with their own tokens, and an uninstall."""

from __future__ import annotations

import asyncio
import html
import re
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from slack_sdk.oauth.installation_store.sqlalchemy import AsyncSQLAlchemyInstallationStore

from tests.slack import signing
from tests.slack.conftest import PROXY_ENV_VARS
from tests.slack.fake_slack import FakeSlack, Installation
from tests.slack.slack_workspace import SIGNING_SECRET, Workspace, running_app

ONE, TWO = Installation("T_ONE"), Installation("T_TWO")
ORG = Installation(None, enterprise_id="E_ORG", org_wide=True)


@pytest.fixture
async def distributed(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> AsyncIterator[Workspace]:
    """The app with SLACK_CLIENT_ID/SECRET and no bot token, on a fresh fake Slack."""
    for name in (*PROXY_ENV_VARS, "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN"):
        monkeypatch.delenv(name, raising=False)  # Bolt reads SLACK_BOT_TOKEN by itself
    with FakeSlack() as fake:
        fake.valid_tokens.clear()  # only the tokens the installs hand out
        async with running_app(fake, tmp_path, SLACK_API_URL=fake.api_url, SLACK_SIGNING_SECRET=SIGNING_SECRET,
                               SLACK_CLIENT_ID=fake.client_id, SLACK_CLIENT_SECRET=fake.client_secret) as workspace:
            yield workspace


def base_url(workspace: Workspace) -> str:
    return workspace.url.removesuffix("/slack/events")


async def install(workspace: Workspace, installation: Installation) -> str:
    """What a person does: open the install page, click "Add to Slack", approve on Slack, come
    back to the redirect. Returns the page the app shows at the end."""
    fake = workspace.fake
    fake.install_as(installation, redirect_url=f"{base_url(workspace)}/slack/oauth_redirect")
    async with aiohttp.ClientSession() as browser:
        async with browser.get(f"{base_url(workspace)}/slack/install") as page:
            assert page.status == 200
            links = [html.unescape(href) for href in re.findall(r'href="([^"]+)"', await page.text())]
            # the state cookie is Secure (the real app is behind HTTPS): carried by hand over the test's HTTP
            cookie = page.cookies["slack-app-oauth-state"]
        (link,) = [href for href in links if href.startswith(fake.authorize_url)]  # the "Add to Slack" button
        assert "state=" in link and f"client_id={fake.client_id}" in link
        assert "&scope=commands,chat:write,chat:write.public,files:write,users:read&" in link
        async with browser.get(link, allow_redirects=False) as approved:  # on Slack's side
            assert approved.status == 302
            back = approved.headers["Location"]
        headers = {"Cookie": f"{cookie.key}={cookie.value}"}
        async with browser.get(back, allow_redirects=False, headers=headers) as done:
            assert done.status == 200, await done.text()
            return await done.text()


async def start_quiz(workspace: Workspace, installation: Installation, channel: str) -> dict:
    """`/labtype quiz` from a member of `installation`'s workspace; the team message it posts."""
    team = installation.team_id or "T_ORG_MEMBER"
    body = signing.slash_command_body("quiz", f"U_{team}", channel, workspace.fake.response_url(channel),
                                      team_id=team, enterprise_id=installation.enterprise_id,
                                      is_enterprise_install=installation.org_wide)
    await workspace.send(body)
    for _ in range(500):
        posted = [call for call in workspace.fake.calls("chat.postMessage") if call["channel"] == channel]
        if posted:
            return posted[0]
        await asyncio.sleep(0.01)
    raise AssertionError(f"no team message in {channel}: {workspace.fake.methods()}")


def installation_store(workspace: Workspace) -> AsyncSQLAlchemyInstallationStore:
    return AsyncSQLAlchemyInstallationStore(workspace.fake.client_id, workspace.runtime.store.engine)


async def test_the_install_flow_stores_the_workspace_s_own_token(distributed: Workspace):
    page = await install(distributed, ONE)
    assert "slack://app?team=T_ONE" in page or "T_ONE" in page  # Bolt's success page opens the workspace
    (exchange,) = distributed.fake.calls("oauth.v2.access")
    assert exchange.response["ok"] and exchange.params["code"].startswith("code-")
    bot = await installation_store(distributed).async_find_bot(enterprise_id=None, team_id="T_ONE")
    assert bot is not None and bot.bot_token == ONE.bot_token and bot.bot_user_id == ONE.bot_user_id


async def test_a_replayed_or_forged_state_is_refused(distributed: Workspace):
    distributed.fake.install_as(ONE, redirect_url=f"{base_url(distributed)}/slack/oauth_redirect")
    async with aiohttp.ClientSession() as browser:  # no state cookie, an unknown state
        async with browser.get(f"{base_url(distributed)}/slack/oauth_redirect?code=code-x&state=forged") as page:
            assert page.status == 400
    assert distributed.fake.calls("oauth.v2.access") == []


async def test_two_workspaces_and_an_organisation_at_once_each_with_its_own_token(distributed: Workspace):
    for installation in (ONE, TWO, ORG):
        await install(distributed, installation)
    posts = await asyncio.gather(start_quiz(distributed, ONE, "C_ONE"), start_quiz(distributed, TWO, "C_TWO"),
                                 start_quiz(distributed, ORG, "C_ORG"))
    assert [post.token for post in posts] == [ONE.bot_token, TWO.bot_token, ORG.bot_token]
    for call in distributed.fake.calls("users.info"):
        assert call.token in {ONE.bot_token, TWO.bot_token, ORG.bot_token}


async def test_an_uninstall_deletes_that_workspace_s_installation_and_quizzes_only(distributed: Workspace):
    for installation in (ONE, TWO):
        await install(distributed, installation)
    await start_quiz(distributed, ONE, "C_ONE")
    await start_quiz(distributed, TWO, "C_TWO")
    store = distributed.runtime.store
    assert len((await store.export_workspace("T_ONE"))["quizzes"]) == 1
    distributed.fake.uninstall(ONE)
    event = signing.event_callback_payload({"type": "app_uninstalled", "event_ts": "1.2"}, team_id="T_ONE")
    await distributed.send(signing.event_body(event))
    store = installation_store(distributed)
    for _ in range(500):
        if await store.async_find_bot(enterprise_id=None, team_id="T_ONE") is None:
            break
        await asyncio.sleep(0.01)
    assert await store.async_find_bot(enterprise_id=None, team_id="T_ONE") is None
    assert (await store.async_find_bot(enterprise_id=None, team_id="T_TWO")).bot_token == TWO.bot_token
    assert (await distributed.runtime.store.export_workspace("T_ONE"))["quizzes"] == []
    assert len((await distributed.runtime.store.export_workspace("T_TWO"))["quizzes"]) == 1
    assert (await start_quiz(distributed, TWO, "C_TWO_AGAIN")).token == TWO.bot_token


async def test_a_revoked_bot_token_counts_as_an_uninstall(distributed: Workspace):
    await install(distributed, ONE)
    event = signing.event_callback_payload({"type": "tokens_revoked", "tokens": {"bot": [ONE.bot_user_id]}},
                                           team_id="T_ONE")
    await distributed.send(signing.event_body(event))
    store = installation_store(distributed)
    for _ in range(500):
        if await store.async_find_bot(enterprise_id=None, team_id="T_ONE") is None:
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the installation is still there")

