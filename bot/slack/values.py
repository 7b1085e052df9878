"""What a button carries, and checking it when the click comes back.

A button's `action_id` is `<name>:<n>` (`n` keeps ids unique within a message) and its
`value` is short text: `archetype/characteristic` for the typology buttons,
`quiz_id[:question[:option]][:t]` for the quiz ones (`t`: the "in two years" phase). Anyone can forge a click (a signed request
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
TOMORROW_PHASE = "t"  # the last part of a quiz button's value in the "in two years" phase


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
    and the option chosen. `tomorrow`: the question (or result, for a share) is the one for the
    lab in two years, marked by a last part `t`; a value without it means today (older messages
    keep their buttons)."""

    quiz_id: str
    question: int = 0
    option: int = 0
    tomorrow: bool = False

    def value(self, parts: int) -> str:
        """The first `parts` of `quiz_id:question:option`, then `:t` in the tomorrow phase."""
        value = ":".join((self.quiz_id, str(self.question), str(self.option))[:parts])
        return f"{value}:{TOMORROW_PHASE}" if self.tomorrow else value

    @classmethod
    def parse(cls, value: object, parts: int, phased: bool = False) -> QuizRef:
        """`parts` is how many parts this kind of button has (1, 2 or 3); `phased`: it may end
        with the tomorrow mark."""
        if not isinstance(value, str):
            raise BadButton(value)
        fields = value.split(":")
        tomorrow = phased and len(fields) == parts + 1 and fields[-1] == TOMORROW_PHASE
        if tomorrow:
            fields.pop()
        if len(fields) != parts or not _QUIZ_ID.fullmatch(fields[0]) or not all(map(_SMALL_INT.fullmatch, fields[1:])):
            raise BadButton(value)
        return cls(fields[0], *(int(field) for field in fields[1:]), tomorrow=tomorrow)


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
        return ANSWER, QuizRef(quiz.quiz_id, quiz.question, action.option, quiz.tomorrow).value(3)
    if action.kind == BACK:
        return BACK, quiz.value(2)
    if action.kind in (JOIN, CLOSE, REPORT, TOMORROW):
        return action.kind, QuizRef(quiz.quiz_id).value(1)
    raise ValueError(f"no button for {action}")
