"""A query read once, for every intent handler to share: its words, then (each worked out the
first time a handler asks, so that a help request or a quiz request costs no mention search)
what it names and the characteristic it asks about."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, NamedTuple, TypeVar

from bot.core.knowledge import Typology
from bot.core.lookup.intents import Phrasing, asks_which_archetype, asks_yes_no, characteristic_cue, quiz_intent, read_tokens
from bot.core.lookup.mentions import Mention, MentionFinder, best, distinct
from bot.core.lookup.search import ContentIndex
from bot.core.lookup.vocabulary import ABOUT_SUBJECTS, GENERIC_WORDS, MEANING, WHO_FIRST
from bot.core.text import clean_input, fold


MAX_TOKENS = 64  # a rambling message asks its question at the end; 300 characters hold ~60 words

T = TypeVar("T")


class once(Generic[T]):  # lower case: used as a decorator, like functools.cached_property
    """A property worked out on first use, then set on the instance, whose attribute then shadows
    it: functools.cached_property without the lock it takes on Python 3.11 (a microsecond a use)."""

    def __init__(self, func: Callable[[Any], T]) -> None:
        self.func = func

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, instance: Any, owner: type | None = None) -> T:
        if instance is None:
            return self  # type: ignore[return-value]  # read on the class: the descriptor itself
        value = self.func(instance)
        setattr(instance, self.name, value)
        return value


class Names(NamedTuple):
    """What a question names: examples, archetypes, a characteristic, and the positions they take."""

    examples: list[Mention]
    archetypes: list[Mention]
    named: list[Mention]  # archetypes named as such, read before any example was set aside as context
    characteristic: Mention | None
    taken: set[int]  # the examples' and the archetypes' positions


class Asked(NamedTuple):
    """The characteristic a question asks about (named, or cued by its question words) and whether
    it asks which archetype."""

    characteristic: Mention | None
    characteristic_id: str | None
    which: bool
    taken: set[int]  # the names' positions and the characteristic's


@dataclass
class Question:
    """The query as every handler needs it, with the indexes it is read against. Read-only by
    convention, not frozen: a frozen one takes ~2 µs more to build, over 1 % of a resolution."""

    shown: str  # cleaned, as typed
    folded: str
    tokens: list[str]
    phrasing: Phrasing
    typology: Typology
    finder: MentionFinder
    content: ContentIndex

    @classmethod
    def read(cls, query: str, typology: Typology, finder: MentionFinder, content: ContentIndex) -> Question:
        shown = clean_input(query)
        folded = fold(shown)
        tokens = read_tokens(folded, MAX_TOKENS)
        return cls(shown, folded, tokens, Phrasing(tuple(tokens)), typology, finder, content)

    @once
    def quiz(self) -> str | None:
        """quiz_intent: "request", "question" or None."""
        return quiz_intent(self.phrasing)

    @once
    def mentions(self) -> list[Mention]:
        return self.finder.find(self.tokens)

    @once
    def names(self) -> Names:
        tokens, mentions = self.tokens, self.mentions
        examples = [m for m in distinct(mentions, "example") if not self._names_the_publisher(m)]
        taken = set().union(*(m.span for m in examples))
        archetypes = distinct(mentions, "archetype", taken)
        named = [m for m in archetypes if m.named]
        characteristic = best([m for m in mentions if not (m.end - m.start == 1 and tokens[m.start] in GENERIC_WORDS)],
                              "characteristic", taken | set().union(*(m.span for m in archetypes)))
        # "quel archétype pratique…" is not about "pratiques"
        if examples and characteristic and characteristic.id != "exemples" and (
                len(named) >= 2 or named and not asks_yes_no(self.phrasing)):
            # "a city innovation team: the methods of the learner and the platform?": the example is context
            examples, taken = [], set()
            archetypes = distinct(mentions, "archetype")
        taken |= set().union(*(m.span for m in archetypes))
        return Names(examples, archetypes, named, characteristic, taken)

    @once
    def places(self) -> list[Mention]:
        return distinct(self.mentions, "place", self.names.taken)

    @property
    def meaning(self) -> bool:
        """"que veut dire…", "what does … mean"."""
        return self.phrasing.has(MEANING)

    @once
    def asked(self) -> Asked:
        tokens, archetypes = self.tokens, self.names.archetypes
        which = asks_which_archetype(self.phrasing) and not self.names.named
        characteristic, taken = self.names.characteristic, set(self.names.taken)
        if characteristic:
            taken |= characteristic.span
        elif not self.meaning and (cue := characteristic_cue(self.phrasing, weak=len(archetypes) == 1 and not (
                which and tokens[0] in WHO_FIRST))):  # "qui fait de la pensée systémique ?": not who decides
            if not taken & cue[1]:
                characteristic = Mention(min(cue[1]), max(cue[1]) + 1, "characteristic", cue[0], 100.0)
                taken |= cue[1]
                if which and tokens[0] in WHO_FIRST and 0 in cue[1] and archetypes:
                    which = False  # "qui est aux manettes dans un labo mission ?": who decides there
        return Asked(characteristic, characteristic.id if characteristic else None, which, taken)

    @once
    def leftovers(self) -> list[str]:
        """The words that neither name something nor ask for a characteristic."""
        return [t for i, t in enumerate(self.tokens) if i not in self.asked.taken]

    def _names_the_publisher(self, mention: Mention) -> bool:
        """"le tableau de la 27e Région": the table's publisher, not the example it also is."""
        example = self.typology.example(mention.id)
        return fold(example.name) == fold(self.typology.source.publisher) and any(
            t in ABOUT_SUBJECTS for t in self.tokens[max(0, mention.start - 3):mention.start])
