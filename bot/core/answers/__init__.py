"""Answers: the platform-neutral model (`model`) and the Answerer that builds them (`answerer`)."""

from bot.core.answers.model import (
    MAX_FOLLOW_UPS,
    Action,
    ActionKind,
    Answer,
    AnswerKind,
    Comparison,
    ComparisonRow,
    Field,
)
from bot.core.answers.answerer import Answerer  # noqa: E402  (after the model it builds on)

__all__ = ["MAX_FOLLOW_UPS", "Action", "ActionKind", "Answer", "AnswerKind", "Answerer", "Comparison",
           "ComparisonRow", "Field"]
