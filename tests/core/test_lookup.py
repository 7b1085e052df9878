"""The lookup against its tuning set, category by category, and against hostile input."""

from __future__ import annotations

import pytest

from bot.core.lookup import Lookup, Resolution
from tests.core.query_set import ExpectedQuery, load_query_set

QUERIES = load_query_set("keyword")


def matches(expected: ExpectedQuery, got: Resolution) -> bool:
    if expected.kind == "search" and got.kind == "example" and expected.characteristic == "exemples":
        return expected.archetype in got.compared  # a keyword naming an example gets the example answer
    if got.kind != expected.kind:
        return False
    if expected.kind == "compare":
        return (got.compared, got.characteristic) == (expected.archetypes, expected.characteristic)
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
    assert {q.kind for q in QUERIES} == {"cell", "card", "row", "compare", "search", "help", "quiz", "none", "about"}


def test_keyword_set_passes_at_least_98_percent(lookup):
    failures = [(q, lookup.resolve(q.query)) for q in QUERIES if not matches(q, lookup.resolve(q.query))]
    rate = 1 - len(failures) / len(QUERIES)
    assert rate >= 0.98, "\n".join(f"{q.query!r}: expected {q.kind} {q.archetype} {q.characteristic}, got {r}" for q, r in failures)


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
    got = lookup.resolve("exemples Mazzucato")
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
    assert lookup.resolve(query).kind in {"cell", "card", "row", "compare", "example", "about", "search", "help", "quiz", "none"}


def test_control_characters_do_not_hide_the_question(lookup):
    assert lookup.resolve("\x1b[31mméthodes\x00 co-designer\x07").kind == "cell"


def test_users_words_reach_the_tables_words(lookup):
    got = lookup.resolve("quels labs travaillent avec les habitants ?")  # the table says "communauté"
    assert (got.results[0].archetype, got.results[0].characteristic) == ("co-designer-systemique", "objectif")
    french = lookup.resolve("exemples français")  # the examples whose country is France
    assert french.kind == "example" and french.compared == ("plateforme-creative", "partenaire-du-changement",
                                                            "createur-ecosystemes")


def test_two_archetypes_are_compared_in_the_order_asked(lookup):
    got = lookup.resolve("différence entre solutionneur et plateforme créative")
    assert (got.kind, got.compared, got.characteristic) == ("compare", ("solutionneur", "plateforme-creative"), None)


@pytest.mark.parametrize("query, example, cited", [
    ("Riposte Créative", "riposte-creative", ("createur-ecosystemes",)),  # not the Plateforme "créative"
    ("la Riposte Créative, exemple de quoi ?", "riposte-creative", ("createur-ecosystemes",)),
    ("Auckland Co-design Lab", "auckland-co-design-lab", ("plateforme-creative", "co-designer-systemique")),
    ("Bloomberg i-teams", "innovation-teams", ("solutionneur",)),
])
def test_an_example_named_gives_every_archetype_citing_it(lookup, query, example, cited):
    got = lookup.resolve(query)
    assert (got.kind, got.example, got.compared) == ("example", example, cited)


@pytest.mark.parametrize("query", ["quel archétype utilise le design ?", "which archetype relies on behavioural science?",
                                   "quel archétype pratique le co-design ?", "quels labos travaillent sur le climat ?"])
def test_which_archetype_plus_content_is_a_search_never_the_quiz(lookup, query):
    assert lookup.resolve(query).kind == "search"


@pytest.mark.parametrize("query, direct", [("quiz", True), ("quiz anonyme", True), ("on peut passer le test ?", False),
                                           ("je veux passer le test avec mon équipe", False)])
def test_only_requests_start_the_quiz_and_sentences_are_confirmed(lookup, query, direct):
    got = lookup.resolve(query)
    assert (got.kind, got.direct) == ("quiz", direct)


@pytest.mark.parametrize("query", ["comment marche le quiz ?", "how many questions in the quiz?", "le test est-il anonyme ?"])
def test_a_question_about_the_quiz_is_answered_not_started(lookup, query):
    assert lookup.resolve(query) == Resolution("about", topic="quiz")


@pytest.mark.parametrize("query", ["météo", "meteo", "pizza"])
def test_did_you_mean_stays_close(lookup, query):
    assert lookup.resolve(query).suggestions == ()


def test_common_words_do_not_steer_the_search(lookup):
    got = lookup.resolve("quel labo travaille sur le climat ?")
    assert (got.results[0].archetype, got.results[0].characteristic) == ("coordinateur-mission", "objectif")


@pytest.mark.parametrize("query, anonymous", [("quiz", False), ("quiz anonyme", True), ("anonymous quiz", True)])
def test_the_starter_chooses_an_anonymous_quiz(lookup, query, anonymous):
    assert lookup.resolve(query) == Resolution("quiz", anonymous=anonymous)


@pytest.mark.parametrize("query", ["program impact", "team innovation", "healthcare welfare", "exam impact"])
def test_quiz_phrases_are_whole_words(lookup, query):
    assert lookup.resolve(query).kind != "quiz"


