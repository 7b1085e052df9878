"""What a button carries, and checking it when the click comes back.

A button's `action_id` is `<name>:<n>` (`n` keeps ids unique within a message) and its
`value` is short text: `archetype/characteristic` for the typology buttons,
`quiz_id[:question[:option]]` for the quiz ones. Anyone can forge a click (a signed request
only proves it came through Slack), and old messages keep their buttons for ever, so every
value is parsed strictly here and anything else raises `BadButton`, which the listeners turn
into a polite message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.core.answers import Action
from bot.core.knowledge import ARCHETYPE_IDS, CHARACTERISTIC_IDS

CELL, CARD, ROW, SHARE, QUIZ, COMPARE = "cell", "card", "row", "share", "quiz", "compare"
ANSWER, BACK, JOIN, CLOSE, SHARE_RESULT = "answer", "back", "join", "close", "share_result"
REPORT, TOMORROW = "report", "tomorrow"

START, START_ANONYMOUS = "start", "start-anonymous"  # the values of a quiz button
_QUIZ_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
_SMALL_INT = re.compile(r"[0-9]{1,3}")


class BadButton(ValueError):
    """A click whose action or value this app never produced (forged, or from an old version)."""


def action_pattern(name: str) -> re.Pattern[str]:
    """The action_ids of every button named `name`, for `app.action(...)`."""
    return re.compile(rf"^{name}(:\d+)?$")


@dataclass(frozen=True)
class Target:
    """What a typology button points at; either part may be None."""

    archetype: str | None
    characteristic: str | None

    @property
    def value(self) -> str:
        return f"{self.archetype or ''}/{self.characteristic or ''}"

    @classmethod
    def parse(cls, value: object) -> Target:
        if not isinstance(value, str) or value.count("/") != 1:
            raise BadButton(value)
        archetype, characteristic = (part or None for part in value.split("/"))
        if archetype not in (None, *ARCHETYPE_IDS) or characteristic not in (None, *CHARACTERISTIC_IDS):
            raise BadButton(value)
        if archetype is None and characteristic is None:
            raise BadButton(value)
        return cls(archetype, characteristic)


@dataclass(frozen=True)
class Comparing:
    """A comparison button: two or three distinct archetypes, and one characteristic or all five
    (`a+b/characteristic`, `a+b+c/`)."""

    archetypes: tuple[str, ...]
    characteristic: str | None

    @property
    def value(self) -> str:
        return f"{'+'.join(self.archetypes)}/{self.characteristic or ''}"

    @classmethod
    def parse(cls, value: object) -> Comparing:
        if not isinstance(value, str) or value.count("/") != 1:
            raise BadButton(value)
        archetypes, characteristic = value.split("/")
        ids = tuple(archetypes.split("+"))
        if not 2 <= len(ids) <= 3 or len(set(ids)) != len(ids) or not set(ids) <= set(ARCHETYPE_IDS):
            raise BadButton(value)
        if characteristic and characteristic not in CHARACTERISTIC_IDS:
            raise BadButton(value)
        return cls(ids, characteristic or None)


@dataclass(frozen=True)
class QuizRef:
    """A quiz button: which quiz and, for an answer or a back, the question on screen (0-based)
    and the option chosen."""

    quiz_id: str
    question: int = 0
    option: int = 0

    def value(self, parts: int) -> str:
        """The first `parts` of `quiz_id:question:option`."""
        return ":".join((self.quiz_id, str(self.question), str(self.option))[:parts])

    @classmethod
    def parse(cls, value: object, parts: int) -> QuizRef:
        """`parts` is how many parts this kind of button has (1, 2 or 3)."""
        if not isinstance(value, str):
            raise BadButton(value)
        fields = value.split(":")
        if len(fields) != parts or not _QUIZ_ID.fullmatch(fields[0]) or not all(map(_SMALL_INT.fullmatch, fields[1:])):
            raise BadButton(value)
        return cls(fields[0], *(int(field) for field in fields[1:]))


def button_for(action: Action, quiz: QuizRef | None) -> tuple[str, str]:
    """(action name, value) of the button showing `action`. `quiz` is the quiz (and the question
    on screen) when the answer belongs to one; its "share" then shares the member's result."""
    if action.kind in (CELL, CARD, ROW, SHARE) and not (action.kind == SHARE and quiz):
        return action.kind, Target(action.archetype, action.characteristic).value
    if action.kind == COMPARE:
        return COMPARE, Comparing(action.compared, action.characteristic).value
    if action.kind == QUIZ:
        return QUIZ, START_ANONYMOUS if action.anonymous else START
    if quiz is None:
        raise ValueError(f"a {action.kind!r} button needs its quiz")
    if action.kind == SHARE:
        return SHARE_RESULT, quiz.value(1)
    if action.kind == ANSWER and action.option is not None:
        return ANSWER, QuizRef(quiz.quiz_id, quiz.question, action.option).value(3)
    if action.kind == BACK:
        return BACK, quiz.value(2)
    if action.kind in (JOIN, CLOSE, REPORT, TOMORROW):
        return action.kind, quiz.value(1)
    raise ValueError(f"no button for {action}")
