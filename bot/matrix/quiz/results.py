"""A finished member's result, where they answer (`org.labtype.quiz_result`), then its chart.
Today's result offers "Et dans deux ans ?" with a 🔮 the bot puts on it, so it is remembered as
that member's; after the answers for two years from now, the shift (`org.labtype.quiz_tomorrow`).
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.matrix.outbox import Outbox
from bot.matrix.quiz.files import post_result_picture
from bot.matrix.quiz.refs import QuizRefs
from bot.matrix.render import reaction_content, result_content, tomorrow_content
from bot.runtime import Runtime
from bot.store import TeamQuiz
from bot.teamquiz import Step

RESULTS = "matrix.quiz_result"  # setting scope: id of a posted result → quiz id (for 🔮 on it)
CRYSTAL_BALL = "🔮"  # on a member's result (the bot puts the first one): "Et dans deux ans ?"


def result_key(user_id: str, tomorrow: bool) -> str:
    """The quiz meta key of the user's posted result: today's, or the shift to two years from now."""
    return f"{'tomorrow' if tomorrow else 'result'}:{user_id}"


@dataclass
class Results:
    runtime: Runtime
    outbox: Outbox
    refs: QuizRefs
    command: str

    async def post(self, quiz: TeamQuiz, step: Step, trigger: str) -> None:
        """Today's result, offering "Et dans deux ans ?" (a 🔮 put on it to click); or, after the
        answers for two years from now, the shift from today."""
        participant, result = step.participation, step.result
        assert result is not None
        if step.tomorrow:
            assert step.today is not None
            answer = self.runtime.quiz_answers.tomorrow(step.today, result, quiz.lang)
            content = tomorrow_content(answer, step.today, result, participant.participant, participant.name,
                                       self.command)
        else:
            answer = self.runtime.quiz_answers.result(result, quiz.lang, offer_tomorrow=True)
            content = result_content(answer, result, participant.participant, participant.name, self.command)
        place = await self.refs.place(quiz, participant.participant)
        posted = await self.outbox.send(place.room_id, place.holding(content, trigger))
        await self.runtime.store.update_meta(quiz.id, **{result_key(participant.participant, step.tomorrow): posted})
        if not step.tomorrow:
            await self.runtime.store.set_setting(RESULTS, posted, quiz.id)
            await self.outbox.send(place.room_id, reaction_content(posted, CRYSTAL_BALL), "m.reaction")

    async def post_picture(self, quiz: TeamQuiz, step: Step, trigger: str) -> None:
        """The chart of the result `post` posted (today's; after two years from now, both)."""
        place = await self.refs.place(quiz, step.participation.participant)
        today, tomorrow = (step.today, step.result) if step.tomorrow else (step.result, None)
        await post_result_picture(self.runtime, self.outbox, quiz, place, today, trigger, tomorrow)

    async def quiz_of(self, result_id: str, user_id: str) -> TeamQuiz | None:
        """The quiz of `result_id` when it is `user_id`'s posted result of today."""
        quiz_id = await self.runtime.store.get_setting(RESULTS, result_id)
        quiz = await self.runtime.store.get_quiz(quiz_id) if quiz_id else None
        return quiz if quiz and quiz.meta.get(result_key(user_id, False)) == result_id else None
