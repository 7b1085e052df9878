"""What a click handler receives: the click, and what its recorder wrote before the acknowledgement."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.context import SlackContext
from bot.slack.reply import Reply
from bot.slack.team import Workspace
from bot.slack.users import SlackUser
from bot.slack.values import QuizRef
from bot.teamquiz import QuizProblem, Step


@dataclass(frozen=True)
class Recorded:
    """What a quiz click changed in the store, before its acknowledgement: the button clicked, and
    the member's new step or the problem that refused it."""

    clicked: QuizRef
    step: Step | None = None
    problem: QuizProblem | None = None


@dataclass(frozen=True)
class Click:
    user: SlackUser
    value: str
    channel: str | None  # None in the App Home
    client: AsyncWebClient
    reply: Reply
    workspace: Workspace
    recorded: Recorded | None = None  # for the clicks written before their acknowledgement

    @property
    def lang(self) -> str:
        return self.user.lang


Handler = Callable[[SlackContext, Click], Awaitable[None]]
Recorder = Callable[[SlackContext, AsyncWebClient, dict, str], Awaitable[Recorded]]  # (…, payload, button value)
