"""The team quiz in a Matrix thread.

`!labtype quiz` posts a root message; everything else happens in its thread. Whoever asked
gets question 1 at once; others join with `!labtype quiz` in the thread or by reacting ✋ to
the root. Each question is a poll addressed to one participant (mentioned, so notified), and
can be answered three ways, all routed by `TeamQuizService`, which rejects a second answer to
the same question (`quiz_stale`):
- a vote in the poll: the poll's event id says whose question it is and which one;
- a keycap reaction (1️⃣…) on the poll: same;
- a number sent in the thread: the question of the poll the message replies to, when that
  poll is the sender's (Element points a thread message at the thread's latest event, often
  the sender's current poll, so "2" sent twice answers once); else their current question.
Only a participant's latest poll asks a question: an older one (answered, or asked again after
a back) is stale, whatever its question, so changing one's vote there changes nothing; and it is
ended (`poll.end`) as soon as its answer is taken or it is replaced, so Element stops offering a
vote there. A vote or keycap in someone else's poll is refused in the thread, to the voter by name
(Element counts it in the poll anyway: only the bot can say it does not count).
`!labtype retour` in the thread (or ↩️ on one's poll) undoes the answer before the question on
screen, found the same way, and asks that question again as a new poll; sent twice, it undoes
one answer. Once a participant's result is posted (and counted in the team profile), back is
refused, as in Slack, where a result has no Retour button. `!labtype fermer`, by whoever
started the quiz, closes it: the team profile is edited to say so and the open polls are ended.
A finished participant's result goes in the thread with `org.labtype.quiz_result`; the team
profile is one thread message, edited in place as results come in.

The result offers "Et dans deux ans ?" (a line saying how, and a 🔮 the bot puts on it): the
member's 🔮 on their own result, or `!labtype demain` in the thread, asks the same questions again
for the lab in two years, as polls titled so (a poll knows its phase, `PollRef.tomorrow`, so every
answer path and back work as today's), then posts the shift (`org.labtype.quiz_tomorrow`) where
the result went and edits the team profile, which counts who answered it.

An anonymous quiz runs the same dialogue in each member's private room with the bot instead
of the thread (`bot.matrix.private`; where a member's messages go is their `Place`): joining in
the thread (`!labtype quiz`, ✋) invites them there, or, once they are in it, asks them there
(a ✅ on their command says so); their questions are polls there, answered by vote, keycap or a
number sent there, `!labtype retour` works there too, and their result goes there. A member
still invited gets their question when they join; one who leaves mid-quiz is told in the
thread how to come back, under the message they joined with. The thread shows only the root
(naming nobody), those neutral replies, the team profile (counts only), its chart, the report
and the close: nothing says who answered what.

Everything needed after a restart is in the store (`bot.matrix.quizrefs` reads it): thread root → quiz, poll → (quiz,
participant, question, room), each member's private room and the quiz it serves, and in the
quiz's meta the root, each participant's latest poll and the team profile message.
"""

from __future__ import annotations

import json

from bot.core.quiz import canonical_option
from bot.core.text import keycap_number, option_number
from bot.matrix.events import (
    BACK_ARROW,
    RAISED_HAND,
    Membership,
    Message,
    Reaction,
    Vote,
)
from bot.matrix.outbox import Outbox
from bot.matrix.private import PrivateRooms
from bot.matrix.quizfiles import post_report, post_team_picture
from bot.matrix.quiznotices import Notices
from bot.matrix.quizpolls import Polls
from bot.matrix.quizprivate import PrivateFlow
from bot.matrix.quizprofile import TeamProfileMessage
from bot.matrix.quizrefs import STALE, THREADS, Asked, QuizRefs
from bot.matrix.quizresults import CRYSTAL_BALL, Results, result_key
from bot.matrix.quiztomorrow import TomorrowFlow
from bot.matrix.render import in_thread, quiz_root_content
from bot.runtime import Runtime
from bot.store import TeamQuiz
from bot.teamquiz import QuizProblem, Step, option_seed

