"""Scoring: answers → a profile people believe.

A session is the tuple of answers given so far (canonical 0-based option indexes, one per
question in order), so it can live in a button value, an event or a database row and be replayed
after a restart. The profile is each archetype's share of the points the answers gave, so the
seven add up to 100 %; what people read is a band ("très proche / proche / éloigné") and, when
the first two are less than `HYBRID_POINTS` apart, a hybrid of both, said with that same rule.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from bot.core.knowledge import ARCHETYPE_IDS
from bot.core.quiz.questions import Quiz, QuizOption, QuizQuestion

HYBRID_POINTS = 10  # the first two less than this many percentage points apart: a hybrid profile
CLOSE_SHARE = 0.5  # an archetype with at least half the first one's share is "close"
BANDS = ("very-close", "close", "far")
RESULTS_KEPT = 1024  # answer sets whose result is kept (a few kB each)


@dataclass(frozen=True)
class Score:
    archetype: str
    score: float  # share of the points, 0..1; the seven add up to 1
    percent: int  # the share as shown: whole percentages that add up to exactly 100
    band: str  # one of BANDS, relative to the first archetype


@dataclass(frozen=True)
class Reason:
    """One answer and how much it pointed to an archetype."""

    question: QuizQuestion
    option: QuizOption
    weight: float


@dataclass(frozen=True)
class QuizResult:
    answers: tuple[int, ...]
    ranking: tuple[Score, ...]  # all 7, best first; ties in table order
    reasons: tuple[Reason, ...]  # the answers that pointed to the top archetype, strongest first
    towards_runner_up: tuple[Reason, ...]  # other answers that would move the lab to the runner-up
    chosen: tuple[tuple[QuizQuestion, QuizOption], ...]  # each question with the option answered

    @property
    def top(self) -> str:
        return self.ranking[0].archetype

    @property
    def runner_up(self) -> str:
        return self.ranking[1].archetype

    @property
    def gap(self) -> int:
        """Percentage points between the first two, as shown."""
        return self.ranking[0].percent - self.ranking[1].percent

    @property
    def hybrid(self) -> bool:
        return self.gap < HYBRID_POINTS


@dataclass(frozen=True)
class Shift:
    """One archetype's share today and in the wished-for future (two years from now)."""

    archetype: str
    today: int  # percent
    tomorrow: int  # percent

    @property
    def change(self) -> int:
        return self.tomorrow - self.today


class InvalidAnswers(ValueError):
    """Answers that do not fit the quiz (wrong count, option out of range)."""


