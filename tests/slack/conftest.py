"""Fixtures for the Slack front end: a fake Slack on 127.0.0.1, and the app serving it.

`slack` is the app as it runs in production (`run_slack` in HTTP mode on uvicorn, in the test's
event loop) wired to a fresh `FakeSlack`; see `slack_workspace.py` for how tests talk to it.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from bot.runtime import Runtime, build_runtime
from tests.slack.fake_slack import FakeSlack
from tests.slack.slack_workspace import SIGNING_SECRET, Workspace, running_app

# slack_sdk's clients (Web API, response_url, Socket Mode) use these and ignore NO_PROXY
PROXY_ENV_VARS = ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy")


@pytest.fixture
def fake_slack(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeSlack]:
    """A started FakeSlack (fresh per test); SLACK_API_URL points at it."""
    for var in PROXY_ENV_VARS:
        monkeypatch.delenv(var, raising=False)
    with FakeSlack() as fake:
        monkeypatch.setenv("SLACK_API_URL", fake.api_url)
        yield fake


@pytest.fixture
def slack_env(fake_slack: FakeSlack, monkeypatch: pytest.MonkeyPatch) -> FakeSlack:
    """The app's environment for the fake: tokens, signing secret, no SLACK_APP_TOKEN (HTTP mode)."""
    monkeypatch.setenv("SLACK_BOT_TOKEN", fake_slack.bot_token)
    monkeypatch.setenv("SLACK_SIGNING_SECRET", SIGNING_SECRET)
    monkeypatch.delenv("SLACK_APP_TOKEN", raising=False)
    return fake_slack


@pytest.fixture
async def runtime(tmp_path: Path) -> AsyncIterator[Runtime]:
    """The core and the quiz service on a fresh store (for tests that need no app)."""
    built = await build_runtime(tmp_path)
    yield built
    await built.store.close()


@pytest.fixture
async def slack(slack_env: FakeSlack, tmp_path: Path) -> AsyncIterator[Workspace]:
    """The app as in production (HTTP mode, uvicorn) on the fake Slack."""
    async with running_app(slack_env, tmp_path) as workspace:
        yield workspace


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:  # pragma: no cover
    leftovers = [t.name for t in threading.enumerate() if t is not threading.main_thread() and not t.daemon]
    leftovers += [t.name for t in threading.enumerate() if t.name.startswith("fake-slack")]
    if leftovers:
        print(f"\nWARNING: slack test threads still alive: {leftovers}", file=sys.stderr)
