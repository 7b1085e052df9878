"""Reads tests/core/queries.tsv, the lookup's tuning set (also used by bench/).

Two sets share the file: the table's own keywords ("keyword", first), then, after a line
`#set natural`, questions as practitioners type them. Columns: query, kind, archetype ids
(comma-separated, in the expected order; "-" for none), characteristic id, and optionally the
verdict of a yes/no question (yes / no).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

QUERY_SET = Path(__file__).with_name("queries.tsv")


@dataclass(frozen=True)
class ExpectedQuery:
    query: str
    kind: str
    archetypes: tuple[str, ...]
    characteristic: str | None
    verdict: bool | None = None
    set: str = "keyword"

    @property
    def archetype(self) -> str | None:
        return self.archetypes[0] if self.archetypes else None


def load_query_set(which: str | None = None) -> list[ExpectedQuery]:
    """Every query, or those of one set ("keyword" or "natural")."""
    rows, current = [], "keyword"
    for line in QUERY_SET.read_text(encoding="utf-8").splitlines():
        if line.startswith("#set "):
            current = line.split()[1]
            continue
        if line.startswith(("#", "query\t")) or not line:
            continue
        query, kind, archetypes, characteristic, *rest = line.split("\t")
        verdict = {"yes": True, "no": False}.get(rest[0]) if rest else None
        rows.append(ExpectedQuery(query, kind, () if archetypes == "-" else tuple(archetypes.split(",")),
                                  None if characteristic == "-" else characteristic, verdict, current))
    return [r for r in rows if which is None or r.set == which]


def answer_matches(expected: ExpectedQuery, answer: dict) -> bool:
    """Whether a `labtype ask --json` answer is what the query set expects."""
    kind, archetypes = answer["kind"], answer["archetypes"]
    if expected.kind == "search" and kind == "example" and expected.characteristic == "exemples":
        # a keyword naming an example ("La Fabrica") now gets the example answer: the same cell, and more
        return expected.archetype in archetypes
    if kind != expected.kind:
        return False
    if expected.verdict is not None and answer["verdict"] is not expected.verdict:
        return False
    if kind == "search":
        top3 = [(h["archetype"], h["characteristic"]) for h in answer["results"][:3]]
        return any(a == expected.archetype and (expected.characteristic in (None, c)) for a, c in top3)
    if kind in ("cell", "card", "compare", "example"):
        return tuple(archetypes) == expected.archetypes and (kind == "card" or answer["characteristic"] == expected.characteristic)
    if kind == "row":
        return answer["characteristic"] == expected.characteristic
    return True
