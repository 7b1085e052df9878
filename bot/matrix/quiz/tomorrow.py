""""Et dans deux ans ?": after their result, a member answers the same questions again for the
lab in two years, asked by the member's 🔮 on their own result or `!labtype demain`. The polls
are titled so and know their phase (`PollRef.tomorrow`), so every answer path and back work as
today's; the shift then goes where the result went, and the team profile counts who answered.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.matrix.events import Reaction
from bot.matrix.quiz.notices import Notices
from bot.matrix.quiz.polls import Polls
from bot.matrix.quiz.private import PrivateFlow
from bot.matrix.quiz.results import Results
from bot.store import TeamQuiz
from bot.teamquiz import QuizProblem, TeamQuizService


@dataclass
class TomorrowFlow:
    service: TeamQuizService
    polls: Polls
    notices: Notices
    private: PrivateFlow
    results: Results

    async def on_crystal_ball(self, reaction: Reaction) -> None:
        """🔮 on one's own result (in the thread, or in one's private room)."""
        if quiz := await self.results.quiz_of(reaction.target, reaction.sender):
            await self.start(quiz, reaction.sender, reaction.event_id, reaction.room_id == quiz.channel)

    async def start(self, quiz: TeamQuiz, user_id: str, trigger: str, in_thread: bool) -> None:
        """Its first question (or, started before, the one they are at); in an anonymous quiz, in
        the private room (invited again if they left it)."""
        try:
            step = await self.service.start_tomorrow(quiz.id, user_id)
        except QuizProblem as problem:
            await self.notices.refuse(quiz, user_id, problem, trigger)
            return
        if step.question is None:
            await self.notices.refuse(quiz, user_id, QuizProblem("quiz_already_done"), trigger)
        elif quiz.anonymous:
            await self.private.join(quiz, step, trigger, in_thread)
        else:
            await self.polls.replace(quiz, step, trigger)
