"""The quiz engine's quality properties, results and team profile."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
import yaml

from bot.core.knowledge import ARCHETYPE_IDS, KnowledgeError, knowledge_dir
from bot.core.quiz import (BANDS, HYBRID_POINTS, InvalidAnswers, Member, QuizEngine, canonical_option, load_quiz,
                            option_order, shown_number)


def test_quiz_shape(quiz):
    assert 5 <= len(quiz.questions) <= 7
    assert all(3 <= len(q.options) <= 7 for q in quiz.questions)
    assert {"objectif", "positionnement", "responsabilite", "methodes"} <= {q.dimension for q in quiz.questions}
    assert all(o.text.fr and o.text.en for q in quiz.questions for o in q.options)


def test_options_do_not_copy_the_table(quiz, typology):
    cells = {c.text.fr.lower() for c in typology.cells.values()}
    assert not any(o.text.fr.lower() in cells for q in quiz.questions for o in q.options)


@pytest.mark.parametrize("archetype", ARCHETYPE_IDS)
def test_answering_as_an_archetype_gives_it_first_in_every_shuffled_order(engine, archetype):
    """Whatever order each participant sees, picking the options shown for A gives A."""
    canonical = engine.most_characteristic(archetype)
    for participant in range(200):
        seed = f"quiz-{participant}:user-{participant}"
        shown = [shown_number(q, seed, a) for q, a in zip(engine.quiz.questions, canonical)]
        answers = tuple(canonical_option(q, seed, n) for q, n in zip(engine.quiz.questions, shown))
        assert engine.result(answers).top == archetype


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


def test_the_profile_adds_up_to_100_and_shows_no_zero(engine, quiz_answers):
    for archetype in ARCHETYPE_IDS:
        result = engine.result(engine.most_characteristic(archetype))
        assert sorted(s.archetype for s in result.ranking) == sorted(ARCHETYPE_IDS)
        assert sum(s.percent for s in result.ranking) == 100
        assert sum(s.score for s in result.ranking) == pytest.approx(1, abs=0.01)
        assert [s.percent for s in result.ranking] == sorted((s.percent for s in result.ranking), reverse=True)
        assert result.ranking[0].band == "very-close" and all(s.band in BANDS for s in result.ranking)
        assert " 0 %" not in quiz_answers.profile(result.ranking, "fr")


def test_every_archetype_can_reach_the_same_maximum(quiz):
    assert len({quiz.maximum(a) for a in ARCHETYPE_IDS}) == 1


def test_shared_cells_weigh_plateforme_and_solutionneur_equally(quiz):
    for question in quiz.questions:
        if question.dimension in ("positionnement", "responsabilite"):
            for option in question.options:
                assert option.weights.get("plateforme-creative", 0) == option.weights.get("solutionneur", 0), option.id


def test_plateforme_and_solutionneur_are_separated_directly(engine):
    """The objective and methods questions each have an option pointing more to one of the two than
    to the other, both ways."""
    def leans(option, towards, away):
        return option.weights.get(towards, 0) == 3 > option.weights.get(away, 0)

    separating = [q for q in engine.quiz.questions
                  if any(leans(o, "plateforme-creative", "solutionneur") for o in q.options)
                  and any(leans(o, "solutionneur", "plateforme-creative") for o in q.options)]
    assert len(separating) >= 3 and {q.dimension for q in separating} == {"objectif", "methodes"}


def test_no_option_names_an_archetype_or_is_a_catch_all(quiz, typology):
    from bot.core.text import fold

    words = {"mission", "reseau", "ecosysteme", "plateforme", "solutionneur", "partenaire", "co-designer", "apprenant",
             "coordinateur", "createur", "un peu de tout", "generations futures"}
    for question in quiz.questions:
        for option in question.options:
            text = fold(option.text.fr)
            assert not [w for w in words if w in text], (option.id, text)


def test_a_consistent_respondent_gets_a_clear_result_said_with_the_rule(engine, quiz_answers):
    result = engine.result(engine.most_characteristic("solutionneur"))
    assert result.top == "solutionneur" and result.runner_up == "plateforme-creative" and not result.hybrid
    answer = quiz_answers.result(result, "fr")
    assert answer.title == "Votre labo ressemble le plus à : 2. Solutionneur"
    assert f"{result.ranking[0].percent} %" in answer.intro and "moins de 10 points" in answer.intro


def test_a_hybrid_is_said_as_such_with_the_same_rule(engine, quiz_answers):
    cd, ap = engine.most_characteristic("co-designer-systemique"), engine.most_characteristic("apprenant-transformateur")
    mission = engine.most_characteristic("coordinateur-mission")
    # the Mission's objective (with its 1 point for the Co-designer), then two answers each
    hybrid = engine.result(mission[:1] + cd[1:3] + ap[3:])
    assert [s.percent for s in hybrid.ranking[:3]] == [44, 37, 19]
    assert {hybrid.top, hybrid.runner_up} == {"co-designer-systemique", "apprenant-transformateur"}
    assert hybrid.hybrid and hybrid.gap < HYBRID_POINTS
    answer = quiz_answers.result(hybrid, "fr")
    assert answer.title.startswith("Profil hybride : ") and "Co-designer systémique" in answer.title
    assert "Apprenant transformateur" in answer.title and "moins de 10 points" in answer.intro
    assert quiz_answers.result(hybrid, "en").title.startswith("A hybrid profile: ")


def test_profile_lines_read_well(engine, quiz_answers):
    ranking = engine.result(engine.most_characteristic("apprenant-transformateur")).ranking
    lines = quiz_answers.profile(ranking, "fr").splitlines()
    assert lines[0].startswith("5. Apprenant transformateur") and lines[0].endswith("très proche")
    assert len(lines) == sum(1 for s in ranking if s.percent)
    field = quiz_answers.profile_field(ranking, "fr")
    assert field.note.startswith("Aucune réponse ne mène à : ")


def test_next_question_then_result(engine):
    assert engine.next_question(()) is engine.quiz.questions[0]
    assert engine.next_question((0,) * engine.length) is None
    with pytest.raises(InvalidAnswers):
        engine.result((0,))
    with pytest.raises(InvalidAnswers):
        engine.next_question((99,))


def test_a_result_is_worked_out_once_per_answer_set_and_still_checked(engine):
    answers = (0,) * engine.length
    assert engine.result(list(answers)) is engine.result(answers)  # kept, whatever sequence carried them
    assert engine.result(answers).answers == answers
    with pytest.raises(InvalidAnswers):
        engine.result((0,) * (engine.length - 1))  # a refusal is not kept as an answer


def test_team_profile_aggregates_and_finds_divergences(engine):
    pc, s, cds = (engine.most_characteristic(a) for a in ("plateforme-creative", "solutionneur", "co-designer-systemique"))
    profile = engine.team_profile([Member("u1", "Alice", pc), Member("u2", "Bob", s), Member("u3", "Chloé", pc),
                                   Member("u4", "Dan", (0, 1))])  # Dan has not finished: not counted
    assert profile.participants == 3
    assert profile.top == "plateforme-creative"
    assert [(r.member.name, r.top) for r in profile.members] == [("Alice", "plateforme-creative"), ("Bob", "solutionneur"),
                                                             ("Chloé", "plateforme-creative")]
    diverging = {d.question.id for d in profile.divergences}
    agreeing = {q.id for q, a, b in zip(engine.quiz.questions, pc, s) if a == b}
    assert diverging == {q.id for q in engine.quiz.questions} - agreeing and agreeing
    first = profile.divergences[0]
    assert [c.count for c in first.choices] == [2, 1] and first.spread == pytest.approx(1 / 3, abs=0.001)
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


def test_unequal_maxima_and_unreachable_archetypes_are_refused(tmp_path: Path):
    doc = yaml.safe_load((knowledge_dir() / "quiz.yaml").read_text(encoding="utf-8"))
    path = tmp_path / "quiz.yaml"
    doc["questions"][0]["options"][0]["weights"]["plateforme-creative"] = 4
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    with pytest.raises(KnowledgeError, match="the same maximum; found plateforme-creative 16, solutionneur 15"):
        load_quiz(path)
    doc["questions"][0]["options"][0]["weights"]["plateforme-creative"] = 3
    for question in doc["questions"]:  # every answer for the Apprenant counts as much for the Co-designer
        for option in question["options"]:
            if "apprenant-transformateur" in option["weights"]:
                option["weights"]["co-designer-systemique"] = 3
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    with pytest.raises(KnowledgeError, match="no answer set leads to: apprenant-transformateur"):
        load_quiz(path)


def test_engine_is_pure_and_reusable(quiz):
    assert QuizEngine(quiz).result((0,) * 5) == QuizEngine(quiz).result((0,) * 5)
