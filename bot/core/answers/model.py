"""The platform-neutral answer: what to say, not how a platform draws it.

The terminal, Slack and Matrix renderers each turn an `Answer` into text, Block Kit or HTML.
`Answer.to_json` is the `labtype ask --json` contract (v2: `archetypes`, `example`, `verdict`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bot.core.lookup import Kind, SearchHit

MAX_FOLLOW_UPS = 3
ActionKind = Literal["cell", "card", "row", "compare", "share", "quiz", "answer", "back", "join", "close", "tomorrow", "report"]
AnswerKind = Literal[Kind, "quiz_question", "quiz_result", "team_profile"]


@dataclass(frozen=True)
class Field:
    label: str
    text: str
    note: str = ""
    preformatted: bool = False  # a bar chart: keep it in a monospace block


@dataclass(frozen=True)
class Action:
    """A follow-up a front end offers as a button or a hint. `query` re-asks it; `option` is
    the 0-based option of a quiz answer."""

    kind: ActionKind
    label: str
    archetype: str | None = None
    characteristic: str | None = None
    option: int | None = None
    compared: tuple[str, ...] = ()  # kind "compare": the archetypes side by side
    anonymous: bool = False  # kind "quiz": start an anonymous team quiz

    @property
    def query(self) -> str:
        parts = (self.characteristic, *(self.compared or (self.archetype,)))
        return " ".join(part for part in parts if part) or self.kind


@dataclass(frozen=True)
class ComparisonRow:
    """One characteristic across the compared archetypes. `shared`: the source table has one
    merged cell for all of them; `differs`: their texts are not the same."""

    label: str
    cells: tuple[str, ...]
    shared: bool
    differs: bool


@dataclass(frozen=True)
class Comparison:
    """Two or three archetypes side by side: `columns` are their labels; rows that differ come first."""

    columns: tuple[str, ...]
    rows: tuple[ComparisonRow, ...]


@dataclass(frozen=True)
class Answer:
    query: str
    lang: str
    kind: AnswerKind
    title: str
    intro: str
    fields: tuple[Field, ...]
    source: str
    actions: tuple[Action, ...]
    archetype: str | None = None
    characteristic: str | None = None
    results: tuple[SearchHit, ...] = ()
    suggestions: tuple[str, ...] = ()
    anonymous: bool = False  # kind "quiz": the starter asked for a team profile without names
    archetypes: tuple[str, ...] = ()  # the ids the answer is about, in a meaningful order
    example: str | None = None  # kind "example": the example's name as the table writes it
    verdict: bool | None = None  # the answer to a yes/no question
    comparison: Comparison | None = None  # kind "compare": the columns to draw
    confirm_first: bool = False  # kind "quiz" typed as a sentence: ask before starting a team quiz

    @property
    def text(self) -> str:
        """The answer as plain text; for a cell, exactly the cell's text."""
        if self.kind == "cell":
            return self.fields[0].text
        lines = [self.title] + ([self.intro] if self.intro else [])
        lines += [f"{f.label} : {f.text}" if self.lang == "fr" else f"{f.label}: {f.text}" for f in self.fields]
        return "\n".join(lines)

    def follow_ups(self) -> tuple[Action, ...]:
        """The related queries worth hinting at in a text reply (at most three); not a search's
        hits or help's archetype list, which would only repeat the answer; the quiz where an
        answer offers it (a self-description, a lab the table does not cite)."""
        if self.kind == "help":
            return ()
        offered = ("quiz",) if self.kind == "search" else ("quiz", "cell", "card", "row", "compare")
        return tuple(a for a in self.actions if a.kind in offered)[:MAX_FOLLOW_UPS]

    def to_json(self) -> dict:
        """The contract v2 (README, "labtype ask for other tools"); v1's fields keep their meaning."""
        return {
            "query": self.query,
            "kind": self.kind,
            "archetype": self.archetype,
            "archetypes": list(self.archetypes),
            "characteristic": self.characteristic,
            "example": self.example,
            "verdict": self.verdict,
            "text": self.text,
            "results": [{"archetype": h.archetype, "characteristic": h.characteristic, "score": h.score} for h in self.results],
            "suggestions": list(self.suggestions),
        }


