"""The platform-neutral answers: every kind carries what the renderers need."""

from __future__ import annotations

import pytest

from bot.core.knowledge import ARCHETYPE_IDS, CHARACTERISTIC_IDS

JSON_KEYS = {"query", "kind", "archetype", "characteristic", "text", "results", "suggestions"}


def test_cell_answer(answerer, typology):
    answer = answerer.ask("méthodes co-designer")
    assert answer.title == "4. Co-designer systémique — Méthodes prédominantes"
    assert answer.text == typology.cell("co-designer-systemique", "methodes").text.fr
    assert [a.kind for a in answer.actions] == ["card", "row", "share"]
    assert answer.source.startswith("Source : La 27e Région")


def test_every_pair_in_both_languages(answerer, typology):
    for archetype in ARCHETYPE_IDS:
        for characteristic in CHARACTERISTIC_IDS:
            for lang in ("fr", "en"):
                answer = answerer.cell(archetype, characteristic, lang)
                assert answer.text == typology.cell(archetype, characteristic).text.get(lang)


def test_merged_cell_says_so(answerer):
    answer = answerer.ask("positionnement solutionneur")
    assert answer.fields[0].note == "Dans le tableau source, cette case est commune à Plateforme créative et Solutionneur."
    english = answerer.ask("positionnement solutionneur", "en")
    assert english.fields[0].note == "In the source table this cell is shared by Creative platform and Solution finder."


def test_card_has_five_fields_and_the_examples_note(answerer):
    answer = answerer.ask("solutionneur")
    assert answer.kind == "card" and len(answer.fields) == 5
    assert "ajoutés par la 27e Région" in answer.source
    assert sum(bool(f.note) for f in answer.fields) == 2


def test_row_compares_seven(answerer):
    answer = answerer.ask("responsibility", "en")
    assert answer.kind == "row" and len(answer.fields) == 7
    assert answer.fields[0].label == "1. Creative platform"
    assert answer.title == "Responsibility: the 7 archetypes"


def test_search_answer_lists_hits_with_buttons(answerer):
    answer = answerer.ask("Mazzucato")
    assert answer.kind == "search" and answer.fields[0].label.startswith("6. Coordinateur")
    assert answer.actions[0].kind == "cell" and answer.actions[0].query == "exemples coordinateur-mission"


def test_action_queries_resolve_back(answerer):
    for answer in (answerer.ask("méthodes co-designer"), answerer.ask("Mazzucato"), answerer.help("fr")):
        for action in answer.actions:
            if action.kind in ("cell", "card", "row"):
                again = answerer.ask(action.query)
                assert (again.kind, again.archetype, again.characteristic) == (action.kind, action.archetype, action.characteristic)


def test_help_examples_carry_the_command(answerer):
    answer = answerer.ask("aide", command="/labtype ")
    assert any(f.text == "/labtype méthodes co-designer" for f in answer.fields)


def test_not_found_suggests(answerer):
    answer = answerer.ask("solutionairre")
    assert answer.kind == "none" and answer.suggestions == ("Solutionneur",)
    assert "Vouliez-vous dire : Solutionneur ?" in answer.intro


@pytest.mark.parametrize("query", ["méthodes co-designer", "solutionneur", "méthodes", "Mazzucato", "aide", "quiz", "zzz"])
def test_json_contract(answerer, query):
    data = answerer.ask(query).to_json()
    assert set(data) == JSON_KEYS
    assert data["kind"] in {"cell", "card", "row", "search", "help", "quiz", "none"}
    assert isinstance(data["text"], str) and data["text"]
    for hit in data["results"]:
        assert set(hit) == {"archetype", "characteristic", "score"} and 0 < hit["score"] <= 1


def test_long_query_is_echoed_cut(answerer):
    answer = answerer.ask("x" * 10_000)
    assert len(answer.query) <= 300 and answer.query.endswith("…")


def test_a_card_offers_the_other_archetypes_named(answerer):
    answer = answerer.ask("solutionneur ou plateforme créative ?")
    assert answer.kind == "card" and answer.archetype == "solutionneur"
    assert [(a.kind, a.archetype) for a in answer.actions] == [("share", "solutionneur"), ("card", "plateforme-creative")]
