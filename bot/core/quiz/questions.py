"""The quiz's questions as typed data, read from knowledge/quiz.yaml and checked at start-up.

The checks are the ones the results rely on: every archetype can reach the same maximum (so
none wins or loses ties by construction) and every archetype is some answer set's result.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot.core.knowledge import ARCHETYPE_IDS, CHARACTERISTIC_IDS, Checker, KnowledgeError, Localized, knowledge_dir, read_yaml

MIN_QUESTIONS, MAX_QUESTIONS = 5, 7
MIN_OPTIONS, MAX_OPTIONS = 3, 7
MAX_WEIGHT = 100  # far above any real weight; it keeps sums of weights far from overflowing


@dataclass(frozen=True)
class QuizOption:
    id: str
    text: Localized
    weights: dict[str, float]


@dataclass(frozen=True)
class QuizQuestion:
    id: str
    dimension: str  # the typology characteristic it asks about
    text: Localized
    prompt: Localized  # the facilitator's discussion prompt when the team splits on it
    options: tuple[QuizOption, ...]  # canonical order (the file's); shown shuffled

    def best(self, archetype: str) -> float:
        return max(o.weights.get(archetype, 0.0) for o in self.options)


@dataclass(frozen=True)
class Quiz:
    questions: tuple[QuizQuestion, ...]

    def maximum(self, archetype: str) -> float:
        return sum(q.best(archetype) for q in self.questions)


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
        raw = check.mapping(raw, entry, {"id", "dimension", "text", "prompt", "options"})
        entry = f"{entry} ({check.identifier(raw['id'], f'{entry}.id')})"
        if raw["id"] in question_ids:
            raise check.fail(entry, f"duplicated question id {raw['id']!r}")
        question_ids.add(raw["id"])
        if check.text(raw["dimension"], f"{entry}.dimension") not in CHARACTERISTIC_IDS:
            raise check.fail(f"{entry}.dimension", f"{raw['dimension']!r} is not a characteristic of the table "
                                                   f"({', '.join(CHARACTERISTIC_IDS)})")
        questions.append(QuizQuestion(raw["id"], raw["dimension"], check.localized(raw["text"], f"{entry}.text"),
                                      check.localized(raw["prompt"], f"{entry}.prompt"),
                                      _options(raw["options"], entry, check)))
    quiz = Quiz(tuple(questions))
    maxima = {a: quiz.maximum(a) for a in ARCHETYPE_IDS}
    if len(set(maxima.values())) > 1:
        listed = ", ".join(f"{a} {m:g}" for a, m in maxima.items())
        raise KnowledgeError(path, "questions", f"every archetype must be able to reach the same maximum; found {listed}")
    from bot.core.quiz.engine import QuizEngine  # the engine checks reachability; it needs a Quiz first

    engine = QuizEngine(quiz)
    unreachable = [a for a in ARCHETYPE_IDS if engine.result(engine.most_characteristic(a)).top != a]
    if unreachable:
        raise KnowledgeError(path, "questions", f"archetype(s) no answer set leads to: {', '.join(unreachable)}")
    return quiz


def _options(raw_options: object, entry: str, check: Checker) -> tuple[QuizOption, ...]:
    raw_options = check.items(raw_options, f"{entry}.options")
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
    return tuple(options)
