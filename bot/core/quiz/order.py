"""The order a participant sees a question's options in.

If option k always belonged to archetype k, people would see the pattern after two questions and
steer their result. Each participant gets each question's options in an order of their own,
derived from a seed (e.g. f"{quiz_id}:{participant}") with SHA-256, not `hash()`: the same seed
gives the same order in every process, so the order survives a restart, a "back" and a
repeated click. Answers are always stored and scored as canonical indexes (the file's order).
"""

from __future__ import annotations

import hashlib

from bot.core.quiz.questions import QuizQuestion


def option_order(question: QuizQuestion, seed: str) -> tuple[int, ...]:
    """Shown position (0-based) → canonical option index, for this question and seed."""
    def key(index: int) -> bytes:
        return hashlib.sha256(f"{seed}\x1f{question.id}\x1f{question.options[index].id}".encode()).digest()

    return tuple(sorted(range(len(question.options)), key=key))


def canonical_option(question: QuizQuestion, seed: str, shown_number: int) -> int | None:
    """The canonical index of the option shown as `shown_number` (1-based, as people count),
    or None when no option has that number."""
    order = option_order(question, seed)
    return order[shown_number - 1] if 1 <= shown_number <= len(order) else None


def shown_number(question: QuizQuestion, seed: str, canonical: int) -> int:
    """The 1-based number under which the canonical option `canonical` is shown."""
    return option_order(question, seed).index(canonical) + 1
