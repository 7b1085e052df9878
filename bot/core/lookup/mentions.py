"""Where a question names an archetype, a characteristic or an example of the table.

Mentions are found among the query's word spans: an exact alias first, then a fuzzy one for
spans of one or two words (typos in longer names are caught by their key word), and numbers
when something cues them ("le 4", "objectif 3"; not "les 7 archétypes").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bot.core.knowledge import Typology
from bot.core.lookup.fuzzy import FuzzyIndex
from bot.core.lookup.vocabulary import COUNTED_WORDS, NUMBER_CUES, NUMBER_WORDS, STOPWORDS
from bot.core.text import fold

Target = Literal["archetype", "characteristic", "example", "place"]
MAX_SPAN = 7  # the longest alias ("la fabrica ville de renca au chili") has seven words
MAX_FUZZY_SPAN = 2
ALIAS_CUTOFF = 88.0  # fuzz.ratio; "design" vs "codesign" (85.7) must stay apart
SUGGESTION_CUTOFF = 75.0  # "solutionairre" ~ Solutionneur; "meteo" must not suggest Méthodes
MIN_FUZZY_CHARS = 5


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    target: Target
    id: str
    score: float
    named: bool = True  # by an archetype's own name or a phrase, not a word like "co-design", "mission", "systémique"

    @property
    def span(self) -> set[int]:
        return set(range(self.start, self.end))


class MentionFinder:
    def __init__(self, typology: Typology) -> None:
        self.alias_owner: dict[str, tuple[Target, str]] = {}
        self._names: set[str] = set()
        for example in typology.examples:
            for alias in example.aliases:
                self.alias_owner.setdefault(fold(alias), ("example", example.id))
        for place in typology.places:
            for alias in place.aliases:
                self.alias_owner.setdefault(fold(alias), ("place", place.id))
        for archetype in typology.archetypes:
            self._names.update(fold(n) for n in (archetype.name.fr, archetype.name.en, archetype.id))
            for alias in (archetype.id, *archetype.aliases, archetype.name.fr, archetype.name.en):
                self.alias_owner.setdefault(fold(alias), ("archetype", archetype.id))
        for characteristic in typology.characteristics:
            for alias in (characteristic.id, *characteristic.aliases, characteristic.name.fr, characteristic.name.en):
                self.alias_owner.setdefault(fold(alias), ("characteristic", characteristic.id))
        self._cell_text = " | ".join(f" {fold(c.text.fr)} | {fold(c.text.en)} " for c in typology.cells.values())
        aliases = list(self.alias_owner)
        self._fuzzy = FuzzyIndex([a for a in aliases if self.alias_owner[a][0] in ("archetype", "characteristic")
                                  or len(a) >= 6], ALIAS_CUTOFF)
        self._suggestions = FuzzyIndex([a for a in aliases if self.alias_owner[a][0] in ("archetype", "characteristic")],
                                       SUGGESTION_CUTOFF)
        self._by_number = {a.number: a.id for a in typology.archetypes}

    def find(self, tokens: list[str]) -> list[Mention]:
        mentions = self._numbers(tokens)
        for start in range(len(tokens)):
            for end in range(start + 1, min(len(tokens), start + MAX_SPAN) + 1):
                span = " ".join(tokens[start:end])
                owner = self.alias_owner.get(span)  # exact: "La Fabrica", "Vancouver Solutions Lab" too
                score = 100.0
                if owner is None and (tokens[start] in STOPWORDS or tokens[end - 1] in STOPWORDS):
                    continue
                if owner is None and len(span) >= MIN_FUZZY_CHARS and end - start <= MAX_FUZZY_SPAN:
                    for alias, score in self._fuzzy.matches(span):
                        owner = self.alias_owner[alias]
                        span = alias
                if owner:
                    named = owner[0] != "archetype" or span in self._names or (
                        " " in span and f" {span} " not in self._cell_text)
                    mentions.append(Mention(start, end, owner[0], owner[1], score, named))
        return mentions

    def _numbers(self, tokens: list[str]) -> list[Mention]:
        """Archetype numbers, when something cues them: "le 4", "objectif 3", "compare 4 and 5"."""
        numbers = {start: number for start, token in enumerate(tokens) if (number := _number(token))
                   and not (start + 1 < len(tokens) and tokens[start + 1] in COUNTED_WORDS)}  # not "the 7 archetypes"
        if not numbers:
            return []
        cued = len(tokens) == 1 or any(start and tokens[start - 1] in NUMBER_CUES for start in numbers) or any(
            self.alias_owner.get(t, ("",))[0] == "characteristic" for t in tokens)
        return [Mention(start, start + 1, "archetype", self._by_number[number], 100.0)
                for start, number in numbers.items()] if cued else []

    def suggest(self, candidates: list[str], limit: int) -> list[tuple[Target, str]]:
        """Near misses, best first, for a "did you mean" line."""
        scored: dict[tuple[Target, str], float] = {}
        for candidate in candidates:
            for alias, score in self._suggestions.matches(candidate, limit=3):
                owner = self.alias_owner[alias]
                scored[owner] = max(scored.get(owner, 0.0), score)
        return [owner for owner, _ in sorted(scored.items(), key=lambda item: -item[1])[:limit]]


def best(mentions: list[Mention], target: Target, taken: set[int] = frozenset()) -> Mention | None:
    """The strongest mention of a target outside `taken`: highest score, then the first said,
    then the longest span starting there ("systemic co designer" over "systemic")."""
    candidates = [m for m in mentions if m.target == target and not taken & m.span]
    return min(candidates, key=lambda m: (-m.score, m.start, -(m.end - m.start)), default=None)


def distinct(mentions: list[Mention], target: Target, taken: set[int] = frozenset()) -> list[Mention]:
    """Non-overlapping mentions of a target (exact before fuzzy, then the longest where they
    overlap), in the order said; one per id."""
    chosen: list[Mention] = []
    used = set(taken)
    for mention in sorted((m for m in mentions if m.target == target), key=lambda m: (-m.score, -(m.end - m.start), m.start)):
        if not used & mention.span:
            chosen.append(mention)
            used |= mention.span
    ordered = sorted(chosen, key=lambda m: m.start)
    seen: set[str] = set()
    return [m for m in ordered if not (m.id in seen or seen.add(m.id))]


def _number(token: str) -> int | None:
    """1-7 from '4', '4e', 'quatre', 'fourth', or 'n4' / 'no4' (what 'n°4' folds to)."""
    if token in NUMBER_WORDS:
        return NUMBER_WORDS[token]
    for prefix in ("no", "n"):
        if token.startswith(prefix) and token[len(prefix):].isdigit():
            return NUMBER_WORDS.get(token[len(prefix):])
    return None
