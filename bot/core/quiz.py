"""The guided quiz: which archetype does our team resemble, why, and where do we disagree?

Pure: a session is the tuple of answers given so far (0-based option indexes, one per question
in order), so it can live in a button value, an event or a database row and be replayed after
a restart. `QuizEngine` turns answers into the next question or a result, and several
members' answers into a team profile.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from bot.core.knowledge import (
    ARCHETYPE_IDS,
    Checker,
    KnowledgeError,
    Localized,
    knowledge_dir,
    read_yaml,
)

MIN_QUESTIONS, MAX_QUESTIONS = 5, 7
MIN_OPTIONS, MAX_OPTIONS = 3, 7
MAX_WEIGHT = 100  # far above any real weight; it keeps sums of weights far from overflowing
NEAR_TIE = 0.10  # normalised score gap under which the top two are called a near tie


@dataclass(frozen=True)
class QuizOption:
    id: str
    text: Localized
    weights: dict[str, float]


@dataclass(frozen=True)
class QuizQuestion:
    id: str
    dimension: str
    text: Localized
    options: tuple[QuizOption, ...]


@dataclass(frozen=True)
class Quiz:
    questions: tuple[QuizQuestion, ...]


def load_quiz(path: Path | None = None) -> Quiz:
    path = path or knowledge_dir() / "quiz.yaml"
    check = Checker(path)
    doc = check.mapping(read_yaml(path), "top level", {"questions"})
    raw_questions = check.items(doc["questions"], "questions")
    if not MIN_QUESTIONS <= len(raw_questions) <= MAX_QUESTIONS:
        raise check.fail("questions", f"{len(raw_questions)} questions; the quiz needs {MIN_QUESTIONS} to {MAX_QUESTIONS}")
    questions, question_ids = [], set()
    for q_index, raw in enumerate(raw_questions):
        entry = f"questions[{q_index}]"
        raw = check.mapping(raw, entry, {"id", "dimension", "text", "options"})
        entry = f"{entry} ({check.identifier(raw['id'], f'{entry}.id')})"
        if raw["id"] in question_ids:
            raise check.fail(entry, f"duplicated question id {raw['id']!r}")
        question_ids.add(raw["id"])
        raw_options = check.items(raw["options"], f"{entry}.options")
        if not MIN_OPTIONS <= len(raw_options) <= MAX_OPTIONS:
            raise check.fail(f"{entry}.options", f"{len(raw_options)} options; each question needs {MIN_OPTIONS} to {MAX_OPTIONS}")
        options, option_ids = [], set()
        for o_index, raw_option in enumerate(raw_options):
            o_entry = f"{entry}.options[{o_index}]"
            raw_option = check.mapping(raw_option, o_entry, {"id", "text", "weights"})
            if check.identifier(raw_option["id"], f"{o_entry}.id") in option_ids:
                raise check.fail(o_entry, f"duplicated option id {raw_option['id']!r}")
            option_ids.add(raw_option["id"])
            weights = check.mapping(raw_option["weights"], f"{o_entry}.weights", set(), set(ARCHETYPE_IDS))
            weights = {archetype: check.number(weight, f"{o_entry}.weights.{archetype}", 0, MAX_WEIGHT)
                       for archetype, weight in weights.items()}
            if not any(weights.values()):
                raise check.fail(f"{o_entry}.weights", "an option must point to at least one archetype")
            options.append(QuizOption(raw_option["id"], check.localized(raw_option["text"], f"{o_entry}.text"),
                                      {a: w for a, w in weights.items() if w}))
        questions.append(QuizQuestion(raw["id"], check.text(raw["dimension"], f"{entry}.dimension"),
                                      check.localized(raw["text"], f"{entry}.text"), tuple(options)))
    quiz = Quiz(tuple(questions))
    engine = QuizEngine(quiz)
    unreachable = [a for a in ARCHETYPE_IDS if engine.result(engine.most_characteristic(a)).top != a]
    if unreachable:
        raise KnowledgeError(path, "questions", f"archetype(s) no answer set leads to: {', '.join(unreachable)}")
    return quiz


# -- results ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Score:
    archetype: str
    score: float  # 0..1: the share of the most this archetype could get from this quiz


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
    towards_runner_up: tuple[Reason, ...]  # other answers that would move the team to the runner-up

    @property
    def top(self) -> str:
        return self.ranking[0].archetype

    @property
    def runner_up(self) -> str:
        return self.ranking[1].archetype

    @property
    def gap(self) -> float:
        return self.ranking[0].score - self.ranking[1].score

    @property
    def near_tie(self) -> bool:
        return self.gap < NEAR_TIE


@dataclass(frozen=True)
class Member:
    """One participant's completed answers; `name` is None when the quiz is anonymous."""

    id: str
    name: str | None
    answers: tuple[int, ...]


