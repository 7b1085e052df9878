"""A quiz question as a poll, addressed to its participant (mentioned, so notified) where they
answer. Only a participant's latest poll asks a question, so an older one is ended (`poll.end`)
as soon as its answer is taken or it is replaced: Element then stops offering a vote there.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

from bot.core.messages import message
from bot.matrix.outbox import Outbox
from bot.matrix.quiz.refs import POLLS, PollRef, QuizRefs
from bot.matrix.render import POLL_END, POLL_START, poll_content, poll_end_content
from bot.runtime import Runtime
from bot.store import TeamQuiz
from bot.teamquiz import Step


@dataclass
class Polls:
    runtime: Runtime
    outbox: Outbox
    refs: QuizRefs

    async def ask(self, quiz: TeamQuiz, step: Step, trigger: str) -> None:
        participant = step.participation
        assert step.question is not None
        answer = self.runtime.quiz_answers.question(step.question, step.index, self.runtime.engine.length, quiz.lang,
                                                    seed=step.seed, tomorrow=step.tomorrow)
        place = await self.refs.place(quiz, participant.participant)
        content = poll_content(answer, participant.participant, participant.name, private=place.root is None)
        poll_id = await self.outbox.send(place.room_id, place.holding(content, trigger), POLL_START)
        poll = PollRef(quiz.id, participant.participant, step.index, place.room_id, step.tomorrow)
        await self.runtime.store.set_setting(POLLS, poll_id, json.dumps(asdict(poll)))
        await self.runtime.store.update_meta(quiz.id, **{f"poll:{participant.participant}": poll_id})

    async def replace(self, quiz: TeamQuiz, step: Step, trigger: str) -> None:
        """Ask the step's question as a new poll, then end the participant's previous one
        (answered already, or asking this question before)."""
        previous = quiz.meta.get(f"poll:{step.participation.participant}")
        await self.ask(quiz, step, trigger)
        await self.end(quiz, previous, "matrix_poll_replaced")

    async def end_unfinished(self, quiz: TeamQuiz) -> None:
        """End the poll each unfinished participant was answering (the quiz is closed); the
        others' polls were ended as they were answered."""
        for participation in await self.runtime.store.participations(quiz.id):
            if len(participation.answers) < self.runtime.engine.length:
                await self.end(quiz, quiz.meta.get(f"poll:{participation.participant}"), "quiz_closed_status")

    async def end(self, quiz: TeamQuiz, poll_id: str | None, key: str) -> None:
        """End `poll_id` (answered, replaced, or its quiz closed); `key` says why, for clients
        without polls. The end refers to the poll (`m.reference`), which is in the quiz's thread,
        so clients show it there. Ending an ended poll changes nothing: a replayed event is harmless."""
        if poll_id:
            poll = await self.refs.poll(poll_id)
            room_id = poll.room if poll and poll.room else quiz.channel
            await self.outbox.send(room_id, poll_end_content(poll_id, message(key, quiz.lang)), POLL_END)
