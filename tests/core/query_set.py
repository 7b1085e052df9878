"""Reads tests/core/queries.tsv, the lookup's tuning set (also used by bench/)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

QUERY_SET = Path(__file__).with_name("queries.tsv")


@dataclass(frozen=True)
class ExpectedQuery:
    query: str
    kind: str
    archetype: str | None
    characteristic: str | None


def load_query_set() -> list[ExpectedQuery]:
    rows = []
    for line in QUERY_SET.read_text(encoding="utf-8").splitlines():
        if line.startswith(("#", "query\t")):
            continue
        query, kind, archetype, characteristic = line.split("\t")
        rows.append(ExpectedQuery(query, kind, None if archetype == "-" else archetype,
                                  None if characteristic == "-" else characteristic))
    return rows
