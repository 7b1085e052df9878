"""The team quiz as the chat platforms run it: the engine plus the store.

Slack and Matrix both call this; they only translate clicks, votes and replies into
`answer`/`back`/`join`/`close` and render what comes back. Each participant sees each question's
options in an order of their own (`option_seed`): a button carries the canonical option; a number
typed, voted or reacted is the one they saw, which `answer_shown` maps back. Problems a user can
cause (an old button, a closed quiz, someone else's close button) raise `QuizProblem` carrying the
key of the polite message to show. Each change takes an optional `event_id` (the platform event that
asked for it): its effect and the "handled" mark commit together, and a replay raises
`bot.store.AlreadyHandled` with no effect.

"Et dans deux ans ?": once their result is out, a member may answer the same questions again for
where they want the lab to be in two years (`start_tomorrow`, then `answer`/`answer_shown`/`back`
with `tomorrow=True`), in the same option order as today. A `Step` says which phase it is in.
"""

from __future__ import annotations

import dataclasses
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from bot.core.messages import message
from bot.core.quiz import Member, QuizEngine, QuizQuestion, QuizResult, TeamProfile, canonical_option
from bot.metrics import ANSWERS_RECORDED
from bot.store import Participation, Store, TeamQuiz, Transaction


class QuizProblem(Exception):
    """Something the user did that cannot be done; `key` names the message in bot.core.messages,
    `values` fill it in."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values

    def text(self, lang: str) -> str:
        return message(self.key, lang, **self.values)


def option_seed(quiz_id: str, participant: str) -> str:
    """What a participant's option order derives from: the same in every process, so the order
    survives a restart, a back, a repeated click."""
    return f"{quiz_id}:{participant}"


@dataclass(frozen=True)
class Step:
    """Where one participant is: the next question to answer, or their result. `tomorrow`: the
    question or result is the one for the lab in two years; `today` is then today's result, for
    the shift (QuizAnswers.tomorrow(step.today, step.result, lang))."""

    quiz: TeamQuiz
    participation: Participation
    question: QuizQuestion | None
    result: QuizResult | None
    tomorrow: bool = False
    today: QuizResult | None = None
    resumed: bool = False  # from start_tomorrow: the phase had begun before (a repeated click)

    @property
    def answers(self) -> tuple[int, ...]:
        """The answers of the phase this step is in."""
        return _phase(self.participation, self.tomorrow)

    @property
    def index(self) -> int:
        """0-based index of `question` (== the number of answers given in this phase)."""
        return len(self.answers)

    @property
    def seed(self) -> str:
        return option_seed(self.quiz.id, self.participation.participant)


class TeamQuizService:
    def __init__(self, engine: QuizEngine, store: Store) -> None:
        self.engine = engine
        self.store = store

    async def start(self, platform: str, channel: str, starter: str, lang: str, anonymous: bool = False, *,
                    event_id: str | None = None, team_id: str | None = None,
                    enterprise_id: str | None = None) -> TeamQuiz:
        """`team_id`/`enterprise_id`: the Slack workspace, whose uninstall deletes the quiz."""
        quiz = TeamQuiz(secrets.token_urlsafe(8), platform, channel, starter, lang, anonymous,
                        team_id=team_id, enterprise_id=enterprise_id)
        await self.store.create_quiz(quiz, event_id=event_id)
        return quiz

    async def join(self, quiz_id: str, participant: str, name: str, *, event_id: str | None = None) -> Step:
        """Join, or resume where this participant stopped (after a restart too)."""
        async with self._change(event_id) as tx:
            quiz = await self._open_quiz(tx, quiz_id)
            existing = await tx.get_participation(quiz_id, participant)
            if existing and existing.name == name:
                return self._step(quiz, existing)
            # the team message shows the members who have finished: a new one changes nothing there
            return self._step(quiz, await tx.join(quiz_id, participant, name, shown=existing is not None))

    async def answer(self, quiz_id: str, participant: str, question_index: int, option: int, *,
                     tomorrow: bool = False, event_id: str | None = None) -> Step:
        """Record the answer to question `question_index`, which must be the participant's next
        (`tomorrow`: in the "in two years" phase, which `start_tomorrow` must have begun)."""
        async with self._change(event_id) as tx:
            quiz, current = await self._phase_answers(tx, quiz_id, participant, tomorrow)
            answers = _phase(current, tomorrow)
            question = self.engine.next_question(answers)
            if question_index != len(answers):
                raise QuizProblem("quiz_stale")
            if not 0 <= option < len(question.options):
                raise QuizProblem("quiz_bad_option", count=len(question.options))
            participation = await self._write(tx, current, (*answers, option), tomorrow)
        ANSWERS_RECORDED.labels(quiz.platform).inc()
        return self._step(quiz, participation)

    async def answer_shown(self, quiz_id: str, participant: str, question_index: int, number: int, *,
                           tomorrow: bool = False, event_id: str | None = None) -> Step:
        """`answer` with the option's number as this participant saw it (1-based, their order,
        the same in both phases)."""
        questions = self.engine.quiz.questions
        option = None
        if 0 <= question_index < len(questions):
            option = canonical_option(questions[question_index], option_seed(quiz_id, participant), number)
        # An old question or a number no option has: `answer` says which (stale first).
        return await self.answer(quiz_id, participant, question_index, -1 if option is None else option,
                                 tomorrow=tomorrow, event_id=event_id)

    async def back(self, quiz_id: str, participant: str, question_index: int | None = None, *,
                   tomorrow: bool = False, event_id: str | None = None) -> Step:
        """Undo the last answer so the previous question is asked again. `question_index` is the
        question the participant is looking at: an old or repeated "back" is then refused. In the
        `tomorrow` phase, back stops at its first question (today's result is out)."""
        async with self._change(event_id) as tx:
            quiz, current = await self._phase_answers(tx, quiz_id, participant, tomorrow)
            answers = _phase(current, tomorrow)
            if not answers and question_index in (None, 0):
                return self._step(quiz, current)
            if question_index is not None and question_index != len(answers):
                raise QuizProblem("quiz_stale")
            return self._step(quiz, await self._write(tx, current, answers[:-1], tomorrow))

    async def start_tomorrow(self, quiz_id: str, participant: str, *, event_id: str | None = None) -> Step:
        """Begin "Et dans deux ans ?" for a member whose result is out: their first question for
        the lab in two years. Already begun: where they are in it (a repeated click), `resumed`."""
        async with self._change(event_id) as tx:
            quiz = await self._open_quiz(tx, quiz_id)
            current = await tx.get_participation(quiz_id, participant, for_update=True)
            if current is None:
                raise QuizProblem("quiz_not_joined")
            if len(current.answers) != self.engine.length:
                raise QuizProblem("quiz_tomorrow_after_result")
            if current.tomorrow is not None:
                return dataclasses.replace(self._step(quiz, current), resumed=True)
            return self._step(quiz, await self._write(tx, current, (), tomorrow=True))

    async def current(self, quiz_id: str, participant: str) -> Step | None:
        async with self.store.reading() as tx:
            quiz = await tx.get_quiz(quiz_id)
            participation = await tx.get_participation(quiz_id, participant)
        return self._step(quiz, participation) if quiz and participation else None

    async def profile(self, quiz_id: str) -> TeamProfile:
        async with self.store.reading() as tx:
            quiz = await tx.get_quiz(quiz_id)
            if quiz is None:
                raise QuizProblem("quiz_unknown")
            participations = await tx.participations(quiz_id)
        members = [Member(p.participant, None if quiz.anonymous else p.name, p.answers, self._complete(p.tomorrow))
                   for p in participations]
        return self.engine.team_profile(members, anonymous=quiz.anonymous)

    async def report(self, quiz_id: str, by: str) -> tuple[TeamQuiz, TeamProfile]:
        """The quiz and its profile for the workshop report, which only its starter may ask for."""
        async with self.store.reading() as tx:
            quiz = await tx.get_quiz(quiz_id)
        if quiz is None:
            raise QuizProblem("quiz_unknown")
        if by != quiz.starter:
            raise QuizProblem("quiz_report_not_starter")
        return quiz, await self.profile(quiz_id)

    async def close(self, quiz_id: str, by: str, *, event_id: str | None = None) -> TeamQuiz:
        async with self._change(event_id) as tx:
            quiz = await tx.get_quiz(quiz_id, for_update=True)
            if quiz is None:
                raise QuizProblem("quiz_unknown")
            if by != quiz.starter:
                raise QuizProblem("quiz_not_starter")
            closed = await tx.close_quiz(quiz_id)
            assert closed is not None  # locked above
            return closed

    @asynccontextmanager
    async def _change(self, event_id: str | None) -> AsyncIterator[Transaction]:
        """One write transaction for a whole user action: checks and change see the same state.
        With `event_id`, a replay raises AlreadyHandled; a refusal (QuizProblem) is the event's
        handling too, so its mark is kept (nothing was written before a check refused)."""
        refusal = None
        async with self.store.transaction(event_id) as tx:
            try:
                yield tx
            except QuizProblem as problem:
                refusal = problem
        if refusal is not None:
            raise refusal

    async def _open_quiz(self, tx: Transaction, quiz_id: str) -> TeamQuiz:
        quiz = await tx.get_quiz(quiz_id)
        if quiz is None:
            raise QuizProblem("quiz_unknown")
        if quiz.closed:
            raise QuizProblem("quiz_closed")
        return quiz

    async def _phase_answers(self, tx: Transaction, quiz_id: str, participant: str,
                             tomorrow: bool) -> tuple[TeamQuiz, Participation]:
        """The open quiz and the participation, read for update in one round trip, if its
        `tomorrow` phase (or today's) takes answers."""
        found = await tx.member_for_update(quiz_id, participant)
        if found is None:
            await self._open_quiz(tx, quiz_id)  # no such quiz, or closed: say that first
            raise QuizProblem("quiz_not_joined")
        quiz, current = found
        if quiz.closed:
            raise QuizProblem("quiz_closed")
        if tomorrow and current.tomorrow is None:  # a forged button, or a member forgotten since
            raise QuizProblem("quiz_stale")
        if not tomorrow and current.tomorrow is not None and len(current.tomorrow) < self.engine.length:
            raise QuizProblem("quiz_stale")  # today's old question, while the two-year ones are under way
        if len(_phase(current, tomorrow)) == self.engine.length:  # the result is out, and in the team profile
            raise QuizProblem("quiz_already_done")
        return quiz, current

    async def _write(self, tx: Transaction, current: Participation, answers: tuple[int, ...],
                     tomorrow: bool) -> Participation:
        """Store one phase's answers. The team message shows the members who have finished (each
        phase), so only a change of who has finished gives the quiz a new version: the answers on
        the way do not lock the quiz's row, which every member's answer would otherwise queue for."""
        shown = (len(_phase(current, tomorrow)) == self.engine.length) != (len(answers) == self.engine.length)
        if tomorrow:
            return await tx.write_tomorrow(current, answers, shown=shown)
        return await tx.write_answers(current, answers, shown=shown)

    def _complete(self, answers: tuple[int, ...] | None) -> tuple[int, ...] | None:
        return answers if answers is not None and len(answers) == self.engine.length else None

    def _step(self, quiz: TeamQuiz, participation: Participation) -> Step:
        question = self.engine.next_question(participation.answers)
        result = self.engine.result(participation.answers) if question is None else None
        if result is None or participation.tomorrow is None:
            return Step(quiz, participation, question, result)
        later = self.engine.next_question(participation.tomorrow)
        return Step(quiz, participation, later, self.engine.result(participation.tomorrow) if later is None else None,
                    tomorrow=True, today=result)


def _phase(participation: Participation, tomorrow: bool) -> tuple[int, ...]:
    """The answers given so far in the phase asked for (today's, or those for the lab in two years)."""
    return (participation.tomorrow or ()) if tomorrow else participation.answers