PLATFORM = "matrix"
MEANT = "matrix.quiz_meant"  # setting scope: id of a number sent → the question it answers (Asked as JSON)


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
        self.results = Results(runtime, outbox, self.refs, command)
        self.private = PrivateFlow(runtime, outbox, private, self.polls, self.notices, command)
        self.in_two_years = TomorrowFlow(self.service, self.polls, self.notices, self.private, self.results)

    # -- what users do ----------------------------------------------------------------------------

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

    async def on_message(self, message: Message) -> None:
        """A number sent by a participant in a named quiz's thread, or in their private room,
        answers their question. The question it answers is recorded first, so that the message,
        replayed after a crash, answers the same question again (and is refused as already
        answered), not the next one."""
        number = option_number(message.body)
        quiz = await self.refs.quiz_of(message) if number is not None else None
        if quiz is None or number is None or (quiz.anonymous and message.thread_root):
            return  # not a quiz's thread or private room (an anonymous quiz is answered privately): conversation
        meant = await self.store.get_setting(MEANT, message.event_id)
        if meant is None:
            step = await self.service.current(quiz.id, message.sender)
            if step is None or step.question is None:
                return  # not a participant, or done: just conversation
            asked = await self.refs.question_of(quiz, message.sender, message.reply_to, Asked.of(step))
            await self.store.set_setting(MEANT, message.event_id, json.dumps([asked.index, asked.tomorrow]))
        else:
            recorded = json.loads(meant)  # [index, tomorrow], or a bare index (recorded before "in two years")
            asked = Asked(*recorded) if isinstance(recorded, list) else Asked(recorded)
        await self._answer(quiz, message.sender, asked, number, message.event_id)

    async def back(self, request: Message) -> bool:
        """`!labtype retour` in a quiz thread or one's private room: back from the question of the
        poll it replies to, else from the sender's current one. False elsewhere."""
        quiz = await self.refs.quiz_of(request)
        if quiz is not None:
            await self._back(quiz, request.sender, request.reply_to, request.event_id)
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
                await self._back(quiz, reaction.sender, reaction.target, reaction.target)
            return
        number = keycap_number(reaction.key)
        if number is not None:
            await self._answer_poll(reaction.target, reaction.sender, reaction.sender_name, number, reaction.event_id)

    async def on_vote(self, vote: Vote) -> None:
        number = option_number(vote.answers[0])  # our answer ids are the option numbers
        if number is not None:
            await self._answer_poll(vote.poll_id, vote.sender, vote.sender_name, number, vote.event_id)

    async def on_membership(self, change: Membership) -> None:
        await self.private.on_membership(change)

    # -- the dialogue ---------------------------------------------------------------------------

    async def _answer_poll(self, poll_id: str, user_id: str, name: str, number: int, trigger: str) -> None:
        """Option `number` (1-based) for the question of `poll_id`; a vote or keycap on someone
        else's poll is refused, to the voter."""
        poll = await self.refs.poll(poll_id)
        quiz = await self.store.get_quiz(poll.quiz_id) if poll else None
        if poll is None or quiz is None:
            return  # not one of our polls
        if poll.participant != user_id:
            await self.notices.refuse_vote(quiz, poll, user_id, name, trigger)
            return
        asked = await self.refs.question_of(quiz, user_id, poll_id, Asked(STALE, poll.tomorrow))
        await self._answer(quiz, user_id, asked, number, poll_id)

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

    async def _answer(self, quiz: TeamQuiz, user_id: str, asked: Asked, number: int, trigger: str) -> None:
        """Option `number` as the user saw it (their shuffled order) for the question `asked`."""
        try:
            step = await self.service.answer_shown(quiz.id, user_id, asked.index, number, tomorrow=asked.tomorrow)
        except QuizProblem as problem:
            step = await self._unfinished_answer(quiz, user_id, asked, number) if problem.key == "quiz_stale" else None
            if step is None:
                await self.notices.refuse(quiz, user_id, problem, trigger)
                return
        if step.question is not None:
            await self.polls.ask(quiz, step, trigger)
        elif step.result is not None:
            await self.results.post(quiz, step, trigger)
            await self.profile.update(quiz)
        await self.polls.end(quiz, quiz.meta.get(f"poll:{user_id}"), "matrix_poll_answered")
        if step.result is not None:  # the picture after all the text
            await self.results.post_picture(quiz, step, trigger)

    async def _unfinished_answer(self, quiz: TeamQuiz, user_id: str, asked: Asked, number: int) -> Step | None:
        """The step after this very answer, when it is recorded but what follows it was not all
        done: the bot was killed in between, and the event is replayed. Its sends then go again,
        under the same transaction ids (see `outbox`): the homeserver keeps what did arrive once."""
        questions = self.runtime.engine.quiz.questions
        if not 0 <= asked.index < len(questions):
            return None
        option = canonical_option(questions[asked.index], option_seed(quiz.id, user_id), number)
        step = await self.service.current(quiz.id, user_id)
        if step is None or step.tomorrow != asked.tomorrow or step.answers[asked.index:] != (option,):
            return None  # not this answer, or answers were given after it: a plain stale answer
        if step.question is None:
            return step if result_key(user_id, step.tomorrow) not in step.quiz.meta else None
        latest = await self.refs.poll(step.quiz.meta.get(f"poll:{user_id}"))
        return step if latest is None or (latest.index, latest.tomorrow) != (step.index, step.tomorrow) else None

    async def _back(self, quiz: TeamQuiz, user_id: str, looked_at: str | None, trigger: str) -> None:
        """Undo the answer before the question the user looks at (see `_question_of`) and ask
        that question again, as a new poll."""
        step = await self.service.current(quiz.id, user_id)
        shown = await self.refs.question_of(quiz, user_id, looked_at, Asked.of(step) if step else Asked(0))
        try:
            step = await self.service.back(quiz.id, user_id, shown.index, tomorrow=shown.tomorrow)
        except QuizProblem as problem:
            await self.notices.refuse(quiz, user_id, QuizProblem("matrix_quiz_back_stale")
                                      if problem.key == "quiz_stale" else problem, trigger)
            return
        if step.index == shown.index:  # at question 1: nothing to undo
            await self.notices.refuse(quiz, user_id, QuizProblem("matrix_quiz_back_first"), trigger)
            return
        assert step.question is not None  # one answer fewer than before: a question
        await self.polls.replace(quiz, step, trigger)
