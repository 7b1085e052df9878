"""The lookup against its tuning set, category by category, and against hostile input."""

from __future__ import annotations

import pytest

from bot.core.lookup import Lookup, Resolution
from tests.core.query_set import ExpectedQuery, load_query_set

QUERIES = load_query_set()


def matches(expected: ExpectedQuery, got: Resolution) -> bool:
    if got.kind != expected.kind:
        return False
    if expected.kind == "search":
        top3 = [(h.archetype, h.characteristic) for h in got.results[:3]]
        return (expected.archetype, expected.characteristic) in top3
    if expected.kind == "none":
        first = got.suggestions[0] if got.suggestions else None
        return (first.archetype, first.characteristic) == (expected.archetype, expected.characteristic) if first \
            else expected.archetype is None and expected.characteristic is None
    return (got.archetype, got.characteristic) == (expected.archetype, expected.characteristic)


@pytest.fixture(scope="module")
def lookup(typology) -> Lookup:
    return Lookup(typology)


def test_query_set_is_big_and_varied():
    assert len(QUERIES) >= 100
    assert {q.kind for q in QUERIES} == {"cell", "card", "row", "search", "help", "quiz", "none"}


def test_query_set_passes_at_least_97_percent(lookup):
    failures = [(q, lookup.resolve(q.query)) for q in QUERIES if not matches(q, lookup.resolve(q.query))]
    rate = 1 - len(failures) / len(QUERIES)
    assert rate >= 0.97, "\n".join(f"{q.query!r}: expected {q.kind} {q.archetype} {q.characteristic}, got {r}" for q, r in failures)


@pytest.mark.parametrize("query, archetype, characteristic", [
    ("méthodes co-designer", "co-designer-systemique", "methodes"),
    ("co-designer méthodes", "co-designer-systemique", "methodes"),
    ("methods systemic co designer", "co-designer-systemique", "methodes"),
    ("objectif 3", "partenaire-du-changement", "objectif"),
    ("metodes co-desginer", "co-designer-systemique", "methodes"),
    ("méthodes n°2", "solutionneur", "methodes"),
])
def test_characteristic_and_archetype_give_the_cell(lookup, query, archetype, characteristic):
    assert lookup.resolve(query) == Resolution("cell", archetype, characteristic)


@pytest.mark.parametrize("query, archetype", [
    ("solutionneur", "solutionneur"), ("le 4", "co-designer-systemique"), ("creative platform", "plateforme-creative"),
    ("CRÉATEUR D'ÉCOSYSTÈMES", "createur-ecosystemes"), ("ecosytème", "createur-ecosystemes"),
])
def test_archetype_alone_gives_the_card(lookup, query, archetype):
    assert lookup.resolve(query) == Resolution("card", archetype)


@pytest.mark.parametrize("query, characteristic", [("responsabilité", "responsabilite"), ("methods", "methodes")])
def test_characteristic_alone_gives_the_row(lookup, query, characteristic):
    assert lookup.resolve(query) == Resolution("row", None, characteristic)


@pytest.mark.parametrize("query, archetype, characteristic", [
    ("sciences comportementales", "solutionneur", "methodes"),
    ("Mazzucato", "coordinateur-mission", "exemples"),
    ("recherche-action", "createur-ecosystemes", "methodes"),
    ("générations futures", "apprenant-transformateur", "responsabilite"),
    ("Riposte Créative", "createur-ecosystemes", "exemples"),
])
def test_content_words_search_the_cells(lookup, query, archetype, characteristic):
    got = lookup.resolve(query)
    assert got.kind == "search"
    assert (got.results[0].archetype, got.results[0].characteristic) == (archetype, characteristic)
    assert got.results[0].score == pytest.approx(1.0, abs=0.06)


def test_search_results_are_ranked(lookup):
    scores = [h.score for h in lookup.resolve("design collaboration").results]
    assert scores == sorted(scores, reverse=True) and len(scores) >= 2


def test_a_characteristic_narrows_a_search(lookup):
    got = lookup.resolve("exemples Auckland")
    assert got.kind == "search" and got.characteristic == "exemples"
    assert {h.characteristic for h in got.results} == {"exemples"}


@pytest.mark.parametrize("query", ["", "   ", "aide", "HELP", "?"])
def test_help(lookup, query):
    assert lookup.resolve(query).kind == "help"


@pytest.mark.parametrize("query", ["quiz", "questionnaire", "quel labo sommes-nous ?", "start quiz"])
def test_quiz_intent(lookup, query):
    assert lookup.resolve(query).kind == "quiz"


def test_nonsense_is_not_found_without_guessing(lookup):
    got = lookup.resolve("pizza margherita")
    assert got.kind == "none" and got.archetype is None and got.results == ()


def test_near_miss_suggests_at_most_three(lookup):
    got = lookup.resolve("solutionairre")
    assert got.kind == "none"
    assert 1 <= len(got.suggestions) <= 3 and got.suggestions[0].archetype == "solutionneur"


@pytest.mark.parametrize("query", [
    "x" * 10_000, "méthodes " * 2_000, "\x00\x1b[31m\x07 co-designer", "🙂🙂🙂", "\u200b\u200b", "n°", "#", "'", "---",
])
def test_hostile_input_never_raises(lookup, query):
    assert lookup.resolve(query).kind in {"cell", "card", "row", "search", "help", "quiz", "none"}


def test_control_characters_do_not_hide_the_question(lookup):
    assert lookup.resolve("\x1b[31mméthodes\x00 co-designer\x07").kind == "cell"


def test_users_words_reach_the_tables_words(lookup):
    got = lookup.resolve("quels labs travaillent avec les habitants ?")  # the table says "communauté"
    assert (got.results[0].archetype, got.results[0].characteristic) == ("co-designer-systemique", "objectif")
    french = lookup.resolve("exemples français")  # "FR" and "France" in the cells
    assert {h.archetype for h in french.results} == {"plateforme-creative", "partenaire-du-changement", "createur-ecosystemes"}


def test_two_archetypes_give_the_first_and_offer_the_other(lookup):
    got = lookup.resolve("différence entre solutionneur et plateforme créative")
    assert (got.kind, got.archetype, got.also) == ("card", "solutionneur", ("plateforme-creative",))


@pytest.mark.parametrize("query, anonymous", [("quiz", False), ("quiz anonyme", True), ("anonymous quiz", True)])
def test_the_starter_chooses_an_anonymous_quiz(lookup, query, anonymous):
    assert lookup.resolve(query) == Resolution("quiz", anonymous=anonymous)


@pytest.mark.parametrize("query", ["program impact", "team innovation", "healthcare welfare", "exam impact"])
def test_quiz_phrases_are_whole_words(lookup, query):
    assert lookup.resolve(query).kind != "quiz"
