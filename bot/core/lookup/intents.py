"""What kind of question this is, before what it is about: a quiz request or a question about
the quiz, a question about the typology itself, "which archetype…", yes/no, and the question
words that name a characteristic ("qui pilote…" → responsibility)."""

from __future__ import annotations

from dataclasses import dataclass, field

from rapidfuzz import fuzz

from bot.core.lookup import vocabulary as v

QUIZ_TYPO_CUTOFF = 88.0
SHORT_REQUEST = 3  # "quiz équipe", "lance quiz": the quiz's name with a word or two is a request


class PhraseTable:
    """Phrases (each with a label) indexed by their first word, so a query is scanned once
    rather than once per phrase."""

    def __init__(self, labelled: dict[str, tuple[str, ...] | frozenset[str]]) -> None:
        self._by_first: dict[str, list[tuple[tuple[str, ...], str, int]]] = {}
        for label, phrases in labelled.items():
            for phrase in phrases:
                words = tuple(phrase.split())
                self._by_first.setdefault(words[0], []).append((words, label, len(phrase)))

    def matches(self, tokens: tuple[str, ...]) -> list[tuple[int, tuple[str, ...], str, int]]:
        """(start, words, label, length in characters) of every phrase found in `tokens`."""
        return [(start, words, label, length) for start, token in enumerate(tokens)
                for words, label, length in self._by_first.get(token, ())
                if tokens[start:start + len(words)] == words]


def read_tokens(folded: str, limit: int) -> list[str]:
    """The folded query as words the way they are meant: SMS spellings expanded ("kel" → "quel",
    "c quoi" → "c est quoi"), greetings and fillers dropped (unless nothing else is left)."""
    tokens: list[str] = []
    for token in folded.split():
        tokens.extend(v.SPOKEN_FORMS.get(token, token).split())
    tokens = [t for i, t in enumerate(tokens) for t in (("c", "est") if t == "c" and tokens[i + 1:i + 2] != ["est"] else (t,))]
    kept = [t for t in tokens if t not in v.PADDING]
    return (kept or tokens)[:limit]


_TABLES: dict[int, tuple[tuple[str, ...] | frozenset[str], PhraseTable]] = {}


def phrase_table(phrases: tuple[str, ...] | frozenset[str]) -> PhraseTable:
    """The table of a phrase list, built once; found by identity (hashing a long tuple on every
    call cost more than the scan; the list is kept alongside, so its id stays its own)."""
    entry = _TABLES.get(id(phrases))
    if entry is None or entry[0] is not phrases:
        entry = _TABLES[id(phrases)] = (phrases, PhraseTable({"": phrases}))
    return entry[1]


@dataclass(frozen=True)
class Phrasing:
    """The query as words, with whole-word phrase tests."""

    tokens: tuple[str, ...]
    _found: dict = field(default_factory=dict, compare=False, repr=False)  # phrase list → found?

    def has(self, phrases: tuple[str, ...] | frozenset[str]) -> bool:
        key = id(phrases)
        if key not in self._found:
            self._found[key] = bool(phrase_table(phrases).matches(self.tokens))
        return self._found[key]


def quiz_intent(phrasing: Phrasing) -> str | None:
    """"request" (take the quiz), "question" (how it works), or None."""
    tokens = phrasing.tokens
    strong = any(t in v.QUIZ_NAMES for t in tokens) or any(
        len(t) > 3 and fuzz.ratio(t, name, score_cutoff=QUIZ_TYPO_CUTOFF) for t in tokens[:3] for name in v.QUIZ_NAMES)
    weak = any(t in v.QUIZ_WEAK_NAMES for t in tokens)
    if strong or weak:
        if phrasing.has(v.QUIZ_QUESTIONS) and not phrasing.has(("je veux", "on veut", "i want", "we want", "lancer", "start")):
            return "question"
        if strong and len(tokens) <= 3 or phrasing.has(v.QUIZ_REQUESTS) or phrasing.has(v.SELF_QUESTIONS):
            return "request"
        if strong:  # "le quiz c'est nul" mentions it: a sentence without a request is no request
            return "question" if len(tokens) > SHORT_REQUEST or phrasing.has(
                ("quel", "quels", "which", "what", "comment", "how")) else "request"
    if phrasing.has(v.SELF_QUESTIONS) and (phrasing.has(v.WHICH_ARCHETYPE) or phrasing.has(
            ("quel", "which", "what", "lequel", "comment", "how", "ressemble", "resemble", "look like", "choisir", "choose"))):
        return "request"
    return None


def about_topic(phrasing: Phrasing, names_something: bool) -> str | None:
    """The part of the typology itself asked about: source, archetypes, characteristics, usage."""
    if phrasing.has(v.ABOUT_TYPOLOGY):
        return "typology"
    if phrasing.has(v.ABOUT_SOURCE) and (not names_something or set(phrasing.tokens) & v.ABOUT_SUBJECTS):
        return "source"
    if names_something:
        return None
    if phrasing.has(v.ABOUT_ARCHETYPES):
        return "archetypes"
    if phrasing.has(v.ABOUT_CHARACTERISTICS) and (phrasing.has(v.ABOUT_CHARACTERISTICS_CUES) or len(phrasing.tokens) <= 2):
        return "characteristics"
    if phrasing.has(v.ABOUT_USAGE):
        return "usage"
    return None


def asks_which_archetype(phrasing: Phrasing) -> bool:
    return phrasing.has(v.WHICH_ARCHETYPE) or bool(phrasing.tokens) and phrasing.tokens[0] in v.WHO_FIRST


def asks_yes_no(phrasing: Phrasing) -> bool:
    return phrasing.has(v.YES_NO)


def asks_same(phrasing: Phrasing) -> bool:
    return bool(set(phrasing.tokens) & v.SAME_WORDS)


def asks_french_examples(phrasing: Phrasing) -> bool:
    tokens = set(phrasing.tokens)
    return bool(tokens & v.FRANCE_WORDS) and bool(tokens & v.EXAMPLE_WORDS)


def _asks_identity(tokens: tuple[str, ...], start: int) -> bool:
    """"c'est qui le partenaire ?", "who is the solver?": who it is, not who decides."""
    if tokens[start] not in v.WHO_FIRST:
        return False
    if start and tokens[start - 1] in v.ANTECEDENTS:  # "le labo qui fait du nudge": a relative clause
        return True
    return (start + 1 < len(tokens) and tokens[start + 1] in v.IDENTITY_WORDS) or (start and tokens[start - 1] in v.IDENTITY_WORDS)


STRONG_CUES = PhraseTable(v.CHARACTERISTIC_CUES)
WEAK_CUES = PhraseTable(v.WEAK_CHARACTERISTIC_CUES)


def characteristic_cue(phrasing: Phrasing, weak: bool) -> tuple[str, set[int]] | None:
    """The characteristic a question word names (the longest cue), and the positions it covers;
    weak cues ("qui", "comment") count only when one archetype is named."""
    tokens = phrasing.tokens
    for table in (STRONG_CUES, WEAK_CUES) if weak else (STRONG_CUES,):
        found = [match for match in table.matches(tokens) if table is STRONG_CUES or not _asks_identity(tokens, match[0])]
        if found:
            start, words, characteristic, _ = max(found, key=lambda match: (match[3], -match[0]))
            return characteristic, set(range(start, start + len(words)))
    return None
