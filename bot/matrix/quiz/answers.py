"""A participant's answers and backs, routed by `TeamQuizService`, which rejects a second answer
to the same question (`quiz_stale`). A question is answered three ways:
- a vote in the poll: the poll's event id says whose question it is and which one;
- a keycap reaction (1️⃣…) on the poll: same;
- a number sent in the thread (or one's private room): the question of the poll the message
  replies to, when that poll is the sender's (Element points a thread message at the thread's
  latest event, often the sender's current poll, so "2" sent twice answers once); else their
  current question.
An older poll (answered, or asked again after a back) is stale whatever its question, so changing
one's vote there changes nothing. `!labtype retour` (or ↩️ on one's poll) undoes the answer
before the question on screen, found the same way, and asks it again as a new poll; sent twice,
it undoes one answer. Once a participant's result is posted, back is refused, as in Slack.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from bot.core.quiz import canonical_option
from bot.core.text import option_number
from bot.matrix.events import Message, Vote
from bot.matrix.quiz.notices import Notices
from bot.matrix.quiz.polls import Polls
from bot.matrix.quiz.profile import TeamProfileMessage
from bot.matrix.quiz.refs import STALE, Asked, QuizRefs
from bot.matrix.quiz.results import Results, result_key
from bot.runtime import Runtime
from bot.store import TeamQuiz
from bot.teamquiz import QuizProblem, Step, option_seed

MEANT = "matrix.quiz_meant"  # setting scope: id of a number sent → the question it answers (Asked as JSON)


@dataclass
class Answers:
    runtime: Runtime
    refs: QuizRefs
    polls: Polls
    notices: Notices
    results: Results
    profile: TeamProfileMessage

    async def on_message(self, message: Message) -> None:
        """A number sent by a participant in a named quiz's thread, or in their private room,
        answers their question. The question it answers is recorded first, so that the message,
        replayed after a crash, answers the same question again (and is refused as already
        answered), not the next one."""
        number = option_number(message.body)
        quiz = await self.refs.quiz_of(message) if number is not None else None
        if quiz is None or number is None or (quiz.anonymous and message.thread_root):
            return  # not a quiz's thread or private room (an anonymous quiz is answered privately): conversation
        meant = await self.runtime.store.get_setting(MEANT, message.event_id)
        if meant is None:
            step = await self.runtime.teamquiz.current(quiz.id, message.sender)
            if step is None or step.question is None:
                return  # not a participant, or done: just conversation
            asked = await self.refs.question_of(quiz, message.sender, message.reply_to, Asked.of(step))
            await self.runtime.store.set_setting(MEANT, message.event_id, json.dumps([asked.index, asked.tomorrow]))
        else:
            recorded = json.loads(meant)  # [index, tomorrow], or a bare index (recorded before "in two years")
            asked = Asked(*recorded) if isinstance(recorded, list) else Asked(recorded)
        await self._answer(quiz, message.sender, asked, number, message.event_id)

    async def on_vote(self, vote: Vote) -> None:
        number = option_number(vote.answers[0])  # our answer ids are the option numbers
        if number is not None:
            await self.on_poll(vote.poll_id, vote.sender, vote.sender_name, number, vote.event_id)

    async def on_poll(self, poll_id: str, user_id: str, name: str, number: int, trigger: str) -> None:
        """Option `number` (1-based) for the question of `poll_id`, voted or reacted (keycap); on
        someone else's poll, it is refused, to the voter."""
        poll = await self.refs.poll(poll_id)
        quiz = await self.runtime.store.get_quiz(poll.quiz_id) if poll else None
        if poll is None or quiz is None:
            return  # not one of our polls
        if poll.participant != user_id:
            await self.notices.refuse_vote(quiz, poll, user_id, name, trigger)
            return
        asked = await self.refs.question_of(quiz, user_id, poll_id, Asked(STALE, poll.tomorrow))
        await self._answer(quiz, user_id, asked, number, poll_id)

    async def back(self, quiz: TeamQuiz, user_id: str, looked_at: str | None, trigger: str) -> None:
        """Undo the answer before the question the user looks at (see `QuizRefs.question_of`) and
        ask that question again, as a new poll."""
        step = await self.runtime.teamquiz.current(quiz.id, user_id)
        shown = await self.refs.question_of(quiz, user_id, looked_at, Asked.of(step) if step else Asked(0))
        try:
            step = await self.runtime.teamquiz.back(quiz.id, user_id, shown.index, tomorrow=shown.tomorrow)
        except QuizProblem as problem:
            await self.notices.refuse(quiz, user_id, QuizProblem("matrix_quiz_back_stale")
                                      if problem.key == "quiz_stale" else problem, trigger)
            return
        if step.index == shown.index:  # at question 1: nothing to undo
            await self.notices.refuse(quiz, user_id, QuizProblem("matrix_quiz_back_first"), trigger)
            return
        assert step.question is not None  # one answer fewer than before: a question
        await self.polls.replace(quiz, step, trigger)

    async def _answer(self, quiz: TeamQuiz, user_id: str, asked: Asked, number: int, trigger: str) -> None:
        """Option `number` as the user saw it (their shuffled order) for the question `asked`."""
        try:
            step = await self.runtime.teamquiz.answer_shown(quiz.id, user_id, asked.index, number,
                                                            tomorrow=asked.tomorrow)
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
        step = await self.runtime.teamquiz.current(quiz.id, user_id)
        if step is None or step.tomorrow != asked.tomorrow or step.answers[asked.index:] != (option,):
            return None  # not this answer, or answers were given after it: a plain stale answer
        if step.question is None:
            return step if result_key(user_id, step.tomorrow) not in step.quiz.meta else None
        latest = await self.refs.poll(step.quiz.meta.get(f"poll:{user_id}"))
        return step if latest is None or (latest.index, latest.tomorrow) != (step.index, step.tomorrow) else None
