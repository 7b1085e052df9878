"""Free text → what the user asked for.

Users type the way they talk: French or English, with typos, accents or not, in any order, with
numbers ("objectif 3", "le 4"), with the words of the table itself ("Mazzucato"), or as a real
question ("en quoi la plateforme créative diffère-t-elle de l'apprenant ?"). The question's type
is recognised first (quiz, the typology itself, which archetype…, yes/no), then what it names
(archetypes, characteristics, examples), then the content words left are searched. Below the
thresholds we say "not found" and suggest, never guess.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bot.core.knowledge import Typology
from bot.core.lookup.intents import (
    Phrasing,
    about_topic,
    asks_french_examples,
    asks_same,
    asks_which_archetype,
    asks_yes_no,
    characteristic_cue,
    quiz_intent,
    read_tokens,
)
from bot.core.lookup.mentions import Mention, MentionFinder, best, distinct
from bot.core.lookup.search import ContentIndex, SearchHit, content_words
from bot.core.lookup.vocabulary import ANONYMOUS_WORDS, GENERIC_WORDS, HELP_QUERIES, LIST_WORDS, QUIZ_NAMES, STOPWORDS
from bot.core.text import clean_input, fold

Kind = Literal["cell", "card", "row", "compare", "example", "about", "search", "help", "quiz", "none"]
Topic = Literal["source", "archetypes", "characteristics", "usage", "typology", "quiz", "french"]

MAX_TOKENS = 64  # a rambling message asks its question at the end; 300 characters hold ~60 words
MAX_COMPARED = 3
FULL_MATCH = 0.95
OWN_CELL_SCORE = 0.85  # the rest of the question found in one cell of the archetype named (not just in a name)
MAX_SUGGESTIONS = 3


@dataclass(frozen=True)
class Suggestion:
    """Something the user may have meant: an archetype, a characteristic, or both (a cell)."""

    archetype: str | None = None
    characteristic: str | None = None


@dataclass(frozen=True)
class Resolution:
    kind: Kind
    archetype: str | None = None
    characteristic: str | None = None
    results: tuple[SearchHit, ...] = ()
    suggestions: tuple[Suggestion, ...] = ()
    also: tuple[str, ...] = ()  # other archetypes the query names, offered next
    anonymous: bool = False  # "quiz anonyme": the team profile shows no names
    compared: tuple[str, ...] = ()  # kind "compare": the archetypes, in the order asked
    example: str | None = None  # kind "example": the example's id (None: the French examples)
    verdict: bool | None = None  # a yes/no question's answer
    topic: Topic | None = None  # kind "about" (and "example" for the French ones)
    direct: bool = True  # kind "quiz": typed as a command ("quiz"), not as a sentence


class Lookup:
    """Built once per process from the typology; `resolve` is then pure and fast."""

    def __init__(self, typology: Typology) -> None:
        self.typology = typology
        self.mentions = MentionFinder(typology)
        self.content = ContentIndex(typology)

    def resolve(self, query: str) -> Resolution:
        folded = fold(clean_input(query))
        tokens = read_tokens(folded, MAX_TOKENS)
        if folded in HELP_QUERIES or " ".join(tokens) in HELP_QUERIES:
            return Resolution("help")
        phrasing = Phrasing(tuple(tokens))
        quiz = quiz_intent(phrasing)
        if quiz == "request":
            direct = all(t in QUIZ_NAMES or t in ANONYMOUS_WORDS or t in ("team", "equipe", "d") for t in tokens)
            return Resolution("quiz", anonymous=bool(ANONYMOUS_WORDS & set(tokens)), direct=direct)
        if quiz == "question":
            return Resolution("about", topic="quiz")

        mentions = self.mentions.find(tokens)
        examples = distinct(mentions, "example")
        taken = set().union(*(m.span for m in examples))
        archetypes = distinct(mentions, "archetype", taken)
        taken |= set().union(*(m.span for m in archetypes))
        characteristic = best([m for m in mentions if not (m.end - m.start == 1 and tokens[m.start] in GENERIC_WORDS)],
                              "characteristic", taken)  # "quel archétype pratique…" is not about "pratiques"
        about = about_topic(phrasing, bool(examples or archetypes or characteristic) and not (
            len(archetypes) == 1 and not archetypes[0].named))
        if about:
            return Resolution("about", topic=about)
        if examples:
            return self._example(examples[0], archetypes, phrasing)
        if asks_french_examples(phrasing) and not archetypes:
            return self._french_examples()
        if characteristic:
            taken |= characteristic.span
        elif cue := characteristic_cue(phrasing, weak=len(archetypes) == 1):
            if not taken & cue[1]:
                characteristic = Mention(min(cue[1]), max(cue[1]) + 1, "characteristic", cue[0], 100.0)
                taken |= cue[1]
        characteristic_id = characteristic.id if characteristic else None

        if asks_which_archetype(phrasing) and not any(m.named for m in archetypes):
            # "quel archétype pratique le co-design ?": the alias is a word of the cells here
            words = [t for i, t in enumerate(tokens) if not (characteristic and i in characteristic.span)]
            hits = self.content.search(words, characteristic_id)
            if hits:
                return Resolution("search", None, characteristic_id, hits)
        if len(archetypes) >= 2:
            return self._compare(archetypes, characteristic_id, phrasing)
        leftovers = [t for i, t in enumerate(tokens) if i not in taken]
        if archetypes:
            archetype = archetypes[0].id
            if characteristic_id:
                return Resolution("cell", archetype, characteristic_id)
            if not content_words(leftovers):
                return Resolution("card", archetype)
            hits = self.content.search(tokens)
            if hits and hits[0].score >= FULL_MATCH:  # the words of a cell, archetype's name included
                return Resolution("search", results=hits)
            # "le rôle des élus dans la plateforme créative": the one cell of its column that says so
            own = self.content.search(leftovers, archetype=archetype)
            if own and own[0].score >= OWN_CELL_SCORE and (len(own) == 1 or own[1].score < own[0].score):
                return Resolution("cell", archetype, own[0].characteristic)
            return Resolution("card", archetype)
        if characteristic_id:
            hits = self.content.search(leftovers, characteristic_id)
            if hits:
                return Resolution("search", None, characteristic_id, hits)
            return Resolution("row", None, characteristic_id)
        hits = self.content.search(leftovers)
        if hits:
            return Resolution("search", results=hits)
        if LIST_WORDS & set(tokens) and LIST_WORDS.issuperset(content_words(leftovers)):  # "les 7 archétypes", "liste des archétypes"
            return Resolution("help")
        return Resolution("none", suggestions=self._suggest(tokens, folded))

    # -- kinds ---------------------------------------------------------------------------------

    def _example(self, mention: Mention, archetypes: list[Mention], phrasing: Phrasing) -> Resolution:
        example = self.typology.example(mention.id)
        cited = tuple(c.archetype for c in example.cited)
        verdict = None
        if archetypes:  # "Futurs Publics est-il un partenaire du changement ?"
            verdict = all(a.id in cited for a in archetypes)
        return Resolution("example", cited[0], "exemples", also=tuple(a.id for a in archetypes), compared=cited,
                          example=example.id, verdict=verdict)

    def _french_examples(self) -> Resolution:
        cited = tuple(a.id for a in self.typology.archetypes
                      if any(e.french and a.id in {c.archetype for c in e.cited} for e in self.typology.examples))
        return Resolution("example", cited[0], "exemples", compared=cited, topic="french")

    def _compare(self, archetypes: list[Mention], characteristic: str | None, phrasing: Phrasing) -> Resolution:
        if len(archetypes) > MAX_COMPARED:
            if characteristic:
                return Resolution("row", None, characteristic)
            archetypes = archetypes[:MAX_COMPARED]
        ids = tuple(m.id for m in archetypes)
        verdict = None
        if characteristic and asks_same(phrasing) and asks_yes_no(phrasing):
            # "Y et Z ont-ils la même responsabilité ?": the same cell of the source table
            origins = {self.typology.cell(a, characteristic).origin for a in ids}
            verdict = len(origins) == 1
        return Resolution("compare", ids[0], characteristic, compared=ids, verdict=verdict)

    # -- suggestions -------------------------------------------------------------------------

    def _suggest(self, tokens: list[str], folded: str) -> tuple[Suggestion, ...]:
        candidates = list(dict.fromkeys([folded, *(t for t in tokens if len(t) > 2 and t not in STOPWORDS)]))
        return tuple(Suggestion(archetype=owner_id) if target == "archetype" else Suggestion(characteristic=owner_id)
                     for target, owner_id in self.mentions.suggest(candidates, MAX_SUGGESTIONS))
