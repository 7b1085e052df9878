"""Text normalisation shared by the loader, the lookup and the quiz: one definition of
"the same word" (case-, accent- and punctuation-insensitive)."""

from __future__ import annotations

import re
import unicodedata

MAX_QUERY_CHARS = 300
"""Queries are cut here before matching: nobody asks about a lab typology in more words,
and it bounds the cost of a 10 000-character paste."""

_NON_WORD = re.compile(r"[^0-9a-z]+")
_CONTROL = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]")


def fold(text: str) -> str:
    """Lower-case, strip accents and turn every non-alphanumeric run into one space."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    ascii_only = decomposed.encode("ascii", "ignore").decode("ascii")
    return _NON_WORD.sub(" ", ascii_only).strip()


def clean_input(text: str, limit: int = MAX_QUERY_CHARS) -> str:
    """What a user typed, safe to echo and to match: control characters, terminal escape
    sequences and invisible format characters removed,
    whitespace collapsed, cut to `limit` characters (with an ellipsis)."""
    text = " ".join(_CONTROL.sub(" ", text).split())
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text
