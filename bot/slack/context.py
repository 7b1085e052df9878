"""What every listener needs, built once per app: the runtime, users, team messages, and the
work that goes on after an acknowledgement."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from slack_sdk.web.async_client import AsyncWebClient

from bot.core.answers import Answer
from bot.core.messages import message
from bot.runtime import Runtime
from bot.slack.afterack import AfterAck
from bot.slack.reply import CannotPost, Reply
from bot.slack.team import TeamBoard, Workspace
from bot.slack.users import SlackUser, UserDirectory
from bot.slack.values import SHARE, BadButton, Target

COMMAND = "/labtype"


@dataclass(frozen=True)
class SlackContext:
    runtime: Runtime
    users: UserDirectory
    team: TeamBoard
    after_ack: AfterAck

    async def user(self, client: AsyncWebClient, payload: dict) -> SlackUser:
        """The person behind a slash command (`user_id`) or an interaction (`user`)."""
        user = payload.get("user") or {}
        user_id = user.get("id") or payload.get("user_id", "")
        return await self.users.get(client, user_id, user.get("name") or payload.get("user_name", ""))

    async def start_quiz(self, client: AsyncWebClient, reply: Reply, channel: str, starter: SlackUser,
                         workspace: Workspace, anonymous: bool = False) -> None:
        """Post a new team quiz in `channel`, or tell the starter how to let the bot in."""
        try:
            await self.team.start(client, channel, starter, workspace, anonymous)
        except CannotPost:
            await reply.tell(message("slack_not_in_channel", starter.lang))

    def shareable(self, target: Target, lang: str) -> Answer:
        """The cell, or without a characteristic the card, as posted for everyone to see:
        without its own share button (the other buttons answer whoever clicks, privately).
        `BadButton` without an archetype."""
        if target.archetype is None:
            raise BadButton(target.value)
        answerer = self.runtime.answerer
        answer = (answerer.cell(target.archetype, target.characteristic, lang) if target.characteristic
                  else answerer.card(target.archetype, lang))
        return dataclasses.replace(answer, actions=tuple(a for a in answer.actions if a.kind != SHARE))
