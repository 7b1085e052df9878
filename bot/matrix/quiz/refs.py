"""What a quiz's Matrix events refer to, as the store keeps it, so that a restart continues: a
thread root → its quiz, a poll → whose question it asks (`PollRef`), a private room → the quiz
its member answers there, and where a participant answers (`Place`).

`Asked` is a question as a participant's action means it (index and phase): the poll they vote
in or reply to says it; else their current step does.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from bot.matrix.events import Message
from bot.matrix.private import PrivateRooms
from bot.matrix.quiz.files import thread_of
from bot.matrix.render import Place
from bot.store import Store, TeamQuiz
from bot.teamquiz import Step

THREADS = "matrix.quiz_thread"  # setting scope: thread root (or quiz root message) id → quiz id
POLLS = "matrix.quiz_poll"  # setting scope: poll event id → PollRef as JSON
STALE = -1  # the question of a replaced poll: no question has this index, so the service refuses it


@dataclass(frozen=True)
class PollRef:
    """Whose question a poll asks, and which (0-based)."""

    quiz_id: str
    participant: str
    index: int
    room: str | None = None  # where it was posted; None: the quiz's room (polls posted before private rooms)
    tomorrow: bool = False  # asked for the lab in two years


@dataclass(frozen=True)
class Asked:
    """A question as a participant's action means it: its index (0-based) and phase."""

    index: int
    tomorrow: bool = False

    @classmethod
    def of(cls, step: Step) -> Asked:
        return cls(step.index, step.tomorrow)


class QuizRefs:
    def __init__(self, store: Store, private: PrivateRooms) -> None:
        self.store = store
        self.private = private

    async def quiz_at(self, event_id: str) -> TeamQuiz | None:
        quiz_id = await self.store.get_setting(THREADS, event_id)
        return await self.store.get_quiz(quiz_id) if quiz_id else None

    async def quiz_of(self, request: Message) -> TeamQuiz | None:
        """The quiz of the thread `request` is in, or of the sender's private room it was sent in."""
        if request.thread_root:
            return await self.quiz_at(request.thread_root)
        quiz_id = await self.private.quiz_in(request.room_id, request.sender)
        return await self.store.get_quiz(quiz_id) if quiz_id else None

    async def place(self, quiz: TeamQuiz, user_id: str) -> Place:
        """Where `user_id` answers `quiz`: its thread, or (anonymous) their private room."""
        room_id = await self.private.room_of(user_id) if quiz.anonymous else None
        return Place(room_id, None) if room_id else thread_of(quiz)

    async def quiz_of_poll(self, poll_id: str, user_id: str) -> TeamQuiz | None:
        """The quiz of `poll_id` when it is one of `user_id`'s polls."""
        poll = await self.poll(poll_id)
        return await self.store.get_quiz(poll.quiz_id) if poll and poll.participant == user_id else None

    async def question_of(self, quiz: TeamQuiz, user_id: str, event_id: str | None, current: Asked) -> Asked:
        """The question `user_id` answers or goes back from by replying or reacting to
        `event_id`: when it is one of their polls in `quiz`, its question, or STALE once a newer
        poll of theirs replaced it; else `current`."""
        poll = await self.poll(event_id)
        if poll is None or (poll.quiz_id, poll.participant) != (quiz.id, user_id):
            return current
        return Asked(poll.index if quiz.meta.get(f"poll:{user_id}") == event_id else STALE, poll.tomorrow)

    async def poll(self, event_id: str | None) -> PollRef | None:
        raw = await self.store.get_setting(POLLS, event_id) if event_id else None
        return PollRef(**json.loads(raw)) if raw else None
