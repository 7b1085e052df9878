"""Content search: which cells hold the words of a question.

Words are reduced to their Snowball stems (French for the French text, English for ours), so
"travaillant" finds "travaille" and "behavioural science" finds "behavioural sciences"; each
stem is weighted by its inverse document frequency over the table's cells, so the words that
tell cells apart steer the ranking. Typos reach a vocabulary word by `fuzz.ratio`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import Stemmer

from bot.core.knowledge import Typology
from bot.core.lookup.fuzzy import FuzzyIndex
from bot.core.lookup.vocabulary import COMPOUND_PREFIXES, GENERIC_WORDS, STOPWORDS
from bot.core.text import fold

WORD_CUTOFF = 85.0  # content-word typos: "comportementale" ~ "comportementales"
SEARCH_MIN_SCORE = 0.5
SYNONYM_SIMILARITY = 0.9  # a cell holding every word of the query beats an alias inside it
STEM_SIMILARITY = 0.95  # the same stem, another form of the word
NAME_WEIGHT = 0.8  # a word of an example's name ("Auckland Co-design Lab") says less about a cell than its content
PART_WEIGHT = 0.8  # "directions" inside "inter-directions": the cell says it, as part of a compound
PREFIX_SIMILARITY = 0.85  # "experiments" ~ "experimentation", "transversaux" ~ "transversalité"
PREFIX_MIN = 8  # characters a query word must share with a table word at the start…
PREFIX_TAIL = 2  # …leaving at most this many of its own ("transformatuer" is a typo of the name, not a form)
SEARCH_KEEP_RATIO = 0.5  # keep hits scoring at least half the best one
MAX_RESULTS = 5
STEM_CACHE = 4096
MIN_STEM_KEY = 4  # a synonym is also found by its stem, if long enough ("données" → "don" would catch "donnez")

_FRENCH = Stemmer.Stemmer("french")
_ENGLISH = Stemmer.Stemmer("english")


@lru_cache(maxsize=STEM_CACHE)
def stems(word: str) -> tuple[str, str]:
    """The word's French and English stems, tagged so the two vocabularies never mix."""
    return "fr:" + _FRENCH.stemWord(word), "en:" + _ENGLISH.stemWord(word)


def is_content_word(word: str) -> bool:
    return word not in STOPWORDS and word not in GENERIC_WORDS and (len(word) >= 3 or word.isdigit() and len(word) == 4)


def content_words(tokens: list[str]) -> list[str]:
    """The words worth searching for, prefixes joined to their word ("co design" → "codesign";
    not "we re a network", where "re" is no prefix of "a")."""
    joined: list[str] = []
    for token in tokens:
        if joined and joined[-1] in COMPOUND_PREFIXES and len(token) >= 3 and token not in STOPWORDS:
            joined[-1] += token
        else:
            joined.append(token)
    return [w for w in joined if is_content_word(w)]


def compound_parts(tokens: list[str]) -> set[str]:
    """The words that follow a prefix ("directions" in "inter directions"): the cell says them too."""
    return {token for prefix, token in zip(tokens, tokens[1:]) if prefix in COMPOUND_PREFIXES and is_content_word(token)}


def _common_prefix(a: str, b: str) -> int:
    size = 0
    for x, y in zip(a, b):
        if x != y:
            break
        size += 1
    return size


@dataclass(frozen=True)
class SearchHit:
    archetype: str
    characteristic: str
    score: float