class QuizEngine:
    def __init__(self, quiz: Quiz) -> None:
        self.quiz = quiz
        self._kept_result = functools.lru_cache(maxsize=RESULTS_KEPT)(self._work_out_result)

    @property
    def length(self) -> int:
        return len(self.quiz.questions)

    def check(self, answers: tuple[int, ...], complete: bool = False) -> None:
        if len(answers) > self.length or (complete and len(answers) != self.length):
            raise InvalidAnswers(f"{len(answers)} answers for {self.length} questions")
        for index, (question, answer) in enumerate(zip(self.quiz.questions, answers)):
            if not isinstance(answer, int) or not 0 <= answer < len(question.options):
                shown = answer + 1 if isinstance(answer, int) else repr(answer)  # people count options from 1
                raise InvalidAnswers(f"question {index + 1} has options 1 to {len(question.options)}, not {shown}")

    def next_question(self, answers: tuple[int, ...]) -> QuizQuestion | None:
        """The question to ask after these answers, or None when the quiz is complete."""
        self.check(answers)
        return self.quiz.questions[len(answers)] if len(answers) < self.length else None

    def result(self, answers: tuple[int, ...]) -> QuizResult:
        """The profile complete answers give. The same answers always give the same (immutable)
        result, so it is kept: each edit of a team message works out every member's, 0.1 ms
        each, which for a room of a hundred held every request in flight for 12 ms."""
        return self._kept_result(tuple(answers))

    def _work_out_result(self, answers: tuple[int, ...]) -> QuizResult:
        self.check(answers, complete=True)
        points = self._points(answers)
        total = sum(points.values())
        ranking = rank({a: p / total for a, p in points.items()})
        top, runner_up = ranking[0].archetype, ranking[1].archetype
        chosen = [(q, q.options[a]) for q, a in zip(self.quiz.questions, answers)]
        # An answer is a reason when it points to the top archetype more than anywhere else
        # (or, if none does, at all): "a big societal challenge" is the Mission's answer, not the Co-designer's.
        pointing = [(q, o) for q, o in chosen if o.weights.get(top)]
        dominant = [(q, o) for q, o in pointing if o.weights[top] == max(o.weights.values())]
        reasons = sorted((Reason(q, o, o.weights[top]) for q, o in dominant or pointing), key=lambda r: -r.weight)
        towards = []
        for question, option in chosen:
            alternative = max(question.options, key=lambda o: o.weights.get(runner_up, 0.0) - o.weights.get(top, 0.0))
            gain = alternative.weights.get(runner_up, 0.0) - option.weights.get(runner_up, 0.0)
            if alternative is not option and gain > 0:
                towards.append(Reason(question, alternative, gain))
        towards.sort(key=lambda r: -r.weight)
        return QuizResult(answers, ranking, tuple(reasons), tuple(towards[:2]), tuple(chosen))

    def team_profile(self, members: list, anonymous: bool = False):
        """The team's profile, camps, dividing questions and today-vs-tomorrow (see bot.core.quiz.team)."""
        from bot.core.quiz.team import team_profile

        return team_profile(self, members, anonymous)

    def most_characteristic(self, archetype: str) -> tuple[int, ...]:
        """For each question, the option pointing most to `archetype` rather than elsewhere."""
        return tuple(
            max(range(len(q.options)), key=lambda i: (q.options[i].weights.get(archetype, 0.0),
                                                       -sum(q.options[i].weights.values()), -i))
            for q in self.quiz.questions
        )

    def _points(self, answers: tuple[int, ...]) -> dict[str, float]:
        points = dict.fromkeys(ARCHETYPE_IDS, 0.0)
        for question, answer in zip(self.quiz.questions, answers):
            for archetype, weight in question.options[answer].weights.items():
                points[archetype] += weight
        return points


def rank(shares: dict[str, float]) -> tuple[Score, ...]:
    """Shares (adding up to 1) → the seven scores, best first, ties in table order."""
    ordered = sorted(ARCHETYPE_IDS, key=lambda a: (-round(shares[a], 9), ARCHETYPE_IDS.index(a)))
    percents = whole_percents([shares[a] for a in ordered])
    top = percents[0]
    return tuple(Score(a, round(shares[a], 3), p, band(p, top)) for a, p in zip(ordered, percents))


def band(percent: int, top_percent: int) -> str:
    """Very close within the hybrid rule's points of the first; close with at least half its share."""
    if percent and top_percent - percent < HYBRID_POINTS:
        return "very-close"
    return "close" if percent and percent >= CLOSE_SHARE * top_percent else "far"


def whole_percents(shares: list[float]) -> list[int]:
    """Largest-remainder rounding: whole percentages that add up to exactly 100 (earlier first on ties)."""
    raw = [s * 100 for s in shares]
    floors = [int(r) for r in raw]
    left = 100 - sum(floors)
    by_remainder = sorted(range(len(raw)), key=lambda i: (-(raw[i] - floors[i]), i))
    for i in by_remainder[:left]:
        floors[i] += 1
    return floors


def shifts(today: tuple[Score, ...], tomorrow: tuple[Score, ...]) -> tuple[Shift, ...]:
    """Each archetype from today's share to tomorrow's, the biggest moves first."""
    now = {s.archetype: s.percent for s in today}
    later = {s.archetype: s.percent for s in tomorrow}
    moves = [Shift(a, now[a], later[a]) for a in ARCHETYPE_IDS]
    return tuple(sorted(moves, key=lambda s: (-abs(s.change), -s.tomorrow, ARCHETYPE_IDS.index(s.archetype))))
