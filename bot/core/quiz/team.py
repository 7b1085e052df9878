"""The team profile a facilitator works with: the team's shares, its camps, the questions that
divide it (who chose what), and where the team wants the lab to be in two years.

Camps come from the members' own results: the members whose first archetype is the same form
a camp when they are at least two and at least a quarter of the team, so a 2/2/1 team of
five has two camps (split) while a 14/1 team of fifteen has one (not split). In an anonymous
quiz the profile carries neither names nor ids, so no output made from it can reveal them.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, replace
from itertools import combinations
from typing import TYPE_CHECKING

from bot.core.knowledge import ARCHETYPE_IDS
from bot.core.quiz.engine import QuizResult, Score, Shift, rank, shifts
from bot.core.quiz.questions import QuizOption, QuizQuestion

if TYPE_CHECKING:
    from bot.core.quiz.engine import QuizEngine

CAMP_SHARE = 0.25  # a camp holds at least a quarter of the team (and at least two members)


@dataclass(frozen=True)
class Member:
    """One participant's answers (canonical indexes); `name` is None when the quiz is anonymous.
    `tomorrow` holds their answers for where they want the lab to be in two years, if given."""

    id: str
    name: str | None
    answers: tuple[int, ...]
    tomorrow: tuple[int, ...] | None = None


@dataclass(frozen=True)
class MemberResult:
    member: Member
    result: QuizResult
    tomorrow: QuizResult | None

    @property
    def top(self) -> str:
        return self.result.top


@dataclass(frozen=True)
class Camp:
    """Members who share a first archetype."""

    archetype: str
    members: tuple[Member, ...]


@dataclass(frozen=True)
class Choice:
    """One option of a question and the members who chose it."""

    option: QuizOption
    index: int  # canonical
    members: tuple[Member, ...]

    @property
    def count(self) -> int:
        return len(self.members)


@dataclass(frozen=True)
class Divergence:
    question: QuizQuestion
    choices: tuple[Choice, ...]  # options chosen, most chosen first
    spread: float  # 0 when everyone agrees, towards 1 when answers scatter
    between_camps: float  # 0..1: how differently the camps answered (0 without camps)


@dataclass(frozen=True)
class Move:
    """Members who answered `before` for today and `after` for two years from now."""

    before: QuizOption
    after: QuizOption
    members: tuple[Member, ...]

    @property
    def count(self) -> int:
        return len(self.members)


@dataclass(frozen=True)
class Wish:
    """A question on which the team's wish for the lab differs from what it is today."""

    question: QuizQuestion
    moves: tuple[Move, ...]  # most frequent first
    changed: int  # members who answered differently for tomorrow
    distance: float  # 0..1 between today's and tomorrow's answers of those who answered both


@dataclass(frozen=True)
class TeamProfile:
    participants: int
    ranking: tuple[Score, ...]
    members: tuple[MemberResult, ...]
    camps: tuple[Camp, ...]  # biggest first
    divergences: tuple[Divergence, ...]  # most divisive first (between camps, then overall)
    anonymous: bool = False
    tomorrow_participants: int = 0  # members who also answered for two years from now
    tomorrow_ranking: tuple[Score, ...] = ()  # their profile in two years
    shifts: tuple[Shift, ...] = ()  # those same members' profile today → tomorrow
    wishes: tuple[Wish, ...] = ()  # questions where tomorrow differs most from today

    @property
    def top(self) -> str | None:
        return self.ranking[0].archetype if self.participants else None

    @property
    def split(self) -> bool:
        return len(self.camps) >= 2

    @property
    def dividing(self) -> tuple[Divergence, ...]:
        """The questions that separate the camps, or, without camps, those the team answered differently."""
        if self.split:
            return tuple(d for d in self.divergences if d.between_camps > 0)
        return self.divergences


