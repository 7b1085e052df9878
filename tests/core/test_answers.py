"""The platform-neutral answers: every kind carries what the renderers need."""

from __future__ import annotations

import pytest

from bot.core.knowledge import ARCHETYPE_IDS, CHARACTERISTIC_IDS

JSON_KEYS = {"query", "kind", "archetype", "archetypes", "characteristic", "example", "verdict", "text", "results",
             "suggestions"}


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
    assert english.fields[0].note == "In the source table this cell is shared by Creative platform and Problem solver."


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


def test_comparison_follow_ups_resolve_back_to_the_same_comparison(answerer):
    for answer in (answerer.ask("solutionneur vs plateforme créative"), answerer.ask("objectifs du solutionneur et du partenaire")):
        for action in answer.actions:
            if action.kind == "compare":
                again = answerer.ask(action.query)
                assert (again.kind, again.archetypes, again.characteristic) == ("compare", action.compared, action.characteristic)


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
    assert data["kind"] in {"cell", "card", "row", "compare", "example", "about", "search", "help", "quiz", "none"}
    assert isinstance(data["text"], str) and data["text"]
    for hit in data["results"]:
        assert set(hit) == {"archetype", "characteristic", "score"} and 0 < hit["score"] <= 1


def test_long_query_is_echoed_cut(answerer):
    answer = answerer.ask("x" * 10_000)
    assert len(answer.query) <= 300 and answer.query.endswith("…")


def test_two_archetypes_are_compared_and_offer_their_cards(answerer):
    answer = answerer.ask("solutionneur ou plateforme créative ?")
    assert answer.kind == "compare" and answer.archetypes == ("solutionneur", "plateforme-creative")
    assert [(a.kind, a.archetype) for a in answer.actions[:2]] == [("card", "solutionneur"), ("card", "plateforme-creative")]
    rows = answer.comparison.rows
    assert [r.differs for r in rows] == sorted((r.differs for r in rows), reverse=True)  # what differs comes first
    shared = [r for r in rows if r.shared]
    assert {r.label for r in shared} == {"Positionnement vis à vis de l'administration", "Responsabilité"}
    assert answer.intro.startswith("Ils diffèrent sur : Objectif de l'innovation, Méthodes prédominantes")


def test_compare_on_one_characteristic_says_whether_the_cell_is_shared(answerer):
    same = answerer.ask("le solutionneur et la plateforme créative ont-ils la même responsabilité ?")
    assert (same.kind, same.characteristic, same.verdict) == ("compare", "responsabilite", True)
    assert same.intro.startswith("Oui : ")
    other = answerer.ask("do the learner and the ecosystem builder have the same methods?", "en")
    assert (other.verdict, other.intro.split(":")[0]) == (False, "No")
    assert len(other.comparison.columns) == 2 and len(other.comparison.rows) == 1


def test_an_example_names_each_archetype_with_its_period(answerer):
    answer = answerer.ask("dans quelle case est le Val d'Oise ?")
    assert answer.kind == "example" and answer.example == "direction innovation du Val d'Oise"
    assert answer.archetypes == ("plateforme-creative", "partenaire-du-changement")
    assert "Plateforme créative (jusqu'en 2021) et Partenaire du changement (depuis 2021)" in answer.intro
    english = answerer.ask("Val d'Oise", "en")
    assert "Creative platform (until 2021) and Change partner (since 2021)" in english.intro


def test_a_false_premise_is_corrected(answerer):
    answer = answerer.ask("Futurs Publics est-il un partenaire du changement ?")
    assert (answer.verdict, answer.archetypes) == (False, ("createur-ecosystemes",))
    assert answer.intro.startswith("Non : Futurs Publics n'est pas cité comme exemple de Partenaire du changement ; "
                                   "il l'est comme exemple de Créateur d'écosystèmes.")
    assert answerer.ask("La Fabrica est un solutionneur ?").intro.startswith("Oui : La Fabrica")


def test_the_french_examples_are_listed_with_the_note(answerer):
    answer = answerer.ask("labs in France", "en")
    assert answer.kind == "example" and answer.example is None
    assert [f.label for f in answer.fields] == ["direction innovation du Val d'Oise", "Futurs Publics", "La 27e Région",
                                                "Riposte Créative"]
    assert "the French examples were added by La 27e Région" in answer.intro


def test_about_the_source_gives_no_title_or_date_of_its_own(answerer):
    answer = answerer.ask("ce tableau a été fait par qui ?")
    assert answer.kind == "about" and answer.fields[0].text == "La 27e Région"
    assert "version 2026-11-27 : la date de notre fichier, pas celle de la publication" in answer.text
    assert "« Les 7 archétypes" not in answer.text
    assert "the English is our translation" in answerer.ask("methods", "en").source


def test_a_name_the_table_does_not_cite_gets_its_examples_and_the_quiz(answerer, typology):
    answer = answerer.ask("is MindLab an example?", "en")
    assert (answer.kind, answer.example, answer.archetypes, answer.verdict) == ("example", None, (), False)
    assert answer.intro.startswith("No: the table does not cite MindLab among its examples")
    assert [f.text for f in answer.fields] == [typology.cell(a.id, "exemples").text.en for a in typology.archetypes]
    assert "quiz" in [a.kind for a in answer.follow_ups()]
    french = answerer.ask("nesta c'est quel type")
    assert french.title == "« nesta » ne fait pas partie des exemples du tableau" and french.verdict is None


def test_examples_by_place_say_the_grouping_is_ours(answerer):
    answer = answerer.ask("des exemples en Amérique du Sud ?")
    assert [f.label for f in answer.fields] == ["La Fabrica (Ville de Renca au Chili)"]
    assert "regroupement par lieu est le nôtre" in answer.intro and answer.archetypes == ("solutionneur",)
    none = answerer.ask("examples in Asia?", "en")
    assert none.fields == () and none.intro.startswith("The table cites no example in Asia.")


def test_a_self_description_offers_the_quiz(answerer):
    answer = answerer.ask("on forme les agents à l'innovation")
    assert answer.kind == "search" and answer.actions[0].kind == "quiz"
    assert "faites le quiz" in answer.intro and [a.kind for a in answer.follow_ups()] == ["quiz"]
    assert all(a.kind != "quiz" for a in answerer.ask("quel archétype pratique le co-design ?").actions)
