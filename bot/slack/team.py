"""The public team message of each quiz: posted when the quiz starts, edited as members finish.

Its channel and ts are kept in the quiz's meta in the store, so a restarted app still edits the
right message. Each edit carries Slack message metadata (`labtype_team_profile`) so workflows
and other apps can react to the team profile without reading the blocks.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.runtime import Runtime
from bot.slack import render
from bot.slack.render import Message
from bot.slack.reply import CannotPost, post
from bot.slack.users import SlackUser
from bot.slack.values import QuizRef
from bot.store import TeamQuiz

log = logging.getLogger(__name__)

EVENT_TYPE = "labtype_team_profile"


class TeamBoard:
    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        self._locks: dict[str, asyncio.Lock] = {}
        self._asked: dict[str, int] = {}  # refreshes asked for, per quiz
        self._shown: dict[str, int] = {}  # how many of those the message on screen answers

    async def start(self, client: AsyncWebClient, channel: str, starter: SlackUser, anonymous: bool = False) -> TeamQuiz:
        """Start a quiz and post its team message; `CannotPost` (and no quiz left open) if the
        bot may not write in `channel`."""
        quiz = await self.runtime.teamquiz.start("slack", channel, starter.id, starter.lang, anonymous)
        message, _ = await self.message(quiz)
        try:
            posted = await post(client, channel, message)
        except CannotPost:
            await self.runtime.teamquiz.close(quiz.id, starter.id)
            raise
        return await self.runtime.store.update_meta(quiz.id, channel=posted["channel"], ts=posted["ts"])

    async def refresh(self, client: AsyncWebClient, quiz_id: str) -> None:
        """Edit the team message to show the quiz as it is now.

        Members finish concurrently. Edits of one quiz are serialised, and an edit reads the
        store after it was asked for, so the last edit always counts every member who has
        finished. Refreshes asked for while an edit runs are all answered by the next one:
        30 members finishing together cost a few edits, not 30 (chat.update is rate limited).
        """
        asked = self._asked[quiz_id] = self._asked.get(quiz_id, 0) + 1
        async with self._locks.setdefault(quiz_id, asyncio.Lock()):
            if self._shown.get(quiz_id, 0) >= asked:
                return
            covers = self._asked[quiz_id]
            quiz = await self.runtime.store.get_quiz(quiz_id)
            if quiz is None or "ts" not in quiz.meta:
                return
            message, metadata = await self.message(quiz)
            try:
                await client.chat_update(channel=quiz.meta["channel"], ts=quiz.meta["ts"], metadata=metadata,
                                         **message.args())
            except SlackApiError as error:  # the members' own answers are saved; the next edit catches up
                log.warning("could not update the team message of quiz %s: %s", quiz_id, error.response.get("error"))
                return
            self._shown[quiz_id] = covers
        if quiz.closed:  # its last edit is done: no more refreshes to merge
            for state in (self._locks, self._asked, self._shown):
                state.pop(quiz_id, None)

    async def message(self, quiz: TeamQuiz) -> tuple[Message, dict[str, Any] | None]:
        """The team message, and its metadata once someone has finished."""
        profile = await self.runtime.teamquiz.profile(quiz.id)
        answer = self.runtime.quiz_answers.team(profile, quiz.lang, quiz.closed)
        metadata = None
        if profile.participants:
            metadata = {"event_type": EVENT_TYPE, "event_payload": {
                "participants": profile.participants,
                "top": profile.top,
                "ranking": [{"archetype": score.archetype, "score": score.score} for score in profile.ranking],
            }}
        return render.one_message(answer, QuizRef(quiz.id)), metadata
