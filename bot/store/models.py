"""What the store keeps, as the rest of the bot sees it: plain frozen dataclasses."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class TeamQuiz:
    id: str
    platform: str
    channel: str
    starter: str
    lang: str
    anonymous: bool
    closed: bool = False
    meta: dict = field(default_factory=dict)  # platform references: message ts, event ids…
    version: int = 0  # bumped with every change the team message shows (join, answer, back, close)


@dataclass(frozen=True)
class Participation:
    quiz_id: str
    participant: str
    name: str
    answers: tuple[int, ...]
