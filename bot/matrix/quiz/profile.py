"""The team profile: one message in the quiz's thread, edited in place as results come in and
when the quiz closes, so the thread keeps one up-to-date profile (counts only: it names nobody).
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.matrix.outbox import Outbox
from bot.matrix.render import edit, in_thread, team_profile_content
from bot.runtime import Runtime
from bot.store import TeamQuiz


@dataclass
class TeamProfileMessage:
    runtime: Runtime
    outbox: Outbox
    command: str

    async def update(self, quiz: TeamQuiz) -> None:
        """Post the team profile in the thread the first time, edit that message afterwards."""
        profile = await self.runtime.teamquiz.profile(quiz.id)
        answer = self.runtime.quiz_answers.team(profile, quiz.lang, quiz.closed)
        content = team_profile_content(answer, profile, self.command)
        if posted := quiz.meta.get("profile"):
            await self.outbox.send(quiz.channel, edit(posted, content))
            return
        root = quiz.meta["root"]
        posted = await self.outbox.send(quiz.channel, in_thread(content, root, root))
        await self.runtime.store.update_meta(quiz.id, profile=posted)
