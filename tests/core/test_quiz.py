"""The quiz engine's quality properties, results and team profile."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
import yaml

from bot.core.knowledge import ARCHETYPE_IDS, KnowledgeError, knowledge_dir
from bot.core.quiz import InvalidAnswers, Member, QuizEngine, load_quiz


def test_quiz_shape(quiz):
    assert 5 <= len(quiz.questions) <= 7
    assert all(3 <= len(q.options) <= 7 for q in quiz.questions)
    assert {"objectif", "positionnement", "responsabilite", "methodes"} <= {q.dimension for q in quiz.questions}
    assert all(o.text.fr and o.text.en for q in quiz.questions for o in q.options)


def test_options_do_not_copy_the_table(quiz, typology):
    cells = {c.text.fr.lower() for c in typology.cells.values()}
    assert not any(o.text.fr.lower() in cells for q in quiz.questions for o in q.options)


@pytest.mark.parametrize("archetype", ARCHETYPE_IDS)
def test_most_characteristic_answers_give_the_archetype_first(engine, archetype):
    assert engine.result(engine.most_characteristic(archetype)).top == archetype


@pytest.mark.parametrize("archetype", ARCHETYPE_IDS)
def test_changing_any_single_answer_keeps_the_archetype_in_the_top_two(engine, archetype):
    answers = engine.most_characteristic(archetype)
    for index, question in enumerate(engine.quiz.questions):
        for option in range(len(question.options)):
            changed = answers[:index] + (option,) + answers[index + 1:]
            top_two = [s.archetype for s in engine.result(changed).ranking[:2]]
            assert archetype in top_two, (index, option, top_two)


def test_every_archetype_is_reachable_and_the_result_deterministic(engine):
    reached = set()
    for answers in itertools.islice(itertools.product(*(range(len(q.options)) for q in engine.quiz.questions)), 0, None, 97):
        first, second = engine.result(answers), engine.result(answers)
        assert first == second
        reached.add(first.top)
    assert reached == set(ARCHETYPE_IDS)


def test_ranking_covers_all_seven_normalised(engine):
    result = engine.result(engine.most_characteristic("solutionneur"))
    assert sorted(s.archetype for s in result.ranking) == sorted(ARCHETYPE_IDS)
    assert result.ranking[0].score == 1.0 and all(0 <= s.score <= 1 for s in result.ranking)
    assert [s.score for s in result.ranking] == sorted((s.score for s in result.ranking), reverse=True)
    assert result.runner_up == "plateforme-creative" and not result.near_tie


def test_reasons_are_the_answers_pointing_to_the_top(engine):
    answers = engine.most_characteristic("co-designer-systemique")
    answers = (1,) + answers[1:]  # the first answer now points to the Solutionneur
    result = engine.result(answers)
    assert result.top == "co-designer-systemique"
    assert len(result.reasons) == 5 and all(r.option.weights["co-designer-systemique"] for r in result.reasons)
    assert all(r.option.weights.get(result.runner_up, 0) > 0 for r in result.towards_runner_up)


def test_an_answer_pointing_mostly_elsewhere_is_no_reason(engine):
    answers = engine.most_characteristic("co-designer-systemique")[:-1] + (5,)  # "a big shared issue": Mission 3, Co-designer 1
    result = engine.result(answers)
    assert result.top == "co-designer-systemique"
    assert "grand-challenge" not in [r.option.id for r in result.reasons] and len(result.reasons) == 5


def test_a_near_tie_is_said(engine, quiz_answers):
    tie = (1, 0, 0, 0, 0, 1)  # as much Plateforme créative as Solutionneur
    result = engine.result(tie)
    assert result.near_tie and {result.top, result.runner_up} == {"plateforme-creative", "solutionneur"}
    assert quiz_answers.result(result, "fr").title.startswith("Presque à égalité")


def test_bars_read_well(engine, quiz_answers):
    bars = quiz_answers.bars(engine.result(engine.most_characteristic("apprenant-transformateur")).ranking, "fr")
    lines = bars.splitlines()
    assert len(lines) == 7 and lines[0].startswith("5. Apprenant transformateur") and lines[0].endswith("100 %")
    assert len({len(line) for line in lines}) == 1  # aligned columns


def test_next_question_then_result(engine):
    assert engine.next_question(()) is engine.quiz.questions[0]
    assert engine.next_question((0,) * engine.length) is None
    with pytest.raises(InvalidAnswers):
        engine.result((0,))
    with pytest.raises(InvalidAnswers):
        engine.next_question((99,))


def test_team_profile_aggregates_and_finds_divergences(engine):
    pc, s, cds = (engine.most_characteristic(a) for a in ("plateforme-creative", "solutionneur", "co-designer-systemique"))
    profile = engine.team_profile([Member("u1", "Alice", pc), Member("u2", "Bob", s), Member("u3", "Chloé", pc),
                                   Member("u4", "Dan", (0, 1))])  # Dan has not finished: not counted
    assert profile.participants == 3
    assert profile.top == "plateforme-creative"
    assert [(m.name, top) for m, top in profile.members] == [("Alice", "plateforme-creative"), ("Bob", "solutionneur"),
                                                             ("Chloé", "plateforme-creative")]
    diverging = {d.question.id for d in profile.divergences}
    agreeing = {q.id for q, a, b in zip(engine.quiz.questions, pc, s) if a == b}
    assert diverging == {q.id for q in engine.quiz.questions} - agreeing and agreeing
    first = profile.divergences[0]
    assert [n for _, n in first.counts] == [2, 1] and first.spread == pytest.approx(1 / 3, abs=0.001)
    split = engine.team_profile([Member("a", None, pc), Member("b", None, cds)])
    assert split.divergences[0].spread == 0.5 and split.ranking[0].score == pytest.approx(0.5, abs=0.06)


def test_empty_team(engine):
    assert engine.team_profile([]).participants == 0


def test_invalid_quiz_is_refused(tmp_path: Path):
    doc = yaml.safe_load((knowledge_dir() / "quiz.yaml").read_text(encoding="utf-8"))
    doc["questions"][0]["options"][0]["weights"]["solutioneur"] = 2
    path = tmp_path / "quiz.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"questions\[0\] \(purpose\)\.options\[0\]\.weights: unknown key\(s\) solutioneur"):
        load_quiz(path)
    doc["questions"] = doc["questions"][:4]
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    with pytest.raises(KnowledgeError, match="4 questions; the quiz needs 5 to 7"):
        load_quiz(path)


def test_unreachable_archetype_is_refused(tmp_path: Path):
    doc = yaml.safe_load((knowledge_dir() / "quiz.yaml").read_text(encoding="utf-8"))
    for question in doc["questions"]:
        for option in question["options"]:
            option["weights"].pop("apprenant-transformateur", None)
            option["weights"] = option["weights"] or {"plateforme-creative": 1}
    path = tmp_path / "quiz.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    with pytest.raises(KnowledgeError, match="no answer set leads to: apprenant-transformateur"):
        load_quiz(path)


def test_engine_is_pure_and_reusable(quiz):
    assert QuizEngine(quiz).result((0,) * 6) == QuizEngine(quiz).result((0,) * 6)
