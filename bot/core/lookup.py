"""Free text → what the user asked for: a cell, a card, a row, a search, help, the quiz, or nothing.

Users type the way they talk: French or English, with typos, accents or not, in any order, with
numbers ("objectif 3", "le 4") or with the words of the table itself ("Mazzucato"). The lookup
first finds archetype and characteristic mentions among the query's word n-grams (exact alias,
then fuzzy), then searches the cells' content with whatever words are left. Thresholds were tuned
on `tests/core/queries.tsv`; below them we say "not found" and suggest, never guess.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from rapidfuzz import fuzz, process

from bot.core.knowledge import Typology
from bot.core.text import clean_input, fold

Kind = Literal["cell", "card", "row", "search", "help", "quiz", "none"]

MAX_TOKENS = 24
MAX_SPAN = 4  # the longest alias has four words
MAX_FUZZY_SPAN = 2  # typos in longer names are caught by their key word ("partenaire", "createur")
ALIAS_CUTOFF = 88.0  # fuzz.ratio; "design" vs "codesign" (85.7) must stay apart
SUGGESTION_CUTOFF = 70.0
WORD_CUTOFF = 85.0  # content-word typos: "comportementale" ~ "comportementales"
SEARCH_MIN_SCORE = 0.5
FULL_MATCH = 0.95
SYNONYM_SIMILARITY = 0.9  # a cell holding every word of the query beats an alias inside it
SEARCH_KEEP_RATIO = 0.5  # keep hits scoring at least half the best one
MAX_RESULTS = 5
MAX_SUGGESTIONS = 3

HELP_QUERIES = frozenset({"", "aide", "help", "h", "usage", "commandes", "commands", "menu", "info", "infos", "sos"})
QUIZ_WORDS = ("quiz", "quizz", "questionnaire", "autodiagnostic", "diagnostic", "sondage", "survey")
QUIZ_PHRASES = ("sommes nous", "are we", "suis je", "am i", "ressemble t on", "nous ressemblons",
                "choisir mon", "choisir notre", "choose my", "choose our", "which archetype", "quel archetype")
ANONYMOUS_WORDS = frozenset({"anonyme", "anonymes", "anonymous", "anon", "anonymement", "anonymously", "anonymized"})
LIST_WORDS = frozenset({"archetypes", "typologie", "typology", "liste", "list", "tous", "all", "overview", "sommaire"})
NUMBER_CUES = frozenset({"le", "la", "l", "du", "au", "the", "n", "no", "numero", "number", "archetype", "type",
                         "lab", "labo", "laboratoire", "fiche", "card"})  # "le 4", "archetype 5"; not "les 7 archetypes"
STOPWORDS = frozenset(
    """a à au aux avec c ce ces cet cette d de des du en est et il j l la le les leur leurs m ma mes mon n ne ni
    nos notre ou où par pas pour qu que quel quelle quelles quels quoi s sa se ses son sont sur t ta te tes ton
    un une vos votre y qu est ce cest quest dans comment donne donner moi montre montrer affiche afficher voir
    dis dit the an of for to in on and or is are what which whats about show me tell give please s its their
    what's do does did fait font fais how lab labs labo labos laboratoire laboratoires type types archetype archetypes profil
    profile fiche card carte vs versus compare comparer comparaison comparison tableau table typologie typology
    numero number no nr role roles utilise utilisent use uses using""".split()
)
NUMBER_WORDS = {
    **{str(n): n for n in range(1, 8)},
    "1er": 1, "1ere": 1, "premier": 1, "premiere": 1, "first": 1, "1st": 1,
    "2e": 2, "2eme": 2, "deux": 2, "deuxieme": 2, "second": 2, "two": 2, "2nd": 2,
    "3e": 3, "3eme": 3, "trois": 3, "troisieme": 3, "three": 3, "third": 3, "3rd": 3,
    "4e": 4, "4eme": 4, "quatre": 4, "quatrieme": 4, "four": 4, "fourth": 4, "4th": 4,
    "5e": 5, "5eme": 5, "cinq": 5, "cinquieme": 5, "five": 5, "fifth": 5, "5th": 5,
    "6e": 6, "6eme": 6, "six": 6, "sixieme": 6, "sixth": 6, "6th": 6,
    "7e": 7, "7eme": 7, "sept": 7, "septieme": 7, "seven": 7, "seventh": 7, "7th": 7,
}


@dataclass(frozen=True)
class SearchHit:
    archetype: str
    characteristic: str
    score: float


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
    also: tuple[str, ...] = ()  # other archetypes the query names ("solutionneur ou plateforme ?")
    anonymous: bool = False  # "quiz anonyme": the team profile shows no names


@dataclass(frozen=True)
class _Mention:
    start: int
    end: int
    target: str  # "archetype" | "characteristic"
    id: str
    score: float


class _FuzzyIndex:
    """`fuzz.ratio` matching against a fixed word list, comparing only words whose length can
    reach the cutoff at all (ratio <= 2·min/(len1+len2)): a few times fewer comparisons."""

    def __init__(self, words: list[str], cutoff: float) -> None:
        self.cutoff = cutoff
        keep = cutoff / (200 - cutoff)  # the shortest/longest length ratio that can still match
        self._by_length: dict[int, list[str]] = {}
        longest = max(map(len, words))
        for size in range(1, int(longest / keep) + 2):
            self._by_length[size] = [w for w in words if keep * size <= len(w) <= size / keep]

    def matches(self, text: str, limit: int = 1) -> list[tuple[str, float]]:
        choices = self._by_length.get(len(text))
        if not choices:
            return []
        if limit == 1:
            found = process.extractOne(text, choices, scorer=fuzz.ratio, score_cutoff=self.cutoff)
            return [found[:2]] if found else []
        found = process.extract(text, choices, scorer=fuzz.ratio, score_cutoff=self.cutoff, limit=limit)
        return [(word, score) for word, score, _ in found]


class Lookup:
    """Built once per process from the typology; `resolve` is then pure and fast."""

    def __init__(self, typology: Typology) -> None:
        self.typology = typology
        self._alias_owner: dict[str, tuple[str, str]] = {}
        for archetype in typology.archetypes:
            for alias in (archetype.id, *archetype.aliases, archetype.name.fr, archetype.name.en):
                self._alias_owner.setdefault(fold(alias), ("archetype", archetype.id))
        for characteristic in typology.characteristics:
            for alias in (characteristic.id, *characteristic.aliases, characteristic.name.fr, characteristic.name.en):
                self._alias_owner.setdefault(fold(alias), ("characteristic", characteristic.id))
        self._aliases = list(self._alias_owner)
        self._alias_index = _FuzzyIndex(self._aliases, ALIAS_CUTOFF)
        self._suggestion_index = _FuzzyIndex(self._aliases, SUGGESTION_CUTOFF)
        self._by_number = {a.number: a.id for a in typology.archetypes}
        self._table_order = {(a.id, c.id): (a.number, i) for a in typology.archetypes
                             for i, c in enumerate(typology.characteristics)}  # ties are ranked in table order
        self._build_search_index()

    # -- search index -------------------------------------------------------------------------

    def _build_search_index(self) -> None:
        """Index each distinct cell (a merged cell once, under the archetype that owns its text)."""
        postings: dict[str, set[tuple[str, str]]] = {}
        owned = [c for c in self.typology.cells.values() if c.origin == c.archetype]
        synonym_targets = {word for targets in self.typology.synonyms.values() for word in targets}  # "FR" too
        for cell in owned:
            for word in set(fold(f"{cell.text.fr} {cell.text.en}").split()):
                if _is_content_word(word) or word in synonym_targets:
                    postings.setdefault(word, set()).add((cell.archetype, cell.characteristic))
        total = len(owned)
        self._postings = postings
        self._idf = {word: math.log(1 + total / len(cells)) for word, cells in postings.items()}
        self._rarest = max(self._idf.values())  # the weight of a query word found nowhere
        self._word_index = _FuzzyIndex(list(postings), WORD_CUTOFF)
        self._prefixes: dict[str, set[str]] = {}
        self._singulars: dict[str, set[str]] = {}
        for word in postings:
            self._singulars.setdefault(_singular(word), set()).add(word)
            for size in range(4, len(word)):
                self._prefixes.setdefault(word[:size], set()).add(word)

    # -- public ------------------------------------------------------------------------------

    def resolve(self, query: str) -> Resolution:
        folded = fold(clean_input(query))
        if folded in HELP_QUERIES:
            return Resolution("help")
        tokens = folded.split()[:MAX_TOKENS]
        if self._asks_for_quiz(tokens, folded):
            return Resolution("quiz", anonymous=bool(ANONYMOUS_WORDS & set(tokens)))

        mentions = self._mentions(tokens)
        archetype = _best(mentions, "archetype")
        taken = set(range(archetype.start, archetype.end)) if archetype else set()
        characteristic = _best([m for m in mentions if not taken & set(range(m.start, m.end))], "characteristic")
        if characteristic:
            taken |= set(range(characteristic.start, characteristic.end))

        others = tuple(dict.fromkeys(m.id for m in mentions if m.target == "archetype" and archetype
                                     and m.id != archetype.id and not taken & set(range(m.start, m.end))))
        if archetype and characteristic:
            if others:  # "methods of the learner and the ecosystem creator": compare them all
                return Resolution("row", None, characteristic.id)
            return Resolution("cell", archetype.id, characteristic.id)
        leftovers = [t for i, t in enumerate(tokens) if i not in taken and _is_content_word(t)]
        if archetype:
            # "Riposte Créative" names a network in a cell, not the Plateforme créative.
            hits = self._search([t for t in tokens if _is_content_word(t)]) if leftovers else ()
            if hits and hits[0].score >= FULL_MATCH:
                return Resolution("search", results=hits)
            return Resolution("card", archetype.id, also=others)
        if characteristic:
            hits = self._search(leftovers, characteristic.id) if leftovers else ()
            if hits:
                return Resolution("search", None, characteristic.id, hits)
            return Resolution("row", None, characteristic.id)
        hits = self._search(leftovers)
        if hits:
            return Resolution("search", results=hits)
        if LIST_WORDS & set(tokens) and LIST_WORDS.issuperset(leftovers):  # "les 7 archétypes", "liste des archétypes"
            return Resolution("help")
        return Resolution("none", suggestions=self._suggest(tokens, folded))

    # -- mentions ------------------------------------------------------------------------------

    def _asks_for_quiz(self, tokens: list[str], folded: str) -> bool:
        padded = f" {folded} "  # whole words: "program impact" holds "am i" but asks no quiz
        if any(t in QUIZ_WORDS for t in tokens) or any(f" {p} " in padded for p in QUIZ_PHRASES):
            return True
        first = tokens[0]
        return len(first) > 3 and any(fuzz.ratio(first, word, score_cutoff=ALIAS_CUTOFF) for word in QUIZ_WORDS)

    def _names_characteristic(self, tokens: list[str]) -> bool:
        """Whether a characteristic is named exactly: then a bare number is an archetype ("objectif 3")."""
        return any(self._alias_owner.get(t, ("",))[0] == "characteristic" for t in tokens)

    def _mentions(self, tokens: list[str]) -> list[_Mention]:
        mentions = []
        names_characteristic = None
        for start, token in enumerate(tokens):
            number = _number(token)
            if number and not (start + 1 < len(tokens) and tokens[start + 1] in LIST_WORDS):  # not "the 7 archetypes"
                if names_characteristic is None:
                    names_characteristic = self._names_characteristic(tokens)
                cued = len(tokens) == 1 or (start and tokens[start - 1] in NUMBER_CUES) or names_characteristic
                number = number if cued else None
            else:
                number = None
            if number:
                mentions.append(_Mention(start, start + 1, "archetype", self._by_number[number], 100.0))
            for end in range(start + 1, min(len(tokens), start + MAX_SPAN) + 1):
                if tokens[start] in STOPWORDS or tokens[end - 1] in STOPWORDS:
                    continue
                span = " ".join(tokens[start:end])
                owner = self._alias_owner.get(span)
                score = 100.0
                if owner is None and len(span) > 4 and end - start <= MAX_FUZZY_SPAN:
                    for alias, score in self._alias_index.matches(span):
                        owner = self._alias_owner[alias]
                if owner:
                    mentions.append(_Mention(start, end, owner[0], owner[1], score))
        return mentions

    # -- search --------------------------------------------------------------------------------

    def _word_matches(self, token: str) -> dict[str, float]:
        """Vocabulary words a query word stands for, with a similarity in 0..1."""
        if token in self._postings:
            return {token: 1.0}
        if token in self.typology.synonyms:
            return {word: SYNONYM_SIMILARITY for word in self.typology.synonyms[token] if word in self._postings}
        matches = {word: 0.9 for word in self._prefixes.get(token, ())} if len(token) >= 4 else {}
        matches.update((word, 0.95) for word in self._singulars.get(_singular(token), ()))
        if len(token) >= 5:
            for word, score in self._word_index.matches(token, limit=3):
                matches[word] = max(matches.get(word, 0.0), score / 100)
        return matches

    def _search(self, words: list[str], characteristic: str | None = None) -> tuple[SearchHit, ...]:
        """Rank cells by the idf-weighted share of the query words they contain."""
        if not words:
            return ()
        scores: dict[tuple[str, str], float] = {}
        total = 0.0
        rarest = self._rarest
        for token in dict.fromkeys(words):
            matches = self._word_matches(token)
            weight = max((self._idf[w] for w in matches), default=rarest)
            total += weight
            best: dict[tuple[str, str], float] = {}
            for word, similarity in matches.items():
                for cell in self._postings[word]:
                    if characteristic is None or cell[1] == characteristic:
                        best[cell] = max(best.get(cell, 0.0), self._idf[word] * similarity)
            for cell, value in best.items():
                scores[cell] = scores.get(cell, 0.0) + value
        if not scores:
            return ()
        ranked = sorted(((s / total, cell) for cell, s in scores.items()), key=lambda item: (-item[0], self._table_order[item[1]]))
        top = ranked[0][0]
        if top < SEARCH_MIN_SCORE:
            return ()
        return tuple(
            SearchHit(cell[0], cell[1], round(min(score, 1.0), 3))
            for score, cell in ranked[:MAX_RESULTS]
            if score >= top * SEARCH_KEEP_RATIO
        )

    # -- suggestions -------------------------------------------------------------------------

    def _suggest(self, tokens: list[str], folded: str) -> tuple[Suggestion, ...]:
        """Up to three near misses, best first, for a "did you mean" line."""
        scored: dict[tuple[str, str], float] = {}
        candidates = dict.fromkeys([folded, *(t for t in tokens if len(t) > 2 and t not in STOPWORDS)])
        for candidate in candidates:
            for alias, score in self._suggestion_index.matches(candidate, limit=3):
                owner = self._alias_owner[alias]
                scored[owner] = max(scored.get(owner, 0.0), score)
        best = sorted(scored.items(), key=lambda item: -item[1])[:MAX_SUGGESTIONS]
        return tuple(
            Suggestion(archetype=owner_id) if target == "archetype" else Suggestion(characteristic=owner_id)
            for (target, owner_id), _ in best
        )


def _best(mentions: list[_Mention], target: str) -> _Mention | None:
    """The strongest mention of a target: highest score, then the first said, then the longest
    span starting there ("systemic co designer" over "systemic")."""
    candidates = [m for m in mentions if m.target == target]
    return min(candidates, key=lambda m: (-m.score, m.start, -(m.end - m.start)), default=None)


def _number(token: str) -> int | None:
    """1-7 from '4', '4e', 'quatre', 'fourth', or 'n4' / 'no4' (what 'n°4' folds to)."""
    if token in NUMBER_WORDS:
        return NUMBER_WORDS[token]
    for prefix in ("no", "n"):
        if token.startswith(prefix) and token[len(prefix):].isdigit():
            return NUMBER_WORDS.get(token[len(prefix):])
    return None


def _singular(word: str) -> str:
    return word[:-1] if len(word) > 3 and word[-1] in "sx" else word


def _is_content_word(word: str) -> bool:
    return word not in STOPWORDS and (len(word) >= 3 or word.isdigit() and len(word) == 4)


