"""The team quiz in a Matrix thread: the one entry point for the quiz's commands and events,
which it hands to the flow they belong to.

`!labtype quiz` posts a root message; everything else happens in its thread. Whoever asked gets
question 1 at once; others join with `!labtype quiz` in the thread or by reacting ✋ to the
root. Each question is a poll addressed to one participant (`polls`), answered by vote,
keycap or number (`answers`); a finished participant's result goes in the thread
(`results`) and the team profile is one thread message, edited in place (`profile`).
`!labtype fermer`, by whoever started the quiz, closes it: the team profile says so and the
open polls are ended. An anonymous quiz is answered in private rooms (`private`); "Et dans
deux ans ?" asks the questions again for the lab in two years (`tomorrow`). Everything
needed after a restart is in the store (`refs` reads it).
"""

from __future__ import annotations

from bot.core.text import keycap_number
from bot.matrix.events import BACK_ARROW, RAISED_HAND, Membership, Message, Reaction, Vote
from bot.matrix.outbox import Outbox
from bot.matrix.private import PrivateRooms
from bot.matrix.quiz.answers import Answers
from bot.matrix.quiz.files import post_report, post_team_picture
from bot.matrix.quiz.notices import Notices
from bot.matrix.quiz.polls import Polls
from bot.matrix.quiz.private import PrivateFlow
from bot.matrix.quiz.profile import TeamProfileMessage
from bot.matrix.quiz.refs import THREADS, QuizRefs
from bot.matrix.quiz.results import CRYSTAL_BALL, Results
from bot.matrix.quiz.tomorrow import TomorrowFlow
from bot.matrix.render import in_thread, quiz_root_content
from bot.runtime import Runtime
from bot.store import TeamQuiz
from bot.teamquiz import QuizProblem

PLATFORM = "matrix"


class QuizThreads:
    def __init__(self, runtime: Runtime, outbox: Outbox, private: PrivateRooms, command: str) -> None:
        self.runtime = runtime
        self.store = runtime.store
        self.service = runtime.teamquiz
        self.outbox = outbox
        self.refs = QuizRefs(runtime.store, private)
        self.command = command
        self.notices = Notices(runtime.store, outbox, self.refs, command)
        self.polls = Polls(runtime, outbox, self.refs)
        self.profile = TeamProfileMessage(runtime, outbox, command)
        results = Results(runtime, outbox, self.refs, command)
        self.answers = Answers(runtime, self.refs, self.polls, self.notices, results, self.profile)
        self.private = PrivateFlow(runtime, outbox, private, self.polls, self.notices, command)
        self.in_two_years = TomorrowFlow(self.service, self.polls, self.notices, self.private, results)

    # -- commands ---------------------------------------------------------------------------------

    async def start(self, request: Message, lang: str, anonymous: bool = False) -> None:
        """`!labtype quiz`: in a quiz's thread, join it (or resume); elsewhere start one. Started
        inside some other thread, the quiz uses that thread."""
        if request.thread_root and (quiz := await self.refs.quiz_at(request.thread_root)):
            await self._join(quiz, request.sender, request.sender_name, request.event_id)
            return
        quiz = await self.service.start(PLATFORM, request.room_id, request.sender, lang, anonymous)
        intro = self.runtime.answerer.quiz(lang, anonymous)
        content = quiz_root_content(intro, request.sender, request.sender_name, self.command)
        if request.thread_root:
            content = in_thread(content, request.thread_root, request.event_id)
        posted = await self.outbox.send(request.room_id, content)
        root = request.thread_root or posted
        for event_id in {root, posted}:
            await self.store.set_setting(THREADS, event_id, quiz.id)
        quiz = await self.store.update_meta(quiz.id, root=root)
        await self._join(quiz, request.sender, request.sender_name, posted)

    async def back(self, request: Message) -> bool:
        """`!labtype retour` in a quiz thread or one's private room: back from the question of the
        poll it replies to, else from the sender's current one. False elsewhere."""
        quiz = await self.refs.quiz_of(request)
        if quiz is not None:
            await self.answers.back(quiz, request.sender, request.reply_to, request.event_id)
        return quiz is not None

    async def tomorrow(self, request: Message) -> bool:
        """`!labtype demain` in a quiz thread or one's private room, after one's result: the same
        questions for the lab in two years. False elsewhere."""
        quiz = await self.refs.quiz_of(request)
        if quiz is not None:
            await self.in_two_years.start(quiz, request.sender, request.event_id, request.thread_root is not None)
        return quiz is not None

    async def close(self, request: Message) -> bool:
        """`!labtype fermer` in a quiz thread, by its starter. False outside a quiz thread."""
        quiz = await self.refs.quiz_at(request.thread_root) if request.thread_root else None
        if quiz is None:
            return False
        if quiz.closed:
            await self.notices.tell(quiz, "quiz_closed", request.event_id)
            return True
        try:
            quiz = await self.service.close(quiz.id, request.sender)
        except QuizProblem as problem:
            await self.notices.tell(quiz, problem.key, request.event_id)
            return True
        await self.profile.update(quiz)
        await self.polls.end_unfinished(quiz)
        await self.notices.tell(quiz, "quiz_closed", request.event_id)
        await post_team_picture(self.runtime, self.outbox, quiz, request.event_id)
        return True

    async def report(self, request: Message) -> bool:
        """`!labtype compte-rendu` in a quiz thread, by its starter: the workshop report as files
        in the thread. False outside a quiz thread."""
        quiz = await self.refs.quiz_at(request.thread_root) if request.thread_root else None
        if quiz is None:
            return False
        try:
            quiz, profile = await self.service.report(quiz.id, request.sender)
        except QuizProblem as problem:
            await self.notices.tell(quiz, problem.key, request.event_id)
            return True
        if not await post_report(self.runtime, self.outbox, quiz, profile, request.event_id):
            await self.notices.tell(quiz, "quiz_report_failed", request.event_id)
        return True

    # -- events -----------------------------------------------------------------------------------

    async def on_message(self, message: Message) -> None:
        await self.answers.on_message(message)

    async def on_reaction(self, reaction: Reaction) -> None:
        """✋ on a quiz root joins; a keycap on one's own poll answers it, ↩️ goes back from it;
        🔮 on one's own result starts "in two years"."""
        if reaction.key == RAISED_HAND:
            if quiz := await self.refs.quiz_at(reaction.target):
                await self._join(quiz, reaction.sender, reaction.sender_name, reaction.target)
            return
        if reaction.key == CRYSTAL_BALL:
            await self.in_two_years.on_crystal_ball(reaction)
            return
        if reaction.key == BACK_ARROW:
            if quiz := await self.refs.quiz_of_poll(reaction.target, reaction.sender):
                await self.answers.back(quiz, reaction.sender, reaction.target, reaction.target)
            return
        number = keycap_number(reaction.key)
        if number is not None:
            await self.answers.on_poll(reaction.target, reaction.sender, reaction.sender_name, number,
                                       reaction.event_id)

    async def on_vote(self, vote: Vote) -> None:
        await self.answers.on_vote(vote)

    async def on_membership(self, change: Membership) -> None:
        await self.private.on_membership(change)

    async def _join(self, quiz: TeamQuiz, user_id: str, name: str, trigger: str) -> None:
        try:
            step = await self.service.join(quiz.id, user_id, name)
        except QuizProblem as problem:
            await self.notices.tell(quiz, problem.key, trigger)
            return
        if step.question is None:
            await self.notices.tell(quiz, "quiz_already_done", trigger)
        elif quiz.anonymous:
            await self.private.join(quiz, step, trigger)
        else:
            await self.polls.ask(quiz, step, trigger)
