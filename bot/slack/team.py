"""The public team message of each quiz: posted when the quiz starts, edited as members finish.

Its channel and ts are kept in the quiz's meta in the store, so a restarted app, or another
instance, still edits the right message. Each edit carries Slack message metadata (`labtype_team_profile`) so workflows
and other apps can react to the team profile without reading the blocks.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Any

from slack_bolt.request.internals import extract_enterprise_id, extract_team_id
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.core.quiz_answers import team_metadata
from bot.runtime import Runtime
from bot.slack import render
from bot.slack.render import Message
from bot.slack.reply import CannotPost, post
from bot.slack.users import SlackUser
from bot.slack.values import QuizRef
from bot.store import TeamQuiz

log = logging.getLogger(__name__)

EVENT_TYPE = "labtype_team_profile"
EDIT_LEASE_S = 15.0  # longer than an edit takes, rate-limit retries included
# While members keep finishing, the lease holder edits at most once per this many seconds: a
# burst of finishers makes one edit a second, each computing the profile of all who finished,
# rather than one per finisher (and Slack rate-limits chat.update).
EDIT_EVERY_S = 1.0


@dataclass(frozen=True)
class Workspace:
    """Where a Slack request comes from: the workspace and, in Enterprise Grid, its organisation."""

    team_id: str | None
    enterprise_id: str | None = None

    @classmethod
    def of(cls, payload: dict) -> Workspace:
        return cls(extract_team_id(payload), extract_enterprise_id(payload))


class TeamBoard:
    """The team messages, edited from whichever instance serves the members.

    One instance at a time edits a quiz's team message: the one holding the quiz's edit lease in
    the database. It edits, then lets go only if nothing changed meanwhile, else it edits again,
    so Slack receives one quiz's edits one after the other and the message never goes backwards
    (an edit built from an older state is never sent after a newer one). A refresh that finds
    the lease taken leaves the work to its holder: 30 members finishing together cost a few
    edits, not 30 (chat.update is rate limited). Should the holder die, its lease runs out and
    a refresh planned for then takes over.
    """

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        self._planned: dict[str, asyncio.Task] = {}  # one later look per quiz, in this process

    async def start(self, client: AsyncWebClient, channel: str, starter: SlackUser, workspace: Workspace,
                    anonymous: bool = False) -> TeamQuiz:
        """Start a quiz and post its team message; `CannotPost` (and no quiz left open) if the
        bot may not write in `channel`."""
        quiz = await self.runtime.teamquiz.start("slack", channel, starter.id, starter.lang, anonymous,
                                                 team_id=workspace.team_id, enterprise_id=workspace.enterprise_id)
        message, _ = await self.message(quiz)
        try:
            posted = await post(client, channel, message)
        except CannotPost:
            await self.runtime.teamquiz.close(quiz.id, starter.id)
            raise
        return await self.runtime.store.update_meta(quiz.id, channel=posted["channel"], ts=posted["ts"])

    async def refresh(self, client: AsyncWebClient, quiz_id: str) -> None:
        """Edit the team message to show the quiz as it is now (see the class docstring)."""
        store = self.runtime.store
        if not await store.claim_team_edit(quiz_id, EDIT_LEASE_S):
            self._look_later(client, quiz_id)
            return
        while True:
            quiz = await store.get_quiz(quiz_id)
            if quiz is None or "ts" not in quiz.meta or quiz.version <= quiz.shown_version:
                if quiz is None or await store.end_team_edit(quiz_id, quiz.version, False, EDIT_LEASE_S):
                    return
                continue
            message, metadata = await self.message(quiz)
            try:
                await client.chat_update(channel=quiz.meta["channel"], ts=quiz.meta["ts"], metadata=metadata,
                                         **message.args())
            except SlackApiError as error:  # the members' own answers are saved; a later edit catches up
                log.warning("could not update the team message of quiz %s: %s", quiz_id, error.response.get("error"))
                await store.drop_team_edit(quiz_id)
                return
            if await store.end_team_edit(quiz_id, quiz.version, True, EDIT_LEASE_S):
                return
            await asyncio.sleep(EDIT_EVERY_S)  # the quiz moved on during this edit: let more gather

    def _look_later(self, client: AsyncWebClient, quiz_id: str) -> None:
        """In case the lease's holder dies before showing this change: look again once its lease
        has run out (a no-op if it was shown). Not a request's work (`AfterAck`): stopping the
        server does not wait for it."""
        if quiz_id in self._planned:
            return

        async def look() -> None:
            await asyncio.sleep(EDIT_LEASE_S + 1)
            # No longer planned before refreshing: should the lease still be held (renewed by a
            # holder that died since), this refresh must be able to plan the next look.
            if self._planned.get(quiz_id) is asyncio.current_task():
                del self._planned[quiz_id]
            await self.refresh(client, quiz_id)

        self._planned[quiz_id] = asyncio.get_running_loop().create_task(look())

    async def message(self, quiz: TeamQuiz) -> tuple[Message, dict[str, Any] | None]:
        """The team message, and its metadata once someone has finished."""
        profile = await self.runtime.teamquiz.profile(quiz.id)
        answer = self.runtime.quiz_answers.team(profile, quiz.lang, quiz.closed, offer_report=True)
        metadata = None
        if profile.participants:
            metadata = {"event_type": EVENT_TYPE, "event_payload": {
                "participants": profile.participants,
                "top": profile.top,
                "ranking": [{"archetype": score.archetype, "score": score.score} for score in profile.ranking],
                **team_metadata(profile),
            }}
        return render.one_message(answer, QuizRef(quiz.id)), metadata