class ContentIndex:
    """Stem → cells, built once from the typology (a merged cell once, under the archetype whose
    column holds the text)."""

    def __init__(self, typology: Typology) -> None:
        self.typology = typology
        self._table_order = {(a.id, c.id): (a.number, i) for a in typology.archetypes
                             for i, c in enumerate(typology.characteristics)}  # ties are ranked in table order
        postings: dict[str, set[tuple[str, str]]] = {}
        self._word_stems: dict[str, set[str]] = {}  # a vocabulary word → its stems present in the index
        owned = [c for c in typology.cells.values() if c.origin == c.archetype]
        self._columns = {a.id: {(typology.cell(a.id, c.id).origin, c.id) for c in typology.characteristics}
                         for a in typology.archetypes}  # an archetype's cells, a shared one under its owner
        name_words = {w for e in typology.examples for w in content_words(fold(e.name).split())}
        self._in_names: set[tuple[str, tuple[str, str]]] = set()  # (stem, cell) where the word is part of a name
        self._parts: set[tuple[str, tuple[str, str]]] = set()  # (stem, cell) where the word is part of a compound
        synonym_targets = {word for targets in typology.synonyms.values() for word in targets}  # "FR" too
        for cell in owned:
            key = (cell.archetype, cell.characteristic)
            for lang, text in (("fr", cell.text.fr), ("en", cell.text.en)):
                folded = fold(text).split()
                whole = set(content_words(folded)) | (synonym_targets & set(folded))
                for word in whole | compound_parts(folded):
                    if is_content_word(word) or word in synonym_targets:
                        stem = stems(word)[0 if lang == "fr" else 1]
                        if key in postings.get(stem, ()) and (stem, key) not in self._parts:
                            continue
                        postings.setdefault(stem, set()).add(key)
                        if word not in whole:
                            self._parts.add((stem, key))
                        else:
                            self._parts.discard((stem, key))
                        if cell.characteristic == "exemples" and word in name_words:
                            self._in_names.add((stem, key))
                        self._word_stems.setdefault(word, set()).add(stem)
        self._postings = postings
        # Synonyms are looked up by the word and by its stems ("climatique" finds "climat"'s).
        self._synonyms: dict[str, set[str]] = {}
        for word, targets in typology.synonyms.items():
            for key in (word, *(s for s in stems(word) if len(s) >= 3 + MIN_STEM_KEY)):
                self._synonyms.setdefault(key, set()).update(targets)
        self._by_prefix: dict[str, list[str]] = {}
        for word in self._word_stems:
            if len(word) >= PREFIX_MIN:
                self._by_prefix.setdefault(word[:PREFIX_MIN], []).append(word)
        self._idf = {stem: math.log(1 + len(owned) / len(cells)) for stem, cells in postings.items()}
        self._rarest = max(self._idf.values())  # the weight of a query word found nowhere
        self._word_index = FuzzyIndex(list(self._word_stems), WORD_CUTOFF)

    def knows(self, word: str) -> bool:
        return bool(self._matches(word))

    def _matches(self, token: str) -> dict[str, float]:
        """Index stems a query word stands for, with a similarity in 0..1: the word itself, its
        synonyms (which add to it: "agents" are also the "individus" whose capacities grow),
        another form of it, a word sharing its start, a typo of it."""
        matches: dict[str, float] = {}
        targets = set().union(*(self._synonyms.get(key, ()) for key in (token, *stems(token))))
        for word in targets:
            for stem in self._word_stems.get(word, ()):
                matches[stem] = SYNONYM_SIMILARITY
        if token in self._word_stems:
            matches.update(dict.fromkeys(self._word_stems[token], 1.0))
            return matches
        forms = (token, token[:-1]) if len(token) > 3 and token[-1] in "sx" else (token,)  # "élus" ~ "élu.es"
        for stem in (stem for form in forms for stem in stems(form) if stem in self._postings):
            matches[stem] = max(matches.get(stem, 0.0), STEM_SIMILARITY)
        if len(token) >= PREFIX_MIN:
            for word in self._by_prefix.get(token[:PREFIX_MIN], ()):
                if len(token) - _common_prefix(word, token) <= PREFIX_TAIL:
                    for stem in self._word_stems[word]:
                        matches[stem] = max(matches.get(stem, 0.0), PREFIX_SIMILARITY)
        if len(token) >= 5:
            for word, score in self._word_index.matches(token, limit=3):
                for stem in self._word_stems[word]:
                    matches[stem] = max(matches.get(stem, 0.0), score / 100)
        return matches

    def search(self, tokens: list[str], characteristic: str | None = None, archetype: str | None = None,
               min_score: float = SEARCH_MIN_SCORE, unknown_weight: float = 1.0, by_archetype: bool = False,
               ) -> tuple[SearchHit, ...]:
        """Rank cells (of one characteristic, or of one archetype's column, if given) by the
        idf-weighted share of the query's content words they contain. A word the table does not
        know weighs as the rarest one, times `unknown_weight` (less for a self-description, told
        in the asker's own words). `by_archetype`: the archetype whose cells echo the most words
        first (a self-description spreads over a column: "co-designing … with residents")."""
        words = content_words(tokens)
        if not words:
            return ()
        scores: dict[tuple[str, str], float] = {}
        total = 0.0
        column = self._columns[archetype] if archetype else None
        for token in dict.fromkeys(words):
            matches = self._matches(token)
            weight = max((self._idf[s] for s in matches), default=self._rarest * unknown_weight)
            total += weight
            best: dict[tuple[str, str], float] = {}
            for stem, similarity in matches.items():
                for cell in self._postings[stem]:
                    if (characteristic is None or cell[1] == characteristic) and (column is None or cell in column):
                        weight = NAME_WEIGHT if (stem, cell) in self._in_names else PART_WEIGHT if (stem, cell) in self._parts else 1.0
                        best[cell] = max(best.get(cell, 0.0), self._idf[stem] * similarity * weight)
            for cell, value in best.items():
                scores[cell] = scores.get(cell, 0.0) + value
        if not scores:
            return ()
        ranked = sorted(((s / total, cell) for cell, s in scores.items()),
                        key=lambda item: (-item[0], self._table_order[item[1]]))
        top = ranked[0][0]
        if top < min_score:
            return ()
        if by_archetype:
            columns: dict[str, float] = {}
            for score, cell in ranked:
                columns[cell[0]] = columns.get(cell[0], 0.0) + score
            ranked = [item for item in ranked if item[0] >= top * SEARCH_KEEP_RATIO]
            ranked.sort(key=lambda item: (-columns[item[1][0]], -item[0], self._table_order[item[1]]))
        return tuple(SearchHit(cell[0], cell[1], round(min(score, 1.0), 3))
                     for score, cell in ranked[:MAX_RESULTS] if score >= top * SEARCH_KEEP_RATIO)
