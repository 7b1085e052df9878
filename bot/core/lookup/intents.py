"""What kind of question this is, before what it is about: a quiz request or a question about
the quiz, a question about the typology itself, "which archetype…", yes/no, and the question
words that name a characteristic ("qui pilote…" → responsibility)."""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

from bot.core.lookup import vocabulary as v

QUIZ_TYPO_CUTOFF = 88.0


@dataclass(frozen=True)
class Phrasing:
    """The query as words, with whole-word phrase tests."""

    tokens: tuple[str, ...]

    @property
    def padded(self) -> str:
        return f" {' '.join(self.tokens)} "

    def has(self, phrases: tuple[str, ...] | frozenset[str]) -> bool:
        padded = self.padded
        return any(f" {p} " in padded for p in phrases)

    def positions(self, phrase: str) -> set[int]:
        """The token positions a phrase covers, wherever it occurs."""
        words = phrase.split()
        size = len(words)
        return {i for start in range(len(self.tokens) - size + 1) if list(self.tokens[start:start + size]) == words
                for i in range(start, start + size)}


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
        if strong:
            return "request" if not phrasing.has(("quel", "quels", "which", "what", "comment", "how")) else "question"
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


def characteristic_cue(phrasing: Phrasing, weak: bool) -> tuple[str, set[int]] | None:
    """The characteristic a question word names, and the positions it covers; weak cues ("qui",
    "comment") count only when an archetype is named."""
    for table in (v.CHARACTERISTIC_CUES, v.WEAK_CHARACTERISTIC_CUES) if weak else (v.CHARACTERISTIC_CUES,):
        found = [(len(phrase), characteristic, positions) for characteristic, phrases in table.items()
                 for phrase in phrases if (positions := phrasing.positions(phrase))]
        if found:
            _, characteristic, positions = max(found, key=lambda item: item[0])
            return characteristic, positions
    return None
