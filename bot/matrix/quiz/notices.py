"""The quiz's text replies: notices (closed, invited, left) and refusals. Each is a real reply
(not a thread fallback) to what the member did, where they answer; a vote in someone else's poll
is refused by name in the thread, because Element counts it in the poll anyway.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.messages import message
from bot.matrix.outbox import Outbox
from bot.matrix.quiz.files import thread_of
from bot.matrix.quiz.refs import PollRef, QuizRefs
from bot.matrix.render import Place, addressed, in_thread, text_content
from bot.store import Store, TeamQuiz
from bot.teamquiz import QuizProblem

STALE_KEYS = ("quiz_stale", "matrix_quiz_back_stale", "matrix_quiz_back_first")  # they point at the current poll


@dataclass
class Notices:
    store: Store
    outbox: Outbox
    refs: QuizRefs
    command: str

    async def tell(self, quiz: TeamQuiz, key: str, reply_to: str | None, place: Place | None = None,
                   **values: object) -> None:
        """A quiz message, as a real reply (not a fallback), in the quiz's thread unless `place` says."""
        place = place or thread_of(quiz)
        content = place.holding(text_content(message(key, quiz.lang, **values)), reply_to, falling_back=False)
        await self.outbox.send(place.room_id, content)

    async def refuse(self, quiz: TeamQuiz, user_id: str, problem: QuizProblem, trigger: str) -> None:
        """A participant's quiz problem, where they answer; "here is where you are" messages
        point at their current poll. In a private room it replies to nothing else: the trigger
        may be in the thread (a command there), which a reply cannot point at from another room."""
        current = quiz.meta.get(f"poll:{user_id}") if problem.key in STALE_KEYS else None
        place = await self.refs.place(quiz, user_id)
        await self.tell(quiz, problem.key, current or (trigger if place.root else None), place, **problem.values)

    async def refuse_vote(self, quiz: TeamQuiz, poll: PollRef, voter: str, voter_name: str, trigger: str) -> None:
        """Someone voted (or reacted with a keycap) in another participant's poll: say so, to them."""
        owner = await self.store.get_participation(quiz.id, poll.participant)
        text = message("matrix_poll_not_yours", quiz.lang, owner=owner.name if owner else poll.participant,
                       command=self.command)
        content = in_thread(addressed(text_content(text), voter, voter_name), quiz.meta["root"], trigger,
                            falling_back=False)
        await self.outbox.send(quiz.channel, content)
