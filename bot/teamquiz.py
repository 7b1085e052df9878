"""The team quiz as the chat platforms run it: the engine plus the store.

Slack and Matrix both call this; they only translate clicks, votes and replies into
`answer`/`back`/`join`/`close` and render what comes back. Problems a user can cause (an old
button, a closed quiz, someone else's close button) raise `QuizProblem` carrying the key of
the polite message to show.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from bot.core.messages import message
from bot.core.quiz import Member, QuizEngine, QuizQuestion, QuizResult, TeamProfile
from bot.metrics import ANSWERS_RECORDED
from bot.store import Participation, StaleAnswer, Store, TeamQuiz


class QuizProblem(Exception):
    """Something the user did that cannot be done; `key` names the message in bot.core.messages,
    `values` fill it in."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values

    def text(self, lang: str) -> str:
        return message(self.key, lang, **self.values)


@dataclass(frozen=True)
class Step:
    """Where one participant is: the next question to answer, or their result."""

    quiz: TeamQuiz
    participation: Participation
    question: QuizQuestion | None
    result: QuizResult | None

    @property
    def index(self) -> int:
        """0-based index of `question` (== the number of answers given)."""
        return len(self.participation.answers)


class TeamQuizService:
    def __init__(self, engine: QuizEngine, store: Store) -> None:
        self.engine = engine
        self.store = store

    def start(self, platform: str, channel: str, starter: str, lang: str, anonymous: bool = False) -> TeamQuiz:
        quiz = TeamQuiz(secrets.token_urlsafe(8), platform, channel, starter, lang, anonymous)
        self.store.create_quiz(quiz)
        return quiz

    def join(self, quiz_id: str, participant: str, name: str) -> Step:
        """Join, or resume where this participant stopped (after a restart too)."""
        quiz = self._open_quiz(quiz_id)
        existing = self.store.get_participation(quiz_id, participant)
        participation = existing if existing and existing.name == name else self.store.join(quiz_id, participant, name)
        return self._step(quiz, participation)

    def answer(self, quiz_id: str, participant: str, question_index: int, option: int) -> Step:
        quiz = self._open_quiz(quiz_id)
        current = self.store.get_participation(quiz_id, participant)
        if current is None:
            raise QuizProblem("quiz_not_joined")
        if len(current.answers) == self.engine.length:
            raise QuizProblem("quiz_already_done")
        question = self.engine.next_question(current.answers)
        if question_index != len(current.answers):
            raise QuizProblem("quiz_stale")
        if not 0 <= option < len(question.options):
            raise QuizProblem("quiz_bad_option", count=len(question.options))
        try:
            participation = self.store.record_answer(quiz_id, participant, question_index, option)
        except StaleAnswer:
            raise QuizProblem("quiz_stale") from None
        ANSWERS_RECORDED.labels(quiz.platform).inc()
        return self._step(quiz, participation)

    def back(self, quiz_id: str, participant: str, question_index: int | None = None) -> Step:
        """Undo the last answer so the previous question is asked again. `question_index` is the
        question the participant is looking at: an old or repeated "back" is then refused."""
        quiz = self._open_quiz(quiz_id)
        current = self.store.get_participation(quiz_id, participant)
        if current is None:
            raise QuizProblem("quiz_not_joined")
        if len(current.answers) == self.engine.length:  # the result is out, and in the team profile
            raise QuizProblem("quiz_already_done")
        if not current.answers and question_index in (None, 0):
            return self._step(quiz, current)
        try:
            return self._step(quiz, self.store.drop_last_answer(quiz_id, participant, question_index))
        except StaleAnswer:
            raise QuizProblem("quiz_stale") from None

    def current(self, quiz_id: str, participant: str) -> Step | None:
        quiz = self.store.get_quiz(quiz_id)
        participation = self.store.get_participation(quiz_id, participant)
        return self._step(quiz, participation) if quiz and participation else None

    def profile(self, quiz_id: str) -> TeamProfile:
        quiz = self.store.get_quiz(quiz_id)
        if quiz is None:
            raise QuizProblem("quiz_unknown")
        members = [Member(p.participant, None if quiz.anonymous else p.name, p.answers)
                   for p in self.store.participations(quiz_id)]
        return self.engine.team_profile(members)

    def close(self, quiz_id: str, by: str) -> TeamQuiz:
        quiz = self.store.get_quiz(quiz_id)
        if quiz is None:
            raise QuizProblem("quiz_unknown")
        if by != quiz.starter:
            raise QuizProblem("quiz_not_starter")
        self.store.close_quiz(quiz_id)
        return self.store.get_quiz(quiz_id)

    def _open_quiz(self, quiz_id: str) -> TeamQuiz:
        quiz = self.store.get_quiz(quiz_id)
        if quiz is None:
            raise QuizProblem("quiz_unknown")
        if quiz.closed:
            raise QuizProblem("quiz_closed")
        return quiz

    def _step(self, quiz: TeamQuiz, participation: Participation) -> Step:
        question = self.engine.next_question(participation.answers)
        result = self.engine.result(participation.answers) if question is None else None
        return Step(quiz, participation, question, result)