@pytest.mark.parametrize("query, characteristic", [
    ("c'est quoi le rôle des élus dans la plateforme créative ?", "responsabilite"),
    ("les élus du solutionneur", "responsabilite"),  # a cell the solutionneur shares with the plateforme
    ("apprenant complexité", "methodes"),
])
def test_an_archetype_and_words_of_one_of_its_cells_give_that_cell(lookup, query, characteristic):
    got = lookup.resolve(query)
    assert (got.kind, got.characteristic) == ("cell", characteristic)


def test_a_word_only_in_an_examples_name_does_not_pick_the_cell(lookup):
    assert lookup.resolve("solutionneur innovation").kind == "card"


@pytest.mark.parametrize("query, name, verdict", [
    ("nesta c'est quel type", "nesta", None),
    ("is MindLab an example?", "MindLab", False),
    ("Policy Lab UK, quel archétype ?", "Policy Lab UK", None),
    ("GovLab c'est un solutionneur ?", "GovLab", None),  # the table does not say: no verdict either way
    ("which archetype is Nesta?", "Nesta", None),
])
def test_a_name_the_table_does_not_cite_is_said_so(lookup, query, name, verdict):
    got = lookup.resolve(query)
    assert (got.kind, got.topic, got.name, got.verdict, got.compared, got.archetype) == (
        "example", "uncited", name, verdict, (), None)


@pytest.mark.parametrize("query", ["quel archétype pour faire une pizza ?", "c'est quoi le RSA ?", "tu connais Python ?"])
def test_an_activity_or_an_off_topic_word_is_no_uncited_name(lookup, query):
    assert lookup.resolve(query).topic != "uncited"


@pytest.mark.parametrize("query, place, compared", [
    ("des exemples en Amérique du Sud ?", "amerique-du-sud", ("solutionneur",)),
    ("exemples au Chili", "chili", ("solutionneur",)),
    ("y a des exemples aux USA ?", "etats-unis", ("createur-ecosystemes",)),
    ("des exemples en Asie ?", "asie", ()),
])
def test_examples_by_place(lookup, query, place, compared):
    got = lookup.resolve(query)
    assert (got.kind, got.topic, got.place, got.compared) == ("example", "place", place, compared)


@pytest.mark.parametrize("query, archetype", [
    ("on forme les agents à l'innovation", "apprenant-transformateur"),
    ("nous animons un réseau de villes", "createur-ecosystemes"),
    ("nous sommes un labo qui fait évoluer les procédures internes, quel archétype sommes-nous ?", "partenaire-du-changement"),
])
def test_a_self_description_searches_its_echoes_and_offers_the_quiz(lookup, query, archetype):
    got = lookup.resolve(query)
    assert (got.kind, got.offer_quiz, got.results[0].archetype) == ("search", True, archetype)


def test_a_self_question_with_nothing_to_echo_is_the_quiz(lookup):
    assert lookup.resolve("je veux savoir à quel archétype on appartient").kind == "quiz"


@pytest.mark.parametrize("query, compared", [
    ("le labo qui fait du nudge vs celui qui fait du co-design", ("solutionneur", "co-designer-systemique")),
    ("the one with behavioural science vs the one with systems practice", ("solutionneur", "co-designer-systemique")),
])
def test_archetypes_described_on_each_side_of_vs_are_compared(lookup, query, compared):
    got = lookup.resolve(query)
    assert (got.kind, got.compared) == ("compare", compared)


@pytest.mark.parametrize("query, tokens", [
    ("kel archetype fé du codesign", ["quel", "archetype", "fait", "du", "codesign"]),
    ("slt, c quoi le solutionneur stp", ["c", "est", "quoi", "le", "solutionneur"]),
    ("merci", ["merci"]),  # nothing but padding: kept, so it is not read as empty
])
def test_spoken_forms_are_read_as_meant(query, tokens):
    from bot.core.lookup.intents import read_tokens
    from bot.core.text import fold
    assert read_tokens(fold(query), 64) == tokens


def test_a_long_message_is_read_to_its_question(lookup):
    query = ("Bonjour, je travaille dans une collectivité de taille moyenne et on réfléchit à créer un laboratoire "
             "d'innovation publique, on hésite entre plusieurs modèles, est-ce que vous pourriez m'expliquer la "
             "différence entre la plateforme créative et le solutionneur ?")
    assert lookup.resolve(query).compared == ("plateforme-creative", "solutionneur")


@pytest.mark.parametrize("query, kind", [
    ("donne moi un exemple de mail de relance", "none"),  # "exemple" among words the table never uses
    ("les exemples svp", "row"),
    ("responsabilité", "row"),
])
def test_a_characteristic_word_in_an_off_topic_request_is_no_row(lookup, query, kind):
    assert lookup.resolve(query).kind == kind


@pytest.mark.parametrize("query, kind", [
    ("le quiz c'est nul", "about"),  # a mention of the quiz, not a request to take it
    ("quiz équipe", "quiz"),
    ("test", "none"),  # someone trying the bot, not a question about tests
    ("which archetypes are like ours?", "quiz"),
    ("c'est quoi un labo d'innovation publique ?", "about"),
])
def test_mentions_and_requests(lookup, query, kind):
    assert lookup.resolve(query).kind == kind