@dataclass(frozen=True)
class Divergence:
    question: QuizQuestion
    counts: tuple[tuple[QuizOption, int], ...]  # options chosen, most chosen first
    spread: float  # 0 when everyone agrees, towards 1 when answers scatter


@dataclass(frozen=True)
class TeamProfile:
    participants: int
    ranking: tuple[Score, ...]
    members: tuple[tuple[Member, str], ...]  # each member with their top archetype
    divergences: tuple[Divergence, ...]  # the questions the team split on, most divided first

    @property
    def top(self) -> str | None:
        return self.ranking[0].archetype if self.participants else None


class InvalidAnswers(ValueError):
    """Answers that do not fit the quiz (wrong count, option out of range)."""


class QuizEngine:
    def __init__(self, quiz: Quiz) -> None:
        self.quiz = quiz
        self._best = {a: sum(max(o.weights.get(a, 0.0) for o in q.options) for q in quiz.questions) for a in ARCHETYPE_IDS}

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
        self.check(answers, complete=True)
        ranking = self._rank(self._raw_scores(answers))
        top, runner_up = ranking[0].archetype, ranking[1].archetype
        chosen = [(q, q.options[a]) for q, a in zip(self.quiz.questions, answers)]
        # An answer is a reason when it points to the top archetype more than anywhere else
        # (or, if none does, at all): "a big shared issue" is the Mission's answer, not the Co-designer's.
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
        return QuizResult(tuple(answers), ranking, tuple(reasons), tuple(towards[:2]))

    def team_profile(self, members: list[Member]) -> TeamProfile:
        """Average the members' normalised scores; find the questions they answered most differently."""
        complete = [m for m in members if len(m.answers) == self.length]
        if not complete:
            return TeamProfile(0, (), (), ())
        results = [self.result(m.answers) for m in complete]
        totals = {a: 0.0 for a in ARCHETYPE_IDS}
        for result in results:
            for score in result.ranking:
                totals[score.archetype] += score.score
        ranking = self._rank({a: total / len(results) for a, total in totals.items()}, normalised=True)
        divergences = []
        for index, question in enumerate(self.quiz.questions):
            counts = Counter(m.answers[index] for m in complete)
            spread = 1 - max(counts.values()) / len(complete)
            if spread > 0:
                ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
                divergences.append(Divergence(question, tuple((question.options[o], n) for o, n in ordered), round(spread, 3)))
        divergences.sort(key=lambda d: (-d.spread, -len(d.counts)))
        return TeamProfile(len(complete), ranking, tuple(zip(complete, (r.top for r in results))), tuple(divergences))

    def most_characteristic(self, archetype: str) -> tuple[int, ...]:
        """For each question, the option pointing most to `archetype` rather than elsewhere."""
        return tuple(
            max(range(len(q.options)), key=lambda i: (q.options[i].weights.get(archetype, 0.0),
                                                       -sum(q.options[i].weights.values()), -i))
            for q in self.quiz.questions
        )

    def _raw_scores(self, answers: tuple[int, ...]) -> dict[str, float]:
        scores = dict.fromkeys(ARCHETYPE_IDS, 0.0)
        for question, answer in zip(self.quiz.questions, answers):
            for archetype, weight in question.options[answer].weights.items():
                scores[archetype] += weight
        return scores

    def _rank(self, scores: dict[str, float], normalised: bool = False) -> tuple[Score, ...]:
        values = scores if normalised else {a: s / (self._best[a] or 1.0) for a, s in scores.items()}
        ordered = sorted(ARCHETYPE_IDS, key=lambda a: (-round(values[a], 9), ARCHETYPE_IDS.index(a)))
        return tuple(Score(a, round(values[a], 3)) for a in ordered)

