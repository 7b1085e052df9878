"""An anonymous quiz's dialogue (polls, answers, backs, result) is held in each member's private
room with the bot (`bot.matrix.private`) so that the thread shows nobody's answers: only the root
(naming nobody), neutral replies, the team profile (counts only), its chart, the report and the
close.

Joining in the thread (`!labtype quiz`, ✋) invites the member there, or, once they are in it,
asks them there (a ✅ on their command says so). A member still invited gets their question when
they join; one who leaves mid-quiz is told in the thread how to come back, under the message
they joined with.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.matrix.events import Membership
from bot.matrix.outbox import Outbox
from bot.matrix.private import PrivateRooms
from bot.matrix.quiz.notices import Notices
from bot.matrix.quiz.polls import Polls
from bot.matrix.render import reaction_content
from bot.runtime import Runtime
from bot.store import TeamQuiz
from bot.teamquiz import Step

JOINED = "✅"  # on a member's join command in an anonymous quiz's thread: "asked in your private room"


@dataclass
class PrivateFlow:
    runtime: Runtime
    outbox: Outbox
    private: PrivateRooms
    polls: Polls
    notices: Notices
    command: str

    async def join(self, quiz: TeamQuiz, step: Step, trigger: str, in_thread: bool = True) -> None:
        """Ask the member in their private room (again, when they resume) if they are in it; else
        invite them, and their join will ask (`on_membership`). The thread learns only that much:
        a ✅ on their command, or where to find the invitation.
        `in_thread`: the trigger is in the thread (else in the private room: nothing to say there)."""
        member = step.participation.participant
        _, joined = await self.private.open(member, quiz.id)
        if in_thread:
            quiz = await self.runtime.store.update_meta(quiz.id, **{f"joined:{member}": trigger})
        if not joined:
            await self.notices.tell(quiz, "matrix_quiz_private_invite", trigger if in_thread else quiz.meta["root"])
            return
        await self.polls.replace(quiz, step, trigger)
        if in_thread and trigger != quiz.meta["root"]:  # a command, not ✋ on the root (the bot reacts once per key)
            await self.outbox.send(quiz.channel, reaction_content(trigger, JOINED), "m.reaction")

    async def on_membership(self, change: Membership) -> None:
        """A member joining their private room gets the question waiting for them there; one
        leaving it (or declining the invitation) mid-quiz is told in the thread how to come back."""
        quiz_id = await self.private.quiz_in(change.room_id, change.member)
        quiz = await self.runtime.store.get_quiz(quiz_id) if quiz_id else None
        step = await self.runtime.teamquiz.current(quiz.id, change.member) if quiz and not quiz.closed else None
        if quiz is None or step is None or step.question is None:
            return
        if change.membership == "join":
            await self.polls.ask(quiz, step, change.event_id)
        elif change.membership == "leave":
            joined_by = quiz.meta.get(f"joined:{change.member}", quiz.meta["root"])
            await self.notices.tell(quiz, "matrix_quiz_private_left", joined_by, command=self.command)
