"""What `Lookup.resolve` returns: the kind of answer asked for, and what it is about."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bot.core.lookup.search import SearchHit

Kind = Literal["cell", "card", "row", "compare", "example", "about", "search", "help", "quiz", "none"]
Topic = Literal["source", "archetypes", "characteristics", "usage", "typology", "quiz", "french", "place", "uncited"]


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
    topic: Topic | None = None  # kind "about"; kind "example": "french", "place", "uncited" (else one example)
    direct: bool = True  # kind "quiz": typed as a command ("quiz"), not as a sentence
    offer_quiz: bool = False  # kind "search" for a self-description ("on forme les agents"): the quiz tells which
    place: str | None = None  # kind "example", topic "place": the place's id
    name: str = ""  # kind "example", topic "uncited": the name asked about, as typed
