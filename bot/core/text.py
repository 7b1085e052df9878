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


KEYCAP = "\u20e3"  # combining enclosing keycap: '2' + (VS16) + this = 2️⃣
_OPTION_NUMBER = re.compile(r"#?([0-9]{1,2})[.)]?")


def option_number(text: str) -> int | None:
    """The 1-based option number a user typed: '2', '2.', '#2', '2)' or the keycap '2️⃣', in
    ASCII digits only. 0 for something meant as a number that names no option ('²', '①', '٣',
    '²⃣', '123'), so the caller says "answer 1 to N"; None for anything else (conversation)."""
    text = text.strip().replace("\ufe0f", "")
    if text.endswith(KEYCAP):
        return keycap_number(text)
    if match := _OPTION_NUMBER.fullmatch(text):
        return int(match.group(1))
    return 0 if _numeric(text.lstrip("#").rstrip(".)")) else None


def keycap_number(key: str) -> int | None:
    """'1️⃣' (with or without VS16) → 1 … '9️⃣' → 9; 0 for a keycap on some other numeral
    ('²⃣'); None for anything else (👍, '#️⃣', a bare '7')."""
    key = key.replace("\ufe0f", "")
    if not key.endswith(KEYCAP) or not _numeric(key[:-1]):
        return None
    return int(key[0]) if len(key) == 2 and key[0] in "0123456789" else 0


def _numeric(text: str) -> bool:
    """Made only of numerals, of any script: digits, superscripts, circled or Roman numbers."""
    return bool(text) and all(unicodedata.category(char).startswith("N") for char in text)
