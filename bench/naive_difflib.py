"""The yardstick for `labtype ask --json -`: a naive resolver over the same table, with the
standard library's difflib, as one might write it in an afternoon.

One query per stdin line, answered as a JSON line: `difflib.get_close_matches` of the folded
query, then of each of its words, against the aliases (a card, a row, a cell), else a vote of
the cells whose words are close to the query's (a search). No index, no intents, no answer
text: the cost our whole `labtype ask --json -` must stay under half of, per query.
"""

from __future__ import annotations

import difflib
import json
import sys
import unicodedata

import yaml

from bot.core.knowledge import knowledge_dir


def fold(text: str) -> str:
    ascii_only = unicodedata.normalize("NFKD", text.casefold()).encode("ascii", "ignore").decode("ascii")
    return " ".join("".join(c if c.isalnum() else " " for c in ascii_only).split())


def tables() -> tuple[dict[str, dict], dict[str, set[tuple[str, str]]]]:
    """Alias → what it names; cell word → the cells holding it."""
    doc = yaml.safe_load((knowledge_dir() / "typology.yaml").read_text(encoding="utf-8"))
    aliases: dict[str, dict] = {}
    words: dict[str, set[tuple[str, str]]] = {}
    for archetype in doc["archetypes"]:
        for alias in (archetype["id"], *archetype["aliases"], *archetype["name"].values()):
            aliases.setdefault(fold(alias), {"kind": "card", "archetype": archetype["id"]})
        for characteristic, cell in archetype["cells"].items():
            for text in (cell.values() if "fr" in cell else ()):
                for word in fold(text).split():
                    words.setdefault(word, set()).add((archetype["id"], characteristic))
    for characteristic in doc["characteristics"]:
        for alias in (characteristic["id"], *characteristic["aliases"], *characteristic["name"].values()):
            aliases.setdefault(fold(alias), {"kind": "row", "characteristic": characteristic["id"]})
    return aliases, words


def resolve(query: str, aliases: dict[str, dict], words: dict[str, set[tuple[str, str]]]) -> dict:
    """The closest alias for the whole query, else the cells sharing most of its (close) words."""
    close = difflib.get_close_matches(query, aliases, n=1, cutoff=0.8)
    if close:
        return aliases[close[0]]
    named = [aliases[m[0]] for word in query.split() if (m := difflib.get_close_matches(word, aliases, n=1, cutoff=0.8))]
    archetype = next((n["archetype"] for n in named if "archetype" in n), None)
    characteristic = next((n["characteristic"] for n in named if "characteristic" in n), None)
    if archetype and characteristic:
        return {"kind": "cell", "archetype": archetype, "characteristic": characteristic}
    if named:
        return named[0]
    votes: dict[tuple[str, str], int] = {}
    for word in query.split():
        for match in difflib.get_close_matches(word, words, n=3, cutoff=0.8):
            for cell in words[match]:
                votes[cell] = votes.get(cell, 0) + 1
    if not votes:
        return {"kind": "none"}
    (archetype, characteristic), _ = max(votes.items(), key=lambda item: item[1])
    return {"kind": "search", "archetype": archetype, "characteristic": characteristic}


def main() -> None:
    aliases, words = tables()
    for line in sys.stdin:
        answer = resolve(fold(line), aliases, words)
        sys.stdout.write(json.dumps({"query": line.rstrip("\n"), **answer}, ensure_ascii=False) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