def team_profile(engine: QuizEngine, members: list[Member], anonymous: bool = False) -> TeamProfile:
    length = engine.length
    complete = [m for m in members if len(m.answers) == length]
    if anonymous:  # nothing that identifies anyone goes further than this line
        complete = [replace(m, id=f"anonymous-{n}", name=None) for n, m in enumerate(complete, 1)]
    if not complete:
        return TeamProfile(0, (), (), (), (), anonymous)
    results = tuple(MemberResult(m, engine.result(m.answers),
                                 engine.result(m.tomorrow) if m.tomorrow and len(m.tomorrow) == length else None)
                    for m in complete)
    camps = _camps(results)
    questions = engine.quiz.questions
    divergences = sorted(
        (d for d in (_divergence(i, q, results, camps) for i, q in enumerate(questions)) if d.spread > 0),
        key=lambda d: (-d.between_camps, -d.spread, -len(d.choices), questions.index(d.question)))
    dreamers = [r for r in results if r.tomorrow]
    if dreamers:
        today_of_dreamers = _average([r.result for r in dreamers])
        tomorrow_ranking = _average([r.tomorrow for r in dreamers])
        moves, wishes = shifts(today_of_dreamers, tomorrow_ranking), _wishes(questions, dreamers)
    else:
        tomorrow_ranking, moves, wishes = (), (), ()
    return TeamProfile(len(results), _average([r.result for r in results]), results, camps, tuple(divergences),
                       anonymous, len(dreamers), tomorrow_ranking, moves, wishes)


def _average(results: list[QuizResult]) -> tuple[Score, ...]:
    totals = dict.fromkeys(ARCHETYPE_IDS, 0.0)
    for result in results:
        for score in result.ranking:
            totals[score.archetype] += score.score
    return rank({a: t / len(results) for a, t in totals.items()})


def _camps(results: tuple[MemberResult, ...]) -> tuple[Camp, ...]:
    smallest = max(2, math.ceil(CAMP_SHARE * len(results)))
    by_top: dict[str, list[Member]] = {}
    for r in results:
        by_top.setdefault(r.top, []).append(r.member)
    camps = [Camp(a, tuple(ms)) for a, ms in by_top.items() if len(ms) >= smallest]
    return tuple(sorted(camps, key=lambda c: (-len(c.members), ARCHETYPE_IDS.index(c.archetype))))


def _divergence(index: int, question: QuizQuestion, results: tuple[MemberResult, ...],
                camps: tuple[Camp, ...]) -> Divergence:
    chosen: dict[int, list[Member]] = {}
    for r in results:
        chosen.setdefault(r.member.answers[index], []).append(r.member)
    ordered = sorted(chosen.items(), key=lambda item: (-len(item[1]), item[0]))
    choices = tuple(Choice(question.options[o], o, tuple(ms)) for o, ms in ordered)
    spread = 1 - len(ordered[0][1]) / len(results)
    distributions = [Counter(m.answers[index] for m in camp.members) for camp in camps]
    between = max((_distance(a, b) for a, b in combinations(distributions, 2)), default=0.0)
    return Divergence(question, choices, round(spread, 3), round(between, 3))


def _wishes(questions: tuple[QuizQuestion, ...], dreamers: list[MemberResult]) -> tuple[Wish, ...]:
    wishes = []
    for index, question in enumerate(questions):
        pairs: dict[tuple[int, int], list[Member]] = {}
        for r in dreamers:
            before, after = r.member.answers[index], r.member.tomorrow[index]
            if before != after:
                pairs.setdefault((before, after), []).append(r.member)
        if not pairs:
            continue
        moves = tuple(Move(question.options[b], question.options[a], tuple(ms))
                      for (b, a), ms in sorted(pairs.items(), key=lambda item: (-len(item[1]), item[0])))
        distance = _distance(Counter(r.member.answers[index] for r in dreamers),
                             Counter(r.member.tomorrow[index] for r in dreamers))
        wishes.append(Wish(question, moves, sum(m.count for m in moves), round(distance, 3)))
    return tuple(sorted(wishes, key=lambda w: (-w.distance, -w.changed, questions.index(w.question))))


def _distance(a: Counter, b: Counter) -> float:
    """Total variation distance between two answer distributions: 0 alike, 1 nothing in common."""
    size_a, size_b = sum(a.values()), sum(b.values())
    return sum(abs(a[k] / size_a - b[k] / size_b) for k in a.keys() | b.keys()) / 2
