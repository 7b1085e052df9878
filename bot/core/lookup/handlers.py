"""The intent handlers, in the order `Lookup.resolve` tries them, and the search that answers
what none of them does.

Each handler takes the `Question` and answers the one kind of question its docstring names, or
returns None to let the next one try; the first that answers wins. The order is part of the
meaning: a handler comes after those whose questions would otherwise be mistaken for its own.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.core.lookup.intents import (
    Phrasing,
    about_topic,
    asks_french_examples,
    asks_same,
    asks_yes_no,
    characteristic_cue,
    phrase_table,
)
from bot.core.lookup.mentions import distinct
from bot.core.lookup.question import Question
from bot.core.lookup.resolution import Resolution, Suggestion
from bot.core.lookup.search import content_words
from bot.core.lookup.vocabulary import (
    ANONYMOUS_WORDS,
    COLLECTIVE_FIRST_PERSON,
    COMPARE_SEPARATORS,
    COMPOUND_PREFIXES,
    COPULAS,
    EXAMPLE_WORDS,
    FIRST_PERSON,
    GENERIC_WORDS,
    HELP_QUERIES,
    LIST_WORDS,
    NAME_FRAMES,
    NAME_IS_A,
    PADDING,
    QUIZ_NAMES,
    QUIZ_WEAK_NAMES,
    REQUEST_PHRASES,
    SELF_NOUNS,
    SELF_PHRASES,
    STOPWORDS,
)
from bot.core.text import fold

MAX_COMPARED = 3
FULL_MATCH = 0.95
OWN_CELL_SCORE = 0.85  # the rest of the question found in one cell of the archetype named (not just in a name)
MAX_SUGGESTIONS = 3
SELF_MIN_SCORE = 0.15  # a self-description is in scope by itself: its echoes in the cells count from lower…
SELF_UNKNOWN_WEIGHT = 0.3  # …and its own words, unknown to the table, weigh less
MIN_UNKNOWN_OFF_TOPIC = 2  # a characteristic's word among this many words the table never uses: off topic
MAX_NAME_WORDS = 4  # "Policy Lab UK": a name the table does not cite is a few words

QUIZ_ALL_NAMES = frozenset(QUIZ_NAMES) | QUIZ_WEAK_NAMES
NAMED_FRAMES = NAME_FRAMES + NAME_IS_A
NOT_NAMES = STOPWORDS | GENERIC_WORDS | PADDING | EXAMPLE_WORDS | QUIZ_ALL_NAMES | frozenset(
    "quel quelle quels quelles lequel laquelle exemple example cite cited belong belongs partie plutot rather "
    "really actually".split())

Handler = Callable[[Question], Resolution | None]


# -- the handlers, in order --------------------------------------------------------------------

def help_request(q: Question) -> Resolution | None:
    """"aide", "?": help; first, the whole message being a help word that no other reading should take."""
    if q.folded in HELP_QUERIES or " ".join(q.tokens) in HELP_QUERIES:
        return Resolution("help")
    return None


def quiz_request_describing_the_lab(q: Question) -> Resolution | None:
    """"nous changeons les procédures, quel archétype sommes-nous ?": the echoed cells; says more than the request."""
    if q.quiz == "request" and not (set(q.tokens) & QUIZ_ALL_NAMES):
        return _self_description(q)
    return None


def quiz_request(q: Question) -> Resolution | None:
    """"quiz", "quel archétype sommes-nous ?": the quiz; before what the request names, which it only asks to test."""
    if q.quiz == "request":
        direct = all(t in QUIZ_NAMES or t in ANONYMOUS_WORDS or t in ("team", "equipe", "d") for t in q.tokens)
        return Resolution("quiz", anonymous=bool(ANONYMOUS_WORDS & set(q.tokens)), direct=direct)
    return None


def quiz_question(q: Question) -> Resolution | None:
    """"comment marche le quiz ?": how the quiz works; with the requests, before what else a sentence on it names."""
    return Resolution("about", topic="quiz") if q.quiz == "question" else None


def about_the_typology(q: Question) -> Resolution | None:
    """"ce tableau a été fait par qui ?": the table itself; before its content, which such questions name in passing."""
    names = q.names
    about = about_topic(q.phrasing, bool(names.examples or names.archetypes or names.characteristic) and not (
        len(names.archetypes) == 1 and not names.archetypes[0].named))
    return Resolution("about", topic=about) if about else None


def described_comparison(q: Question) -> Resolution | None:
    """"le labo qui fait du nudge vs celui qui fait du co-design": the two described; before what each side names."""
    if len(q.names.archetypes) >= 2:
        return None
    # each side's archetype is the one its words describe: an archetype it names, else its best cell outside
    # the examples
    cut = next((i for i, t in enumerate(q.tokens) if t in COMPARE_SEPARATORS), None)
    if cut is None:
        return None
    sides = []
    for side in (q.tokens[:cut], q.tokens[cut + 1:]):
        mentioned = distinct(q.finder.find(side), "archetype")
        named = [m for m in mentioned if m.named]
        hits = [h for h in q.content.search(side) if h.characteristic != "exemples"]
        if not (named or hits or mentioned):
            return None
        sides.append(named[0].id if named else hits[0].archetype if hits else mentioned[0].id)
    if sides[0] == sides[1]:
        return None
    return Resolution("compare", sides[0], None, compared=tuple(sides))


def named_example(q: Question) -> Resolution | None:
    """"La Fabrica, c'est quel archétype ?": who cites it; before the archetypes named with it (a yes/no then)."""
    names = q.names
    if not names.examples:
        return None
    example = q.typology.example(names.examples[0].id)
    cited = tuple(c.archetype for c in example.cited)
    verdict = None
    if names.archetypes:  # "Futurs Publics est-il un partenaire du changement ?"
        verdict = all(a.id in cited for a in names.archetypes)
    return Resolution("example", cited[0], "exemples", also=tuple(a.id for a in names.archetypes), compared=cited,
                      example=example.id, verdict=verdict)


def french_examples(q: Question) -> Resolution | None:
    """"les exemples français": the French examples; before places (France lies in one), unless archetypes are named."""
    if not asks_french_examples(q.phrasing) or q.names.archetypes:
        return None
    cited = tuple(a.id for a in q.typology.archetypes
                  if any(e.french and a.id in {c.archetype for c in e.cited} for e in q.typology.examples))
    return Resolution("example", cited[0], "exemples", compared=cited, topic="french")


def place(q: Question) -> Resolution | None:
    """"des exemples aux USA ?": the examples of a place; before self-descriptions and names, which a place is not."""
    if not q.places or q.names.named:
        return None
    place_id = q.places[0].id
    found = q.typology.place(place_id)
    cited = {c.archetype for e in found.examples for c in q.typology.example(e).cited}
    ordered = tuple(a.id for a in q.typology.archetypes if a.id in cited)
    return Resolution("example", ordered[0] if ordered else None, "exemples", compared=ordered, topic="place",
                      place=place_id)


def self_description(q: Question) -> Resolution | None:
    """"nous animons un réseau de villes": the echoed cells, quiz offered; before uncited names, "nous" being none."""
    if not q.names.named and (set(q.tokens) & COLLECTIVE_FIRST_PERSON or q.phrasing.has(SELF_PHRASES)) and not (
            q.phrasing.has(REQUEST_PHRASES)):
        return _self_description(q)
    return None


def uncited_name(q: Question) -> Resolution | None:
    """"Nesta, c'est quel type ?": a name the table does not cite; before the searches its unknown word would reach."""
    # said plainly, with the examples the table does cite; never a guess at the name's archetype
    named = q.names.named
    if named and not asks_yes_no(q.phrasing):
        return None
    frames = NAMED_FRAMES if named else NAME_FRAMES  # "GovLab c'est un solutionneur ?"
    if not q.phrasing.has(frames):
        return None
    tokens, shown = q.tokens, q.shown
    taken = q.names.taken | set().union(*(m.span for m in q.places))
    if cue := characteristic_cue(q.phrasing, weak=False):  # "who is accountable in…": words of the question
        taken = taken | cue[1]
    capitalised = {fold(w) for w in shown.split()[1:] if w[:1].isupper()}
    initials = capitalised | {fold(w) for w in shown.split()[:1] if w[:1].isupper()}
    names = [i for i, t in enumerate(tokens) if i not in taken and t not in NOT_NAMES and not t.isdigit() and (
        t not in COMPOUND_PREFIXES) and (
        t in capitalised and len(t) >= 2 or len(t) >= 3 and t not in STOPWORDS and t not in GENERIC_WORDS
        and not q.content.knows(t))]
    if not names or names[-1] - names[0] >= MAX_NAME_WORDS:
        return None
    first, last = names[0], names[-1]
    while first and first - 1 not in taken and tokens[first - 1] in initials:  # "Policy Lab UK"
        first -= 1
    frame_after = any(start > last for start, *_ in phrase_table(frames).matches(tuple(tokens)))
    if not frame_after and not (first and tokens[first - 1] in COPULAS):
        return None  # "quel archétype pour faire une pizza ?": an activity, not a name
    run = set(tokens[first:last + 1])
    name = " ".join(w.strip(",;:?!.«»\"'()") for w in shown.split() if set(fold(w).split()) & run)
    verdict = False if q.phrasing.has(("an example", "un exemple", "example of", "exemple de", "cited", "cite",
                                       "est cite", "is cited")) and asks_yes_no(q.phrasing) else None
    return Resolution("example", None, "exemples", also=tuple(m.id for m in named), topic="uncited",
                      name=name or " ".join(tokens[first:last + 1]), verdict=verdict)


def meaning_in_an_archetype(q: Question) -> Resolution | None:
    """"que veut dire systémique ici ?": the card of the one archetype the word belongs to; before the cells."""
    if q.meaning and len(q.names.archetypes) == 1 and not q.asked.characteristic_id:
        return Resolution("card", q.names.archetypes[0].id)
    return None


def which_archetype(q: Question) -> Resolution | None:
    """"quel archétype pratique le co-design ?": the cells that say so; before the cards its words would give."""
    characteristic = q.asked.characteristic
    if not q.asked.which:
        return None
    words = [t for i, t in enumerate(q.tokens) if not (characteristic and i in characteristic.span)]
    hits = q.content.search(words, q.asked.characteristic_id)
    return Resolution("search", None, q.asked.characteristic_id, hits) if hits else None


def comparison(q: Question) -> Resolution | None:
    """"solutionneur vs partenaire": two or three archetypes side by side; before the answers about one archetype."""
    archetypes, characteristic = q.names.archetypes, q.asked.characteristic_id
    if len(archetypes) < 2:
        return None
    if len(archetypes) > MAX_COMPARED:
        if characteristic:
            return Resolution("row", None, characteristic)
        archetypes = archetypes[:MAX_COMPARED]
    ids = tuple(m.id for m in archetypes)
    verdict = None
    if characteristic and asks_same(q.phrasing):  # "même positionnement ?" asks yes or no too
        # "Y et Z ont-ils la même responsabilité ?": the same cell of the source table
        origins = {q.typology.cell(a, characteristic).origin for a in ids}
        verdict = len(origins) == 1
    return Resolution("compare", ids[0], characteristic, compared=ids, verdict=verdict)


def one_archetype(q: Question) -> Resolution | None:
    """"méthodes co-designer", "solutionneur": a cell or the card; before a characteristic alone, which it narrows."""
    if not q.names.archetypes:
        return None
    archetype, characteristic = q.names.archetypes[0].id, q.asked.characteristic_id
    if characteristic:
        return Resolution("cell", archetype, characteristic)
    if not content_words(q.leftovers):
        return Resolution("card", archetype)
    hits = q.content.search(q.tokens)
    if hits and hits[0].score >= FULL_MATCH:  # the words of a cell, archetype's name included
        return Resolution("search", results=hits)
    # "le rôle des élus dans la plateforme créative": the one cell of its column that says so
    own = q.content.search(q.leftovers, archetype=archetype)
    if own and own[0].score >= OWN_CELL_SCORE and (len(own) == 1 or own[1].score < own[0].score):
        return Resolution("cell", archetype, own[0].characteristic)
    return Resolution("card", archetype)


def one_characteristic(q: Question) -> Resolution | None:
    """"responsabilité": the cells its other words find in that column, else its row; last, the least specific."""
    characteristic = q.asked.characteristic_id
    if not characteristic:
        return None
    hits = q.content.search(q.leftovers, characteristic)
    if hits:
        return Resolution("search", None, characteristic, hits)
    unknown = [w for w in content_words(q.leftovers) if not q.content.knows(w)]
    if len(unknown) >= MIN_UNKNOWN_OFF_TOPIC and len(unknown) == len(content_words(q.leftovers)):
        # "donne-moi un exemple de mail de relance": "exemple" here is no column of the table
        return Resolution("none", suggestions=_suggest(q))
    return Resolution("row", None, characteristic)


HANDLERS: tuple[Handler, ...] = (
    help_request,
    quiz_request_describing_the_lab,
    quiz_request,
    quiz_question,
    about_the_typology,
    described_comparison,
    named_example,
    french_examples,
    place,
    self_description,
    uncited_name,
    meaning_in_an_archetype,
    which_archetype,
    comparison,
    one_archetype,
    one_characteristic,
)


# -- when no handler answers ----------------------------------------------------------------------

def search_or_suggest(q: Question) -> Resolution:
    """Nothing named: the cells the words find, else the list of archetypes it asks for, else
    "not found" with near misses."""
    words = content_words(q.leftovers)
    hits = q.content.search(q.leftovers) if not (len(words) == 1 and words[0] in QUIZ_WEAK_NAMES) else ()
    if hits:  # (not "test" alone: someone trying the bot, not asking about tests)
        return Resolution("search", results=hits)
    if LIST_WORDS & set(q.tokens) and LIST_WORDS.issuperset(content_words(q.leftovers)):  # "les 7 archétypes", "liste des archétypes"
        return Resolution("help")
    return Resolution("none", suggestions=_suggest(q))


# -- shared by the handlers ----------------------------------------------------------------------

def _self_description(q: Question) -> Resolution | None:
    """"on forme les agents à l'innovation": the cells these words echo, and the quiz offered
    (only the quiz can say which archetype a lab is)."""
    words = [t for t in q.tokens if t not in FIRST_PERSON and t not in SELF_NOUNS]
    cue = characteristic_cue(Phrasing(tuple(words)), weak=False)
    if cue:
        hits = q.content.search([t for i, t in enumerate(words) if i not in cue[1]], cue[0],
                                min_score=SELF_MIN_SCORE, unknown_weight=SELF_UNKNOWN_WEIGHT, by_archetype=True)
        if hits:
            return Resolution("search", None, cue[0], hits, offer_quiz=True)
    hits = q.content.search(words, min_score=SELF_MIN_SCORE, unknown_weight=SELF_UNKNOWN_WEIGHT, by_archetype=True)
    return Resolution("search", results=hits, offer_quiz=True) if hits else None


def _suggest(q: Question) -> tuple[Suggestion, ...]:
    candidates = list(dict.fromkeys([q.folded, *(t for t in q.tokens if len(t) > 2 and t not in STOPWORDS)]))
    return tuple(Suggestion(archetype=owner_id) if target == "archetype" else Suggestion(characteristic=owner_id)
                 for target, owner_id in q.finder.suggest(candidates, MAX_SUGGESTIONS))
